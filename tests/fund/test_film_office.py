"""The film office: every figure the Wallimage annual report 2024 publishes in §2.2.3 (files and
shooting days) and §2.2.7.2 (impact of shootings), recomputed from the files and the dated
parameters; bad input; the estimate's invariants.

The report computed with spend-per-day averages it prints rounded (29.905,186 €, 23.437,60 €…); our
parameters keep the printed digits, so a few products differ from the printed ones by cents.
KNOWN_DISCREPANCIES asserts each gap (printed, ours) and test_gaps_are_display_rounding shows where
they come from; docs/fund.md lists them. The data is not bent to fit."""

import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from montage.errors import InputError, ParameterError
from montage.fund.film_office import (PROJECT_TYPES, REQUIRED, ShootingFiles, estimate_impact,
                                      parse_shooting_files, read_shooting_files, spend_split)

DATA = Path(__file__).parents[2] / "montage" / "fund" / "data" / "wallimage-film-office-2024.csv"
FILES = read_shooting_files(DATA)
IMPACT = estimate_impact(FILES, 2024)
GROSS, PRUDENT, VERY = (IMPACT.variants[k] for k in ("gross", "prudent", "very_prudent"))
MEASURED = ("feature", "series", "documentary", "tv_format")
D = Decimal


def cents(value):
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


# --- §2.2.3: files and days ----------------------------------------------------------------------

def test_files_and_days_of_2024():
    total = IMPACT.days_total
    assert (total.files, total.files_shot, total.days) == (109, 63, 743)
    days = {t: line.days for t, line in IMPACT.days.items()}
    assert days == {"feature": 340, "series": 277, "short": 50, "documentary": 52, "advert": 13,
                    "tv_format": 7, "music_clip": 3, "video_clip": 1}
    files = {t: (line.files, line.files_shot) for t, line in IMPACT.days.items()}
    assert files == {"feature": (42, 23), "series": (27, 15), "short": (14, 6),
                     "documentary": (4, 4), "advert": (7, 7), "tv_format": (7, 5),
                     "music_clip": (5, 2), "video_clip": (3, 1)}
    # "La fiction représente 76% de nos activités" (features, shorts and series)
    fiction = sum(IMPACT.days[t].files for t in ("feature", "short", "series"))
    assert round(D(fiction) * 100 / 109) == 76


def test_files_shares_as_printed_except_the_two_sevens():
    for row in FILES:
        share = (D(row.files) * 100 / 109).quantize(D("1"), rounding=ROUND_HALF_UP)
        printed = D(row.extra["published_files_share"])
        if row.project_type in ("advert", "tv_format"):
            assert (printed, share) == (D("7"), D("6"))  # 7 / 109 = 6,42 %: KNOWN, docs/fund.md
        else:
            assert share == printed, row.project_type


def test_affectable_days():
    assert {t: (l.days_covered, l.days_not_covered) for t, l in IMPACT.days.items()} == {
        "feature": (294, 46), "series": (197, 80), "short": (0, 50), "documentary": (40, 12),
        "advert": (0, 13), "tv_format": (0, 7), "music_clip": (0, 3), "video_clip": (0, 1)}
    assert (IMPACT.days_total.days_covered, IMPACT.days_total.days_not_covered) == (531, 212)


# --- §2.2.7.2: spend per day and its split -------------------------------------------------------

SPLIT = {  # total, AV eligible, share, non-AV, share, as printed
    "feature": ("29905.19", "23437.60", 78, "6467.59", 22),
    "series": ("36689.55", "24909.52", 68, "11780.03", 32),
    "documentary": ("2097.45", "2097.45", 100, "0.00", 0),
    "tv_format": ("8119.89", "7256.00", 89, "863.89", 11),
}


@pytest.mark.parametrize("project_type", SPLIT)
def test_spend_per_day_split(project_type):
    split = spend_split(project_type)
    total, av, av_share, rest, rest_share = SPLIT[project_type]
    assert (cents(split.total), cents(split.audiovisual), cents(split.non_audiovisual)) == (
        D(total), D(av), D(rest))
    assert (split.audiovisual_share, split.non_audiovisual_share) == (av_share, rest_share)
    # prose: "une série ... 36.690€ et un long métrage 29.905€ ... documentaires ... 2.097€"
    assert round(split.total) == {"feature": 29905, "series": 36690, "documentary": 2097,
                                  "tv_format": 8120}[project_type]


# per day in columns B, C, D as printed (B with the three decimals of the impact tables)
PER_DAY = {
    "feature": ("29905.186", "18186.39", "12326.99"),
    "series": ("36689.554", "24234.79", "18007.41"),
    "short": ("500.00", "500.00", "500.00"),
    "documentary": ("2097.45", "1048.73", "524.36"),
    "advert": ("500.00", "500.00", "500.00"),
    "tv_format": ("8119.889", "4491.89", "2677.89"),
    "music_clip": ("500.00", "500.00", "500.00"),
    "video_clip": ("500.00", "500.00", "500.00"),
}


@pytest.mark.parametrize("project_type", PROJECT_TYPES)
def test_per_day_of_each_column(project_type):
    b, c, d = PER_DAY[project_type]
    assert GROSS.lines[project_type].per_day == D(b)
    assert cents(PRUDENT.lines[project_type].per_day) == D(c)
    assert cents(VERY.lines[project_type].per_day) == D(d)


# A × B, A × C, A × D and the line totals as printed; None where KNOWN_DISCREPANCIES has it.
SPEND = {
    "gross": {"short": "25000.00", "documentary": "25169.40", "advert": "6500.00",
              "tv_format": "56839.22", "music_clip": "1500.00", "video_clip": "500.00"},
    "prudent": {"short": "25000.00", "documentary": "12584.70", "advert": "6500.00",
                "tv_format": "31443.22", "music_clip": "1500.00", "video_clip": "500.00"},
    "very_prudent": {"short": "25000.00", "documentary": "6292.35", "advert": "6500.00",
                     "tv_format": "18745.22", "music_clip": "1500.00", "video_clip": "500.00"},
}


@pytest.mark.parametrize("variant", SPEND)
def test_products_reproduced_to_the_cent(variant):
    lines = IMPACT.variants[variant].lines
    for project_type, printed in SPEND[variant].items():
        assert lines[project_type].spend == D(printed), project_type
        assert lines[project_type].total == D(printed), project_type  # no complement: "- €"


def test_complement_of_non_av_spend_on_financed_projects():
    for variant in IMPACT.variants.values():
        assert variant.lines["feature"].complement == D("2082564.00")
        assert variant.lines["series"].complement == D("2085066.00")
        assert variant.complement == D("4167630.00")
        assert variant.days == 212


KNOWN_DISCREPANCIES = [
    # (table, line, printed, ours from the printed per-day figures)
    ("gross", "feature A × B", "1375638.57", GROSS.lines["feature"].spend),
    ("gross", "feature total", "3458202.57", GROSS.lines["feature"].total),
    ("gross", "series A × B", "2935164.29", GROSS.lines["series"].spend),
    ("gross", "series total", "5020230.29", GROSS.lines["series"].total),
    ("gross", "TOTAUX A × B", "4426311.49", GROSS.spend),
    ("gross", "TOTAUX total", "8593941.49", GROSS.total),
    ("50 %", "feature A × C", "836573.86", PRUDENT.lines["feature"].spend),
    ("50 %", "feature total", "2919137.86", PRUDENT.lines["feature"].total),
    ("50 %", "series A × C", "1938783.50", PRUDENT.lines["series"].spend),
    ("50 %", "series total", "4023849.50", PRUDENT.lines["series"].total),
    ("50 %", "TOTAUX A × C", "2852885.28", PRUDENT.spend),
    ("50 %", "TOTAUX total", "7020515.28", PRUDENT.total),
    ("25 %", "feature A × D", "567041.50", VERY.lines["feature"].spend),
    ("25 %", "feature total", "2649605.50", VERY.lines["feature"].total),
    ("25 %", "series A × D", "1440593.11", VERY.lines["series"].spend),
    ("25 %", "series total", "3525659.11", VERY.lines["series"].total),
    ("25 %", "TOTAUX A × D", "2066172.18", VERY.spend),
    ("25 %", "TOTAUX total", "6233802.18", VERY.total),
]
OURS = {  # what the printed per-day figures give
    "1375638.57": "1375638.56", "3458202.57": "3458202.56", "2935164.29": "2935164.32",
    "5020230.29": "5020230.32", "4426311.49": "4426311.50", "8593941.49": "8593941.50",
    "836573.86": "836573.76", "2919137.86": "2919137.76", "1938783.50": "1938783.52",
    "4023849.50": "4023849.52", "2852885.28": "2852885.20", "7020515.28": "7020515.20",
    "567041.50": "567041.36", "2649605.50": "2649605.36", "1440593.11": "1440593.12",
    "3525659.11": "3525659.12", "2066172.18": "2066172.05", "6233802.18": "6233802.05",
}


@pytest.mark.parametrize("table, where, printed, ours", KNOWN_DISCREPANCIES)
def test_known_discrepancies(table, where, printed, ours):
    assert ours == D(OURS[printed]), (table, where)
    # at most what rounding the per-day figures can move: 46 or 80 days × (0.0005 on B
    # + the unkept share × 0.005 on AV), summed over the two lines for the totals
    assert abs(ours - D(printed)) <= D("0.20"), (table, where)


def test_gaps_are_display_rounding():
    """Not the module's data: a reconstruction showing the printed figures are consistent.

    The per-day averages are sample totals / sample days. The complement (non-AV spend of the
    financed projects) divided by the printed non-AV per day gives the sample days (322 feature
    days, 177 series days); whole-euro sample totals of 9.629.470 € and 6.494.051 € (not printed)
    then give every printed feature and series figure to the cent.
    """
    for spend, non_av, days, affectable, printed in (
            (D(9629470), D(2082564), 322, 46, ("1375638.57", "836573.86", "567041.50")),
            (D(6494051), D(2085066), 177, 80, ("2935164.29", "1938783.50", "1440593.11"))):
        per_day, non_av_day, av_day = spend / days, non_av / days, (spend - non_av) / days
        assert cents(non_av_day) in (D("6467.59"), D("11780.03"))
        assert cents(av_day) in (D("23437.60"), D("24909.52"))
        assert [cents(affectable * (non_av_day + k * av_day)) for k in (1, D("0.5"), D("0.25"))] \
            == [D(p) for p in printed]
        assert per_day.quantize(D("0.001"), rounding=ROUND_HALF_UP) in (D("29905.186"),
                                                                        D("36689.554"))


def test_the_printed_gross_total_is_one_cent_off_its_lines():
    printed_lines = ["1375638.57", "2935164.29", "25000.00", "25169.40", "6500.00", "56839.22",
                     "1500.00", "500.00"]
    assert sum(map(D, printed_lines)) == D("4426311.48")  # the table prints 4.426.311,49
    assert GROSS.spend == sum(line.spend for line in GROSS.lines.values())  # ours adds up


def test_headline_range_and_prose():
    assert GROSS.spend > 4400000                      # "Le montant atteint plus de 4.400.000€"
    assert round(GROSS.total / 100000) == 86          # "près de 8.600.000€"
    assert round(IMPACT.low / 100000) == 62 and round(IMPACT.high / 100000) == 86  # 6,2 à 8,6 M€
    assert (IMPACT.low, IMPACT.high) == (VERY.total, GROSS.total)


def test_explanation_names_parameters_with_their_source():
    text = "\n".join(line.text("fr") for line in IMPACT.explanation)
    assert ("Longs métrages de fiction : A = jours − jours couverts par un projet financé = "
            "340 − 294 = 46") in text
    assert ("Prudent : Longs métrages documentaires : C = (B − AV) + 50,00\u00a0% × AV = "
            "(2\u202f097,45\u00a0€ − 2\u202f097,45\u00a0€) + 50,00\u00a0% × 2\u202f097,45\u00a0€") in text
    assert "A × C = 12 × 1\u202f048,725\u00a0€ = 12\u202f584,70\u00a0€" in text
    assert "_" not in text and "1048.725" not in text
    # the parameters are listed with their sources by the pages (Impact.parameters)
    assert all("§2.2.7.2" in p.source for p in IMPACT.parameters)


def test_no_parameters_for_2025_yet():
    with pytest.raises(ParameterError, match="no value of film_office"):
        estimate_impact(FILES, 2025)


# --- bad input -----------------------------------------------------------------------------------

HEADER = ",".join(REQUIRED)
GOOD = "feature,42,23,340,294,2082564.00"


def parse(text, name="shootings.csv"):
    return parse_shooting_files(io.StringIO(text), name)


@pytest.mark.parametrize("row, expected", [
    ("film,1,1,3,0,0.00", 'shootings.csv:3: project_type: expected one of feature, series, short, '
                          'documentary, advert, tv_format, music_clip, video_clip, got "film"'),
    ("feature,1,1,3.5,0,0.00", 'shootings.csv:3: days: expected a whole number of zero or more like '
                               '"12", got "3.5"'),
    ("feature,1,1,-3,0,0.00", 'shootings.csv:3: days: expected a whole number of zero or more like '
                              '"12", got "-3"'),
    ("feature,1,1,3,4,0.00", "shootings.csv:3: days_covered: expected at most the 3 days shot, got 4"),
    ("feature,1,2,3,0,0.00", "shootings.csv:3: files_shot: expected at most the 1 files of the row, got 2"),
    ("feature,1,1,3,0,12 000", 'shootings.csv:3: financed_non_av_spend: expected an amount like '
                               '"1234.56", got "12 000"'),
    ("feature,1,1,3,0", "shootings.csv:3: expected 6 fields like the header, got 5"),
])
def test_bad_rows_name_the_file_the_line_and_the_column(row, expected):
    with pytest.raises(InputError) as caught:
        parse(f"{HEADER}\n{GOOD}\n{row}\n")
    assert str(caught.value) == expected


def test_empty_file_and_missing_column():
    with pytest.raises(InputError, match="^shootings.csv: empty file"):
        parse("")
    with pytest.raises(InputError) as caught:
        parse("project_type,files,files_shot,days,days_covered\n")
    assert str(caught.value).startswith("shootings.csv:1: missing columns: financed_non_av_spend")


def test_rows_of_a_type_add_up_and_one_file_is_a_row():
    split = parse(f"{HEADER}\nseries,1,1,30,30,0.00\nseries,1,1,10,0,0.00\n")
    impact = estimate_impact(split)
    assert impact.days["series"].days_not_covered == 10
    assert impact.variants["gross"].lines["series"].spend == D("366895.54")  # 10 × 36.689,554


# --- invariants ----------------------------------------------------------------------------------

@st.composite
def years_of_files(draw):
    rows = []
    for number, project_type in enumerate(PROJECT_TYPES):
        days = draw(st.integers(min_value=0, max_value=400))
        covered = draw(st.integers(min_value=0, max_value=days))
        spend = D(draw(st.integers(min_value=0, max_value=10**9))) / 100
        rows.append(ShootingFiles(number + 2, project_type, 1, 1, days, covered, spend))
    return rows


@settings(max_examples=150, deadline=None)
@given(years_of_files(), st.sampled_from(PROJECT_TYPES), st.integers(min_value=1, max_value=50))
def test_impact_is_monotone_in_uncovered_days_and_prudence_never_adds(rows, project_type, more):
    before = estimate_impact(rows)
    grown = [ShootingFiles(r.row, r.project_type, r.files, r.files_shot,
                           r.days + (more if r.project_type == project_type else 0),
                           r.days_covered, r.financed_non_av_spend) for r in rows]
    after = estimate_impact(grown)
    for name in ("gross", "prudent", "very_prudent"):
        assert after.variants[name].total >= before.variants[name].total
        assert after.variants[name].total == sum(l.total for l in after.variants[name].lines.values())
    for impact in (before, after):
        v = impact.variants
        assert v["very_prudent"].total <= v["prudent"].total <= v["gross"].total
        assert (impact.low, impact.high) == (v["very_prudent"].total, v["gross"].total)
    # covering days (a project gets funded) never raises the estimate
    covered = [ShootingFiles(r.row, r.project_type, r.files, r.files_shot, r.days, r.days,
                             r.financed_non_av_spend) for r in rows]
    assert estimate_impact(covered).high <= before.high


# --- command line --------------------------------------------------------------------------------

def test_cli_film_office(capsys, monkeypatch):
    import json

    import montage.cli
    monkeypatch.setattr(montage.cli, "COMMAND_MODULES", ["montage.fund.cli"])
    assert montage.cli.main(["fund", "film-office", str(DATA), "--format", "json"]) == 0
    impact = json.loads(capsys.readouterr().out)
    assert (impact["low"], impact["high"]) == ("6233802.05", "8593941.50")
    assert impact["days_total"]["days_not_covered"] == 212
    assert montage.cli.main(["fund", "film-office", str(DATA), "--year", "2025"]) == 2
    assert "no value of film_office.spend_per_day.feature is in force" in capsys.readouterr().err
