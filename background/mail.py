"""Mail sent by a task, so approving or submitting a story never waits on the mail server.

`QueuedEmailBackend` is the EMAIL_BACKEND: it turns each message into plain
data and queues `send_email`, which sends it through
EMAIL_DELIVERY_BACKEND (SMTP in production, the console in development)
and is retried when the server refuses or does not answer. Wagtail's
workflow notifications, password resets and anything else sent through
Django's mail API go this way.
"""

import base64
import logging
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from background.tasks import enqueue_on_commit, retried_task

logger = logging.getLogger("masthead.mail")


def delivery_backend() -> str:
    return settings.EMAIL_DELIVERY_BACKEND


def message_as_data(message) -> dict:
    """What a task needs to send `message` again: JSON-safe, attachments in base64."""
    attachments = []
    for filename, content, mimetype in message.attachments:
        data = content.encode() if isinstance(content, str) else content
        attachments.append([filename, base64.b64encode(data).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def message_from_data(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@retried_task()
def send_email(message: dict):
    """Send one queued message through EMAIL_DELIVERY_BACKEND; an error (refused, timed out) retries it."""
    sent = get_connection(delivery_backend(), fail_silently=False).send_messages([message_from_data(message)])
    return sent


class QueuedEmailBackend(BaseEmailBackend):
    """Queues each message for `send_email`, once the change that sent it commits.

    A message with an attachment that is not plain data (a MIME part built
    by hand) is sent at once rather than queued, so nothing is lost.
    """

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            if any(isinstance(attachment, MIMEBase) for attachment in message.attachments):
                queued += get_connection(delivery_backend(), fail_silently=self.fail_silently).send_messages([message])
                continue
            enqueue_on_commit(send_email, message_as_data(message))
            queued += 1
        return queued
