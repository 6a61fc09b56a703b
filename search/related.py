"""Related articles under every story, found by the search backend; only the chosen ids are cached, per story.

On Elasticsearch a more_like_this query; on the database backend, which has
none, an OR search for the headline's words and tag names, re-ranked here.
The section's newest stories fill a short list.
"""

from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from modelsearch.index import FilterField, SearchField
from modelsearch.query import PlainText

from news.models import ArticlePage, ArticlePageTag
from news.models.articles import private_page_paths
from search.fallback import is_elasticsearch, run_with_fallback
from search.params import MAX_TERMS, STOPWORDS, WORD

RELATED_COUNT = 4
CANDIDATES = 200  # newest stories matching any word, re-ranked in Python

# Weights of the database backend's re-ranking; the headline-word match counts 0..1.
SHARED_TAGS_WEIGHT = 2.0
SAME_SECTION_WEIGHT = 0.5
RECENCY_WEIGHT = 0.5
RECENCY_HALF_LIFE_DAYS = 30  # a month-old story counts half as recent as today's
UNDATED_AGE_DAYS = 3650

# Fields compared by more_like_this: search_fields entries on ArticlePage.
MORE_LIKE_THIS_FIELDS = ("title", "body", "tag_names")
CACHE_KEY = "search:related:{}"


def forget_related(article_pk):
    """Drop a story's cached list, e.g. after its headline or tags changed."""
    cache.delete(CACHE_KEY.format(article_pk))


def related_articles(article, limit=RELATED_COUNT) -> list:
    """Up to `limit` live, public stories related to `article`, most related first, ready for story cards (cached)."""
    cached = cache.get(CACHE_KEY.format(article.pk))
    if cached is not None and cached["limit"] >= limit:
        return cards_in_order(cached["ids"][:limit])
    stories = find_related(article, limit)
    ids = [story.pk for story in stories]
    cache.set(CACHE_KEY.format(article.pk), {"limit": limit, "ids": ids}, settings.RELATED_ARTICLES_CACHE_SECONDS)
    return stories


def cards_in_order(ids, *also) -> list:
    """Readable story cards for `ids`, in that order, in one query, with the card's fields and those in `also`."""
    if not ids:
        return []
    by_id = {story.pk: story for story in ArticlePage.objects.cards().card_fields(*also).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def find_related(article, limit=RELATED_COUNT) -> list:
    """Compute the related list (uncached): search-backed, then the section's newest to fill it."""

    def search(backend):
        if is_elasticsearch(backend):
            return cards_in_order(more_like_this_ids(backend, article, size=limit * 3))[:limit]
        return database_related(backend, article, limit)

    found = run_with_fallback(search, "related articles")
    if len(found) < limit and article.section_id:
        section_newest = ArticlePage.objects.cards().filter(section_id=article.section_id)
        found += section_newest.exclude(pk__in=[article.pk, *(story.pk for story in found)])[: limit - len(found)]
    return found


def more_like_this_body(backend, article, size) -> dict:
    """The Elasticsearch request, in the names of Wagtail's mapping, for live public stories like `article`."""
    mapping = backend.mapping_class(ArticlePage)
    index = backend.get_index_for_model(ArticlePage).name
    columns = {(type(f), f.field_name): mapping.get_field_column_name(f) for f in ArticlePage.get_search_fields()}
    fields = [columns[SearchField, name] for name in MORE_LIKE_THIS_FIELDS]
    live, path = columns[FilterField, "live"], columns[FilterField, "path"]
    document_id = mapping.get_document_id(article)
    return {
        "query": {
            "bool": {
                "must": {
                    "more_like_this": {
                        "fields": fields,
                        "like": [{"_index": index, "_id": document_id}],
                        # Headlines and tags use a word once; rarer words say more.
                        "min_term_freq": 1,
                        "min_doc_freq": 2,
                        "max_query_terms": 25,
                    }
                },
                "filter": [{"match": {"_django_content_type": mapping.get_content_type()}}, {"term": {live: True}}],
                "must_not": [{"term": {"pk": document_id}}, *({"prefix": {path: p}} for p in private_page_paths())],
            }
        },
        "size": size,
        "_source": False,
        "stored_fields": ["pk"],
    }


def more_like_this_ids(backend, article, size) -> list[int]:
    """Ids of the stories Elasticsearch finds most like `article`, best first."""
    body = more_like_this_body(backend, article, size)
    response = backend.es.search(index=backend.get_index_for_model(ArticlePage).name, **body)
    return [int(hit["_id"]) for hit in response["hits"]["hits"]]


def headline_words(title: str) -> set[str]:
    """The telling words of a headline, lower-cased (no stopwords, nothing under three letters)."""
    return {w.lower() for w in WORD.findall(title) if w.lower() not in STOPWORDS and len(w) > 2}


def database_related(backend, article, limit) -> list:
    """OR search over the headline words and tag names, re-ranked by shared headline words and tags, section, recency.

    The candidates are the newest matches: the database backends would score every match to sort by relevance.
    """
    tags = list(article.tags.all())
    own_words = headline_words(article.title)
    words = list(dict.fromkeys([*sorted(own_words), *(w for tag in tags for w in WORD.findall(tag.name.lower()))]))
    if not words:
        return []
    stories = (
        ArticlePage.objects.readable()
        .exclude(pk=article.pk)
        .order_by("-display_date", "-id")
        .only("id", "title", "section_id", "display_date", "first_published_at", "latest_revision_created_at")
    )
    query = PlainText(" ".join(words[: MAX_TERMS * 2]), operator="or")
    candidates = list(backend.search(query, stories, order_by_relevance=False)[:CANDIDATES])
    # Each candidate's number of the story's tags (no query when there are no candidates or tags).
    shared_tags = ArticlePageTag.objects.filter(content_object_id__in=[c.pk for c in candidates], tag__in=tags)
    tags_shared = Counter(story for story, _ in shared_tags.values_list("content_object_id", "tag_id").distinct())
    now = timezone.now()

    def score(story):
        text_match = len(own_words & headline_words(story.title)) / max(len(own_words), 1)
        shared = tags_shared[story.pk] / max(len(tags), 1)
        same_section = 1.0 if story.section_id == article.section_id else 0.0
        age_days = max((now - story.date).days, 0) if story.date else UNDATED_AGE_DAYS
        recency = 1 / (1 + age_days / RECENCY_HALF_LIFE_DAYS)
        return SHARED_TAGS_WEIGHT * shared + text_match + SAME_SECTION_WEIGHT * same_section + RECENCY_WEIGHT * recency

    best = sorted(candidates, key=score, reverse=True)[:limit]
    return cards_in_order([story.pk for story in best])
