"""Reader-page benchmark: requests per second and p50/p95 latency, uncached and from the page cache.

    python bench/pages.py --articles 10000 --database sqlite
    python bench/pages.py --articles 100000 --database postgres

It builds (once, then reuses) a database holding the demo newsroom plus N
generated stories, serves it with gunicorn (two sync workers, production
settings, DEBUG off) and sends a fixed mix of requests from a few client
threads: article pages, section pages 1-5 and the home page. It runs the
mix twice, with the whole-page cache off (every request renders) and on
(the second and later requests of each address are cache hits).

This is a measurement, not a test: nothing here fails on a slow figure.
The client runs on the same machine as the server and takes a share of
its CPU, so the figures are a floor, not a ceiling.
"""

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765


def database_url(kind, articles):
    if kind == "sqlite":
        path = BASE_DIR / "var" / "bench" / f"pages-{articles}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    name = f"masthead_bench_{articles}"
    create_postgres_database(url, name)
    return f"{url}/{name}"


def create_postgres_database(server_url, name):
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args, capture=False):
    command = [PYTHON, "manage.py", *args]
    if capture:
        return subprocess.run(command, cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True).stdout
    subprocess.run(command, cwd=BASE_DIR, env=env, check=True)


def prepare(env, articles):
    """Migrate, load the demo newsroom and top the stories up to `articles` generated ones."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "load_demo_content")
    count = int(
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from news.models import ArticlePage; print(ArticlePage.objects.filter(slug__startswith='story-').count())",
            capture=True,
        ).strip()
    )
    if count < articles:
        started = time.perf_counter()
        manage(env, "load_demo_content", "--articles", str(articles - count))
        print(f"generated {articles - count} stories in {time.perf_counter() - started:.0f} s")


def sample_paths(env, seed=7, articles=60):
    """A fixed mix of reader addresses: many articles, the first pages of each section, the home page."""
    script = (
        "from news.models import ArticlePage, SectionPage\n"
        "import random\n"
        f"rng = random.Random({seed})\n"
        "ids = list(ArticlePage.objects.live().values_list('pk', flat=True))\n"
        f"chosen = rng.sample(ids, min({articles}, len(ids)))\n"
        "for a in ArticlePage.objects.filter(pk__in=chosen).only('url_path'): print('article', a.url)\n"
        "for s in SectionPage.objects.live(): [print('section', s.url + f'?page={n}') for n in range(1, 6)]\n"
        "print('home', '/')\n"
    )
    lines = manage(env, "shell", "--no-imports", "-c", script, capture=True).splitlines()
    return [tuple(line.split(" ", 1)) for line in lines if re.match(r"^(article|section|home) ", line)]


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start on port {port}")


def serve(env, page_cache_seconds):
    server_env = dict(env, PAGE_CACHE_SECONDS=str(page_cache_seconds))
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "website.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=server_env,
    )
    wait_for_port(PORT)
    return process


def fetch(path):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": "localhost"})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return elapsed


def load(paths, total, threads):
    """Send `total` requests spread over `threads` clients; latencies (s) per kind, and the wall time."""
    rng = random.Random(11)
    plan = [rng.choice(paths) for _ in range(total)]
    latencies = {}
    lock = threading.Lock()
    position = iter(range(total))

    def client():
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                return
            kind, path = plan[index]
            elapsed = fetch(urlsplit(path).path + (f"?{urlsplit(path).query}" if urlsplit(path).query else ""))
            with lock:
                latencies.setdefault(kind, []).append(elapsed)

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(label, latencies, wall):
    total = sum(len(v) for v in latencies.values())
    print(f"\n{label}: {total} requests in {wall:.1f} s = {total / wall:.0f} requests/s")
    print(f"  {'page':<8} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for kind in ("article", "section", "home"):
        values = latencies.get(kind, [])
        if values:
            print(
                f"  {kind:<8} {len(values):>5} {percentile(values, 0.5) * 1000:>8.1f} "
                f"{percentile(values, 0.95) * 1000:>8.1f} {statistics.mean(values) * 1000:>8.1f}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000, help="generated stories beside the demo ones")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=600, help="requests per run")
    parser.add_argument("--threads", type=int, default=4, help="concurrent clients")
    options = parser.parse_args()

    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="website.settings.production",
        DATABASE_URL=database_url(options.database, options.articles),
        SECRET_KEY="benchmark-only",
        ALLOWED_HOSTS="localhost,127.0.0.1",
        MEDIA_ROOT=str(BASE_DIR / "var" / "bench" / "media"),
        STATIC_ROOT=str(BASE_DIR / "var" / "bench" / "static"),
        SECURE_COOKIES="0",
    )
    env.pop("PAGE_CACHE_SECONDS", None)
    print(f"Masthead reader pages: {options.articles} generated stories on {options.database}")
    prepare(env, options.articles)
    paths = sample_paths(env)

    for label, seconds in (("uncached (page cache off)", 0), ("page cache on", 300)):
        server = serve(env, seconds)
        try:
            for _, path in paths:  # warm up: renditions, worker start-up, and the cache when it is on
                fetch(path)
                fetch(path)
            latencies, wall = load(paths, options.requests, options.threads)
        finally:
            server.terminate()
            server.wait()
        report(label, latencies, wall)


if __name__ == "__main__":
    main()
