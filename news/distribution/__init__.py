"""Our stories going out: RSS feeds, sitemaps, robots.txt, structured data, social cards, republishing and its pixel.

Every address handed to another platform is absolute and built from the
Wagtail site that answers the request (see `links`), so a feed reader, a
search engine and a social network all see the same URLs as the canonical
links on the pages.
"""
