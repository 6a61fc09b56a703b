"""The comment section under a story, and how a comment's plain text is shown."""

from django import template
from django.template.loader import get_template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from news.fragments import cached_fragment
from reader_comments.forms import CommentForm, issue_form_token
from reader_comments.models import Comment, CommentSettings

register = template.Library()

# Drawn in the cached empty form where its token goes; never a token's characters (base64 and ":").
TOKEN_STAND_IN = "__comment-form-token__"

# What the story says after a post, keyed by the `?comment=` the view redirects to.
NOTICES = {
    "received": "Thanks, your comment awaits moderation. It will appear here once a moderator approves it.",
    "published": "Thanks, your comment is published.",
}


def count_heading(count: int) -> str:
    """ "No comments yet", "One Comment" or "N Comments", as the publication has always written it."""
    if count == 0:
        return "No comments yet"
    if count == 1:
        return "One Comment"
    return f"{count} Comments"


@register.filter
def comment_text(text: str):
    """A reader's plain text as safe HTML: escaped, paragraphs kept, web addresses linked.

    Links get rel="nofollow ugc" (user-generated content): search engines
    give them no weight, so posting links here earns spammers nothing.
    Everything is escaped before `urlize` adds its own markup, so a reader's
    text cannot contain an attribute that the replace below would touch.
    """
    linked = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    linked = linked.replace(' rel="nofollow"', ' rel="nofollow ugc"')
    return mark_safe(linebreaks(linked, autoescape=False))


@register.inclusion_tag("reader_comments/section.html", takes_context=True)
def comment_section(context, article):
    """The approved comments (one query, whatever their number) and the form or the closed notice.

    A refused post hands its bound form in the context as `comment_form`;
    otherwise a fresh form is built, replying to `?replytocom=ID` when that
    is an approved top-level comment of this story (the no-JavaScript way
    to answer a comment).
    """
    request = context["request"]
    comment_settings = CommentSettings.load(request_or_site=request)
    thread = Comment.objects.thread_for(article)
    by_id = {comment.pk: comment for comment in thread}
    count = sum(1 + len(comment.reply_list) for comment in thread)
    is_open = comment_settings.comments_open_on(article)

    form = context.get("comment_form")
    replying_to = None
    if form is not None:
        raw = form["reply_to"].value()
        if str(raw or "").isdigit():
            replying_to = by_id.get(int(raw))
        form_html = render_form(article, form, replying_to)
    elif is_open:
        reply_to = request.GET.get("replytocom", "")
        if reply_to.isdigit():
            replying_to = by_id.get(int(reply_to))
        form_html = new_form_html(article, comment_settings, replying_to)
    else:
        form_html = ""

    return {
        "request": request,
        "article": article,
        "thread": thread,
        "count": count,
        "count_heading": count_heading(count),
        "is_open": is_open,
        "form": form,
        "form_html": form_html,
        "refusal": context.get("comment_refusal"),
        "replying_to": replying_to,
        "notice": NOTICES.get(request.GET.get("comment", "")) if request.method == "GET" else None,
    }


def new_form_html(article, comment_settings, replying_to) -> str:
    """A new comment form's HTML, with a token issued now.

    Django draws each field through templates, which made the empty form the
    most expensive part of a story page. An empty form (not a reply) is the
    same for every reader of the story but for its token, so it is drawn
    once per process with a stand-in for the token (kept in news.fragments
    under the story's id) and each page gets a token of its own.
    """
    token = issue_form_token(article.pk)
    if replying_to is not None:
        initial = {"reply_to": replying_to.pk, "token": token}
        return render_form(
            article, CommentForm(article=article, comment_settings=comment_settings, initial=initial), replying_to
        )

    def render_empty():
        empty = CommentForm(article=article, comment_settings=comment_settings, initial={"token": TOKEN_STAND_IN})
        return render_form(article, empty, None)

    html = cached_fragment("comment-form", (article.pk,), render_empty)
    return mark_safe(html.replace(TOKEN_STAND_IN, token))  # noqa: S308 - our form, and a signed token


def render_form(article, form, replying_to) -> str:
    html = get_template("reader_comments/form.html").render(
        {"article": article, "form": form, "replying_to": replying_to}
    )
    return mark_safe(html.strip())  # noqa: S308 - rendered by our template, escaped there
