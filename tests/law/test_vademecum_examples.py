"""Each worked example of the vade-mecum 2025, transcribed as a test named after it."""

from decimal import Decimal as D


from montage.law.case import evaluate, parse_case
from montage.law.contribution import compute_contribution
from montage.law.investments import Investment, validate_year


def test_step1_s4_800000_turnover_gives_12160_in_2024():
    # « un éditeur ayant un chiffre d'affaires éligible de 800.000 € aura un montant de
    # contribution pour 2024 de 12.160,00 € (800.000,00 € x 1,52%) »
    result = compute_contribution(2024, D("800000.00"))
    assert result.rate == D("0.0152")
    assert result.amount == D("12160.00")
    assert not result.exempt


def test_step2_s3_2_obligation_100000_allows_30000_commissions_of_which_6000_writing():
    # « Si votre obligation totale est de 100.000 €, vous avez la possibilité d'investir dans la
    # commande de programmes pour maximum 30.000 € […] vous devrez investir 6.000 € dans
    # l'écriture ou le développement. »
    ok = validate_year(D("100000"), [Investment("commission_production", D("24000")),
                                     Investment("commission_development", D("6000"))], 2024)
    counted = ok.countable  # no FWB works: others count up to 65 000, commissions 30 000
    assert counted == D("30000.00")
    assert all(c.ok for c in ok.checks if c.name.startswith("commission"))
    over = validate_year(D("100000"), [Investment("commission_production", D("30000")),
                                       Investment("commission_development", D("6000"))], 2024)
    assert over.countable == D("30000.00")  # 36 000 invested, the cap keeps 30 000
    assert not next(c for c in over.checks if c.name == "commission_cap").ok


def test_step2_s3_2_10000_commission_needs_2000_writing():
    # « si vous investissez pour 10.000 € dans une commande de programmes, au moins 2.000 €
    # (20% de 10.000 €) de cette commande devront être consacrés à des dépenses en écriture »
    result = validate_year(D("100000"), [Investment("commission_production", D("8000")),
                                         Investment("commission_development", D("2000"))], 2024)
    assert result.countable == D("10000.00")
    assert next(c for c in result.checks if c.name == "commission_development_share").ok
    short = validate_year(D("100000"), [Investment("commission_production", D("9000")),
                                        Investment("commission_development", D("1000"))], 2024)
    assert short.countable == D("5000.00")  # 1 000 of writing carries 5 000 of commissions
    assert not next(c for c in short.checks if c.name == "commission_development_share").ok


def test_step2_s3_2_8000_production_plus_2000_development_of_another_programme():
    # « vous investissez pour 8.000 € dans une commande uniquement pour la production d'un
    # programme, vous devrez par ailleurs présenter un investissement pour 2.000 € dans une
    # commande en écriture ou développement d'un autre programme »
    result = validate_year(D("100000"), [
        Investment("commission_production", D("8000"), title="Programme A"),
        Investment("commission_development", D("2000"), title="Programme B")], 2024)
    assert result.countable == D("10000.00")


def test_step2_s3_3_writing_investment_of_100000_counts_200000():
    # « Un investissement de 100.000 € sera comptabilisé pour 200.000 € »
    result = validate_year(D("100000"), [
        Investment("coproduction", D("35000"), fwb_initiative=True),
        Investment("writing_development", D("100000"))], 2024)
    assert result.countable == D("235000.00")


def _hypothesis(investments):
    case = parse_case({
        "editor": {"name": "Éditeur", "kind": "local"},
        "years": [{"year": 2024 + i, "obligation": "100000.00",
                   "investments": [{"category": "coproduction", "amount": amount,
                                    "fwb_initiative": True}] if amount != "0" else []}
                  for i, amount in enumerate(investments)]})
    return evaluate(case)


def _open(result):
    return [(o.origin, o.amount) for o in result.shortfalls_open]


def test_step2_s8_hypothesis_1_invests_100000_every_year():
    years = _hypothesis(["100000", "100000", "100000"])
    assert [(y.shortfall_open, y.surplus_open, y.payment_due) for y in years] == \
        [(0, 0, 0)] * 3
    assert all(c.ok for y in years for c in y.checks if c.name == "obligation_met")


def test_step2_s8_hypothesis_2_invests_nothing_pays_year_n_at_start_of_n3():
    n, n1, n2 = _hypothesis(["0", "0", "0"])
    assert _open(n) == [(2024, D("100000"))]
    assert _open(n1) == [(2024, D("100000")), (2025, D("100000"))]
    # « Les 100.000 € doivent être versés au Centre du Cinéma et de l'Audiovisuel au début de
    # l'année N+3. »
    assert n2.payment_due == D("100000")
    assert _open(n2) == [(2025, D("100000")), (2026, D("100000"))]


def test_step2_s8_hypothesis_3_invests_50000_a_year_absorbs_oldest_first():
    n, n1, n2 = _hypothesis(["50000", "50000", "50000"])
    assert _open(n) == [(2024, D("50000"))]
    # « Les investissements en N+1 absorbent d'abord le manquement de l'année N. Ainsi, il reste
    # 100.000 € de N+1 à investir. »
    assert _open(n1) == [(2025, D("100000"))]
    # « Il reste à investir : 50.000 € de l'année N+1, 100.000 € de l'année N+2 » and year N is
    # respected: nothing to pay.
    assert _open(n2) == [(2025, D("50000")), (2026, D("100000"))]
    assert n2.payment_due == 0


def test_step2_s8_hypothesis_4_invests_300000_in_year_n_covers_three_years():
    n, n1, n2 = _hypothesis(["300000", "0", "0"])
    assert (n.surplus_open, n1.surplus_open, n2.surplus_open) == (200000, 100000, 0)
    assert [y.shortfall_open for y in (n, n1, n2)] == [0, 0, 0]
    assert [y.payment_due for y in (n, n1, n2)] == [0, 0, 0]
    assert all(c.ok for y in (n, n1, n2) for c in y.checks if c.name == "obligation_met")
