"""A real Varnish, running deploy/varnish/masthead.vcl, in front of the live test server.

The tests start `varnishd` once for the session with a small top file of
their own (the live server as backend, with a fast health probe, and
127.0.0.1 as the only purger) that includes the project's masthead.vcl, so
what is tested is what production runs. Each test starts from an empty
cache, with that configuration active, and Masthead's purges pointed at
this Varnish (`WAGTAILFRONTENDCACHE`).

They skip, with the reason, when Varnish is not installed;
`MASTHEAD_VARNISH_REQUIRED=1` (what CI sets) turns that into a failure, so
a CI machine without Varnish cannot pass by skipping.

Every test runs against a transactional database (the live server answers
from another thread); `serialized_rollback` restores what the migrations
created (root page, home page, the default Site "localhost" on port 80)
after each test's flush. Requests go to Varnish with `Host: localhost`, the
host of that Site, which is also the Host Masthead names in its purges.
"""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

VARNISHD = Path(os.environ.get("MASTHEAD_VARNISHD", "/usr/sbin/varnishd"))
MASTHEAD_VCL = settings.BASE_DIR / "deploy" / "varnish" / "masthead.vcl"
SITE_HOST = "localhost"  # the default Site's hostname (home/migrations/0002_create_homepage.py), port 80
START_TIMEOUT = 15  # seconds for varnishd to compile its VCL and answer

# The top file a site writes (deploy/varnish/default.vcl), with the test's
# backend and addresses. The probe is quick so that a dead backend is seen
# within a second; `initial` says whether the backend starts healthy. It asks
# for OPTIONS, which Django answers before touching the database
# (serving/http_methods.py), rather than production's /healthz: on SQLite
# the live server shares the test's in-memory database, and a probe reading
# it while a test writes makes one of them fail with "database table is
# locked". test_the_shipped_probe_gets_200_from_django checks production's probe request.
TOP_VCL = """\
vcl 4.1;

import std;

backend default {{
    .host = "127.0.0.1";
    .port = "{port}";
    .connect_timeout = 1s;
    .first_byte_timeout = 15s;
    .probe = {{
        .request = "OPTIONS / HTTP/1.1" "Host: {host}" "Connection: close";
        .expected_response = 204;
        .interval = 0.5s;
        .timeout = 2s;
        .window = 2;
        .threshold = 1;
        .initial = {initial};
    }}
}}

acl purgers {{
    {purgers}
}}

include "{masthead_vcl}";
"""


def varnish_required() -> bool:
    return os.environ.get("MASTHEAD_VARNISH_REQUIRED", "").strip() not in ("", "0", "false", "no")


def free_port() -> int:
    """A port nothing listens on (the kernel's pick, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def eventually(check, timeout=1.0, interval=0.02):
    """Polls `check` until it returns something true or `timeout` seconds pass; returns its last answer."""
    deadline = time.monotonic() + timeout
    while True:
        answer = check()
        if answer or time.monotonic() >= deadline:
            return answer
        time.sleep(interval)


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def cache(self) -> str:
        """What Varnish said it did: HIT, HIT-STALE, MISS or PASS ("" when it did not say)."""
        return self.headers.get("X-Cache", "")


class Varnish:
    """One varnishd in its own working directory, driven with varnishadm and read with varnishstat."""

    def __init__(self, backend_port: int):
        self.backend_port = backend_port
        self.workdir = Path(tempfile.mkdtemp(prefix="masthead-varnish-"))
        self.port = free_port()
        self.process = None
        self.loaded = 0

    @property
    def location(self) -> str:
        """Where Masthead sends its purges (the LOCATION of a VarnishBackend)."""
        return f"http://127.0.0.1:{self.port}"

    def top_vcl(self, *, backend_port=None, purgers=("127.0.0.1",), initial=1, extra="") -> str:
        """The tests' top file; `extra` is VCL added after masthead.vcl (its subroutines run after masthead's)."""
        return (
            TOP_VCL.format(
                port=backend_port or self.backend_port,
                host=SITE_HOST,
                initial=initial,
                purgers=" ".join(f'"{address}";' for address in purgers),
                masthead_vcl=MASTHEAD_VCL,
            )
            + extra
        )

    def start(self):
        boot = self.workdir / "boot.vcl"
        boot.write_text(self.top_vcl())
        self.log = open(self.workdir / "varnishd.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(VARNISHD),
                "-F",  # in the foreground: a child of the test run, stopped with it
                "-j",
                "none",
                "-n",
                str(self.workdir / "n"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                "127.0.0.1:0",
                "-s",
                "malloc,64m",
                "-f",
                str(boot),
                "-p",
                "vcl_cooldown=1",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd stopped at start:\n{self.read_log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"varnishd did not answer within {START_TIMEOUT} s:\n{self.read_log()}"
                    ) from None
                time.sleep(0.05)

    def read_log(self) -> str:
        self.log.flush()
        return (self.workdir / "varnishd.log").read_text()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def adm(self, *command) -> str:
        done = subprocess.run(
            ["varnishadm", "-n", str(self.workdir / "n"), *command],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if done.returncode != 0:
            raise RuntimeError(f"varnishadm {' '.join(command)}: {done.stdout}{done.stderr}")
        return done.stdout

    def stats(self, *fields) -> dict[str, int]:
        """Counters from varnishstat, by name; `fields` may hold globs (VBE.*.conn)."""
        done = subprocess.run(
            ["varnishstat", "-n", str(self.workdir / "n"), "-1", *(f for name in fields for f in ("-f", name))],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return {line.split()[0]: int(line.split()[1]) for line in done.stdout.splitlines() if line.strip()}

    def n_objects(self) -> int:
        """Objects in the cache (varnishstat MAIN.n_object)."""
        return self.stats("MAIN.n_object")["MAIN.n_object"]

    def fetches_in_flight(self) -> int:
        """Requests Varnish has at the backend now, background refreshes included (backend connections in use)."""
        return sum(self.stats("VBE.*.conn").values())

    def settle(self, timeout=15):
        """Waits until no request of Varnish's is at the live server, so that the database can be flushed.

        Call it once nothing can start a new fetch (every object banned):
        the backend must look idle three times in a row.
        """
        deadline = time.monotonic() + timeout
        idle = 0
        while idle < 3:
            idle = idle + 1 if self.fetches_in_flight() == 0 else 0
            if time.monotonic() > deadline:
                raise RuntimeError(f"Varnish still has requests at the live server: {self.stats('VBE.*.conn')}")
            time.sleep(0.05)

    def use_vcl(self, **top) -> str:
        """Loads and switches to a top file like the tests' own, changed by `top` (see top_vcl); the cache is kept."""
        self.loaded += 1
        name = f"alt{self.loaded}"
        path = self.workdir / f"{name}.vcl"
        path.write_text(self.top_vcl(**top))
        self.adm("vcl.load", name, str(path))
        self.adm("vcl.use", name)
        return name

    def reset(self):
        """Back to the tests' own configuration, with nothing cached and the backend seen healthy."""
        self.adm("vcl.use", "boot")
        for line in self.adm("vcl.list").splitlines():
            name = line.split()[-1] if line.split() else ""
            if name.startswith("alt"):
                try:
                    self.adm("vcl.discard", name)
                except RuntimeError:
                    pass  # still cooling down; discarded on a later reset
        self.adm("ban", "obj.status", "!=", "0")
        if not eventually(lambda: "healthy" in self.adm("backend.list", "boot.*"), timeout=5):
            raise RuntimeError(f"the live server never looked healthy to Varnish:\n{self.adm('backend.list')}")

    def request(self, method, path, *, headers=None, body=None, host=SITE_HOST) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return Response(response.status, response.msg, response.read())
        finally:
            connection.close()

    def get(self, path, **options) -> Response:
        return self.request("GET", path, **options)

    def cached(self, path, **options) -> Response:
        """GETs `path` until Varnish answers it from its cache (twice at most), and returns that answer."""
        first = self.get(path, **options)
        if first.cache == "HIT":
            return first
        second = self.get(path, **options)
        assert second.status == 200, f"{path}: {second.status}"
        assert second.cache == "HIT", f"{path} was not kept by Varnish: X-Cache {second.cache!r}"
        return second


@pytest.fixture(scope="session")
def varnish_installed():
    """varnishd, or a skip (a failure under MASTHEAD_VARNISH_REQUIRED) naming what is missing."""
    missing = [str(VARNISHD)] if not os.access(VARNISHD, os.X_OK) else []
    missing += [tool for tool in ("varnishadm", "varnishstat") if shutil.which(tool) is None]
    if missing:
        reason = f"Varnish not installed: {', '.join(missing)} not found (apt-get install -y varnish, or set MASTHEAD_VARNISHD)"
        if varnish_required():
            pytest.fail(f"{reason}; MASTHEAD_VARNISH_REQUIRED is set, so the Varnish tests may not skip")
        pytest.skip(reason)
    return VARNISHD


@pytest.fixture(scope="session")
def varnishd(varnish_installed, django_db_setup, live_server):
    """The session's varnishd, in front of the live server.

    The test databases are set up before the live server starts, so that
    they are dropped after it stops (its connections closed), not before.

    Tests use it through `varnish`, which also restores the database after
    them: a test on the live server without serialized rollback would leave
    the next one a database it cannot restore.
    """
    server = Varnish(backend_port=urlsplit(live_server.url).port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def varnish(varnishd, live_server, django_db_serialized_rollback, settings):
    """Varnish with an empty cache and the tests' own configuration, and Masthead purging it."""
    from news.models import PublicationSettings
    from reader_comments.models import CommentSettings

    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "caching.backends.VarnishBackend", "LOCATION": varnishd.location}
    }
    # Saving either settings row purges the whole site, and the first reader
    # to need one creates it: made here, that purge cannot empty the cache
    # in the middle of a test (and hide a purge that did not work).
    PublicationSettings.load()
    CommentSettings.load()
    varnishd.reset()
    yield varnishd
    varnishd.adm("vcl.use", "boot")
    # A refresh Varnish started in the background may still be rendering a
    # page; the flush after the test must not race it.
    varnishd.adm("ban", "obj.status", "!=", "0")
    varnishd.settle()
