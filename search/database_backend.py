"""Wagtail's database search backend, with a fast path for reader search on PostgreSQL.

Configured as `"BACKEND": "search.database_backend"`. On SQLite and MySQL it
is exactly Wagtail's database backend. On PostgreSQL it is Wagtail's backend
whose index also writes each story's row of search.models.StoryDocument in
the same statement batch as Wagtail's own index entry (on every save,
publish, unpublish and `update_index`), and `StorySearch` answers reader
searches from that narrow table:

- matching uses Wagtail's own query compiler, so a search matches the same
  stories as Wagtail's backend would (every word, quoted phrases); a quoted
  phrase is first looked up by its adjacent-word pairs, kept with their own
  GIN index, so only the stories holding all of them are checked;
- the count, the newest-first page and the relevance window are read in
  one or two queries on the narrow table, through its GIN and date indexes,
  without the text-to-integer join or the per-row concatenation of
  Wagtail's query;
- relevance is `ts_rank` with Wagtail's field weights (headline above dek,
  tags, authors and section, above body), ranked among the newest
  `window` matches as on the other backends.

The story cards are then loaded by id through `ArticlePage.objects.cards()`,
which applies the readable filter again: a row can never show a draft or a
restricted story, whatever it says.

A search's pages and count are cached (see `StorySearch._remembered`) until
the next change to the table, so a popular search, or the next page of one,
skips the count and the ranking.
"""

import hashlib
import json
import math
import uuid
from functools import cached_property

from django.core.cache import cache
from django.db import connection, connections, transaction
from modelsearch.backends.database import SearchBackend as database_search_backend
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.query import And, Phrase

from caching.invalidation import now_and_on_commit

COPY_STORIES_SQL = """
    INSERT INTO search_storydocument (page_id, document, pairs, live, path, section_id, display_date)
    SELECT p.id, v.document, storydocument_word_pairs(v.document), p.live, p.path, a.section_id, a.display_date
    FROM wagtailsearch_indexentry e
    CROSS JOIN LATERAL (SELECT e.title || e.body AS document) v
    JOIN news_articlepage a ON a.page_ptr_id = e.object_id::integer
    JOIN wagtailcore_page p ON p.id = a.page_ptr_id
    WHERE e.content_type_id = %s AND e.object_id = ANY(%s)
    ON CONFLICT (page_id) DO UPDATE SET
        document = EXCLUDED.document,
        pairs = EXCLUDED.pairs,
        live = EXCLUDED.live,
        path = EXCLUDED.path,
        section_id = EXCLUDED.section_id,
        display_date = EXCLUDED.display_date,
        padding = DEFAULT
"""


# PostgreSQL's estimate of the number of stories, kept up to date by autovacuum (-1 before its first visit).
STORIES_ESTIMATE_SQL = "SELECT reltuples::bigint FROM pg_class WHERE oid = 'search_storydocument'::regclass"


# Words in at least this many live stories have their number kept (search.models.CommonWord):
# below it, counting a word's matches costs under 2 ms.
COMMON_WORD_STORIES = 10_000


# Cached pages and counts are stored under a token that every change to search_storydocument
# drops (forget_story_results), so none outlives the stories it was read from. In a shared cache
# (Redis) that is at once; with a cache per process, other processes follow within RESULTS_SECONDS.
RESULTS_TOKEN_KEY = "search:story-results-token"
RESULTS_SECONDS = 60


def forget_story_results(using=None):
    """Drop every cached search page and count: now, and again when the change is committed.

    On commit too, so that a search run by another connection before the
    commit, on the stories as they were, is not kept under a token taken
    after the first drop.
    """
    now_and_on_commit(lambda: cache.delete(RESULTS_TOKEN_KEY), using=using)


def _results_token() -> str:
    token = cache.get(RESULTS_TOKEN_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(RESULTS_TOKEN_KEY, token, timeout=None):
            token = cache.get(RESULTS_TOKEN_KEY) or token
    return token


def _is_story_model(model) -> bool:
    from news.models import ArticlePage

    return issubclass(model, ArticlePage)


class StoryIndexingPostgresIndex(PostgresIndex):
    """Wagtail's PostgreSQL index, also keeping search_storydocument in step for stories.

    Deleting a story deletes its row through the foreign key (before Wagtail
    drops the index entry), so only writes and resets need handling here.
    """

    def add_items(self, model, objs):
        super().add_items(model, objs)
        if objs and _is_story_model(model):
            from django.contrib.contenttypes.models import ContentType

            content_type = ContentType.objects.db_manager(self.write_connection.alias).get_for_model(model)
            with self.write_connection.cursor() as cursor:
                cursor.execute(COPY_STORIES_SQL, [content_type.pk, [str(obj.pk) for obj in objs]])
            forget_story_results(using=self.write_connection.alias)

    def delete_item(self, item):
        """Remove `item`'s entry; a story's row goes with its page, through the foreign key.

        Cached results are dropped for any deletion: the page may be told
        as a plain Page, and deletions are rare enough not to matter.
        """
        super().delete_item(item)
        forget_story_results(using=self.write_connection.alias)

    def reset(self):
        super().reset()
        from search.models import CommonWord, StoryDocument

        using = self.write_connection.alias
        # The common words first, so that the delete's trigger has no counts to keep.
        CommonWord.objects.using(using).all()._raw_delete(using=using)
        StoryDocument.objects.using(using).all()._raw_delete(using=using)
        forget_story_results(using=using)


def refresh_common_words(min_stories: int, using: str = "default") -> int:
    """List the words in at least `min_stories` live stories, with their numbers (see search.models.CommonWord).

    Reads every live story's document once (about two seconds at 100,000
    stories), while story writes wait. Returns how many words are listed;
    a no-op returning 0 on databases other than PostgreSQL.
    """
    if connections[using].vendor != "postgresql":
        return 0
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SELECT storydocument_refresh_common_words(%s)", [min_stories])
        listed = cursor.fetchone()[0]
    forget_story_results(using=using)
    return listed


def _rebuilder_renewing_common_words(rebuilder_class):
    """`rebuilder_class`, which also renews the common words when `update_index` has rebuilt the stories' index."""

    class Rebuilder(rebuilder_class):
        def finish(self):
            super().finish()
            refresh_common_words(self.index.backend.common_word_stories, using=self.index.write_connection.alias)

    Rebuilder.__name__ = Rebuilder.__qualname__ = f"CommonWords{rebuilder_class.__name__}"
    return Rebuilder


class StoryPostgresSearchBackend(PostgresSearchBackend):
    """Wagtail's PostgreSQL backend with the story search table; `COMMON_WORD_STORIES` in its settings (default 10,000)."""

    index_class = StoryIndexingPostgresIndex
    rebuilder_class = _rebuilder_renewing_common_words(PostgresSearchBackend.rebuilder_class)
    atomic_rebuilder_class = _rebuilder_renewing_common_words(PostgresSearchBackend.atomic_rebuilder_class)

    def __init__(self, params):
        super().__init__(params)
        self.common_word_stories = int(params.get("COMMON_WORD_STORIES", COMMON_WORD_STORIES))


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """The backend for the default database: the story-aware one on PostgreSQL, Wagtail's elsewhere."""
    if connection.vendor == "postgresql":
        return StoryPostgresSearchBackend(params)
    return database_search_backend(params)


def refresh_story_paths(path_prefix: str):
    """After a move: copy the tree paths and sections of the stories at or under `path_prefix`.

    Treebeard rewrites the descendants' paths without saving them, and the
    news app sets a moved story's section with an UPDATE, so neither reaches
    the index.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE search_storydocument d SET path = p.path, section_id = a.section_id
            FROM wagtailcore_page p JOIN news_articlepage a ON a.page_ptr_id = p.id
            WHERE p.id = d.page_id AND p.path LIKE %s
            """,
            [path_prefix + "%"],
        )
    forget_story_results()


class StorySearch:
    """A reader's search on search_storydocument: a page of story ids and the number of matches.

    `query` is a modelsearch query (PlainText, Phrase, And) and `params` the
    search page's SearchParams (section and dates). Results are newest first;
    with `sort="relevance"` the newest `window` matches are ranked by
    `ts_rank` with Wagtail's weights, and later positions follow newest first.

    Words, and phrases of two adjacent words (through their pair, see
    `_matching`), need no look at a story's document to match. When
    PostgreSQL's statistics say their matches may fill a large share of the
    stories, they are counted first through the GIN indexes alone, and the
    page is read by walking the date index newest first, checking each
    story's document until the page is full. Otherwise, and for longer
    phrases (which need the word positions of each story holding all their
    pairs), the matches are collected, counted and sorted in a single pass.
    """

    # Walk the date index when the matches are dense enough that walking reads
    # fewer documents than collecting and sorting the matches costs:
    # count² >= DENSE_MATCHES × wanted rows × stories (a share of about 28% for a
    # 500-story relevance window, 6% for a 20-story page, at 100,000 stories).
    DENSE_MATCHES = 16
    # The walk reads at most WALK_ALLOWANCE times the rows it expects to need, plus
    # WALK_MARGIN, then gives up.
    WALK_ALLOWANCE = 3
    WALK_MARGIN = 100

    def __init__(self, backend, query, params, private_paths):
        from news.models import ArticlePage
        from search.models import StoryDocument

        compiler = backend.query_compiler_class(ArticlePage.objects.none(), query)
        tsquery = compiler.build_tsquery(query, config=backend.config)
        sql_query = StoryDocument.objects.all().query
        sql_compiler = sql_query.get_compiler(connection=connection)

        def compile_sql(expression):
            return sql_compiler.compile(expression.resolve_expression(sql_query))

        self.tsquery_sql, self.tsquery_params = compile_sql(tsquery)
        # Conditions on the row's own columns, checked before the document.
        conditions = ["d.live"]
        parameters = []
        for path in private_paths:
            conditions.append("d.path NOT LIKE %s")
            parameters.append(path + "%")  # tree paths are letters and digits only
        if params.section is not None:
            conditions.append("d.section_id = %s")
            parameters.append(params.section.pk)
        earliest, before = params.date_bounds()
        if earliest:
            conditions.append("d.display_date >= %s")
            parameters.append(earliest)
        if before:
            conditions.append("d.display_date < %s")
            parameters.append(before)
        self.row_where, self.row_params = " AND ".join(conditions), parameters
        self.match, self.match_params, self.reads_documents = self._matching(
            query, compiler, backend.config, compile_sql
        )
        self.where = f"{self.row_where} AND {self.match}"
        self.where_params = [*parameters, *self.match_params]
        # Unfiltered, on the document alone: a common word's number may be read from search_commonword.
        self.may_be_common_word = self.row_where == "d.live" and self.match == f"d.document @@ {self.tsquery_sql}"

    def _matching(self, query, compiler, config, compile_sql) -> tuple[str, list, bool]:
        """The condition for a story to match `query`, its parameters, and whether it reads story documents.

        A quoted phrase is looked up by its adjacent-word pairs (see
        StoryDocument.pairs): a phrase of two adjacent words is matched by
        its pair alone, like a single word; a longer one by its pairs, then
        its exact positions in the document of each story holding them all.
        Words, and phrases without pairs, are matched on the document, which
        needs no look at a document unless positions matter.
        """
        parts = query.subqueries if isinstance(query, And) else [query]
        compiled = [compile_sql(compiler.build_tsquery(part, config=config)) for part in parts]
        is_phrase = [isinstance(part, Phrase) for part in parts]
        pairs = iter(phrase_pairs([c for c, phrase in zip(compiled, is_phrase, strict=True) if phrase]))
        conditions, parameters, reads_documents = [], [], False
        for (sql, params), phrase in zip(compiled, is_phrase, strict=True):
            pair_query, exact = next(pairs) if phrase else (None, False)
            if pair_query is not None:
                conditions.append("d.pairs @@ %s::tsquery")
                parameters.append(pair_query)
            if not exact:
                conditions.append(f"d.document @@ {sql}")
                parameters += params
                reads_documents = reads_documents or "phraseto_tsquery" in sql
        return " AND ".join(conditions), parameters, reads_documents

    @cached_property
    def _results_key(self) -> str:
        """What the cache keys of this search share: the results token (read once), its conditions and parameters."""
        return repr((_results_token(), self.where, self.where_params))

    def _remembered(self, what, read):
        """`read()`, cached for this search (its conditions and parameters) and `what` until the stories change.

        Keyed by the token that forget_story_results drops, so a change to
        any story's row is seen by the next search.
        """
        key = "search:story-results:" + hashlib.sha256(f"{self._results_key}{what!r}".encode()).hexdigest()
        found = cache.get(key)
        if found is None:
            found = read()
            cache.set(key, found, RESULTS_SECONDS)
        return found

    def count(self) -> int:
        return self._count()[0]

    def _count(self) -> tuple[int, int]:
        """The number of matches, and PostgreSQL's estimate of the number of stories.

        A search for one common word, unfiltered, takes its number from
        search_commonword (whose term is the word's one-lexeme tsquery as
        text: a longer query, a prefix or a weight never equals one), and
        counts only when the word is not listed.
        """
        counted, parameters = f"SELECT count(*) FROM search_storydocument d WHERE {self.where}", self.where_params
        if self.may_be_common_word:
            counted = f"""coalesce(
                (SELECT w.stories FROM search_commonword w WHERE w.term = ({self.tsquery_sql})::text),
                ({counted})
            )"""
            parameters = [*self.tsquery_params, *parameters]
        sql = f"SELECT ({counted}), ({STORIES_ESTIMATE_SQL})"
        return self._remembered("count", lambda: tuple(_fetch(sql, parameters)[0]))

    def _may_be_dense(self, start, stop, sort, window) -> bool:
        """Whether, by PostgreSQL's statistics, the matches may be dense enough for a walk (see `_newest`).

        If not, counting them first would only read them twice: the page is
        read in one pass, which counts them as it collects them. The
        estimate is doubled, so a word a little more common than the
        statistics say is still counted and walked.
        """
        wanted = window if sort == "relevance" and start < window else stop
        sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_storydocument d WHERE {self.where}"
        with connection.cursor() as cursor:
            cursor.execute(f"{sql}; {STORIES_ESTIMATE_SQL}", self.where_params)
            plan = cursor.fetchone()[0]
            cursor.nextset()
            stories = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return self._dense(2 * plan[0]["Plan"]["Plan Rows"], wanted, stories)

    @classmethod
    def _dense(cls, matches, wanted, stories) -> bool:
        """Whether `matches` of `stories` are dense enough that walking for `wanted` rows beats collecting them."""
        return matches * matches >= cls.DENSE_MATCHES * wanted * max(stories, 1)

    def _collected(self, limit, offset, with_total=False) -> tuple[str, list]:
        """Matches newest first (ties: newest id), collected through the GIN index and sorted.

        MATERIALIZED keeps PostgreSQL from walking the date index instead,
        testing every story on the way, which it prefers for LIMIT queries.
        `with_total` adds the number of matches to each row (`count(*) OVER ()`).
        """
        total = ", count(*) OVER () AS total" if with_total else ""
        sql = f"""
            WITH hits AS MATERIALIZED (
                SELECT d.page_id, d.display_date FROM search_storydocument d WHERE {self.where}
            )
            SELECT page_id, display_date{total} FROM hits
            ORDER BY display_date DESC, page_id DESC LIMIT %s OFFSET %s
        """
        return sql, [*self.where_params, limit, offset]

    def _walked(self, limit, offset, rows_to_read) -> tuple[str, list]:
        """Matches newest first, found by reading at most `rows_to_read` stories down the date index."""
        sql = f"""
            SELECT page_id, display_date FROM (
                SELECT d.page_id, d.display_date, d.document FROM search_storydocument d
                WHERE {self.row_where} ORDER BY d.display_date DESC, d.page_id DESC LIMIT %s
            ) d
            WHERE d.document @@ {self.tsquery_sql}
            ORDER BY display_date DESC, page_id DESC LIMIT %s OFFSET %s
        """
        return sql, [*self.row_params, rows_to_read, *self.tsquery_params, limit, offset]

    def _newest(self, limit, offset, total, stories) -> tuple[str, list, bool]:
        """The cheaper statement for matches offset..offset+limit, newest first, and whether it walks.

        A walk can come back short when the matches are older than their
        share predicts; the caller then collects them instead.
        """
        wanted = limit + offset
        if self._dense(total, wanted, stories):
            rows_to_read = self.WALK_ALLOWANCE * math.ceil(wanted * max(stories, total) / total) + self.WALK_MARGIN
            return *self._walked(limit, offset, rows_to_read), True
        return *self._collected(limit, offset), False

    def page(self, start, stop, sort, window) -> tuple[list[int], int | None]:
        """Ids at positions start..stop and the number of matches (None when unknown and the page is past the end).

        Positions below `window` are ranked by relevance when `sort` is
        "relevance". The whole window is ranked at once and cached, so the
        reader's next pages of it are slices of it; a page straddling the
        window's edge takes the rest newest first.
        """
        if sort != "relevance" or start >= window:
            return self._remembered(("newest", start, stop), lambda: self._newest_page(start, stop, window))
        ranked, total = self._remembered(("ranked", window), lambda: self._ranked(window))
        ids = ranked[start:stop]
        if stop > window and total is not None and total > window:
            ids += self.page(window, stop, "newest", window)[0]
        return ids, total

    def _ranked(self, window) -> tuple[list[int], int | None]:
        """The newest `window` matches ranked by relevance, and the number of matches (None when there are none)."""
        if self.reads_documents or not self._may_be_dense(0, window, "relevance", window):
            matches, parameters = self._collected(window, 0, with_total=True)
            return _ids_and_total(
                _fetch(self._ranking(matches, second_column="m.total"), self._ranking_params(parameters, 0, window))
            )
        total, stories = self._count()
        wanted = min(window, total)

        def by_relevance(sql, parameters):
            return self._ranking(sql, "count(*) OVER ()"), self._ranking_params(parameters, 0, wanted)

        return (self._newest_ids(wanted, 0, total, stories, by_relevance) if total else []), total

    def _newest_page(self, start, stop, window) -> tuple[list[int], int | None]:
        """The matches at positions start..stop newest first, and their number (None when unknown and past the end)."""
        if self.reads_documents or not self._may_be_dense(start, stop, "newest", window):
            return _ids_and_total(_fetch(*self._collected(stop - start, start, with_total=True)))
        total, stories = self._count()
        if start >= min(stop, total):
            return [], total
        return self._newest_ids(min(stop, total) - start, start, total, stories, by_date), total

    def _newest_ids(self, limit, offset, total, stories, arrange) -> list[int]:
        """The ids of matches offset..offset+limit, newest first, in the order `arrange` gives them.

        `arrange(sql, parameters)` wraps the statement for those matches and
        returns rows of (id, how many matches that statement gave); a walk
        that gave fewer than `limit` is replaced by collecting the matches.
        """
        sql, parameters, walks = self._newest(limit, offset, total, stories)
        rows = _fetch(*arrange(sql, parameters))
        if walks and (rows[0][1] if rows else 0) < limit:
            rows = _fetch(*arrange(*self._collected(limit, offset)))
        return [row[0] for row in rows]

    def _ranking(self, matches_sql, second_column) -> str:
        """`matches_sql`'s stories by `ts_rank` with Wagtail's weights, newest first among equals.

        Each row is (page id, `second_column`), e.g. how many stories `matches_sql` gave.
        """
        return f"""
            SELECT m.page_id, {second_column} FROM ({matches_sql}) m
            JOIN search_storydocument r ON r.page_id = m.page_id
            ORDER BY ts_rank(%s::real[], r.document, {self.tsquery_sql}) DESC, m.display_date DESC, m.page_id DESC
            LIMIT %s OFFSET %s
        """

    def _ranking_params(self, matches_params, start, stop) -> list:
        return [*matches_params, get_sql_weights(), *self.tsquery_params, stop - start, start]


def phrase_pairs(phrases) -> list[tuple[str | None, bool]]:
    """For each compiled phrase (sql, params): its pairs as tsquery text (None if it has none), and whether they are exact.

    The pairs of a phrase of exactly two adjacent words (a tsquery of three
    nodes: two lexemes and `<->`) find exactly the stories holding it. One
    statement for all the phrases.
    """
    if not phrases:
        return []
    rows = ", ".join(f"({n}, {sql})" for n, (sql, _) in enumerate(phrases))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT storydocument_phrase_pairs(q)::text, numnode(q) FROM (VALUES {rows}) v(n, q) ORDER BY n
            """,
            [value for _, params in phrases for value in params],
        )
        return [(pairs, pairs is not None and nodes == 3) for pairs, nodes in cursor.fetchall()]


def _ids_and_total(rows) -> tuple[list[int], int | None]:
    """The ids of rows read in one pass, and the number of matches their last column gives (None without rows)."""
    return [row[0] for row in rows], (rows[-1][-1] if rows else None)


def by_date(sql, parameters):
    """Matches as `StorySearch._newest_ids` wants them: newest first, each with how many there are."""
    return f"SELECT page_id, count(*) OVER () FROM ({sql}) m ORDER BY display_date DESC, page_id DESC", parameters


def _fetch(sql, parameters) -> list[tuple]:
    """Rows of one statement, planned without a sequential scan of the story table.

    PostgreSQL's planner counts a document check as cheap, not knowing that
    each one fetches the document from TOAST storage; for a word in most
    stories it would check all 100,000 documents (a quarter of a second)
    rather than count the GIN index's matches (under 20 ms). SET LOCAL and
    RESET travel with the statement, in the same round trip: this relies on
    psycopg 3 with Django's default client-side parameter binding, which
    sends several statements at once.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL enable_seqscan = off; {sql}; RESET enable_seqscan", parameters)
        cursor.nextset()
        return cursor.fetchall()
