"""The French catalogue is complete and its compiled .mo is up to date."""

from babel.messages.pofile import read_po

from montage.web.i18n import catalogues, compiled


import pytest


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda path: str(path.parent.parent.parent))
def test_french_catalogue_complete_and_compiled(po_path):
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    untranslated = [m.id for m in catalog if m.id and not all(
        m.string if isinstance(m.string, tuple) else [m.string])]
    assert untranslated == []
    assert not [m.id for m in catalog if m.id and m.fuzzy]
    assert po_path.with_suffix(".mo").read_bytes() == compiled(po_path), \
        "run: python -m montage.web.i18n"
