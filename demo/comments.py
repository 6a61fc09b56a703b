"""A few approved reader comments for the demo newsroom (fictional readers, fictional views)."""

from datetime import timedelta

from reader_comments.models import Comment

# (story slug prefix, [(name, text, hours after the story, reply to index or None)])
DEMO_THREADS = [
    # The seed page shows "One Comment" under a syndicated world-news story.
    (
        "syndicated",
        [("Halvard Moen", "Thank you for carrying this. Our local paper dropped its foreign desk years ago.", 5, None)],
    ),
    (
        "original",
        [
            ("Priya Raman", "Clear and fair reporting. The timeline at the end helped a lot.", 3, None),
            (
                "Colm Dwyer",
                "Is there a public record of the council vote? The minutes are usually at https://example.org/minutes",
                4,
                None,
            ),
            ("Priya Raman", "Good question; I would like to read them too.", 6, 1),
        ],
    ),
]


def ensure_demo_comments(articles_by_origin):
    """Add the demo threads to the first story of each origin, unless that story already has comments.

    `articles_by_origin` maps "original" / "syndicated" to a story. Returns how many comments were added.
    """
    added = 0
    for origin, thread in DEMO_THREADS:
        article = articles_by_origin.get(origin)
        if article is None or Comment.objects.filter(article=article).exists():
            continue
        created = []
        for name, text, hours, reply_to in thread:
            created.append(
                Comment.objects.create(
                    article=article,
                    parent=created[reply_to] if reply_to is not None else None,
                    name=name,
                    email=f"{name.split()[0].lower()}@readers.example",
                    text=text,
                    status=Comment.Status.APPROVED,
                    created_at=article.date + timedelta(hours=hours),
                )
            )
        added += len(created)
    return added
