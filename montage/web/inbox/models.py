"""One model: an event that landed in an organisation's inbox, with a link to its record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from montage.web.registry.models import Organisation


class InboxItem(models.Model):
    """A cross-desk event for `organisation` (read or not), told by `event` and `subject`.

    The system's words are rendered in the reader's language when read: `subject` holds only
    names, numbers and dates, or, with `params`, a message id (gettext_noop) and its parameters.
    A person's words (a question, an answer, a reason) are `quote`, shown as written. Items
    written before `params` and `quote` existed show their subject as stored."""

    class Event(models.TextChoices):
        APPLICATION_SUBMITTED = "application_submitted", pgettext_lazy(
            "inbox", "application submitted")
        QUESTION_ASKED = "question_asked", pgettext_lazy("inbox", "question from the fund")
        QUESTION_ANSWERED = "question_answered", pgettext_lazy("inbox", "producer's answer")
        DECISION = "decision", pgettext_lazy("inbox", "board decision")
        COMMITMENT = "commitment", pgettext_lazy("inbox", "commitment signed")
        SPEND_REPORT_SENT = "spend_report_sent", pgettext_lazy("inbox", "spend report to verify")
        LINE_REJECTED = "line_rejected", pgettext_lazy("inbox", "spend report line rejected")
        TRANCHE_RELEASED = "tranche_released", pgettext_lazy("inbox", "tranche released")
        INVESTMENT_LINKED = "investment_linked", pgettext_lazy("inbox", "investment linked")
        PROOF_LIST_SHARED = "proof_list_shared", pgettext_lazy("inbox", "proof list shared")
        DEADLINE = "deadline", pgettext_lazy("inbox", "deadline within 30 days")
        STATEMENT_SENT = "statement_sent", pgettext_lazy("inbox", "recoupment statement")

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="inbox_items")
    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    subject = models.CharField(_("subject"), max_length=300)
    params = models.JSONField(_("parameters of the subject"), null=True, blank=True)
    quote = models.TextField(_("words of the writer"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("read by"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox items")
        ordering = ["-created_at", "-pk"]

    @property
    def text(self) -> str:
        """The subject in the reader's language."""
        if self.params is None:
            return self.subject
        return gettext(self.subject) % self.params

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.text}"
