"""Search benchmark: p50/p95 latency of reader searches, suggestions and related lists on generated content.

    python bench/searches.py --articles 10000                    # SQLite file under var/bench/
    python bench/searches.py --articles 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/masthead_bench_search

(`make bench-search BENCH_ARTICLES=... BENCH_DATABASE_URL=...` runs the same.)

The content goes into its own database, never the development one: the demo
newsroom plus N stories from `load_demo_content --articles N`, then
`update_index --backend default` (which also writes the stories' reader-search
documents on PostgreSQL and refreshes the planner statistics): nothing else,
so SQLite is measured as a newcomer's site would be. A database that already
holds exactly that content is reused (migrated, and its stories' documents
written if it has none), so a second run only measures; `--fresh` rebuilds.

Requests go through Django's test client, in this process, so each search is
really run and rendered (and counted, as a reader's would be); no page cache
sits in front of them. The "page 3" row is a reader's later page. Suggestions
and related lists are measured both uncached and cached, and the story page
with its related list expired (as every five minutes, or after a purge).
This is a script that prints figures, not a test: nothing here asserts a time.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent

# A fixed mix, in the generated stories' vocabulary (demo.bulk): topic words, each in
# about a tenth of the stories; and the most frequent general words, in most of them.
SEARCHES = {
    "one word": ["harbour", "election", "glacier", "vaccine", "ferry"],
    "two words": ["harbour council", "energy budget", "river flood", "school teacher", "court inquiry"],
    "phrase": ['"border railway"', '"trade minister"', '"storm coast"', '"housing rent"', '"wind solar"'],
    "no hit": ["zyxwvut", "quokkaburger", "xylophonist", "brontide", "snollygoster"],
    "word in most stories": [],  # filled from the generator's vocabulary below
}
SUGGEST_PREFIXES = ["ha", "har", "harb", "ele", "elec", "bud", "gla", "ferr", "mus", "rai"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="generated stories (default 10,000)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="database for the benchmark (default: an SQLite file var/bench/search-N.sqlite3)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="times each search is run (default 5)")
    parser.add_argument("--related-sample", type=int, default=100, help="stories whose related list is timed")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark database even if it looks ready")
    return parser.parse_args(argv)


def bench_environment(args) -> dict:
    url = args.database_url or f"sqlite:///{BASE_DIR / 'var' / 'bench' / f'search-{args.articles}.sqlite3'}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="website.settings.dev",
        MEDIA_ROOT=str(BASE_DIR / "var" / "bench" / "media"),
        PAGE_CACHE_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    env.pop("ELASTICSEARCH_URL", None)
    env.pop("REDIS_URL", None)
    return env


def drop_database(url: str):
    """Start from nothing: delete the SQLite file, or drop and create the PostgreSQL database."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path[1:] if parts.path.startswith("//") else parts.path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env, *arguments):
    print("$ manage.py", " ".join(arguments), flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=BASE_DIR, env=env, check=True)
    print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)


def probe(env, code) -> int | None:
    """The number `code` prints in the benchmark database's Django, or None when it fails (missing, not migrated)."""
    script = f"import django; django.setup()\n{code}\n"
    done = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    try:
        return int(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def existing_story_count(env) -> int | None:
    """Generated stories already in the benchmark database, or None when it is missing or not migrated."""
    return probe(
        env, "from news.models import ArticlePage\nprint(ArticlePage.objects.filter(slug__startswith='story-').count())"
    )


def missing_documents(env) -> int:
    """Stories without a reader-search document (PostgreSQL; 0 elsewhere), e.g. in a database built before them."""
    return (
        probe(
            env,
            "from django.db import connection\nfrom news.models import ArticlePage\n"
            "print(ArticlePage.objects.filter(search_document__isnull=True).count() "
            "if connection.vendor == 'postgresql' else 0)",
        )
        or 0
    )


def prepare(args, env):
    wanted = args.articles
    if not args.fresh and existing_story_count(env) == wanted:
        print(f"Reusing {env['DATABASE_URL']} ({wanted} generated stories, index built).", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")  # migrations added since it was built
        if missing_documents(env):
            manage(env, "update_index", "--documents-only")
        return
    print(f"Building {env['DATABASE_URL']} with {args.articles} generated stories.", flush=True)
    drop_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content", "--articles", str(args.articles))
    manage(env, "update_index", "--backend", "default", "--chunk_size", "2000")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed(function, *arguments):
    started = time.perf_counter()
    function(*arguments)
    return (time.perf_counter() - started) * 1000


def measure(args):
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from news.models import ArticlePage
    from search.related import find_related, forget_related, related_articles

    settings.DEBUG = False  # no per-query logging while timing
    from demo.bulk import general_vocabulary

    SEARCHES["word in most stories"] = general_vocabulary()[:5]
    client = Client()
    results = {}

    def get(url, params):
        response = client.get(url, params)
        if response.status_code != 200:
            raise SystemExit(f"{url} {params} answered {response.status_code}")

    # Untimed first pass: opens connections, compiles templates and creates
    # the result images' renditions, which a running site has done already.
    for queries in SEARCHES.values():
        for q in queries:
            for extra in ({}, {"sort": "newest"}, {"page": "3"}):
                get("/search/", {"q": q, **extra})

    def first_search(params):
        return timed(get, "/search/", params)

    for kind, queries in SEARCHES.items():
        results[f"search: {kind}"] = [first_search({"q": q}) for _ in range(args.rounds) for q in queries]
    results["search: two words, newest first"] = [
        first_search({"q": q, "sort": "newest"}) for _ in range(args.rounds) for q in SEARCHES["two words"]
    ]
    results["search: one word, page 3"] = [
        first_search({"q": q, "page": "3"}) for _ in range(args.rounds) for q in SEARCHES["one word"]
    ]

    uncached = []
    for _ in range(args.rounds):
        for prefix in SUGGEST_PREFIXES:
            cache.clear()
            uncached.append(timed(get, "/search/suggest/", {"q": prefix}))
    results["suggest: uncached"] = uncached
    results["suggest: cached"] = [
        timed(get, "/search/suggest/", {"q": p}) for _ in range(args.rounds) for p in SUGGEST_PREFIXES
    ]

    ids = list(ArticlePage.objects.live().order_by("?").values_list("pk", flat=True)[: args.related_sample])
    stories = list(ArticlePage.objects.filter(pk__in=ids))
    cache.clear()
    results["related: uncached"] = [timed(related_articles, story) for story in stories]
    results["related: cached"] = [timed(related_articles, story) for story in stories]
    results["related: computed (no cache read)"] = [timed(find_related, story) for story in stories[:20]]

    def story_page_with_related_list_expired(story):
        forget_related(story.pk)  # as when its five minutes are up, or after a purge
        return timed(get, story.url, {})

    for story in stories[:20]:
        get(story.url, {})  # untimed: its renditions are made, as publishing would have
    results["story page, related list expired"] = [story_page_with_related_list_expired(s) for s in stories[:20]]

    vendor = connection.vendor
    print()
    print(f"{ArticlePage.objects.count()} stories, {vendor}, database search backend")
    print(f"{'what':40} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in results.items():
        print(
            f"{name:40} {len(values):5d} {statistics.median(values):8.1f} "
            f"{percentile(values, 0.95):8.1f} {max(values):8.1f}"
        )


def main(argv=None):
    args = parse_args(argv)
    env = bench_environment(args)
    prepare(args, env)
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    measure(args)


if __name__ == "__main__":
    main()
