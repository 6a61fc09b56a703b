"""Wagtail's database search backend, with a fast path for reader search on PostgreSQL.

Configured as `"BACKEND": "search.database_backend"`. On SQLite and MySQL it
is exactly Wagtail's database backend. On PostgreSQL it is Wagtail's backend
whose index also writes each story's row of search.models.StoryDocument in
the same statement batch as Wagtail's own index entry (on every save,
publish, unpublish and `update_index`), and `StorySearch` answers reader
searches from that narrow table:

- matching uses Wagtail's own query compiler, so a search matches the same
  stories as Wagtail's backend would (every word, quoted phrases);
- the count, the newest-first page and the relevance window are each one
  query on the narrow table, through its GIN and date indexes, without the
  text-to-integer join or the per-row concatenation of Wagtail's query;
- relevance is `ts_rank` with Wagtail's field weights (headline above dek,
  tags, authors and section, above body), ranked among the newest
  `window` matches as on the other backends.

The story cards are then loaded by id through `ArticlePage.objects.cards()`,
which applies the readable filter again: a row can never show a draft or a
restricted story, whatever it says.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_search_backend
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend
from modelsearch.backends.database.postgres.weights import get_sql_weights

COPY_STORIES_SQL = """
    INSERT INTO search_storydocument (page_id, document, live, path, section_id, display_date)
    SELECT p.id, e.title || e.body, p.live, p.path, a.section_id, a.display_date
    FROM wagtailsearch_indexentry e
    JOIN news_articlepage a ON a.page_ptr_id = e.object_id::integer
    JOIN wagtailcore_page p ON p.id = a.page_ptr_id
    WHERE e.content_type_id = %s AND e.object_id = ANY(%s)
    ON CONFLICT (page_id) DO UPDATE SET
        document = EXCLUDED.document,
        live = EXCLUDED.live,
        path = EXCLUDED.path,
        section_id = EXCLUDED.section_id,
        display_date = EXCLUDED.display_date
"""


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

    def reset(self):
        super().reset()
        from search.models import StoryDocument

        StoryDocument.objects.using(self.write_connection.alias).all()._raw_delete(using=self.write_connection.alias)


class StoryPostgresSearchBackend(PostgresSearchBackend):
    index_class = StoryIndexingPostgresIndex


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


class StorySearch:
    """A reader's search on search_storydocument: one statement gives a page of story ids and the total.

    `query` is a modelsearch query (PlainText, Phrase, And) and `params` the
    search page's SearchParams (section and dates). The matches are read
    once, through the GIN index, and counted in the same pass
    (`count(*) OVER ()`); the newest `window` of them are then ranked with
    `ts_rank` and Wagtail's weights, and later positions follow newest first.
    """

    def __init__(self, backend, query, params, private_paths):
        from news.models import ArticlePage
        from search.models import StoryDocument

        compiler = backend.query_compiler_class(ArticlePage.objects.none(), query)
        tsquery = compiler.build_tsquery(query, config=backend.config)
        sql_query = StoryDocument.objects.all().query
        sql_compiler = sql_query.get_compiler(connection=connection)
        self.tsquery_sql, self.tsquery_params = sql_compiler.compile(tsquery.resolve_expression(sql_query))
        conditions = ["d.live", f"d.document @@ {self.tsquery_sql}"]
        parameters = list(self.tsquery_params)
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
        self.where = " AND ".join(conditions)
        self.where_params = parameters

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM search_storydocument d WHERE {self.where}", self.where_params)
            return cursor.fetchone()[0]

    def _matches(self, limit, offset) -> tuple[str, list]:
        """The matches newest first (ties: newest id), `limit` from `offset`, each with the total count.

        MATERIALIZED makes PostgreSQL collect the matches through the GIN
        index and sort them, rather than walk the date index testing every
        story on the way, which it prefers for LIMIT queries and which reads
        most of the table for a word found in a tenth of the stories.
        """
        sql = f"""
            WITH hits AS MATERIALIZED (
                SELECT d.page_id, d.display_date FROM search_storydocument d WHERE {self.where}
            )
            SELECT page_id, display_date, count(*) OVER () AS total FROM hits
            ORDER BY display_date DESC, page_id DESC LIMIT %s OFFSET %s
        """
        return sql, [*self.where_params, limit, offset]

    def page(self, start, stop, sort, window) -> tuple[list[int], int | None]:
        """Ids at positions start..stop and the number of matches (None when the page is past the end).

        Positions below `window` are ranked by relevance when `sort` is
        "relevance"; a page straddling the window's edge is read in two parts.
        """
        if sort != "relevance" or start >= window:
            sql, parameters = self._matches(stop - start, start)
            return self._read(f"SELECT page_id, total FROM ({sql}) m", parameters)
        matches, parameters = self._matches(window, 0)
        ranked = f"""
            SELECT m.page_id, m.total FROM ({matches}) m
            JOIN search_storydocument r ON r.page_id = m.page_id
            ORDER BY ts_rank(%s::real[], r.document, {self.tsquery_sql}) DESC, m.display_date DESC, m.page_id DESC
            LIMIT %s OFFSET %s
        """
        end = min(stop, window)
        ids, total = self._read(ranked, [*parameters, get_sql_weights(), *self.tsquery_params, end - start, start])
        if stop > window and total and total > window:
            ids += self.page(window, stop, "newest", window)[0]
        return ids, total

    @staticmethod
    def _read(sql, parameters):
        with connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            rows = cursor.fetchall()
        return [row[0] for row in rows], (rows[0][1] if rows else None)
