"""The work's receipts, the recoupment agreement, the waterfall and its statements
(docs/web-recoupment.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecoupmentConfig(AppConfig):
    name = "montage.web.recoupment"
    label = "recoupment"
    verbose_name = _("recoupment")
