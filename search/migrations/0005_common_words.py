from django.db import migrations, models

# See search.models.CommonWord. The counts are kept by statement triggers on
# search_storydocument, which see the rows a statement changed as transition
# tables: a live story's words count once, and a row updated without a change
# to its document or to whether it is live (a move, a re-index) costs only the
# comparison. With no common words listed (a new or small site) the triggers
# stop at once. Transactions that change the counts take one lock (an advisory
# one) first, so two stories published at once wait for each other instead of
# locking the counters in different orders and deadlocking.
FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION storydocument_count_words(added tsvector[], removed tsvector[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    IF cardinality(added) = 0 AND cardinality(removed) = 0 THEN
        RETURN;
    END IF;
    -- Writers change the counts one transaction at a time: a story holds most of the
    -- common words, and a transaction may write several times (publishing indexes twice).
    PERFORM pg_advisory_xact_lock(hashtext('search_commonword'));
    UPDATE search_commonword c SET stories = c.stories + changes.delta
    FROM (
        SELECT w.lexeme, sum(w.delta)::integer AS delta FROM (
            SELECT unnest(tsvector_to_array(d)) AS lexeme, 1 AS delta FROM unnest(added) d
            UNION ALL
            SELECT unnest(tsvector_to_array(d)), -1 FROM unnest(removed) d
        ) w
        GROUP BY w.lexeme HAVING sum(w.delta) <> 0
    ) changes
    WHERE c.lexeme = changes.lexeme;
END
$fn$;

CREATE OR REPLACE FUNCTION storydocument_count_common_words() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT FROM search_commonword) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM storydocument_count_words(ARRAY(SELECT document FROM new_rows WHERE live), '{}');
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM storydocument_count_words('{}', ARRAY(SELECT document FROM old_rows WHERE live));
    ELSE
        PERFORM storydocument_count_words(
            ARRAY(
                SELECT n.document FROM new_rows n LEFT JOIN old_rows o USING (page_id)
                WHERE n.live AND (o.page_id IS NULL OR NOT o.live OR o.document IS DISTINCT FROM n.document)
            ),
            ARRAY(
                SELECT o.document FROM old_rows o LEFT JOIN new_rows n USING (page_id)
                WHERE o.live AND (n.page_id IS NULL OR NOT n.live OR o.document IS DISTINCT FROM n.document)
            )
        );
    END IF;
    RETURN NULL;
END
$fn$;

-- The words in at least `min_stories` live stories, with their numbers; writers wait meanwhile.
CREATE OR REPLACE FUNCTION storydocument_refresh_common_words(min_stories integer) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
    listed integer;
BEGIN
    LOCK TABLE search_storydocument IN SHARE MODE;
    DELETE FROM search_commonword;
    INSERT INTO search_commonword (lexeme, term, stories)
        SELECT word, array_to_tsvector(ARRAY[word])::text, ndoc
        FROM ts_stat('SELECT document FROM search_storydocument WHERE live')
        WHERE ndoc >= greatest(min_stories, 1);
    GET DIAGNOSTICS listed = ROW_COUNT;
    RETURN listed;
END
$fn$;

CREATE TRIGGER storydocument_common_words_insert AFTER INSERT ON search_storydocument
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION storydocument_count_common_words();
CREATE TRIGGER storydocument_common_words_update AFTER UPDATE ON search_storydocument
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION storydocument_count_common_words();
CREATE TRIGGER storydocument_common_words_delete AFTER DELETE ON search_storydocument
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION storydocument_count_common_words();
"""
BACKWARD = """
    DROP TRIGGER IF EXISTS storydocument_common_words_insert ON search_storydocument;
    DROP TRIGGER IF EXISTS storydocument_common_words_update ON search_storydocument;
    DROP TRIGGER IF EXISTS storydocument_common_words_delete ON search_storydocument;
    DROP FUNCTION IF EXISTS storydocument_refresh_common_words(integer);
    DROP FUNCTION IF EXISTS storydocument_count_common_words();
    DROP FUNCTION IF EXISTS storydocument_count_words(tsvector[], tsvector[]);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_story_word_pairs")]

    operations = [
        migrations.CreateModel(
            name="CommonWord",
            fields=[
                ("lexeme", models.TextField(primary_key=True, serialize=False)),
                ("term", models.TextField(unique=True)),
                ("stories", models.IntegerField()),
            ],
            options={"verbose_name": "common search word"},
        ),
        migrations.RunPython(forward, backward),
    ]
