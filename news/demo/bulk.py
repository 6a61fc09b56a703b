"""Thousands of generated stories for benchmarks, inserted in bulk.

Adding pages one by one through `add_child` costs several queries and all of
Wagtail's signals per story (hours for 100,000). Here the tree paths are
computed directly and rows go in with one INSERT per batch, so 100,000
stories take minutes. The search index is filled afterwards by
`update_index`.
"""

import random
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page

from news.models import ArticlePage, ArticlePageAuthor, ArticlePageTag, Author, SectionPage

WORDS = (
    "harbour council minister budget election river flood storm market trade clinic hospital school teacher "
    "farmers harvest drought energy wind solar railway border ferry bridge housing rent wages workers union "
    "museum library festival theatre novel film orchestra science research vaccine telescope satellite whales "
    "forest glacier coast village city province capital parliament court treaty ceasefire refugees aid convoy "
    "airline shipyard factory bakery fishermen tourism heatwave rainfall museum archive election ballot mayor "
    "governor senator scandal inquiry report audit contract tender port customs export import currency bank"
).split()
TAG_POOL = [
    "elections",
    "floods",
    "energy",
    "housing",
    "health",
    "transport",
    "diplomacy",
    "jobs",
    "books",
    "music",
    "storms",
    "budget",
    "education",
    "science",
    "rail",
    "trade",
    "courts",
    "farming",
    "coast",
    "cities",
]
BATCH = 1000


def sentence(rng, length):
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def _encode(number):
    """One step of a treebeard materialised path: `number` in Page's alphabet, padded to steplen."""
    alphabet, steplen = Page.alphabet, Page.steplen
    digits = ""
    while number:
        number, remainder = divmod(number, len(alphabet))
        digits = alphabet[remainder] + digits
    return digits.rjust(steplen, alphabet[0])


def generate_articles(count, seed=1, stdout=None):
    """Insert `count` live generated stories spread over every section; returns how many were added."""
    rng = random.Random(seed)
    sections = list(SectionPage.objects.order_by("path"))
    if not sections:
        raise ValueError("Load the demo content first: there are no sections to put stories in.")
    authors = list(Author.objects.all())
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in TAG_POOL]
    now = timezone.now()
    run = uuid.uuid4().hex[:6]
    added = 0
    while added < count:
        batch = min(BATCH, count - added)
        with transaction.atomic():
            sections = list(SectionPage.objects.filter(pk__in=[s.pk for s in sections]).order_by("path"))
            next_child = {s.pk: s.numchild for s in sections}
            pages, articles = [], []
            for i in range(batch):
                section = sections[(added + i) % len(sections)]
                next_child[section.pk] += 1
                headline = sentence(rng, rng.randint(6, 11))[:-1]
                slug = f"story-{run}-{added + i}"
                published = now - timedelta(minutes=rng.randint(60, 60 * 24 * 365 * 3))
                pages.append(
                    Page(
                        title=headline,
                        draft_title=headline,
                        slug=slug,
                        content_type=content_type,
                        path=section.path + _encode(next_child[section.pk]),
                        depth=section.depth + 1,
                        numchild=0,
                        url_path=f"{section.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=published,
                        last_published_at=published,
                        latest_revision_created_at=published,
                        locale=locale,
                    )
                )
                paragraphs = [
                    {
                        "type": "paragraph",
                        "value": "<p>" + " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(4)) + "</p>",
                    }
                    for _ in range(rng.randint(3, 7))
                ]
                articles.append(
                    dict(
                        dek=sentence(rng, rng.randint(12, 22)),
                        body=paragraphs,
                        display_date=published,
                        featured=rng.random() < 0.05,
                        section=section,
                    )
                )
            Page.objects.bulk_create(pages, batch_size=BATCH)
            rows = []
            for page, fields in zip(pages, articles, strict=True):
                article = ArticlePage(page_ptr_id=page.pk, **fields)
                # Copy the parent's values so the child row's inherited attributes are consistent.
                article.__dict__.update({f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
                rows.append(article)
            # Django refuses bulk_create for multi-table inheritance; the parent rows exist,
            # so insert only the child table's own columns.
            ArticlePage._base_manager._insert(
                rows, fields=[f for f in ArticlePage._meta.local_concrete_fields], using="default"
            )
            ArticlePageTag.objects.bulk_create(
                [
                    ArticlePageTag(content_object_id=page.pk, tag=tag)
                    for page in pages
                    for tag in rng.sample(tags, rng.randint(1, 3))
                ],
                batch_size=BATCH,
            )
            if authors:
                ArticlePageAuthor.objects.bulk_create(
                    [ArticlePageAuthor(page_id=page.pk, author=rng.choice(authors), sort_order=0) for page in pages],
                    batch_size=BATCH,
                )
            for section in sections:
                SectionPage.objects.filter(pk=section.pk).update(numchild=next_child[section.pk])
        added += batch
        if stdout is not None and (added % 10000 == 0 or added == count):
            stdout.write(f"  {added} of {count} generated stories inserted")
    return added
