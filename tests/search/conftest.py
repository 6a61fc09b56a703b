import datetime

import pytest
from django.utils import timezone

from tests.factories import ArticlePageFactory, AuthorFactory, SectionPageFactory, publish


def add_story(parent, title, *, tags=(), authors=(), body_text="The body of the story.", days_ago=1, **fields):
    """Publish a story under `parent` with its tags and authors, as an editor would in the admin."""
    when = timezone.now() - datetime.timedelta(days=days_ago)
    story = ArticlePageFactory.build(
        title=title,
        body=[{"type": "paragraph", "value": f"<p>{body_text}</p>"}],
        first_published_at=when,
        display_date=when,
        **fields,
    )
    parent.add_child(instance=story)
    if tags:
        story.tags.add(*tags)
    for order, name in enumerate(authors):
        story.authors.create(author=AuthorFactory(name=name), sort_order=order)
    return publish(story)


@pytest.fixture
def politics(home):
    return publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
