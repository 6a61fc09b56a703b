"""Corrections and updates: dated notes on a story, reviewed like any change, shown to readers and search engines.

A note is part of the story (a child of ArticlePage, kept in its revisions),
so adding one makes a draft that goes through review and reaches readers only
when the story is published again. Readers see the notes on the story and at
`/corrections/`; the story's JSON-LD carries them as schema.org `correction`.
"""
