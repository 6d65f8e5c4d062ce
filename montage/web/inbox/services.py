"""The inbox's one writer: `notify` (every desk's service calls it for a cross-desk event) and
`mark_read`. An e-mail goes too, through Django's mail backend (console by default, SMTP from
the environment: montage/web/settings.py), to the organisation's members with an address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from montage.web.inbox.models import InboxItem


def notify(organisations, event: str, subject: str, url: str = "", *, params=None,
           quote: str = "") -> list[InboxItem]:
    """An item in each organisation's inbox (an organisation named twice gets one). `subject`
    holds names, numbers and dates only, or with `params` a message id (gettext_noop) rendered
    in the reader's language; `quote` is what a person typed, kept as written."""
    items = []
    for organisation in {o.pk: o for o in organisations if o is not None}.values():
        item = InboxItem.objects.create(organisation=organisation, event=event,
                                        subject=subject[:300], params=params, quote=quote,
                                        url=url)
        items.append(item)
        if getattr(settings, "MONTAGE_INBOX_EMAIL", True):
            _mail(item)
    return items


def _mail(item: InboxItem) -> None:
    addresses = sorted({m.user.email for m in item.organisation.memberships.select_related(
        "user") if m.user.email and m.user.is_active})
    if not addresses:
        return
    with translation.override("fr"):
        title = f"Montage — {item.get_event_display()}: {item.text}"
        body = "\n".join(filter(None, [str(item.get_event_display()), item.text,
                                       item.quote and f"« {item.quote} »",
                                       item.url and _("Open it in Montage: %(url)s") % {
                                           "url": item.url}]))
    # a mail server down never undoes the event: the inbox holds it
    send_mail(title, body, None, addresses, fail_silently=True)


def mark_read(item: InboxItem, user) -> InboxItem:
    if item.read_at is None:
        item.read_at, item.read_by = timezone.now(), user
        item.save()
    return item


def waiting(organisation_ids) -> list[InboxItem]:
    """What waits for the organisations: their unread items, newest first."""
    return list(InboxItem.objects.filter(organisation_id__in=organisation_ids,
                                         read_at__isnull=True).select_related("organisation"))
