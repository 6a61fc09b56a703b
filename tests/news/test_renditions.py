"""Image renditions are made when a story is published, so no reader's request makes one."""

import pytest
import wagtail_factories
from django.template import Context, Template, TemplateSyntaxError
from wagtail.images.models import Rendition

from news.pictures import PICTURES
from news.renditions import body_filters, hero_filters
from tests.factories import ArticlePageFactory, publish

pytestmark = pytest.mark.usefixtures("no_page_cache")


@pytest.fixture
def photos(db):
    return [wagtail_factories.ImageFactory(title=f"Photo {n}") for n in range(3)]


def illustrated_story(section, hero, body_photo, slug):
    return ArticlePageFactory.build(
        title=f"Story {slug}",
        slug=slug,
        hero_image=hero,
        body=[
            {"type": "paragraph", "value": "<p>Text.</p>"},
            {"type": "image", "value": {"image": body_photo.pk, "caption": "A photo.", "credit": "Masthead"}},
        ],
    )


def publish_and_commit(django_capture_on_commit_callbacks, page):
    """Publish as the admin does, and run what waits for the publication to commit (the renditions task)."""
    with django_capture_on_commit_callbacks(execute=True):
        return publish(page)


def spec_pairs(image, filters):
    return {(image.pk, f.spec) for f in filters}


def made(images):
    return set(Rendition.objects.filter(image__in=images).values_list("image_id", "filter_spec"))


def test_a_published_story_has_every_rendition_its_pages_use(section, photos, django_capture_on_commit_callbacks):
    hero, body_photo = photos[:2]
    story = illustrated_story(section, hero, body_photo, "harbour")
    section.add_child(instance=story)
    assert not made(photos)
    publish_and_commit(django_capture_on_commit_callbacks, story)
    assert made(photos) == spec_pairs(hero, hero_filters()) | spec_pairs(body_photo, body_filters())


def test_saving_a_draft_makes_no_renditions(section, photos):
    story = illustrated_story(section, photos[0], photos[1], "draft")
    section.add_child(instance=story)
    story.save_revision()
    assert not made(photos)


def test_the_first_views_of_a_published_story_and_its_listings_create_no_rendition(
    client, home, section, photos, django_capture_on_commit_callbacks
):
    stories = [
        publish_and_commit(django_capture_on_commit_callbacks, page)
        for page in [
            section.add_child(instance=illustrated_story(section, photos[n % 3], photos[(n + 1) % 3], f"story-{n}"))
            for n in range(5)
        ]
    ]
    before = Rendition.objects.count()
    for url in [stories[0].url, section.url, "/", f"/search/?q={stories[1].title.split()[0]}"]:
        assert client.get(url).status_code == 200
    assert Rendition.objects.count() == before


def test_without_the_task_the_first_view_would_have_made_them(client, section, photos):
    """The check above is only worth something if a view does make missing renditions."""
    story = section.add_child(instance=illustrated_story(section, photos[0], photos[1], "unprepared"))
    publish(story)  # the commit never comes inside the test's transaction, so the task does not run
    assert client.get(story.url).status_code == 200
    assert Rendition.objects.filter(image=photos[0]).exists()


def test_picture_sizes_are_checked_when_the_template_is_read():
    with pytest.raises(TemplateSyntaxError, match="unknown size 'poster'"):
        Template('{% load picture_tags %}{% picture_of image "poster" %}')
    with pytest.raises(TemplateSyntaxError, match="attribute=value"):
        Template('{% load picture_tags %}{% picture_of image "card" lazy %}')


def test_picture_of_writes_what_wagtails_picture_tag_writes(photos):
    image = photos[0]
    ours = Template('{% load picture_tags %}{% picture_of image "card" sizes="30vw" loading=how %}')
    wagtails = Template(
        "{% load wagtailimages_tags %}{% picture image " + PICTURES["card"] + ' sizes="30vw" loading=how %}'
    )
    context = {"image": image, "how": "lazy"}
    html = ours.render(Context(context))
    assert html == wagtails.render(Context(context))
    assert html.count("<source") == 2 and 'loading="lazy"' in html
    assert Template('{% load picture_tags %}{% picture_of image "card" %}').render(Context({"image": None})) == ""
