"""One English msgid, one French translation: a msgid (with its context) that two app catalogues
translate differently reads differently depending on which catalogue Django finds first
(« refusée » or « refusé », « Prestataire » or « Fournisseur »). A gender or sense that differs
legitimately takes a pgettext context; otherwise one translation everywhere (docs/errors.md)."""

from pathlib import Path

from montage.web.i18n import messages

ROOT = Path(__file__).resolve().parents[2]

# Every conflict found when this check was written has been resolved (a context or one
# translation); a new conflict fails the test.
KNOWN: set = set()


def conflicts() -> dict:
    """Every msgid translated differently by two catalogues: {key: {translation: [catalogues]}}."""
    seen: dict = {}
    for po in sorted((ROOT / "montage" / "web").glob("**/locale/fr/LC_MESSAGES/django.po")):
        where = str(po.relative_to(ROOT / "montage" / "web").parent.parent.parent.parent) or "core"
        for key, text in messages(po).items():
            seen.setdefault(key, {}).setdefault(str(text), []).append(where)
    return {key: found for key, found in seen.items() if len(found) > 1}


def test_no_msgid_is_translated_differently_by_two_catalogues():
    new = {key: found for key, found in conflicts().items() if key not in KNOWN}
    assert new == {}


def test_the_known_conflicts_are_still_conflicts():  # a resolved one leaves the list
    assert sorted(KNOWN - set(conflicts()), key=repr) == []
