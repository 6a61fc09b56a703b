"""The story editor's conveniences: authors chosen several at once, block previews, collapsed blocks that say what they hold."""

import re

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset

from home.blocks import HomeSectionsBlock
from home.models import HomePage
from news.blocks import ArticleBodyBlock
from news.models import ArticlePage, Author
from tests.factories import ArticlePageFactory, publish
from tests.news.workflow_fixtures import add_url, story_form

pytestmark = pytest.mark.django_db


def test_authors_are_chosen_several_at_once_and_kept_in_order(client, editor, section):
    ana = Author.objects.create(name="Ana Ruiz", slug="ana-ruiz")
    ben = Author.objects.create(name="Ben Okafor", slug="ben-okafor")
    client.force_login(editor)
    page = client.get(add_url(section)).content.decode()
    # Wagtail's MultipleChooserPanel: one "Add author" button opens a chooser that takes several.
    assert 'id="id_authors-OPEN_MODAL"' in page
    assert "new MultipleChooserPanel(" in page

    authors = inline_formset([{"author": str(ben.pk)}, {"author": str(ana.pk)}])
    assert client.post(add_url(section), story_form(authors=authors)).status_code == 302
    story = ArticlePage.objects.get(slug="bridge-reopens").get_latest_revision_as_object()
    assert [link.author.name for link in story.authors.all()] == ["Ben Okafor", "Ana Ruiz"]


LABEL_FORMATS = {
    "heading": "{text}",
    "image": "{caption}",
    "block_quote": "{quote}",
    "pull_quote": "{text}",
    "related_links": "{title}",
}
HOME_LABEL_FORMATS = {"featured_stories": "{heading}", "section_latest": "{section}", "licensing_promo": "{heading}"}


def test_collapsed_blocks_say_what_they_hold(client, editor, section):
    for name, label_format in LABEL_FORMATS.items():
        assert ArticleBodyBlock.base_blocks[name].meta.label_format == label_format
    for name, label_format in HOME_LABEL_FORMATS.items():
        assert HomeSectionsBlock.base_blocks[name].meta.label_format == label_format

    # The editor's block definitions carry them, so a collapsed block shows e.g. its heading's text.
    client.force_login(editor)
    page = client.get(add_url(section)).content.decode()
    for label_format in set(LABEL_FORMATS.values()):
        assert f"&quot;labelFormat&quot;: &quot;{label_format}&quot;" in page


def preview(client, block) -> BeautifulSoup:
    response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200, block.name
    return BeautifulSoup(response.content, "html.parser")


def test_every_body_and_front_page_block_previews_with_a_real_photo_and_the_sites_stylesheet(
    client, editor, section, image, home
):
    publish(ArticlePageFactory(parent=section, title="Bridge reopens after flood", slug="bridge-reopens"))
    client.force_login(editor)
    body = ArticlePage.body.field.stream_block
    front_page = HomePage.body.field.stream_block
    for block in [*body.child_blocks.values(), *front_page.child_blocks.values()]:
        if block.name == "embed":
            continue  # a video needs the provider's answer; its preview is Wagtail's own
        assert block.is_previewable, block.name
        soup = preview(client, block)
        stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
        assert any(re.search(r"/static/css/masthead(\.[0-9a-f]+)?\.css$", href) for href in stylesheets), block.name
        assert soup.find(class_="story__body") is not None

    photo = preview(client, body.child_blocks["image"])
    [picture] = photo.find_all("img")
    assert "/media/images/" in picture["src"]
    assert "Volunteers fill sandbags" in photo.get_text()

    latest = preview(client, front_page.child_blocks["section_latest"])
    assert "Bridge reopens after flood" in latest.get_text()
