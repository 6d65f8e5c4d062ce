"""Compile the French catalogue with babel (already a dependency), so no GNU gettext is needed.

After editing templates or labels: `montage web-admin makemessages -l fr --no-location`
(needs gettext's xgettext), translate in montage/web/locale/fr/LC_MESSAGES/django.po, then
`python -m montage.web.i18n` to rewrite django.mo. tests/web/test_i18n.py checks both agree.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def compiled(po_path: Path) -> bytes:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    catalog.fuzzy = False
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def messages(po_path: Path) -> dict:
    """The translations a `.po` file holds, keyed as gettext keys them: msgid, or (msgid, n) for a
    plural form; with a context, "context\x04msgid". The header is left out."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    table = {}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        key = f"{message.context}\x04{ids[0]}" if message.context else ids[0]
        if isinstance(message.string, (list, tuple)):
            for n, text in enumerate(message.string):
                table[(key, n)] = text
        else:
            table[key] = message.string
    return table


def compiled_messages(mo_path: Path) -> dict:
    """The translations a compiled `.mo` file holds, as Django's gettext reads them (header left out).
    Compared with `messages()`, this says whether the `.mo` is up to date whatever version of babel
    or gettext compiled it: the bytes carry the compiler's stamp, the messages do not."""
    with mo_path.open("rb") as handle:
        table = dict(gettext.GNUTranslations(handle)._catalog)
    table.pop("", None)
    return table


def catalogues() -> list[Path]:
    """The core catalogue and each area's (montage/web/<area>/locale/)."""
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")) + sorted(
        LOCALE_DIR.parent.glob("*/locale/*/LC_MESSAGES/django.po"))


def main() -> None:
    for po_path in catalogues():
        po_path.with_suffix(".mo").write_bytes(compiled(po_path))
        print(f"compiled {po_path.with_suffix('.mo')}")


if __name__ == "__main__":
    main()
