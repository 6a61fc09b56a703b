"""What readers get through Varnish (deploy/varnish/masthead.vcl) as the newsroom works.

Each test caches pages through a real Varnish, changes something the way
the newsroom does (publish, edit, move, unpublish), and reads the pages
through Varnish again: the change shows within a second, because Masthead's
purges (caching.purge, caching.backends) reach the VCL and it drops exactly
what they name. The rest says what the VCL keeps and for whom: query
strings, cookies, methods, purgers, a failing backend, HEAD.
"""

import re
import socket
import subprocess
import time
import uuid
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from wagtail.models import Page

from caching.models import PendingPurge
from caching.purge import send_pending
from news.models import ArticlePage
from tests.factories import ArticlePageFactory, SectionPageFactory, publish
from tests.serving.conftest import MASTHEAD_VCL, eventually, free_port

DEFAULT_VCL = MASTHEAD_VCL.with_name("default.vcl")

PURGE_DEADLINE = 1.0  # seconds within which a change shows through Varnish


def story(section, title, slug):
    return publish(ArticlePageFactory(parent=section, title=title, slug=slug))


def show_on_front_page(home, *sections):
    home.body = [
        {"type": "section_latest", "value": {"section": section.pk, "heading": "", "count": 4}} for section in sections
    ]
    publish(home)


def shows(varnish, path, text):
    """`path`, read through Varnish within the deadline, shows `text`."""
    return eventually(lambda: text in varnish.get(path).text, timeout=PURGE_DEADLINE)


def hides(varnish, path, text):
    """`path`, read through Varnish within the deadline, no longer shows `text`."""
    return eventually(lambda: text not in varnish.get(path).text, timeout=PURGE_DEADLINE)


@pytest.fixture
def politics(home):
    return publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))


# --------------------------------------------------------- the newsroom's changes


def test_a_published_story_shows_at_once_on_the_section_and_home_pages_readers_had_cached(varnish, home, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    show_on_front_page(home, section)
    for path in ("/", "/world-news/"):
        assert "Bridge reopens after flood" in varnish.cached(path).text

    story(section, "Harbour tunnel approved", "harbour-tunnel")

    assert shows(varnish, "/world-news/", "Harbour tunnel approved")
    assert shows(varnish, "/", "Harbour tunnel approved")
    assert varnish.get("/world-news/harbour-tunnel/").status == 200


def test_an_edited_headline_shows_at_once_on_its_page_its_listing_and_other_stories_related_lists(
    varnish, home, section
):
    bridge = story(section, "Bridge reopens after flood", "bridge-reopens")
    story(section, "Harbour tunnel approved", "harbour-tunnel")
    # The tunnel story's related list shows the bridge story: a page that is
    # neither the story's own nor its listing, found only by its story tags.
    for path in ("/world-news/bridge-reopens/", "/world-news/harbour-tunnel/", "/world-news/"):
        assert "Bridge reopens after flood" in varnish.cached(path).text

    bridge = ArticlePage.objects.get(pk=bridge.pk)
    bridge.title = "Bridge reopens a week early"
    publish(bridge)

    for path in ("/world-news/bridge-reopens/", "/world-news/harbour-tunnel/", "/world-news/"):
        assert shows(varnish, path, "Bridge reopens a week early"), path
        assert "Bridge reopens after flood" not in varnish.get(path).text, path


def test_a_moved_story_leaves_its_old_address_and_listing_and_shows_in_the_new_one(varnish, section, politics):
    moved = story(section, "Minister visits the harbour", "minister-visits")
    assert varnish.cached("/world-news/minister-visits/").status == 200
    assert "Minister visits the harbour" in varnish.cached("/world-news/").text
    assert "Minister visits the harbour" not in varnish.cached("/politics/").text

    ArticlePage.objects.get(pk=moved.pk).move(politics, pos="last-child")

    # The old address now redirects or is gone; either way not the cached page.
    assert eventually(lambda: varnish.get("/world-news/minister-visits/").status != 200, timeout=PURGE_DEADLINE)
    new = varnish.get("/politics/minister-visits/")
    assert new.status == 200 and "Minister visits the harbour" in new.text
    assert hides(varnish, "/world-news/", "Minister visits the harbour")
    assert shows(varnish, "/politics/", "Minister visits the harbour")


def test_an_unpublished_story_is_gone_at_once_from_its_address_and_every_page_that_listed_it(varnish, home, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    pulled = story(section, "Harbour tunnel approved", "harbour-tunnel")
    show_on_front_page(home, section)
    for path in ("/", "/world-news/", "/world-news/bridge-reopens/", "/world-news/harbour-tunnel/"):
        assert "Harbour tunnel approved" in varnish.cached(path).text

    ArticlePage.objects.get(pk=pulled.pk).unpublish()

    assert eventually(lambda: varnish.get("/world-news/harbour-tunnel/").status == 404, timeout=PURGE_DEADLINE)
    for path in ("/", "/world-news/", "/world-news/bridge-reopens/"):
        assert hides(varnish, path, "Harbour tunnel approved"), path


def test_a_story_made_private_is_gone_at_once_from_its_address_and_every_page_that_listed_it(varnish, section):
    from wagtail.models import PageViewRestriction

    story(section, "Bridge reopens after flood", "bridge-reopens")
    private = story(section, "Harbour tunnel approved", "harbour-tunnel")
    for path in ("/world-news/", "/world-news/bridge-reopens/", "/world-news/harbour-tunnel/"):
        assert "Harbour tunnel approved" in varnish.cached(path).text

    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert eventually(lambda: varnish.get("/world-news/harbour-tunnel/").status != 200, timeout=PURGE_DEADLINE)
    for path in ("/world-news/", "/world-news/bridge-reopens/"):
        assert hides(varnish, path, "Harbour tunnel approved"), path


def test_a_purge_varnish_missed_is_sent_again_and_then_the_story_is_gone(varnish, section, settings):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    pulled = story(section, "Harbour tunnel approved", "harbour-tunnel")
    for path in ("/world-news/", "/world-news/harbour-tunnel/"):
        varnish.cached(path)
    reachable = settings.WAGTAILFRONTENDCACHE
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "caching.backends.VarnishBackend", "LOCATION": f"http://127.0.0.1:{free_port()}"}
    }

    ArticlePage.objects.get(pk=pulled.pk).unpublish()

    assert PendingPurge.objects.exists()
    assert varnish.get("/world-news/harbour-tunnel/").cache == "HIT"  # the purge did not arrive

    settings.WAGTAILFRONTENDCACHE = reachable
    assert send_pending() == 0

    assert varnish.get("/world-news/harbour-tunnel/").status == 404
    assert "Harbour tunnel approved" not in varnish.get("/world-news/").text
    assert not PendingPurge.objects.exists()


def test_send_purges_command_delivers_what_is_owed(varnish, section, settings):
    pulled = story(section, "Harbour tunnel approved", "harbour-tunnel")
    varnish.cached("/world-news/harbour-tunnel/")
    reachable = settings.WAGTAILFRONTENDCACHE
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "caching.backends.VarnishBackend", "LOCATION": f"http://127.0.0.1:{free_port()}"}
    }
    ArticlePage.objects.get(pk=pulled.pk).unpublish()
    settings.WAGTAILFRONTENDCACHE = reachable

    call_command("send_purges")

    assert varnish.get("/world-news/harbour-tunnel/").status == 404
    assert not PendingPurge.objects.exists()


# ------------------------------------------------------------------ what is kept


def test_tracking_and_unknown_query_parameters_share_the_copy_of_the_bare_address(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    varnish.cached("/world-news/")
    objects = varnish.n_objects()

    for path in (
        "/world-news/?",
        "/world-news/?utm_source=x&fbclid=y",
        "/world-news/?utm_medium=social&utm_campaign=spring&gclid=1&_ga=2&mc_cid=3",
        *(f"/world-news/?foo={uuid.uuid4().hex}" for _ in range(10)),
        *(f"/world-news/?{uuid.uuid4().hex[:8]}={uuid.uuid4().hex}&utm_source=x" for _ in range(10)),
    ):
        assert varnish.get(path).cache == "HIT", path

    assert varnish.n_objects() <= objects


# What reader pages read from the query string (masthead.vcl keeps these and drops the rest).
READER_PARAMETERS = ("page", "p", "q", "section", "from", "to", "sort", "comment", "replytocom")


def test_parameters_the_site_reads_are_kept_and_put_in_one_order(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    varnish.cached("/world-news/")

    for name in READER_PARAMETERS:
        assert varnish.get(f"/world-news/?{name}=2&utm_source=x").cache == "MISS", name  # its own copy...
        assert varnish.get(f"/world-news/?fbclid=y&{name}=2").cache == "HIT", name  # ...shared by tracked variants
    assert varnish.get("/world-news/?sort=newest&page=2").cache == "MISS"
    assert varnish.get("/world-news/?page=2&sort=newest").cache == "HIT"


def test_signed_in_people_and_form_users_reach_django_others_share_the_cached_copy(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    cached = varnish.cached("/world-news/")

    for cookie in ("sessionid=abc123", "csrftoken=xyz; _ga=GA1.1.1", "_ga=GA1.1.1; sessionid=abc123"):
        assert varnish.get("/world-news/", headers={"Cookie": cookie}).cache == "PASS", cookie
    analytics = varnish.get("/world-news/", headers={"Cookie": "_ga=GA1.1.1; consent=yes"})
    assert analytics.cache == "HIT" and analytics.text == cached.text
    assert varnish.get("/world-news/").cache == "HIT"  # what the signed-in reader got was not kept


def test_the_admin_is_never_cached_and_keeps_its_query_strings(varnish):
    for _ in range(2):
        login = varnish.get("/admin/login/?next=/admin/pages/")
        assert login.cache == "PASS"
        assert 'name="next" value="/admin/pages/"' in login.text


def test_responses_django_marks_private_are_not_kept(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    for _ in range(2):
        response = varnish.get("/search/?q=bridge")
        assert "private" in response.headers["Cache-Control"]
        assert response.cache != "HIT"


def test_a_public_response_that_sets_a_cookie_is_not_kept_so_each_reader_gets_their_own(varnish, settings):
    settings.ROOT_URLCONF = "tests.serving.cookie_urls"
    first, second = varnish.get("/welcome/"), varnish.get("/welcome/")
    for response in (first, second):
        assert response.status == 200
        assert "public" in response.headers["Cache-Control"]
        assert response.cache != "HIT"
    assert first.headers["Set-Cookie"].split(";")[0] != second.headers["Set-Cookie"].split(";")[0]
    assert first.text != second.text


def test_post_reaches_django_even_at_a_cached_address(varnish, section):
    posted = story(section, "Bridge reopens after flood", "bridge-reopens")
    cached = varnish.cached("/world-news/bridge-reopens/")

    form = {"Content-Type": "application/x-www-form-urlencoded"}
    comment = varnish.request("POST", f"/comments/{posted.pk}/", headers=form, body=b"text=")
    assert comment.cache == "PASS" and comment.status == 400  # Django refused the empty comment
    assert varnish.request("POST", "/world-news/bridge-reopens/", headers=form, body=b"x=1").cache == "PASS"

    again = varnish.get("/world-news/bridge-reopens/")
    assert again.cache == "HIT" and again.text == cached.text


def test_head_has_no_body_and_fills_the_cache_for_get(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")

    for expected in ("MISS", "HIT"):
        with socket.create_connection(("127.0.0.1", varnish.port), timeout=10) as connection:
            connection.sendall(b"HEAD /world-news/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            raw = b""
            while chunk := connection.recv(65536):
                raw += chunk
        head, _, body = raw.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        assert f"X-Cache: {expected}".encode() in head
        assert body == b""

    page = varnish.get("/world-news/")
    assert page.cache == "HIT" and "Bridge reopens after flood" in page.text


def test_readers_never_see_story_tags_or_varnish_helper_headers(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    responses = [
        varnish.get("/world-news/"),  # MISS
        varnish.get("/world-news/"),  # HIT
        varnish.request("HEAD", "/world-news/"),
        varnish.get("/world-news/", headers={"Cookie": "sessionid=abc"}),  # PASS
    ]
    assert [response.cache for response in responses] == ["MISS", "HIT", "HIT", "PASS"]
    for response in responses:
        assert response.status == 200
        for header in ("Surrogate-Key", "x-host", "x-path"):
            assert header not in response.headers


# ----------------------------------------------------------------- the purge protocol


def test_purge_drops_every_query_variant_of_the_path_on_that_host_only(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    for path in ("/world-news/", "/world-news/?page=2", "/world-news/bridge-reopens/"):
        varnish.cached(path)
    varnish.cached("/world-news/", host="other.example")

    assert varnish.request("PURGE", "/world-news/").status == 200

    assert varnish.get("/world-news/").cache == "MISS"
    assert varnish.get("/world-news/?page=2").cache == "MISS"
    assert varnish.get("/world-news/bridge-reopens/").cache == "HIT"
    assert varnish.get("/world-news/", host="other.example").cache == "HIT"


def test_one_copy_per_host_however_it_is_spelled_so_purges_find_it(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    varnish.cached("/world-news/")
    assert varnish.get("/world-news/", host="LocalHost:80").cache == "HIT"

    assert varnish.request("PURGE", "/world-news/", host="LOCALHOST").status == 200

    assert varnish.get("/world-news/").cache == "MISS"


def test_ban_by_story_tag_matches_whole_tags_only(varnish, home, section):
    while Page.objects.order_by("-pk").values_list("pk", flat=True).first() < 9:
        SectionPageFactory(parent=home)  # so that the story's id has two digits or more
    tagged = story(section, "Bridge reopens after flood", "bridge-reopens")
    digits = str(tagged.pk)
    assert len(digits) >= 2
    varnish.cached("/world-news/bridge-reopens/")

    for near_miss in (digits[:-1], digits[1:], digits + "0"):
        response = varnish.request("BAN", "/", headers={"Surrogate-Key": f"story-{near_miss}"})
        assert response.status == 200
        assert varnish.get("/world-news/bridge-reopens/").cache == "HIT", near_miss

    response = varnish.request("BAN", "/", headers={"Surrogate-Key": f"story-99999 story-{digits}"})
    assert response.status == 200
    assert varnish.get("/world-news/bridge-reopens/").cache == "MISS"


@pytest.mark.parametrize(
    "key",
    ["story-1;story-2", "story-1,story-2", "story-", "story-1|.*", "obj.status", "story-1 && req.url ~ .", "*"],
)
def test_ban_refuses_anything_but_story_tags(varnish, section, key):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    varnish.cached("/world-news/")

    assert varnish.request("BAN", "/", headers={"Surrogate-Key": key}).status == 400

    assert varnish.get("/world-news/").cache == "HIT"


def test_ban_with_a_host_and_no_tags_drops_that_whole_site(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    for path in ("/", "/world-news/", "/world-news/bridge-reopens/"):
        varnish.cached(path)
    varnish.cached("/", host="other.example")

    assert varnish.request("BAN", "/").status == 200

    for path in ("/", "/world-news/", "/world-news/bridge-reopens/"):
        assert varnish.get(path).cache == "MISS", path
    assert varnish.get("/", host="other.example").cache == "HIT"


def test_purges_from_an_address_not_listed_are_refused_and_change_nothing(varnish, section):
    story(section, "Bridge reopens after flood", "bridge-reopens")
    varnish.cached("/world-news/")
    varnish.use_vcl(purgers=("192.0.2.1",))

    for method, headers in (("PURGE", {}), ("BAN", {}), ("BAN", {"Surrogate-Key": "story-1 story-2 story-3"})):
        assert varnish.request(method, "/world-news/", headers=headers).status in (403, 405)

    assert varnish.get("/world-news/").cache == "HIT"


# -------------------------------------------------------------- a failing backend


def test_cached_pages_are_served_while_the_backend_is_down_even_past_their_lifetime(varnish, section, settings):
    settings.PAGE_CACHE_SECONDS = 1
    story(section, "Bridge reopens after flood", "bridge-reopens")
    assert varnish.get("/world-news/").cache == "MISS"  # and kept, for a second

    varnish.use_vcl(backend_port=free_port(), initial=0)  # nothing listens there: the probe says sick
    time.sleep(1.2)  # past the page's s-maxage

    stale = varnish.get("/world-news/")
    assert stale.status == 200 and stale.cache == "HIT-STALE"
    assert "Bridge reopens after flood" in stale.text
    again = varnish.get("/world-news/")  # the failed refresh in the background did not replace it
    assert again.status == 200 and "Bridge reopens after flood" in again.text
    assert varnish.get("/world-news/bridge-reopens/").status == 503  # never cached: nothing to serve


def test_a_failed_background_refresh_keeps_the_stale_copy(varnish, section, settings, monkeypatch):
    from news.models import SectionPage

    settings.PAGE_CACHE_SECONDS = 1
    story(section, "Bridge reopens after flood", "bridge-reopens")
    assert varnish.get("/world-news/").cache == "MISS"  # and kept, for a second
    time.sleep(1.2)  # past the page's s-maxage; the backend is still healthy

    def broken(*args, **kwargs):
        raise RuntimeError("the section page is broken")

    monkeypatch.setattr(SectionPage, "get_context", broken)
    assert varnish.get("/world-news/").cache == "HIT-STALE"  # and a refresh starts, which gets a 500
    time.sleep(0.3)

    for _ in range(3):
        response = varnish.get("/world-news/")
        assert response.status == 200 and "Bridge reopens after flood" in response.text
        assert response.cache == "HIT-STALE"


# Stands for readers who arrive after the few seconds of grace a healthy
# backend gets (masthead.vcl's vcl_recv): their own request fetches the page.
# Runs after masthead.vcl's vcl_hash, before the cache is looked up; leaves
# alone the second look masthead.vcl takes after a failed fetch.
PAST_HEALTHY_GRACE = """
sub vcl_hash {
    if (!req.http.x-masthead-stale) {
        set req.grace = 0s;
    }
}
"""


def test_a_page_django_fails_to_render_is_served_stale_when_a_copy_is_kept(varnish, section, settings, monkeypatch):
    from news.models import SectionPage

    settings.PAGE_CACHE_SECONDS = 1
    story(section, "Bridge reopens after flood", "bridge-reopens")
    assert varnish.get("/world-news/").cache == "MISS"  # and kept, for a second
    varnish.use_vcl(extra=PAST_HEALTHY_GRACE)
    time.sleep(1.2)  # past the page's s-maxage; the backend is healthy

    def broken(*args, **kwargs):
        raise RuntimeError("the page is broken")

    monkeypatch.setattr(SectionPage, "get_context", broken)
    monkeypatch.setattr(ArticlePage, "get_context", broken)

    for _ in range(2):
        response = varnish.get("/world-news/")
        assert response.status == 200 and "Bridge reopens after flood" in response.text
        assert response.cache == "HIT-STALE"
    never_cached = varnish.get("/world-news/bridge-reopens/")
    assert never_cached.status == 503 and "Retry-After" in never_cached.headers

    monkeypatch.undo()
    # Mended: the next reader gets a fresh page, fetched now or by the background refresh a stale hit
    # started (which may reach Django just after the mend), never the stale copy again.
    mended = varnish.get("/world-news/")
    assert mended.status == 200 and mended.cache in ("MISS", "HIT")


# ------------------------------------------------------------ the shipped top file


def test_the_shipped_default_vcl_compiles_with_masthead_vcl(varnish_installed, tmp_path):
    compiled = subprocess.run(
        [str(varnish_installed), "-C", "-j", "none", "-n", str(tmp_path / "n")]
        + ["-p", f"vcl_path={DEFAULT_VCL.parent}", "-f", str(DEFAULT_VCL)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert compiled.returncode == 0, compiled.stderr[-3000:]


def test_the_shipped_probe_gets_200_from_django(varnish, live_server):
    """The probe in default.vcl names a host, which Django needs (else 400, and gunicorn would look down)."""
    probe = re.search(r"\.request\s*=((?:\s*\"[^\"]*\")+)\s*;", DEFAULT_VCL.read_text())
    request = "\r\n".join(re.findall(r'"([^"]*)"', probe.group(1))) + "\r\n\r\n"
    with socket.create_connection(("127.0.0.1", urlsplit(live_server.url).port), timeout=10) as connection:
        connection.sendall(request.encode())
        status_line = connection.makefile("rb").readline()
    assert status_line.split()[1] == b"200", status_line
