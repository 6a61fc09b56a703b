"""The publication's own pages for the demo: About, Contact, Corrections policy, Privacy and Terms (fictional)."""

from home.models import PublicationPage


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


PAGES = [
    (
        "about",
        "About us",
        "The Masthead Times is an independent newsroom reporting on the region and the world.",
        [
            paragraph(
                "<p>We were founded in 2019 by a group of reporters who wanted a local paper that explains "
                "as well as it reports. We publish our own reporting every day and carry stories from partner "
                "newsrooms, always with their credit and under their licence.</p>"
            ),
            heading("How we are funded"),
            paragraph(
                "<p>Our journalism is free to read. It is paid for by reader donations and by grants that never "
                "come with a say over what we cover. We publish the list of our funders every year.</p>"
            ),
            heading("Our standards"),
            paragraph(
                "<p>We name our sources wherever we can, say how we know what we report, and correct our "
                'mistakes openly: see our <a href="/corrections-policy/">corrections policy</a>.</p>'
            ),
        ],
    ),
    (
        "contact",
        "Contact",
        "How to reach the newsroom, send us a tip or ask about republishing our stories.",
        [
            heading("News tips"),
            paragraph(
                '<p>Write to <a href="mailto:tips@masthead.example">tips@masthead.example</a>. We read every '
                "message; tell us how to reach you and whether we may name you.</p>"
            ),
            heading("Corrections"),
            paragraph(
                '<p>If we got something wrong, write to <a href="mailto:corrections@masthead.example">'
                "corrections@masthead.example</a> with the story's address and what needs correcting.</p>"
            ),
            heading("Republishing"),
            paragraph(
                '<p>Ask <a href="mailto:licensing@masthead.example">licensing@masthead.example</a>, or read '
                'the terms on <a href="/republishing-licence/">Republish our journalism</a>.</p>'
            ),
        ],
    ),
    (
        "corrections-policy",
        "Corrections policy",
        "When we make a mistake, we correct it, say so on the story and keep the record.",
        [
            paragraph(
                "<p>A correction is added to the story as a dated note explaining what was wrong and what we "
                "changed. We do not quietly rewrite published stories. Small fixes that change no fact, such as "
                "a spelling, are made without a note.</p>"
            ),
            paragraph(
                "<p>Corrections are reviewed by an editor before they are published, like any change to a "
                "story. For a story we carry from a partner, we pass the report on to the partner and publish "
                "their correction.</p>"
            ),
        ],
    ),
    (
        "privacy",
        "Privacy",
        "What we collect when you read, comment or donate, and what we do with it.",
        [
            paragraph(
                "<p>Reading the site sets no cookies and uses no tracking scripts. Our servers keep access logs, "
                "with your IP address, for fourteen days to keep the site running and secure.</p>"
            ),
            heading("Comments"),
            paragraph(
                "<p>When you comment we keep your name, email address and comment. Your email address is never "
                "shown. Your IP address is kept only for ten minutes, to limit abuse. Ask us to erase your "
                "details at any time.</p>"
            ),
        ],
    ),
    (
        "terms",
        "Terms of use",
        "The rules for using this site and its content.",
        [
            paragraph(
                "<p>Our original stories may be republished under the terms of our republishing licence. "
                "Partner stories remain their owners' and may not be republished from this site.</p>"
            ),
            paragraph(
                "<p>Comments must be civil and on topic. We moderate every comment before it appears and may "
                "decline any without giving a reason.</p>"
            ),
        ],
    ),
]


def ensure_publication_pages(home, ensure_child):
    """About, Contact, Corrections policy, Privacy and Terms under the home page, listed in the footer."""
    return [
        ensure_child(home, PublicationPage, slug, title=title, intro=intro, body=body, show_in_menus=True)
        for slug, title, intro, body in PAGES
    ]
