import django.contrib.postgres.search
from django.db import migrations

# See search.models.StoryDocument.pairs. Both functions live in the database so
# that the story side (written with every index update) and the query side
# (applied to each quoted phrase) follow one rule:
# - a pair is two lexemes at adjacent positions, stored as one lexeme "a b";
# - pairs ending at position 16383, where PostgreSQL piles up every later word,
#   and pairs of 48 bytes or more (URL-like words) are left out on both sides,
#   which also keeps a story's pairs well under the 1 MB a vector may hold;
# - a phrase becomes the AND of its adjacent pairs, or NULL when it has none
#   (one word, or words only separated by stop words), or is not a plain chain
#   of quoted lexemes, which phraseto_tsquery always gives with Wagtail's
#   configurations.
FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION storydocument_word_pairs(document tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)), ''::tsvector)
    FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(document)) a
    JOIN (SELECT lexeme, unnest(positions) AS position FROM unnest(document)) b ON b.position = a.position + 1
    WHERE b.position < 16383 AND octet_length(a.lexeme) + octet_length(b.lexeme) < 48
$fn$;

CREATE OR REPLACE FUNCTION storydocument_phrase_pairs(phrase tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
    WITH words AS (
        SELECT m.n, replace(replace(m.part[1], '''''', ''''), '\\', '\') AS lexeme, m.part[2] AS gap
        FROM regexp_matches(phrase::text, $re$'((?:[^'\\]|''|\\.)*)'(?: <(-|\d+)> )?$re$, 'g')
            WITH ORDINALITY AS m(part, n)
    )
    SELECT string_agg(
        '''' || replace(replace(a.lexeme || ' ' || b.lexeme, '\', '\\'), '''', '''''') || '''', ' & ' ORDER BY a.n
    )::tsquery
    FROM words a JOIN words b ON b.n = a.n + 1
    WHERE a.gap IN ('-', '1') AND octet_length(a.lexeme) + octet_length(b.lexeme) < 48
        AND phrase::text ~ $re$^'(?:[^'\\]|''|\\.)*'(?: <(?:-|\d+)> '(?:[^'\\]|''|\\.)*')*$$re$
$fn$;
"""
FORWARD = f"""
    {FUNCTIONS}
    UPDATE search_storydocument SET pairs = storydocument_word_pairs(document);
    CREATE INDEX IF NOT EXISTS storydocument_pairs_gin ON search_storydocument USING gin (pairs);
"""
BACKWARD = """
    DROP INDEX IF EXISTS storydocument_pairs_gin;
    DROP FUNCTION IF EXISTS storydocument_phrase_pairs(tsquery);
    DROP FUNCTION IF EXISTS storydocument_word_pairs(tsvector);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_story_document_out_of_line")]

    operations = [
        migrations.AddField(
            model_name="storydocument",
            name="pairs",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
