"""Issue 12, findings 4–11: the engine follows the letter of the vade-mecum 2025 (step 1 §2,
step 2 §5–§9).

Each test quotes the sentence it implements; where the text is silent, the choice is written in
docs/interpretations.md under the test's name.
"""

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from montage.cli import main
from montage.errors import ParameterError
from montage.law.calendar import editor_calendar
from montage.law.case import evaluate, evaluate_to_dict, parse_case, payments_due
from montage.law.contribution import compute_contribution
from montage.law.investments import Investment, validate_year
from montage.law.parameters import Parameters, default


SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})


def plain(text):
    """Babel's narrow and non-breaking spaces as plain ones, to quote a sentence."""
    return text.translate(SPACES)


def case(years, **extra):
    return parse_case({"editor": {"name": "E", "kind": "local"}, "years": years, **extra})


def coproduction(amount, **fields):
    return {"category": "coproduction", "amount": amount, "fwb_initiative": True, **fields}


def check(result, name, investment=None):
    return next(c for c in result.checks if c.name == name and
                (investment is None or c.investment == investment))


def texts(result, lang):
    """Every sentence of a year's explanation, steps and notes of every part."""
    found = []

    def walk(part):
        found.extend(part["steps"] + part["notes"])
        for child in part["details"]:
            walk(child)
    walk(result.explanation.as_dict(lang))
    return [plain(text) for text in found]


# -- finding 4 (§6): a reassignment after the deadline -------------------------------------------

def _late_reassignment(reassigned_on):
    years = [{"year": y, "obligation": "0", "investments": []} for y in range(2024, 2028)]
    years[0]["investments"] = [coproduction("50000", id="film", status="unrealised",
                                            decision_date="2024-03-01",
                                            contract_date="2024-03-01")]
    years[3]["investments"] = [coproduction("50000", id="other", reassigned_from="film",
                                            contract_date=reassigned_on)]
    return evaluate(case(years, as_of="2027-12-31"))


def test_s6_reassignment_after_three_years_does_not_clear_the_project():
    # « peut être affecté par l'éditeur à un autre projet au plus tard 3 ans après la décision
    # d'intervention initiale actée par contrat ou lettre d'engagement. Passé ce nouveau délai,
    # l'éditeur verse définitivement ce montant au Centre du Cinéma et de l'Audiovisuel. »
    results = _late_reassignment("2027-11-30")
    assert results[3].payment_due == D("50000")           # decided 1/3/2024, deadline 1/3/2027
    assert [(p.amount, p.reason, p.origin_year, p.due_date) for p in payments_due(results)] == \
        [(D("50000"), "unrealised", 2024, dt.date(2028, 2, 15))]
    assert not check(results[3], "unrealised_reassignment", "other").ok
    assert not check(results[0], "unrealised_reassignment", "film").ok
    # the late "reassignment" is real money in a real project: an ordinary 2027 investment
    assert results[3].by_category["coproduction"] == D("50000.00")
    assert any("après le délai du 01/03/2027" in t for t in texts(results[3], "fr"))
    assert any("after the 1 Mar 2027 deadline" in t for t in texts(results[3], "en"))


def test_s6_reassignment_on_the_deadline_clears_the_project():
    results = _late_reassignment("2027-03-01")
    assert [r.payment_due for r in results] == [0, 0, 0, 0]
    assert payments_due(results) == []
    assert results[3].by_category["coproduction"] == D("0.00")   # not new money


# -- finding 5 (§6): a reassignment larger than what is left --------------------------------------

def test_s6_reassignment_larger_than_what_is_left_counts_the_excess():
    # « le montant prévu, sous déduction des investissements contractuellement justifiés, peut
    # être affecté par l'éditeur à un autre projet »: what is left to reassign is 50 000 − 10 000;
    # 60 000 reassign it for 40 000 and 20 000 are a new investment of 2025.
    years = [{"year": 2024, "obligation": "50000", "investments": [
                coproduction("50000", id="film", status="unrealised", justified_amount="10000",
                             contract_date="2024-03-01")]},
             {"year": 2025, "obligation": "100000", "investments": [
                 coproduction("60000", id="next", reassigned_from="film",
                              contract_date="2025-06-01"),
                 coproduction("80000")]}]
    results = evaluate(case(years, as_of="2025-12-31"))
    assert results[1].countable == D("100000.00")          # 80 000 + the 20 000 excess
    assert results[1].by_category["coproduction"] == D("100000.00")
    assert check(results[0], "unrealised_reassignment", "film").ok
    assert any("il ne restait que 40 000,00 € à réaffecter" in t for t in texts(results[1], "fr"))
    assert any("only €40,000.00 was left to reassign" in t for t in texts(results[1], "en"))


def test_s6_two_reassignments_share_what_is_left_in_date_order():
    years = [{"year": 2024, "obligation": "0", "investments": [
                coproduction("30000", id="film", status="unrealised",
                             contract_date="2024-03-01")]},
             {"year": 2025, "obligation": "0", "investments": [
                 coproduction("20000", id="b", reassigned_from="film",
                              contract_date="2025-09-01"),
                 coproduction("20000", id="a", reassigned_from="film",
                              contract_date="2025-02-01")]}]
    results = evaluate(case(years))
    # "a" comes first and reassigns 20 000; "b" reassigns the last 10 000, 10 000 are new
    assert results[1].by_category["coproduction"] == D("10000.00")
    assert payments_due(results) == []


# -- finding 6 (§8): amounts due after the case's last year ---------------------------------------

def test_s8_shortfall_of_a_single_year_case_is_owed_once_its_two_years_have_passed():
    # « A défaut d'avoir pu exécuter au cours de cette nouvelle période ce manquement
    # d'investissement, l'éditeur verse définitivement le montant correspondant au Centre du
    # Cinéma et de l'Audiovisuel. »
    years = [{"year": 2024, "obligation": "100000", "investments": [coproduction("50000")]}]
    during = evaluate(case(years, as_of="2026-12-31"))
    assert payments_due(during) == []                      # still to invest in 2025 and 2026
    after = evaluate(case(years, as_of="2027-12-31"))
    [payment] = payments_due(after)
    assert (payment.amount, payment.reason, payment.origin_year, payment.year,
            payment.due_date) == (D("50000"), "shortfall", 2024, 2026, dt.date(2027, 2, 15))
    assert after[0].payment_due == 0                       # the year's own figure stays
    assert not check(after[0], "smoothing_shortfall_expired").ok
    assert plain(payment.detail.text("fr")).startswith(
        "Aucun investissement connu après 2024 : au 31/12/2027, le manquement 2024 de "
        "50 000,00 € n'a pas été exécuté lors des deux exercices suivants")
    assert "the editor pays it to the CCA at the start of 2027" in payment.detail.text("en")


def test_s8_payments_due_lists_every_amount_in_the_json(capsys, tmp_path):
    years = [{"year": 2024, "obligation": "10000", "form": "payment"},
             {"year": 2025, "obligation": "100000", "investments": [coproduction("40000")]}]
    data = evaluate_to_dict(case(years, as_of="2028-01-01"))
    assert [(p["amount"], p["reason"], p["origin_year"], p["due_date"])
            for p in data["payments_due"]] == [("10000.00", "obligation", 2024, "2025-02-15"),
                                               ("60000.00", "shortfall", 2025, "2028-02-15")]
    assert [y["payment_due"] for y in data["years"]] == ["10000.00", "0.00"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"editor": {"name": "E", "kind": "local"}, "as_of": "2028-01-01",
                                "years": years}))
    assert main(["obligation", "evaluate", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["payments_due"] == data["payments_due"]


def test_s6_unrealised_project_due_after_the_case_is_listed():
    years = [{"year": 2024, "obligation": "0", "investments": [
        coproduction("20000", id="film", status="unrealised", contract_date="2024-05-01")]}]
    [payment] = payments_due(evaluate(case(years, as_of="2027-06-01")))
    assert (payment.amount, payment.year, payment.due_date, payment.investment) == \
        (D("20000"), 2027, dt.date(2028, 2, 15), "film")


# -- finding 7 (§5): the commitment year -----------------------------------------------------------

def test_s5_the_letters_date_decides_the_commitment_year():
    # « C'est la date du courrier électronique qui déterminera l'année d'engagement à
    # considérer. »
    letter = coproduction("40000", id="mail", document="commitment_letter",
                          contract_date="2024-11-20")
    years = [{"year": 2024, "obligation": "40000", "investments": []},
             {"year": 2025, "obligation": "0", "investments": [letter]}]
    results = evaluate(case(years))
    assert (results[0].countable, results[1].countable) == (D("40000.00"), D("0.00"))
    assert not check(results[1], "commitment_year", "mail").ok
    assert check(results[0], "commitment_year", "mail").ok


def test_s5_a_letter_of_a_year_outside_the_case_does_not_count():
    letter = coproduction("40000", id="mail", document="commitment_letter",
                          contract_date="2023-12-15")
    result = evaluate(case([{"year": 2025, "obligation": "40000",
                             "investments": [letter]}]))[0]
    assert result.countable == D("0.00")
    detail = check(result, "commitment_year", "mail").detail
    assert "elle relève de l'obligation 2023" in detail
    english = evaluate(case([{"year": 2025, "obligation": "40000", "investments": [letter]}]),
                       lang="en")[0]
    assert "it belongs to the 2023 obligation" in check(english, "commitment_year").detail


def test_s5_a_contract_stays_in_the_year_it_is_filed_under():
    contract = coproduction("40000", contract_date="2024-11-20")
    result = evaluate(case([{"year": 2025, "obligation": "40000",
                             "investments": [contract]}]))[0]
    assert result.countable == D("40000.00")


# -- finding 8 (§7): delegation only as coproduction or pre-purchase ------------------------------

def test_s7_delegation_only_as_coproduction_or_prepurchase():
    # « L'éditeur peut, sauf pour la commande de programmes, confier la charge de tout ou partie
    # de son obligation de contribution sous forme de coproduction ou de préachat à une société
    # tierce. »
    result = validate_year(D("100000"), [
        Investment("coproduction", D("35000"), fwb_initiative=True, delegated=True),
        Investment("writing_development", D("10000"), id="w", delegated=True),
        Investment("training", D("2000"), id="t", delegated=True)], 2025)
    assert result.countable == D("35000.00")               # not 35 000 + 20 000 + 2 000
    refused = [c.investment for c in result.checks if c.name == "third_party_delegation"]
    assert refused == ["w", "t"]
    assert "« sous forme de coproduction ou de préachat »" in result.checks[0].detail
    english = validate_year(D("100000"), [Investment("training", D("2000"), id="t",
                                                     delegated=True)], 2025, lang="en")
    assert "delegation is allowed only as coproduction or pre-purchase (§7)" in \
        english.checks[0].detail


# -- finding 9 (§7): a legal advantage, delegated or not -------------------------------------------

def test_s7_legal_advantage_excludes_any_coproduction_or_prepurchase():
    # « Les investissements en coproduction ou en préachat bénéficiant d'un quelconque avantage
    # légal ne sont pas non plus pris en considération. »
    result = validate_year(D("100000"), [
        Investment("coproduction", D("35000"), fwb_initiative=True),
        Investment("prepurchase", D("20000"), id="own", legal_advantage=True),
        Investment("coproduction", D("20000"), id="third", legal_advantage=True,
                   delegated=True),
        Investment("dubbing_subtitling", D("1000"), id="dub", legal_advantage=True)], 2025)
    assert result.countable == D("36000.00")               # 35 000 + the dubbing 1 000
    assert not check(result, "legal_advantage", "own").ok
    assert not check(result, "third_party_delegation", "third").ok
    assert "avantage légal" in check(result, "legal_advantage", "own").detail


# -- finding 10: verdicts --------------------------------------------------------------------------

def test_s2_payment_year_reports_no_floor_verdict():
    # « Ce mécanisme est uniquement applicable pour la contribution sous la forme
    # d'investissements » : in the payment form the rules of §3 give no verdict.
    result = evaluate(case([{"year": 2025, "obligation": "10000", "form": "payment"}]))[0]
    assert [c.name for c in result.checks] == []
    assert any("ne s'appliquent pas" in t for t in texts(result, "fr"))


def test_s8_hypothesis_4_everything_in_order_for_n_n1_n2():
    # « Les 200.000 € d'excédent ont été comptabilisés au titre de contribution à la production
    # audiovisuelle. Tout est en ordre pour les années N, N+1 et N+2. »
    years = [{"year": 2024 + i, "obligation": "100000",
              "investments": [coproduction(amount)] if amount else []}
             for i, amount in enumerate(["300000", None, None])]
    results = evaluate(case(years))
    assert [c for r in results for c in r.checks if not c.ok] == []
    floor = check(results[1], "fwb_initiative_floor")
    assert "couverte par l'excédent reporté" in floor.detail


def test_floor_missed_and_cut_stays_failed_even_when_a_surplus_covers_the_year():
    years = [{"year": 2024, "obligation": "100000", "investments": [coproduction("200000")]},
             {"year": 2025, "obligation": "100000", "investments": [
                 {"category": "coproduction", "amount": "90000"}]}]
    results = evaluate(case(years))
    assert results[1].shortfall_open == 0                  # 100 000 of surplus cover it
    assert not check(results[1], "fwb_initiative_floor").ok  # 25 000 did not count


def test_step1_s2_first_year_editor_choosing_within_30_days_is_not_presumed(capsys):
    # « Pour la première année d'activité d'un éditeur, celui-ci doit informer de son choix de
    # contribution dans les 30 jours qui suivent le premier jour de l'activité d'édition. »
    assert main(["obligation", "calendar", "--year", "2025", "--as-of", "2025-07-01",
                 "--first-activity-day", "2025-05-10", "--form", "investments",
                 "--done", "choice_of_form=2025-06-09", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["presumption_applies"], data["form"], data["overdue"]) == \
        (False, "investments", [])
    late = editor_calendar(2025, as_of=dt.date(2025, 7, 1), chosen_form="investments",
                           first_activity_day=dt.date(2025, 5, 10),
                           done={"choice_of_form": dt.date(2025, 6, 10)})
    assert (late.form, late.payment_by_default, late.presumption_applies) == \
        ("payment", True, False)
    # an editor active before the year keeps the 15 February, 15 September deadlines
    older = editor_calendar(2025, as_of=dt.date(2025, 9, 16), chosen_form="payment",
                            first_activity_day=dt.date(2024, 5, 10),
                            done={"choice_of_form": dt.date(2025, 2, 1),
                                  "turnover_estimate": dt.date(2025, 2, 1)})
    assert older.presumption_applies


# -- finding 11 (§9): spillover not proven ---------------------------------------------------------

def _spillover_case(**spillover):
    return case([{"year": 2024, "obligation": "10000", "investments": [
        coproduction("10000", id="x", contract_date="2024-01-10", **spillover)]}],
        as_of="2027-01-11")


def test_s9_no_spillover_recorded_after_three_years_cancels_like_an_empty_list():
    # « Si, au terme d'une période de trois ans suivant la date du contrat relatif à
    # l'investissement, aucune retombée économique n'a pu être présentée au Centre du Cinéma et
    # de l'Audiovisuel, et qu'il n'existe aucune justification valable, l'investissement est
    # annulé. »
    absent = evaluate(_spillover_case())[0]
    empty = evaluate(_spillover_case(spillover=[]))[0]
    assert absent.countable == empty.countable == D("0.00")
    assert "annulé faute de retombées économiques" in check(absent, "investment_cancelled").detail
    assert any("l'absence de preuve vaut absence de retombées" in t
               for t in texts(absent, "fr"))
    assert any("absent evidence is no evidence" in t
               for t in texts(evaluate(_spillover_case(), lang="en")[0], "en"))


def test_s9_before_the_three_years_absent_spillover_still_counts():
    result = evaluate(case([{"year": 2024, "obligation": "10000", "investments": [
        coproduction("10000", contract_date="2024-01-10")]}], as_of="2027-01-10"))[0]
    assert result.countable == D("10000.00")


def test_s9_undated_investment_runs_its_three_years_from_the_end_of_its_year():
    years = [{"year": 2024, "obligation": "10000", "investments": [coproduction("10000")]}]
    assert evaluate(case(years, as_of="2027-12-31"))[0].countable == D("10000.00")
    assert evaluate(case(years, as_of="2028-01-01"))[0].countable == D("0.00")


# -- step 1 §4: the top band's edge (audit finding 12) -----------------------------------------
# « 135.000.000 € | 150.000.000 € | 3,51% … » and « >150.000.000€ | 3,66% … »: the last row
# starts strictly above 150 000 000 € (docs/interpretations.md, « The top band's edge »).

def test_step1_s4_exactly_150_million_is_in_the_135_150_band_at_3_51_percent_in_2024():
    result = compute_contribution(2024, D("150000000.00"))
    assert (result.rate, result.amount) == (D("0.0351"), D("5265000.00"))
    assert (result.band_lower, result.band_upper) == (D("135000000.00"), D("150000000.00"))
    fr = plain("\n".join(result.explanation.render("fr")))
    assert "de 135 000 000,00 € (compris) à 150 000 000,00 € (compris) : taux 2024 de 3,51 %" in fr


def test_step1_s4_one_cent_above_150_million_is_in_the_top_band_at_3_66_percent_in_2024():
    result = compute_contribution(2024, D("150000000.01"))
    assert (result.rate, result.band_lower, result.band_upper) == (
        D("0.0366"), D("150000000.00"), None)
    assert result.amount == D("5490000.00")   # 150 000 000,01 × 3,66 % = 5 490 000,0004
    en = plain("\n".join(result.explanation.render("en")))
    assert "lies in the band above €150,000,000.00: 2024 rate 3.66%" in en


def test_step1_s4_the_2025_edge_is_150_million_indexed_and_stays_in_the_135_150_band():
    # 150 000 000 × 130,08 / 127,84 = 152 628 285,356… → 152 628 285,36 (half-up to the cent)
    edge = D("152628285.36")
    assert compute_contribution(2025, edge).rate == D("0.0526")
    assert compute_contribution(2025, edge).band_upper == edge
    assert compute_contribution(2025, edge + D("0.01")).rate == D("0.0561")
    assert compute_contribution(2025, edge + D("0.01")).band_lower == edge


def test_step1_s4_only_the_top_band_of_each_year_is_marked_above():
    for value in default().history("contribution.rate_scale"):
        assert [band.above for band in value.value] == [False] * 12 + [True]
        assert value.as_dict()["value"][-1] == {"from": "150000000", "rate": str(
            value.value[-1].rate), "above": True}
        assert "above" not in value.as_dict()["value"][1]


def test_step1_s4_a_scale_refuses_an_above_mark_that_is_not_true_or_false(tmp_path):
    path = tmp_path / "contribution" / "rate_scale.yaml"
    path.parent.mkdir()
    path.write_text('description: {fr: "t", en: "t"}\nunit: scale\nvalues:\n'
                    '  - valid_from: 2024-01-01\n    source: "test"\n    value:\n'
                    '      - {from: "0", rate: "0"}\n'
                    '      - {from: "10", rate: "0.01", above: "yes"}\n')
    with pytest.raises(ParameterError, match="above"):
        Parameters(tmp_path)
