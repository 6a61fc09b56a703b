"""Reader-page benchmark: this checkout against a baseline commit, and Varnish against nginx, in one run.

    python bench/pages.py                                 # 10,000 stories on SQLite, against e92b455
    python bench/pages.py --baseline HEAD~5 --database postgres --rounds 7

It builds (once, then reuses) a database holding the demo newsroom plus N
generated stories, migrated by this checkout; the baseline commit is checked
out in a git worktree under var/bench/ (kept for the next run) and reads the
same database, whose extra tables it ignores. Both are served by gunicorn
(two sync workers, production settings, DEBUG off) at the same time, on two
ports; the baseline with PAGE_CACHE_SECONDS=0, so that commits which still
kept pages in Django render every request too.

Uncached pages: article pages, section pages (pages 1-5 of every section)
and the home page are loaded in turn, each kind for a few seconds against
the baseline and then against this checkout (the other way round in every
other round), for several rounds, so that a machine that slows down
part-way through slows both alike. The table gives each figure's median
over the rounds, the ratio of the medians this/baseline, and the median of
the rounds' own ratios.

Cached pages: one article through Varnish (varnishd with the shipped
deploy/varnish/masthead.vcl in front of this checkout's gunicorn, every
request a hit) against nginx serving the same HTML, saved from Varnish, as
a static file; both gzipped, as browsers ask for them, and interleaved the
same way. Skipped, with the reason, when varnishd, nginx or the VCL is
missing.

The load comes from `wrk` (Debian's `wrk` package) with bench/paths.lua,
which costs the two cores little; without wrk, from Python threads, which
cost more and so flatter the slower side (and cached pages are skipped).
The client runs on the same machine as the servers, so the figures are a
floor, not a ceiling. This is a measurement, not a test: nothing here fails
on a slow figure.
"""

import argparse
import contextlib
import gzip
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
KINDS = ("article", "section", "home")
CURRENT_PORT = 8765
BASELINE_PORT = 8766
VARNISH_PORT = 8767
NGINX_PORT = 8768
VARNISHD = "/usr/sbin/varnishd"
MASTHEAD_VCL = BASE_DIR / "deploy" / "varnish" / "masthead.vcl"
DEFAULT_BASELINE = "e92b455"


@dataclass
class Figures:
    """One timed run: throughput, latency percentiles (seconds) and failed requests."""

    requests_per_second: float
    p50: float
    p95: float
    failures: int = 0


def database_url(kind, articles):
    if kind == "sqlite":
        path = BENCH_DIR / f"pages-{articles}.sqlite3"
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


def manage(env, *args, capture=False, cwd=BASE_DIR):
    command = [PYTHON, "manage.py", *args]
    if capture:
        return subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout
    subprocess.run(command, cwd=cwd, env=env, check=True)


def prepare(env, articles):
    """Migrate, load the demo newsroom and top the stories up to `articles` generated ones.

    The generated stories are not indexed for search (`make bench-search` measures search):
    their related lists are the newest stories of their section.
    """
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
    # Fresh planner statistics, as a running site has them (`make setup` runs update_index, which
    # runs ANALYZE; on PostgreSQL autovacuum keeps them): without them the listings of thousands of
    # new stories are planned as if the tables were empty.
    if env["DATABASE_URL"].startswith("postgres"):
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
            connection.execute("ANALYZE")
    else:
        import sqlite3

        with contextlib.closing(sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))) as connection:
            connection.execute("ANALYZE")


# Tables a later commit renamed, with their former names, for a baseline that predates the rename.
RENAMED_TABLES = {
    "reader_comments_comment": "comments_comment",
    "reader_comments_commentsettings": "comments_commentsettings",
}


def baseline_database_url(env) -> str:
    """A copy of the benchmark database as the baseline's code expects it: renamed tables under their former names.

    The reader comments app was renamed (with its tables and content types) after some baselines; both sides
    still read the same content.
    """
    url = env["DATABASE_URL"]
    statements = [f"ALTER TABLE {new} RENAME TO {old}" for new, old in RENAMED_TABLES.items()]
    statements.append("UPDATE django_content_type SET app_label = 'comments' WHERE app_label = 'reader_comments'")
    if url.startswith("postgres"):
        import psycopg

        server, name = url.rsplit("/", 1)
        copy = f"{name}_baseline"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {copy}")
            connection.execute(f"CREATE DATABASE {copy} TEMPLATE {name}")
        with psycopg.connect(f"{server}/{copy}", autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)
        return f"{server}/{copy}"
    import sqlite3

    source = Path(url.removeprefix("sqlite:///"))
    copy = source.with_name(f"{source.stem}-baseline.sqlite3")
    shutil.copyfile(source, copy)
    with contextlib.closing(sqlite3.connect(copy)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    return f"sqlite:///{copy}"


def git(*args, cwd=BASE_DIR) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def baseline_worktree(revision) -> tuple[Path, str]:
    """A checkout of `revision` under var/bench/ (made once, reused), and its short commit id."""
    commit = git("rev-parse", "--verify", f"{revision}^{{commit}}")
    short = commit[:7]
    path = BENCH_DIR / f"baseline-{short}"
    if path.exists() and git("rev-parse", "HEAD", cwd=path) == commit:
        return path, short
    if path.exists():
        raise SystemExit(f"{path} holds another commit; remove it with `git worktree remove --force {path}`")
    git("worktree", "prune")
    git("worktree", "add", "--detach", str(path), commit)
    return path, short


def current_label() -> str:
    return git("describe", "--always", "--dirty", "--exclude", "*")


def sample_paths(env, seed=7, articles=60):
    """A fixed mix of reader addresses per kind: random stories, pages 1-5 of each section, the home page."""
    script = (
        "from news.models import ArticlePage, SectionPage\n"
        "import random\n"
        f"rng = random.Random({seed})\n"
        "ids = sorted(ArticlePage.objects.live().values_list('pk', flat=True))\n"
        f"chosen = rng.sample(ids, min({articles}, len(ids)))\n"
        "for a in ArticlePage.objects.filter(pk__in=chosen).only('url_path'): print('article', a.url)\n"
        "for s in SectionPage.objects.live(): [print('section', s.url + f'?page={n}') for n in range(1, 6)]\n"
        "print('home', '/')\n"
    )
    lines = manage(env, "shell", "--no-imports", "-c", script, capture=True).splitlines()
    paths = {kind: [] for kind in KINDS}
    for line in lines:
        if re.match(r"^(article|section|home) ", line):
            kind, path = line.split(" ", 1)
            paths[kind].append(path)
    return paths


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def port_is_free(port) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def serve(stack, env, port, cwd):
    """Start gunicorn (two sync workers) for the checkout in `cwd` on `port`; stopped when `stack` closes."""
    if not port_is_free(port):
        raise SystemExit(f"port {port} is taken: is another benchmark running?")
    process = subprocess.Popen(
        [GUNICORN, "website.wsgi", "--chdir", str(cwd), "--workers", "2", "--bind", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "--timeout", "120"],
        cwd=cwd,
        env=env,
    )
    stack.callback(stop, process)
    wait_for_port(port)
    return process


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch(port, path, timeout=120, headers=None):
    """GET `path`; (status, seconds taken)."""
    status, elapsed, _, _ = fetch_response(port, path, timeout, headers)
    return status, elapsed


def fetch_response(port, path, timeout=120, headers=None):
    """GET `path`; (status, seconds taken, response headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": "localhost", **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, elapsed, response.headers, body


def warm_up(port, paths):
    """Request every address twice from two clients, so both workers have built what they keep in memory."""
    everything = [path for kind in KINDS for path in paths[kind]]
    failures = []

    def client(order):
        for path in order:
            status, _ = fetch(port, path)
            if status != 200:
                failures.append(f"{path} answered {status}")

    threads = [threading.Thread(target=client, args=(everything[::step],)) for step in (1, -1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"port {port}: " + "; ".join(sorted(set(failures))[:5]))


def run_wrk(port, paths_file, seconds, connections, threads=1, gzipped=False) -> Figures:
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
        + ["-s", str(BASE_DIR / "bench" / "paths.lua"), f"http://127.0.0.1:{port}", "--", str(paths_file)]
        + (["gzip"] if gzipped else []),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return Figures(
        requests_per_second=figures["requests"] / (figures["duration_us"] / 1e6),
        p50=figures["p50_us"] / 1e6,
        p95=figures["p95_us"] / 1e6,
        failures=figures["socket_errors"] + figures["non_2xx"],
    )


def run_threads(port, paths, seconds, connections) -> Figures:
    """The same measurement without wrk: `connections` Python threads sending requests for `seconds`."""
    latencies, failures, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(start):
        rng = random.Random(start)
        position = rng.randrange(len(paths))
        while time.perf_counter() < deadline:
            position = (position + 1) % len(paths)
            status, elapsed = fetch(port, paths[position])
            with lock:
                latencies.append(elapsed)
                failures[0] += status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return Figures(
        requests_per_second=len(ordered) / wall,
        p50=ordered[len(ordered) // 2],
        p95=ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        failures=failures[0],
    )


def median_figures(runs: list[Figures]) -> Figures:
    return Figures(
        requests_per_second=statistics.median(f.requests_per_second for f in runs),
        p50=statistics.median(f.p50 for f in runs),
        p95=statistics.median(f.p95 for f in runs),
        failures=sum(f.failures for f in runs),
    )


def print_table(title, rows, left_label, right_label):
    """`rows`: (name, left runs, right runs), each a list of Figures, one per round; ratios are right/left in requests/s."""
    ms = 1000
    print(f"\n{title}")
    print(
        f"  {'':<16} {left_label + ' req/s':>16} {right_label + ' req/s':>16} {'ratio':>7} {'rounds':>7}"
        f"   {left_label + ' p50/p95 ms':>20} {right_label + ' p50/p95 ms':>20}"
    )
    for name, left_runs, right_runs in rows:
        left, right = median_figures(left_runs), median_figures(right_runs)
        ratio = right.requests_per_second / left.requests_per_second if left.requests_per_second else float("nan")
        round_ratio = statistics.median(
            r.requests_per_second / b.requests_per_second for b, r in zip(left_runs, right_runs, strict=True)
        )
        left_latency = f"{left.p50 * ms:.1f} / {left.p95 * ms:.1f}"
        right_latency = f"{right.p50 * ms:.1f} / {right.p95 * ms:.1f}"
        print(
            f"  {name:<16} {left.requests_per_second:>16.1f} {right.requests_per_second:>16.1f} {ratio:>6.2f}×"
            f" {round_ratio:>6.2f}×   {left_latency:>20} {right_latency:>20}"
        )
        for label, figures in ((left_label, left), (right_label, right)):
            if figures.failures:
                print(f"  ! {name}, {label}: {figures.failures} requests failed or answered an error")
    print("  (ratio: of the medians; rounds: the median of each round's own ratio)")


def cached_comparison_unavailable(use_wrk) -> str | None:
    """Why Varnish cannot be measured against nginx here, or None."""
    if not use_wrk:
        return "wrk is not installed (apt-get install wrk)"
    if not Path(VARNISHD).exists():
        return f"{VARNISHD} is missing (apt-get install varnish)"
    if not shutil.which("nginx"):
        return "nginx is missing (apt-get install nginx)"
    if not MASTHEAD_VCL.exists():
        return f"{MASTHEAD_VCL.relative_to(BASE_DIR)} does not exist yet"
    return None


def serve_varnish(stack, backend_port):
    """varnishd with the shipped VCL in front of gunicorn on `backend_port`, from a top file in var/bench (as default.vcl)."""
    workdir = BENCH_DIR / "varnish"
    workdir.mkdir(parents=True, exist_ok=True)
    vcl = workdir / "bench.vcl"
    vcl.write_text(
        "vcl 4.1;\n\nimport std;\n\n"
        f'backend default {{\n    .host = "127.0.0.1";\n    .port = "{backend_port}";\n}}\n\n'
        'acl purgers {\n    "127.0.0.1";\n}\n\n'
        f'include "{MASTHEAD_VCL}";\n'
    )
    if not port_is_free(VARNISH_PORT):
        raise SystemExit(f"port {VARNISH_PORT} is taken: is another benchmark running?")
    log = stack.enter_context(open(workdir / "varnishd.log", "w"))
    process = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(workdir / "n"), "-f", str(vcl)]
        + ["-a", f"127.0.0.1:{VARNISH_PORT}", "-T", "127.0.0.1:0", "-s", "malloc,256m"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    stack.callback(stop, process)
    wait_for_port(VARNISH_PORT)
    return process


def serve_nginx(stack, path, html):
    """nginx (its own process, config in var/bench) serving `html` at `path` as a static file, gzipped beside it."""
    prefix = BENCH_DIR / "nginx"
    page = prefix / "root" / path.strip("/") / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_bytes(html)
    page.with_name("index.html.gz").write_bytes(gzip.compress(html, compresslevel=6))
    (prefix / "logs").mkdir(exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(
        "daemon off;\nworker_processes auto;\n"
        f"pid {prefix / 'nginx.pid'};\nerror_log {prefix / 'logs' / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n    access_log off;\n    sendfile on;\n    keepalive_timeout 65;\n"
        f"    client_body_temp_path {prefix / 'tmp'};\n"
        f"    server {{\n        listen 127.0.0.1:{NGINX_PORT};\n        root {prefix / 'root'};\n"
        "        gzip_static on;\n        location / { index index.html; }\n    }\n"
        "}\n"
    )
    if not port_is_free(NGINX_PORT):
        raise SystemExit(f"port {NGINX_PORT} is taken: is another benchmark running?")
    process = subprocess.Popen(
        ["nginx", "-p", str(prefix), "-c", str(config), "-e", str(prefix / "logs" / "error.log")]
    )
    stack.callback(stop, process)
    wait_for_port(NGINX_PORT)
    return process


def compare_cached(stack, options, article_path):
    """One cached article through Varnish and the same HTML from nginx, in interleaved rounds; (nginx runs, Varnish runs)."""
    serve_varnish(stack, CURRENT_PORT)
    for _ in range(3):
        status, _, headers, _ = fetch_response(VARNISH_PORT, article_path)
    if status != 200 or headers.get("X-Cache") != "HIT":
        raise SystemExit(f"Varnish did not keep {article_path}: {status}, X-Cache {headers.get('X-Cache')}")
    html = fetch_response(VARNISH_PORT, article_path)[3]
    serve_nginx(stack, article_path, html)
    paths_file = BENCH_DIR / "paths-cached-article.txt"
    paths_file.write_text(article_path + "\n")
    for port in (VARNISH_PORT, NGINX_PORT):
        status, _, headers, body = fetch_response(port, article_path, headers={"Accept-Encoding": "gzip"})
        if status != 200 or headers.get("Content-Encoding") != "gzip" or gzip.decompress(body) != html:
            raise SystemExit(f"port {port} did not answer {article_path} with the same gzipped HTML")
    runs = {"nginx": [], "varnish": []}
    for round_number in range(1, options.rounds + 1):
        sides = [("nginx", NGINX_PORT), ("varnish", VARNISH_PORT)]
        progress = []
        for side, port in sides if round_number % 2 else sides[::-1]:
            figures = run_wrk(port, paths_file, options.seconds, options.cached_connections, threads=2, gzipped=True)
            runs[side].append(figures)
            progress.append(f"{side} {figures.requests_per_second:.0f}/s")
        print(f"  cached round {round_number}: " + ", ".join(progress), flush=True)
    return runs["nginx"], runs["varnish"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000, help="generated stories beside the demo ones")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="the commit to compare with (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default %(default)s)")
    parser.add_argument("--seconds", type=int, default=8, help="length of each timed run (default %(default)s)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent clients (default %(default)s)")
    parser.add_argument("--sample", type=int, default=60, help="how many different stories to request")
    parser.add_argument(
        "--cached-connections", type=int, default=16, help="concurrent clients for cached pages (default %(default)s)"
    )
    parser.add_argument("--no-cached", action="store_true", help="leave out Varnish against nginx")
    options = parser.parse_args()
    # A benchmark stopped with SIGTERM (or Ctrl-C) stops its servers too, on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))

    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="website.settings.production",
        DATABASE_URL=database_url(options.database, options.articles),
        SECRET_KEY="benchmark-only",
        ALLOWED_HOSTS="localhost,127.0.0.1",
        MEDIA_ROOT=str(BENCH_DIR / "media"),
        STATIC_ROOT=str(BENCH_DIR / "static"),
        SECURE_COOKIES="0",
        # Served over plain HTTP on loopback, with nothing in front to end TLS.
        SECURE_SSL_REDIRECT="0",
    )
    for name in ("PAGE_CACHE_SECONDS", "REDIS_URL", "FRONTEND_CACHE_URLS", "EMAIL_URL"):
        env.pop(name, None)
    print(f"Masthead reader pages: {options.articles} generated stories on {options.database}")
    prepare(env, options.articles)
    paths = sample_paths(env, articles=options.sample)

    baseline_dir, baseline = baseline_worktree(options.baseline)
    current = current_label()
    baseline_env = dict(
        env,
        DATABASE_URL=baseline_database_url(env),
        PAGE_CACHE_SECONDS="0",
        STATIC_ROOT=str(BENCH_DIR / f"static-{baseline}"),
    )
    manage(baseline_env, "collectstatic", "--noinput", "-v", "0", cwd=baseline_dir)

    use_wrk = shutil.which("wrk") is not None
    paths_files = {}
    for kind in KINDS:
        paths_files[kind] = BENCH_DIR / f"paths-{kind}.txt"
        paths_files[kind].write_text("\n".join(paths[kind]) + "\n")
    print(
        f"baseline {baseline} ({baseline_dir.relative_to(BASE_DIR)}) against this checkout ({current}); "
        f"{options.rounds} rounds of {options.seconds} s per page kind and side, {options.connections} connections, "
        f"load from {'wrk' if use_wrk else 'Python threads (install wrk for a lighter client)'}"
    )

    def measure(port, kind):
        if use_wrk:
            return run_wrk(port, paths_files[kind], options.seconds, options.connections)
        return run_threads(port, paths[kind], options.seconds, options.connections)

    sides = [(baseline, BASELINE_PORT), (current, CURRENT_PORT)]
    runs = {(side, kind): [] for side, _ in sides for kind in KINDS}
    cached = None
    skipped = "left out (--no-cached)" if options.no_cached else cached_comparison_unavailable(use_wrk)
    with ExitStack() as stack:
        serve(stack, baseline_env, BASELINE_PORT, baseline_dir)
        serve(stack, env, CURRENT_PORT, BASE_DIR)
        for _, port in sides:
            warm_up(port, paths)
        for round_number in range(1, options.rounds + 1):
            progress = []
            for kind in KINDS:
                for side, port in sides if round_number % 2 else sides[::-1]:
                    figures = measure(port, kind)
                    runs[side, kind].append(figures)
                    progress.append(f"{kind} {side} {figures.requests_per_second:.0f}/s")
            print(f"  round {round_number}: " + ", ".join(progress), flush=True)
        if skipped is None:
            cached = compare_cached(stack, options, paths["article"][0])

    print_table(
        f"Uncached pages, medians of {options.rounds} interleaved rounds (this checkout against the baseline)",
        [(kind, runs[baseline, kind], runs[current, kind]) for kind in KINDS],
        baseline,
        "this",
    )
    if cached is None:
        print(f"\nCached article through Varnish against nginx: skipped, {skipped}")
    else:
        print_table(
            f"A cached article, medians of {options.rounds} interleaved rounds "
            f"({options.cached_connections} connections, gzip): Varnish against nginx serving the same HTML as a file",
            [("article", *cached)],
            "nginx",
            "varnish",
        )


if __name__ == "__main__":
    main()
