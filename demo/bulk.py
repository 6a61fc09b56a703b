"""Thousands of generated stories for benchmarks, inserted in bulk.

Adding pages one by one through `add_child` costs several queries and all of
Wagtail's signals per story (hours for 100,000). Here the tree paths are
computed directly and rows go in with one INSERT per batch, so 100,000
stories take minutes. The search index is filled afterwards by
`update_index`. Like a newsroom's stories, each has a photo at its head,
and every third one another in its text, taken from the demo photos; their
renditions are made once the stories are in, as publishing makes them.
"""

import itertools
import random
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from news.models import ArticlePage, ArticlePageAuthor, ArticlePageTag, Author, SectionPage
from news.renditions import make_live_story_renditions

# What each tag's stories are about: a story draws a share of its words from its
# tags' lists, so stories on one subject share words as real coverage does.
TOPICS = {
    "elections": "election ballot mayor governor senator campaign vote candidate",
    "floods": "flood river rainfall storm levee evacuation dam rescue",
    "energy": "energy wind solar grid turbine pipeline power tariff",
    "housing": "housing rent tenants landlord mortgage estate planning homeless",
    "health": "hospital clinic vaccine nurses patients doctors surgery outbreak",
    "transport": "ferry airline bus tram commuters airport fares timetable",
    "diplomacy": "minister treaty ceasefire embassy summit envoy sanctions talks",
    "jobs": "wages workers union strike factory shipyard layoffs pension",
    "books": "novel library archive author poetry publisher prize reading",
    "music": "orchestra festival concert choir album theatre opera band",
    "storms": "storm heatwave gale coast warning forecast lightning hail",
    "budget": "budget council audit tender contract deficit spending tax",
    "education": "school teacher pupils university exams classroom students curriculum",
    "science": "science research telescope satellite whales laboratory glacier study",
    "rail": "railway border station tracks signal freight train line",
    "trade": "trade market export import customs currency bank tariffs",
    "courts": "court inquiry judge trial verdict appeal scandal lawyer",
    "farming": "farmers harvest drought cattle grain orchard village fertiliser",
    "coast": "harbour coast fishermen port lighthouse beach cliffs boats",
    "cities": "city capital province museum tourism bakery parks district",
}
TOPICS = {tag: words.split() for tag, words in TOPICS.items()}
TAG_POOL = list(TOPICS)
# Every topic word, for benchmarks that search the generated stories.
WORDS = [word for words in TOPICS.values() for word in words]
# Function words, most frequent first: the search backends drop most of them.
FUNCTION_WORDS = (
    "the of and to in a is that for on was with said it as at by from he be has have are his "
    "her an they but not were this had their who been which after its also more one new will "
    "over two than when would about last there into year out up people some could first"
).split()
# The general vocabulary: made-up words, Zipf-distributed, so a few are in most stories
# and most are in few, as in real reporting.
GENERAL_VOCABULARY = 4000
SYLLABLES = (
    "ba be bo da de di do fa fe fi ga ge go ka ke ki ko la le li lo lu ma me mi mo na ne ni no "
    "pa pe pi po ra re ri ro ru sa se si so ta te ti to va ve vi vo"
).split()
ENDINGS = ["", "n", "r", "s", "l", "nd", "rt", "st", "m", "x"]
# Shares of a story's words.
TOPIC_SHARE = 0.15
FUNCTION_SHARE = 0.45
BATCH = 1000


def general_vocabulary(size=GENERAL_VOCABULARY, seed=7):
    """`size` made-up words of two to four syllables, none of them a topic word."""
    rng = random.Random(seed)
    topic_words = set(WORDS)
    words = []
    seen = set()
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(ENDINGS)
        if word not in seen and word not in topic_words:
            seen.add(word)
            words.append(word)
    return words


class Writer:
    """Sentences for generated stories: function words, Zipf-weighted general words and topic words."""

    def __init__(self, rng):
        self.rng = rng
        self.general = general_vocabulary()
        self.general_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(self.general) + 1)))
        self.function_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(FUNCTION_WORDS) + 1)))

    def word(self, topic_words, topic_share=TOPIC_SHARE):
        roll = self.rng.random()
        if roll < topic_share:
            return self.rng.choice(topic_words)
        if roll < topic_share + FUNCTION_SHARE:
            return self.rng.choices(FUNCTION_WORDS, cum_weights=self.function_weights)[0]
        return self.rng.choices(self.general, cum_weights=self.general_weights)[0]

    def sentence(self, topic_words, length, topic_share=TOPIC_SHARE):
        words = [self.word(topic_words, topic_share) for _ in range(length)]
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
    writer = Writer(rng)
    sections = list(SectionPage.objects.order_by("path"))
    if not sections:
        raise ValueError("Load the demo content first: there are no sections to put stories in.")
    authors = list(Author.objects.all())
    photos = list(get_image_model().objects.filter(title__startswith="Demo photo: ").order_by("pk"))
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
            pages, articles, story_tags = [], [], []
            for i in range(batch):
                chosen = rng.sample(tags, rng.randint(1, 3))
                story_tags.append(chosen)
                topic_words = [word for tag in chosen for word in TOPICS[tag.name]]
                section = sections[(added + i) % len(sections)]
                next_child[section.pk] += 1
                headline = writer.sentence(topic_words, rng.randint(6, 11), topic_share=0.5)[:-1]
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
                body = [
                    {
                        "type": "paragraph",
                        "value": "<p>"
                        + " ".join(writer.sentence(topic_words, rng.randint(8, 18)) for _ in range(4))
                        + "</p>",
                    }
                    for _ in range(rng.randint(3, 7))
                ]
                hero = photos[(added + i) % len(photos)] if photos else None
                if photos and (added + i) % 3 == 0:
                    photo = photos[(added + i + 5) % len(photos)]
                    body.insert(2, {"type": "image", "value": photo_block(photo)})
                articles.append(
                    dict(
                        dek=writer.sentence(topic_words, rng.randint(12, 22), topic_share=0.3),
                        body=body,
                        display_date=published,
                        featured=rng.random() < 0.05,
                        section=section,
                        hero_image=hero,
                        hero_caption=f"{hero.description}." if hero else "",
                        hero_credit="Masthead photo" if hero else "",
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
                    for page, chosen in zip(pages, story_tags, strict=True)
                    for tag in chosen
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
    transaction.on_commit(make_live_story_renditions.enqueue)
    return added


def photo_block(photo) -> dict:
    """A body photo's block value: the photo, a caption from its description, our credit."""
    return {"image": photo.pk, "caption": f"{photo.description}.", "credit": "Masthead photo"}
