"""Partner stories coming in: reading partners' feeds, importing their items as drafts, and the Syndication admin.

Our own stories going out (RSS, sitemaps, republishing, the republication
pixel) are news.distribution's.
"""
