"""Readers' words marked in a result's headline and excerpt: the database backend has no highlighter, Elasticsearch's
would need the body stored. Only the body's stored JSON is read (no block built), so results cost no extra query."""

import re
from itertools import chain

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from text.html import plain_text

EXCERPT_WORDS = 36
WORDS_BEFORE_MATCH = 12
# The text of each kind of block: the value itself, or the value's field of that name.
TEXT_BLOCKS = {"paragraph": None, "block_quote": "quote", "pull_quote": "text"}


def _word_pattern(words):
    """Words starting with any searched word ("flood" marks "floods" too), case-insensitive, as a group."""
    stems = sorted({w.lower() for w in words if w}, key=len, reverse=True)
    return stems and re.compile(r"\b((?:" + "|".join(map(re.escape, stems)) + r")\w*)", re.IGNORECASE)


def highlight(text: str, words) -> SafeString:
    """`text`, escaped, with each searched word wrapped in <mark>."""
    pattern = _word_pattern(words)
    # Split on a group, the text alternates between what lies between matches and the matches.
    parts = pattern.split(text) if pattern else [text]
    return mark_safe("".join(f"<mark>{escape(p)}</mark>" if i % 2 else escape(p) for i, p in enumerate(parts)))


def story_texts(article):
    """The dek, then the text of each paragraph and quote of the body, as plain text (empty ones left out)."""
    if article.dek:
        yield article.dek
    for block in article.body.raw_data:
        if block.get("type") in TEXT_BLOCKS:
            key, value = TEXT_BLOCKS[block["type"]], block.get("value")
            if key is not None:
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, str) and (text := plain_text(value)):
                yield text


def excerpt(article, words, length=EXCERPT_WORDS) -> SafeString:
    """About `length` words of the story around the first searched word found, marked; else its opening."""
    pattern = _word_pattern(words)
    texts = story_texts(article)
    opening = next(texts, "")
    for text in chain([opening], texts) if pattern else ():
        if match := pattern.search(text):
            start = max(len(text[: match.start()].split()) - WORDS_BEFORE_MATCH, 0)
            tokens = text.split()
            prefix = "… " if start > 0 else ""
            suffix = " …" if start + length < len(tokens) else ""
            return mark_safe(prefix + highlight(" ".join(tokens[start : start + length]), words) + suffix)
    tokens = opening.split()
    return mark_safe(escape(" ".join(tokens[:length])) + (" …" if len(tokens) > length else ""))
