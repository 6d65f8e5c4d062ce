"""Explanations a person can read (issue 12, finding on explanations): every area's explanation
records its inputs and prints them; French reads as French (no raw codes, decimal commas, a space
before the colon, words rather than notation), English likewise; the caps state the amount kept
and the calendar the presumed amount.
"""

import datetime as dt
import re
import string
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from montage.law.calendar import editor_calendar
from montage.law.contribution import compute_contribution
from montage.law.exemptions import Service, service_exemptions
from montage.law.explain import message
from montage.law.independence import ProducerFacts, Shareholder, YearTurnover, check_independence
from montage.law.investments import Investment, validate_year
from montage.law.messages import MESSAGES
from montage.law.smoothing import SmoothingYear, smooth
from montage.law.spillover import SpilloverExpense, assess_spillover
from montage.law.turnover import TurnoverLine, eligible_turnover

SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})
RAW_CODE = re.compile(r"[a-z]+_[a-z_]+")
PARAMETER_CODE = re.compile(r"\[[a-z_]+(?:\.[a-z_]+)+\]")   # « Description [code] » kept on purpose
# « §3.1 », « art. 6.1.1-1 », Statbel's licence « CC BY 4.0 »: names, not decimals
SECTION = re.compile(r"§\d+(?:\.\d+)*|art\. [\d.\-]+|CC BY \d\.\d")
NOTATION = ("⇒", "→", "min(", "≥", "≤")
HALF_OPEN = re.compile(r"\[[^\]\n]*\[")


def plain(text):
    return text.translate(SPACES)


def contribution():
    return compute_contribution(2025, D("980000")).explanation


def turnover():
    lines = [TurnoverLine("advertising", D("900000"), D("120000"), "french_language_region",
                          "La Une"),
             TurnoverLine("sponsorship", D("50000"), market="brussels_total"),
             TurnoverLine("distribution_fees", D("250000"), market="belgium_total")]
    return eligible_turnover("external", lines, 2025).explanation


def exemptions():
    services = [Service("Canal A", "linear", D("0.015"), D("0.05")),
                Service("Replay", "non_linear", None, None)]
    return service_exemptions(2025, services, turnover_exempt=True).explanation


def validation():
    investments = [
        Investment("coproduction", D("20000"), id="doc-1", title="Les Rives", fwb_initiative=True),
        Investment("commission_production", D("40000"), id="jeu-1", genre="game_show",
                   promotes_fwb_artists_or_heritage=True),
        Investment("commission_development", D("5000"), id="dev-1"),
        Investment("writing_development", D("1000"), id="ecr-1"),
        Investment("training", D("10000"), id="form-1"),
        Investment("accessibility", D("2000"), id="acc-1"),
        Investment("dubbing_subtitling", D("8000"), id="doub-1"),
        Investment("prepurchase", D("3000"), id="annul-1", status="cancelled"),
    ]
    return validate_year(D("100000"), investments, 2025)


def smoothing():
    years = smooth([SmoothingYear(2024, D("100"), D("150")),
                    SmoothingYear(2025, D("100"), D("20")),
                    SmoothingYear(2026, D("100"), D("0"))], 2)
    return years[1].explanation


def spillover():
    expenses = [SpilloverExpense(D("5000"), supplier="Studio Liège", postal_code="4000",
                                 reference="F-1"),
                SpilloverExpense(D("2000"), supplier="Loueur Gand", postal_code="9000"),
                SpilloverExpense(D("1000"), supplier="Sans adresse"),
                SpilloverExpense(D("1500"), supplier="Traiteur", postal_code="1000",
                                 missing_fields=("client_vat_number", "invoice_date")),
                SpilloverExpense(D("900"), kind="overhead", supplier="Producteur",
                                 postal_code="1000"),
                SpilloverExpense(D("500"), kind="producer_fee", supplier="Producteur",
                                 postal_code="1000")]
    return assess_spillover(D("10000"), expenses, contract_date=dt.date(2025, 3, 1),
                            as_of=dt.date(2025, 12, 31), label="fic-1").explanation


def independence():
    facts = ProducerFacts("Prod SA", established_in_eu=True, separate_legal_personality=True,
                          holdings_in_editors=None,
                          shareholders=[Shareholder("Editeur TV", D("0.10"), is_editor=True),
                                        Shareholder("Holding", D("0.20"),
                                                    share_in_an_editor=D("0.30"))],
                          turnover=[YearTurnover(2023, D("100000"), {"TV Alpha": D("95000")}),
                                    YearTurnover(2024, D("100000"), {"TV Alpha": D("50000")})])
    return check_independence(facts, dt.date(2025, 1, 1)).explanation


def calendar():
    # the turnover form (15 September) is not sent by 1 October: the presumed payment applies
    return editor_calendar(2025, as_of=dt.date(2025, 10, 1), chosen_form="investments",
                           done={"choice_of_form": dt.date(2025, 2, 10)}).explanation


AREAS = {"contribution": contribution, "turnover": turnover, "exemptions": exemptions,
         "investments": lambda: validation().explanation, "smoothing": smoothing,
         "spillover": spillover, "independence": independence, "calendar": calendar}


def rendered(explanation, lang):
    return plain("\n".join(explanation.render(lang)))


def sentences(text):
    """The text a reader reads as words: without the parameters' code names in brackets."""
    return PARAMETER_CODE.sub("", text)


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_area_records_its_inputs_and_prints_them(area, lang):
    explanation = AREAS[area]()
    assert explanation.as_dict(lang)["inputs"]
    text = rendered(explanation, lang)
    heading = {"fr": "  Données :", "en": "  Inputs:"}[lang]
    assert heading in text
    after = text.split(heading, 1)[1].splitlines()
    assert after[1].strip().startswith("- ")


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_raw_code_and_no_notation_in_an_explanation(area, lang):
    text = sentences(rendered(AREAS[area](), lang))
    assert RAW_CODE.findall(text) == []
    assert [mark for mark in NOTATION if mark in text] == []
    assert HALF_OPEN.findall(text) == []


@pytest.mark.parametrize("area", AREAS)
def test_french_has_decimal_commas_and_a_space_before_every_colon(area):
    text = SECTION.sub("", sentences(rendered(AREAS[area](), "fr")))
    assert re.findall(r"\d\.\d", text) == []
    assert re.findall(r"\S[:;?!]", text) == []


@pytest.mark.parametrize("area", AREAS)
def test_english_has_an_before_a_vowel(area):
    text = rendered(AREAS[area](), "en")
    assert re.findall(r"\b[Aa] (?!eu|un|us|one)[aeiouAEIOU]\w*", text) == []


def test_every_cap_states_the_amount_kept_and_the_amount_not_counted():
    fr = [line.text("fr") for line in validation().explanation.steps]
    en = [line.text("en") for line in validation().explanation.steps]
    # 5 % of 100 000 € = 5 000 €: training 10 000 € keeps 5 000 €; dubbing 8 000 € keeps 5 000 €
    assert ("Formation professionnelle : 10 000,00 € pour un plafond de 5,00 % de l'obligation "
            "(5 000,00 €) : 5 000,00 € comptabilisés, 5 000,00 € non comptabilisés") in map(plain, fr)
    assert ("Doublage et sous-titrage : 8 000,00 € pour un plafond de 5,00 % de l'obligation "
            "(5 000,00 €) : 5 000,00 € comptabilisés, 3 000,00 € non comptabilisés") in map(plain, fr)
    assert ("Accessibilité : 2 000,00 € pour un plafond de 5,00 % de l'obligation (5 000,00 €) "
            ": 2 000,00 € comptabilisés en entier") in map(plain, fr)
    # commissions 45 000 € against 30 % of 100 000 € = 30 000 €
    assert ("Commandes : 45 000,00 € pour un plafond de 30,00 % de l'obligation (30 000,00 €) : "
            "30 000,00 € comptabilisés, 15 000,00 € non comptabilisés") in map(plain, fr)
    assert ("Professional training: €10,000.00 against a cap of 5.00% of the obligation "
            "(€5,000.00): €5,000.00 counted, €5,000.00 not counted") in en
    # spillover: overheads 900 € against 7 % of 10 000 € = 700 €
    spill = plain("\n".join(spillover().render("fr")))
    assert "Frais généraux (forfait) : 900,00 €, plafond 7,00 % de l'investissement (700,00 €) " \
           ": 700,00 € retenus, 200,00 € non retenus" in spill


def test_the_calendar_states_the_presumed_amount_indexed():
    fr = rendered(calendar(), "fr")
    en = rendered(calendar(), "en")
    assert "contribution présumée de 3 052 565,71 € (3 000 000,00 € indexés)" in fr
    assert "contribution presumed at €3,052,565.71 (€3,000,000.00 indexed)" in en


def test_the_calendar_says_when_the_presumed_amount_is_provisional():
    # 2026 needs the index of January 2025, not shipped
    explanation = editor_calendar(2026, as_of=dt.date(2026, 10, 1), chosen_form="investments",
                                  done={"choice_of_form": dt.date(2026, 2, 10)}).explanation
    fr = rendered(explanation, "fr")
    assert "contribution présumée de 3 052 565,71 € (3 000 000,00 € indexés), montant " \
           "provisoire tant que l'indice des prix de janvier 2025 n'est pas connu" in fr
    assert explanation.is_provisional()


def test_an_address_without_postal_code_is_unknown_not_outside():
    fr = rendered(spillover(), "fr")
    en = rendered(spillover(), "en")
    assert "Sans adresse (1 000,00 €) : adresse inconnue (aucun code postal), non retenu" in fr
    assert "Sans adresse (€1,000.00): address unknown (no postal code), not counted" in en
    assert "Loueur Gand (2 000,00 €) : siège hors région de langue française" in fr


def test_inputs_show_money_as_money_and_each_line_in_words():
    fr = rendered(turnover(), "fr")
    assert "Publicité (La Une) : 900 000,00 € HTVA, commissions de régie 120 000,00 € " \
           "(région de langue française)" in fr
    investments = rendered(validation().explanation, "fr")
    assert "Coproduction 20 000,00 € (doc-1, Les Rives) — initiative belge francophone" in \
        investments
    assert "Préachat 3 000,00 € (annul-1) — annulé" in investments


def test_parameters_show_their_description_value_and_validity_in_words():
    fr = rendered(contribution(), "fr")
    en = rendered(contribution(), "en")
    assert "avant indexation : de 0 € : 0 % ; de 700 000 € : 1,68 % ;" in fr
    assert "au-delà de 150 000 000 € : 5,61 % (du 01/01/2025 au 31/12/2025) — Décret" in fr
    assert "above €150,000,000: 5.61% (from 1 Jan 2025 to 31 Dec 2025)" in en
    assert "janvier 2023 (depuis le 01/01/2024)" in fr and "(since 1 Jan 2024)" in en


def test_a_check_prints_its_name_in_words_and_whether_it_is_met():
    checks = {c.name: c for c in validation().checks}
    assert checks["training_cap"].text("fr").startswith(
        "Plafond de la formation professionnelle : non respecté — ")
    assert checks["accessibility_cap"].text("en").startswith("Cap on accessibility: met — ")


# -- every message: French punctuation, whatever its arguments ---------------------------------

def _argument(spec):
    texts = st.text(string.ascii_letters + " éè-'", min_size=1, max_size=12)
    amounts = st.decimals(min_value=0, max_value=10 ** 9, places=2, allow_nan=False)
    return {
        "money": amounts, "whole_money": amounts, "number": amounts, "decimal": amounts,
        "rate": st.decimals(min_value=0, max_value=1, places=4, allow_nan=False),
        "percent": st.decimals(min_value=0, max_value=1, places=4, allow_nan=False),
        "date": st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
        "month": st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
        "labels": st.lists(st.sampled_from(["game_show", "client_vat_number", "x"]),
                           max_size=3),
        "marks": st.lists(st.sampled_from(["fwb_initiative", "cancelled"]), max_size=2),
        "missing": st.lists(st.sampled_from(["invoice_date", "vat_rate"]), max_size=2),
        "yesno": st.sampled_from([True, False, None]),
        "money_by": st.dictionaries(texts, amounts, max_size=2),
        "moneys": st.lists(amounts, max_size=3),
        "terms": st.lists(st.tuples(amounts, texts), max_size=3),
        "text": texts,
        "label": st.sampled_from(["local", "training", "pass", "game_show", "investments"]),
        "paren": st.one_of(st.just(""), texts),
        "address": st.one_of(st.just(""), st.just("4000")),
    }.get(spec, st.one_of(texts, st.integers(2024, 2030)))


def _forms(template):
    """A message's templates: its plural forms ("one", "other") or the one text."""
    return list(template.values()) if isinstance(template, dict) else [template]


def _arguments(template):
    fields = {name: spec for _text, name, spec, _conv in string.Formatter().parse(template)
              if name}
    return st.fixed_dictionaries({name: _argument(spec) for name, spec in fields.items()})


@pytest.mark.parametrize("key", sorted(MESSAGES))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_every_french_message_has_a_space_before_colon_semicolon_and_marks(key, data):
    args = data.draw(_arguments("".join(_forms(MESSAGES[key]["fr"]) + _forms(MESSAGES[key]["en"]))))
    text = message(key, "fr", **args)
    assert re.findall(r"\S[:;?!]", plain(text)) == [], text
    message(key, "en", **args)   # and the English takes the same arguments


@pytest.mark.parametrize("key", sorted(key for key, texts in MESSAGES.items()
                                       if isinstance(texts["fr"], dict)))
def test_a_message_that_prints_a_count_agrees_in_number_in_both_languages(key):
    """« 1 projet », "1 project"; « 0 ligne » (French counts zero as one), "0 lines"."""
    from montage.law.explain import plural

    assert set(MESSAGES[key]["fr"]) == set(MESSAGES[key]["en"]) == {"one", "other"}
    assert [plural("fr", n) for n in (0, 1, 2)] == ["one", "one", "other"]
    assert [plural("en", n) for n in (0, 1, 2)] == ["other", "one", "other"]
    for lang in ("fr", "en"):
        one, other = MESSAGES[key][lang]["one"], MESSAGES[key][lang]["other"]
        assert "{count" in one and "{count" in other and one != other, key
