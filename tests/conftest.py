import io
import shutil
from contextlib import redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.test import TestCase, override_settings
from PIL import Image
from pytest_django.live_server_helper import LiveServer

from news.models import PublicationSettings
from tests.background_work import database_queue, dripping_feed_server, flaky_mail_server, silent_server  # noqa: F401
from tests.factories import (
    ArticlePageFactory,
    LicensingNoticePageFactory,
    SectionPageFactory,
    SyndicationPartnerFactory,
    home_page,
    publish,
)
from tests.news.workflow_fixtures import editor, editor_client, other_editor, reviewer, reviewer_client  # noqa: F401
from tests.shared_rows import rows_shared_by_a_class

# libavif's fastest setting (0 is the slowest and best compressed; Pillow's default is 6).
AVIF_SPEED_IN_TESTS = 10


def pytest_configure(config):
    """Photos' AVIF renditions are encoded at libavif's fastest speed, as passwords are hashed with MD5 here.

    At Pillow's default effort, AVIF encoding was about half of the suite's
    CPU time (the demo newsroom's photos alone took some 30 CPU-seconds a
    load). The renditions are still AVIF files, made by the same Wagtail,
    Willow and Pillow calls, only less tightly compressed; no test asks how
    small a photo is. Pillow takes the speed as a save option, which Willow
    does not pass on, so the AVIF writer is registered again with it.
    """
    Image.init()
    save_avif = Image.SAVE["AVIF"]

    def save_avif_fast(image, fp, filename):
        image.encoderinfo.setdefault("speed", AVIF_SPEED_IN_TESTS)
        return save_avif(image, fp, filename)

    Image.register_save("AVIF", save_avif_fast)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with empty caches (drawn fragments too), so no page or lookup leaks between tests.

    Rows a class shares keep their ids from test to test, so a fragment left by one test would be found by the next.
    """
    clear_every_cache()
    yield
    clear_every_cache()


def clear_every_cache():
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(scope="session", autouse=True)
def scratch_media():
    yield
    if "masthead-media-" in str(settings.MEDIA_ROOT):
        shutil.rmtree(Path(settings.MEDIA_ROOT), ignore_errors=True)


@pytest.fixture(scope="class")
def demo_newsroom(django_db_setup, django_db_blocker):
    """The demo newsroom (`load_demo_content`, as `make run` loads it), loaded once for a class of tests.

    As under `make run`, where the load commits, the work that waits for a
    commit runs (the photos' renditions above all), and the site that names
    the partners' feeds is up: a live server, which serves them as static
    files. Gives what loading printed (the command's output and anything
    else written to standard output), the mail it sent, and the server's
    address.
    """
    printed = io.StringIO()
    server = LiveServer("localhost")
    try:
        with rows_shared_by_a_class(django_db_blocker):
            with django_db_blocker.unblock(), redirect_stdout(printed):
                mail.outbox.clear()
                with (
                    override_settings(WAGTAILADMIN_BASE_URL=server.url),
                    TestCase.captureOnCommitCallbacks(execute=True),
                ):
                    call_command("load_demo_content", stdout=printed)
                sent = list(mail.outbox)
            yield SimpleNamespace(printed=printed.getvalue(), mail=sent, site_url=server.url)
    finally:
        server.stop()


@pytest.fixture
def home(db):
    return home_page()


@pytest.fixture
def section(home):
    return publish(SectionPageFactory(parent=home, title="World News", slug="world-news"))


@pytest.fixture
def our_licence(home):
    return publish(
        LicensingNoticePageFactory(parent=home, title="Republish our journalism", slug="republishing-licence")
    )


@pytest.fixture
def no_page_cache(settings):
    """Pages are marked private, as if shared caching were off (Django keeps no pages itself, so views always run)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def purges(settings):
    """The frontend cache is a recorder; the fixture tells what the test's changes asked it to drop."""
    from tests.purges import Purges, RecordingCache

    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.purges.RecordingCache"}}
    RecordingCache.sent = []
    return Purges()


@pytest.fixture
def originals_licence(our_licence):
    """Our own licence, named in the publication settings as the one for our original stories."""
    publication = PublicationSettings.load()
    publication.originals_licence = our_licence
    publication.save()
    return our_licence


@pytest.fixture
def partner_licence(home):
    return publish(
        LicensingNoticePageFactory(
            parent=home,
            title="Coastline Chronicle licence",
            slug="coastline-licence",
            licensor="Coastline Chronicle",
            short_notice="<p>This content created by the Coastline Chronicle is available without charge to any eligible news publisher.</p>",
            contact_email="licensing@coastline.example",
        )
    )


@pytest.fixture
def partner(db, partner_licence, section):
    return SyndicationPartnerFactory(
        name="Coastline Chronicle",
        slug="coastline-chronicle",
        default_licensing_notice=partner_licence,
        default_section=section,
    )


@pytest.fixture
def article(section):
    return publish(ArticlePageFactory(parent=section, title="Bridge reopens after flood", slug="bridge-reopens"))


@pytest.fixture
def image(db):
    import wagtail_factories

    return wagtail_factories.ImageFactory(title="Harbour at dawn")
