"""Reader-page benchmark: this checkout against a baseline commit, uncached, side by side in one run.

    python bench/pages.py                                 # 10,000 stories on SQLite, against e92b455
    python bench/pages.py --baseline HEAD~5 --database postgres --rounds 7

It builds (once, then reuses) a database holding the demo newsroom plus N
generated stories, migrated by this checkout; the baseline commit is checked
out in a git worktree under var/bench/ (kept for the next run) and reads the
same database, whose extra tables it ignores. Both are served by gunicorn
(two sync workers, production settings, DEBUG off) at the same time, on two
ports; the baseline with PAGE_CACHE_SECONDS=0, so that commits which still
kept pages in Django render every request too.

Article pages, section pages (pages 1-5 of every section) and the home page
are loaded in turn, each kind for a few seconds against the baseline, then
the same against this checkout, and so on for several rounds, so that a
machine that slows down part-way through slows both alike. The table gives
each figure's median over the rounds and the ratio this/baseline.

The load comes from `wrk` (Debian's `wrk` package) with bench/paths.lua,
which costs the two cores little; without wrk, from Python threads, which
cost more and so flatter the slower side. The client runs on the same
machine as the servers, so the figures are a floor, not a ceiling. This
is a measurement, not a test: nothing here fails on a slow figure.
"""

import argparse
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


def fetch(port, path, timeout=120):
    """GET `path`; (status, seconds taken)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": "localhost"})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, elapsed


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


def run_wrk(port, paths_file, seconds, connections) -> Figures:
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
        + ["-s", str(BASE_DIR / "bench" / "paths.lua"), f"http://127.0.0.1:{port}", "--", str(paths_file)],
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
    """`rows`: (name, left Figures, right Figures); the ratio is right/left in requests per second."""
    ms = 1000
    print(f"\n{title}")
    print(
        f"  {'':<16} {left_label + ' req/s':>16} {right_label + ' req/s':>16} {'ratio':>7}"
        f"   {left_label + ' p50/p95 ms':>20} {right_label + ' p50/p95 ms':>20}"
    )
    for name, left, right in rows:
        ratio = right.requests_per_second / left.requests_per_second if left.requests_per_second else float("nan")
        left_latency = f"{left.p50 * ms:.1f} / {left.p95 * ms:.1f}"
        right_latency = f"{right.p50 * ms:.1f} / {right.p95 * ms:.1f}"
        print(
            f"  {name:<16} {left.requests_per_second:>16.1f} {right.requests_per_second:>16.1f} {ratio:>6.2f}×"
            f"   {left_latency:>20} {right_latency:>20}"
        )
        for label, figures in ((left_label, left), (right_label, right)):
            if figures.failures:
                print(f"  ! {name}, {label}: {figures.failures} requests failed or answered an error")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000, help="generated stories beside the demo ones")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="the commit to compare with (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default %(default)s)")
    parser.add_argument("--seconds", type=int, default=8, help="length of each timed run (default %(default)s)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent clients (default %(default)s)")
    parser.add_argument("--sample", type=int, default=60, help="how many different stories to request")
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
    )
    env.pop("PAGE_CACHE_SECONDS", None)
    env.pop("REDIS_URL", None)
    print(f"Masthead reader pages: {options.articles} generated stories on {options.database}")
    prepare(env, options.articles)
    paths = sample_paths(env, articles=options.sample)

    baseline_dir, baseline = baseline_worktree(options.baseline)
    current = current_label()
    baseline_env = dict(env, PAGE_CACHE_SECONDS="0", STATIC_ROOT=str(BENCH_DIR / f"static-{baseline}"))
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

    sides = {baseline: BASELINE_PORT, current: CURRENT_PORT}
    runs = {(side, kind): [] for side in sides for kind in KINDS}
    with ExitStack() as stack:
        serve(stack, baseline_env, BASELINE_PORT, baseline_dir)
        serve(stack, env, CURRENT_PORT, BASE_DIR)
        for port in sides.values():
            warm_up(port, paths)
        for round_number in range(1, options.rounds + 1):
            progress = []
            for kind in KINDS:
                for side, port in sides.items():
                    figures = measure(port, kind)
                    runs[side, kind].append(figures)
                    progress.append(f"{kind} {side} {figures.requests_per_second:.0f}/s")
            print(f"  round {round_number}: " + ", ".join(progress), flush=True)

    rows = [(kind, median_figures(runs[baseline, kind]), median_figures(runs[current, kind])) for kind in KINDS]
    print_table(
        f"Uncached pages, medians of {options.rounds} interleaved rounds (ratio: this checkout / baseline)",
        rows,
        baseline,
        "this",
    )


if __name__ == "__main__":
    main()
