"""The demo newsroom shows approved comments under a story of each origin, as the seed page does."""

import pytest
from django.core.management import call_command

from news.models import ArticlePage
from reader_comments.models import Comment

pytestmark = pytest.mark.django_db


def test_demo_stories_carry_approved_comments_and_loading_twice_adds_none(client):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    syndicated = ArticlePage.objects.live().filter(origin="syndicated").order_by("-display_date").first()
    original = ArticlePage.objects.live().filter(origin="original").order_by("-display_date").first()

    assert "One Comment" in client.get(syndicated.url).content.decode()
    assert "3 Comments" in client.get(original.url).content.decode()
    assert not Comment.objects.exclude(status=Comment.Status.APPROVED).exists()

    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    assert Comment.objects.count() == 4
