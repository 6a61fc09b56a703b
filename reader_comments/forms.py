"""The reader's comment form and the signed token that stands in for a CSRF token.

Story pages are cached whole for anonymous readers, so the form cannot
carry a per-visitor CSRF token. It carries instead a token signed with the
site's secret key that names the story and the time the page was rendered.
The token is the same for everyone who gets that cached copy; it proves
the submission came through a form we rendered, not how fast a particular
reader typed, so the minimum fill time is strongest on a freshly rendered
page and the rate limit (reader_comments.rate_limit) does the rest.
"""

import time

from django import forms
from django.core import signing

from reader_comments.models import MAX_NAME_LENGTH, MAX_TEXT_LENGTH, Comment, CommentSettings

# Named after the app's former label, and kept: tokens in pages already cached and served must still verify.
TOKEN_SALT = "comments.form-token"
# Far longer than a page stays cached (PAGE_CACHE_SECONDS) plus a slow read.
TOKEN_MAX_AGE_SECONDS = 2 * 24 * 60 * 60
HONEYPOT_FIELD = "website"


def issue_form_token(article_id: int) -> str:
    """A token for the story's comment form, stamped with the current time."""
    return signing.Signer(salt=TOKEN_SALT).sign_object({"a": article_id, "t": int(time.time())})


def form_token_problem(token: str, article_id: int, minimum_seconds: int) -> str | None:
    """Why the token is unacceptable, in words for the reader; None when it is fine."""
    try:
        payload = signing.Signer(salt=TOKEN_SALT).unsign_object(token or "")
        issued_at = int(payload["t"])
        token_article = int(payload["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return "We could not check this form. Please send your comment again."
    if token_article != article_id:
        return "This form belongs to another story. Please send your comment again."
    age = time.time() - issued_at
    if age < minimum_seconds:
        return "That was quicker than anyone can write. Please read your comment over and send it again."
    if age > TOKEN_MAX_AGE_SECONDS:
        return "This form was open for too long. Please send your comment again."
    return None


class PlainTextField(forms.CharField):
    """Counts a line break as one character, as the browser's maxlength does (it sends CRLF)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class CommentForm(forms.ModelForm):
    text = PlainTextField(
        label="Comment",
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text. Web addresses become links.",
        error_messages={
            "required": "Please write your comment.",
            "max_length": "Please keep your comment to %(limit_value)s characters (it has %(show_value)s).",
        },
    )
    reply_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "text"]
        labels = {"name": "Name", "email": "Email (never shown)"}
        error_messages = {
            "name": {
                "required": "Please give your name.",
                "max_length": f"Please shorten your name to {MAX_NAME_LENGTH} characters.",
            },
            "email": {
                "required": "Please give your email address. It is never shown.",
                "invalid": "Please give a valid email address.",
            },
        }

    def __init__(self, *args, article, comment_settings: CommentSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.comment_settings = comment_settings
        self.fields["name"].required = True
        self.fields["email"].required = True
        self.reply_target = None
        if not self.is_bound:
            self.initial.setdefault("token", issue_form_token(article.pk))

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_reply_to(self):
        reply_to = self.cleaned_data.get("reply_to")
        if reply_to:
            self.reply_target = (
                Comment.objects.approved()
                .filter(pk=reply_to, article=self.article, parent__isnull=True)
                .only("pk", "name", "commenter_removed")
                .first()
            )
            if self.reply_target is None:
                raise forms.ValidationError(
                    "The comment you replied to is no longer shown. "
                    "Send yours again to post it under the story instead."
                )
        return reply_to

    def clean(self):
        cleaned = super().clean()
        problem = form_token_problem(
            self.data.get("token", ""), self.article.pk, self.comment_settings.minimum_fill_seconds
        )
        if problem:
            self.add_error(None, problem)
        if "reply_to" in self.errors:
            # The field is hidden, so the reader sees its message with the form's own.
            self.add_error(None, self.errors.pop("reply_to").as_data())
        if self.comment_settings.contains_blocked_term(
            cleaned.get("name", ""), cleaned.get("email", ""), cleaned.get("text", "")
        ):
            self.add_error(
                None, "Your comment contains a word or web address we do not publish. Please edit it and send it again."
            )
        return cleaned

    def prepare_for_another_try(self):
        """Give a refused form a fresh token, and drop a reply target that no longer exists.

        The reader's name, email and text stay as they sent them.
        """
        data = self.data.copy()
        data["token"] = issue_form_token(self.article.pk)
        data[HONEYPOT_FIELD] = ""
        if self.reply_target is None:
            data["reply_to"] = ""
        self.data = data

    def save_comment(self, *, status, ip_address) -> Comment:
        comment = self.save(commit=False)
        comment.article = self.article
        comment.parent = self.reply_target
        comment.status = status
        comment.ip_address = ip_address
        comment.save()
        return comment
