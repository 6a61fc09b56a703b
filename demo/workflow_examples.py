"""Two stories mid-workflow, so the review queue and the Upcoming view have something to show.

One waits for review (submitted by the demo editor); one is approved under an
embargo and goes live tomorrow morning. Both go through Wagtail's workflow
API, exactly as the admin buttons would, so they carry the same audit trail;
the notification mail those steps would send is not sent (nobody is waiting
for it, and `make run` would print three whole emails beside the server).
"""

from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from news.models import ArticlePage

WAITING = {
    "section": "politics",
    "slug": "tramline-extension-plan-goes-to-public-consultation",
    "title": "Tramline extension plan goes to public consultation",
    "dek": "Residents along the eastern route have eight weeks to comment before councillors vote on the £240m scheme.",
    "paragraphs": [
        "The city's transport committee on Tuesday published its plans to extend the number 4 tramline "
        "three kilometres east, through the Millbrook estate to the new hospital.",
        "Councillor Ines Varga, who chairs the committee, said the consultation would decide the final route. "
        "“Nothing is settled until the people who live along it have had their say,” she said.",
        "Shopkeepers on Canal Street, where the line would run for 400 metres, have asked for the works to be "
        "phased so that the street is never closed to deliveries for more than a week.",
    ],
    "tags": ["transport", "city council"],
}

EMBARGOED = {
    "section": "science-health",
    "slug": "observatory-opens-its-archive-of-glass-plate-photographs",
    "title": "Observatory opens its archive of glass-plate photographs",
    "dek": "Forty thousand images of the night sky taken between 1890 and 1975 go online for anyone to study.",
    "paragraphs": [
        "The Halden Hill Observatory will on Thursday put its whole archive of glass photographic plates online, "
        "ending a six-year project to scan them before the emulsion decays.",
        "Astronomers say the plates are a record of how stars have changed brightness over a century, and "
        "volunteers will be invited to help catalogue them.",
        "“Some of these plates have not been looked at since the night they were taken,” said the archive's "
        "curator, Tomasz Reyes.",
    ],
    "tags": ["astronomy", "archives"],
    "reviewer_comment": "Approved to go live when the observatory's embargo lifts.",
}


def tomorrow_morning(now):
    """07:00 local time on the day after `now`: when the embargoed demo story goes live."""
    local = timezone.localtime(now) + timedelta(days=1)
    return local.replace(hour=7, minute=0, second=0, microsecond=0)


def draft_story(sections, spec, image, **fields):
    """The story as an unpublished draft, created unless a page with its slug exists in the section."""
    section = sections[spec["section"]]
    if ArticlePage.objects.child_of(section).filter(slug=spec["slug"]).exists():
        return None
    story = ArticlePage(
        title=spec["title"],
        slug=spec["slug"],
        dek=spec["dek"],
        hero_image=image,
        hero_caption=f"{image.description}.",
        hero_credit="Masthead photo",
        body=[{"type": "paragraph", "value": f"<p>{text}</p>"} for text in spec["paragraphs"]],
        live=False,
        **fields,
    )
    section.add_child(instance=story)
    story.tags.add(*spec["tags"])
    return story


@contextmanager
def no_mail():
    """Mail sent inside is dropped: Wagtail's workflow notifications read EMAIL_BACKEND as they send."""
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend


def ensure_workflow_examples(sections, users, images, now):
    """Create the waiting and the embargoed story where missing, sending no mail; returns how many were added."""
    with no_mail():
        return add_workflow_examples(sections, users, images, now)


def add_workflow_examples(sections, users, images, now):
    editor, reviewer = users["editor"], users["reviewer"]
    added = 0

    waiting = draft_story(sections, WAITING, images[3 % len(images)])
    if waiting is not None:
        waiting.save_revision(user=editor, log_action=True)
        waiting.get_workflow().start(waiting, editor)
        added += 1

    embargoed = draft_story(sections, EMBARGOED, images[6 % len(images)], go_live_at=tomorrow_morning(now))
    if embargoed is not None:
        embargoed.save_revision(user=editor, log_action=True)
        state = embargoed.get_workflow().start(embargoed, editor)
        # Publishing a revision whose go-live time is ahead schedules it instead.
        state.current_task_state.approve(user=reviewer, comment=EMBARGOED["reviewer_comment"])
        added += 1
    return added
