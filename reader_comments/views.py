"""Taking a reader's comment, on story pages that are cached whole.

How the form works on a cached page
-----------------------------------
Anonymous story pages are kept whole by Varnish or a CDN (caching.headers),
so every reader of a cached copy gets the same HTML.
A CSRF token baked into that HTML would belong to whoever rendered the page
first and fail for everyone else. The comment form therefore carries no CSRF
token and this view is exempt from the CSRF check. That is safe here
because posting a comment uses no cookie, session or login: a forged
cross-site post can do nothing a visitor could not do directly, and it
meets the same defences:

1. a signed form token (reader_comments.forms) naming the story and the time the
   page was rendered: proves the post came through a form we served, and
   gives a minimum fill time (strongest on a freshly rendered page; on a
   cached copy the page's age counts towards it);
2. a honeypot field hidden from people: a filled one stores the comment as
   spam, out of the moderation queue, and the sender sees the usual thanks;
3. a rate limit per IP address and per email (reader_comments.rate_limit plus a
   count of stored comments from the address), answered with a "slow down"
   page and status 429;
4. the blocklist and the 5,000-character limit (reader_comments.forms);
5. moderation: nothing a reader writes is shown before a moderator (or the
   trust rule for returning commenters) approves it.

The view answers a good post with a 303 redirect to the story with
`?comment=received` (or `published`), so reloading does not post twice and
the thanks message needs no cookie (that variant of the page is cacheable
like any other). A refused post re-renders the story, uncached, with the
reasons and the reader's text kept in the form.

IP addresses are stored with the comment only for the rate limit window
(CommentSettings.rate_limit_minutes): each new comment blanks the addresses
older than that, and `manage.py forget_commenter_ips` does the same from cron
for quiet sites.
"""

import math

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from news.models import ArticlePage
from reader_comments.forms import CommentForm
from reader_comments.models import Comment, CommentSettings
from reader_comments.rate_limit import over_limit
from serving.client_address import client_ip

CLOSED_MESSAGE = "Comments on this story are closed, so your comment was not posted."


def story_url_with_notice(request, article, notice, anchor="comments"):
    return f"{article.get_url(request)}?comment={notice}#{anchor}"


def render_story(request, article, form, *, status, closed_message=None):
    """The story page with the refused form (its errors and the reader's text), never cached."""
    context = article.get_context(request)
    context["comment_form"] = form
    context["comment_refusal"] = closed_message
    return TemplateResponse(request, article.get_template(request), context, status=status)


def slow_down(request, article, comment_settings):
    minutes = comment_settings.rate_limit_minutes
    response = TemplateResponse(
        request,
        "reader_comments/slow_down.html",
        {
            "article": article,
            "article_url": article.get_url(request),
            "minutes": minutes,
            "text": request.POST.get("text", "")[:20_000],
        },
        status=429,
    )
    response["Retry-After"] = str(math.ceil(comment_settings.rate_limit_window.total_seconds()))
    return response


@csrf_exempt
@require_POST
def post_comment(request, article_id):
    """Take a comment on a story; see the module docstring for the defences and why there is no CSRF token."""
    article = ArticlePage.objects.readable().for_reading().filter(pk=article_id).first()
    if article is None:
        raise Http404("No such story.")
    comment_settings = CommentSettings.load(request_or_site=request)
    form = CommentForm(request.POST, article=article, comment_settings=comment_settings)

    if not comment_settings.comments_open_on(article):
        return render_story(request, article, form, status=403, closed_message=CLOSED_MESSAGE)

    ip_address = client_ip(request)
    now = timezone.now()
    window = comment_settings.rate_limit_window
    limit = comment_settings.rate_limit_count
    # The cache counts every submission, refused ones included; the stored
    # count holds across server processes even with a per-process cache.
    if (
        over_limit(ip_address, request.POST.get("email"), limit=limit, window_seconds=int(window.total_seconds()))
        or Comment.objects.count_from_ip_since(ip_address, now - window) >= limit
    ):
        return slow_down(request, article, comment_settings)

    if not form.is_valid():
        form.prepare_for_another_try()
        return render_story(request, article, form, status=400)

    if form.honeypot_filled:
        # Kept as spam, out of the queue, where a moderator can still rescue it.
        form.save_comment(status=Comment.Status.SPAM, ip_address=ip_address)
        notice, anchor = "received", "comments"
    elif comment_settings.trust_returning_commenters and Comment.objects.has_approved_from(
        form.cleaned_data["name"], form.cleaned_data["email"]
    ):
        comment = form.save_comment(status=Comment.Status.APPROVED, ip_address=ip_address)
        notice, anchor = "published", f"comment-{comment.pk}"
    else:
        form.save_comment(status=Comment.Status.PENDING, ip_address=ip_address)
        notice, anchor = "received", "comments"

    Comment.objects.forget_ip_addresses_before(now - window)
    return HttpResponseRedirect(story_url_with_notice(request, article, notice, anchor), status=303)
