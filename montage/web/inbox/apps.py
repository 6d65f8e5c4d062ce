"""Each desk's inbox: the cross-desk events that wait for an organisation (docs/web-desks.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "montage.web.inbox"
    label = "inbox"
    verbose_name = _("inbox")
