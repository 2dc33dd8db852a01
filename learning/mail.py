"""Outgoing e-mail, sent once the unit of work that asked for it has committed.

A service calls `send_after_commit(...)`; the message goes out after the commit, like a
signal (`learning.signals`), so a refused or rolled-back action sends nothing. Flask-Mailman
sends it: over SMTP when `MAIL_SERVER` is set, to the log otherwise (development), and to
an outbox in memory in the tests (`MAIL_BACKEND = "locmem"`).

A message that cannot be sent (the SMTP server refuses or does not answer) is logged as an
error, and the action that asked for it stands: it was committed before.
"""

import logging
import smtplib

from blinker import Signal
from flask_mailman import EmailMessage
from flask_mailman.backends.base import BaseEmailBackend

from learning import signals

logger = logging.getLogger(__name__)

# Not one of the features' signals: what is queued is the message itself.
_message_ready = Signal("mail-message-ready")


def send_after_commit(to: str, subject: str, body: str) -> None:
    """Send a plain-text message to `to` once the current unit of work has committed."""
    message = EmailMessage(subject=subject, body=body, to=[to])
    signals.announce(_message_ready, None, message=message)


@_message_ready.connect
def _send(_sender, message: EmailMessage) -> None:
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        logger.exception("The e-mail %r to %s could not be sent.", message.subject, message.to)


class LogEmailBackend(BaseEmailBackend):
    """Development without an SMTP server: each message is written to the log."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            logger.warning(
                "E-mail (no MAIL_SERVER set, so not sent)\nTo: %s\nSubject: %s\n\n%s",
                ", ".join(message.to),
                message.subject,
                message.body,
            )
        return len(email_messages)
