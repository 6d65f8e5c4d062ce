"""The French catalogues are complete, and each compiled .mo holds exactly the .po's messages.

The .mo is compared by its messages, not its bytes: the bytes carry the compiler's version
(its header, its plural-forms line), which changes with babel releases and proves nothing."""

import pytest
from babel.messages.pofile import read_po

from montage.web.i18n import catalogues, compiled_messages, messages


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda path: str(path.parent.parent.parent))
def test_french_catalogue_complete_and_compiled(po_path):
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    untranslated = [m.id for m in catalog if m.id and not all(
        m.string if isinstance(m.string, tuple) else [m.string])]
    assert untranslated == []
    assert not [m.id for m in catalog if m.id and m.fuzzy]
    assert compiled_messages(po_path.with_suffix(".mo")) == messages(po_path), \
        "run: python -m montage.web.i18n"


def test_french_plural_forms_are_two():
    """French in Django's own catalogues has two forms (n > 1); every catalogue of ours says so,
    whatever a newer CLDR adds."""
    for po_path in catalogues():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale="fr")
        assert catalog.num_plurals == 2, po_path


def test_no_template_puts_a_bare_colon_after_a_translated_label():
    # French writes a space before the colon (« Télécharger : »): the colon belongs inside the
    # translated sentence ({% translate "Download:" %}), or {% translate ":" context … %}
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "montage" / "web"
    found = [f"{path.relative_to(root)}:{number}: {line.strip()[:80]}"
             for path in sorted(root.rglob("templates/**/*.html"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\{% (translate|endblocktranslate|endif|endfor|endwith) [^%]*%\}:|"
                          r"\{% endblocktranslate %\}:|\{% endif %\}:", line)]
    assert found == []
