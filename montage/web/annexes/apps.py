"""The procedure's workbooks and PDFs (docs/web-map.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnexesConfig(AppConfig):
    name = "montage.web.annexes"
    label = "annexes"
    verbose_name = _("annexes")
