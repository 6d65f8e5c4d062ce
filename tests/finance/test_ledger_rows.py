"""Reading accounting exports (montage.finance.ledger_rows): delimiters, encodings, Belgian
numbers, dates, and every row error named by file, row, column and what was expected."""

import datetime as dt
from decimal import Decimal

import pytest

from montage.errors import InputError
from montage.finance import ledger_rows
from montage.finance.ledger_rows import (
    MAX_ERRORS,
    Mapping,
    iter_rows,
    parse_amount,
    read_rows,
    read_table,
)

MAPPING = Mapping({"date": "Date", "amount": "Montant", "supplier_name": "Tiers",
                   "number": "N°", "supplier_postal_code": "CP", "supplier_vat": "TVA",
                   "hotel_night": "Hôtel"})


def read(text: str, encoding="utf-8", name="export.csv", mapping=MAPPING):
    headers, cells = read_table(text.encode(encoding), name)
    return read_rows(name, headers, cells, mapping)


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_delimiters_and_encodings(sep, encoding):
    text = sep.join(["Date", "Montant", "Tiers", "N°", "CP", "TVA", "Hôtel"]) + "\n" + \
        sep.join(["31/12/2024", '"1.234,56"' if sep == "," else "1.234,56", "Liège Lumière",
                  "F1", "4000", "BE 0403.170.701", "oui"]) + "\n"
    result = read(text, encoding)
    assert result.ok, result.errors
    row = result.rows[0]
    assert (row.date, row.amount, row.supplier_name) == (dt.date(2024, 12, 31),
                                                         Decimal("1234.56"), "Liège Lumière")
    assert row.supplier_vat == "BE0403170701"
    assert row.flags == {"hotel_night": True}


def test_every_error_named():
    text = ("Date;Montant;Tiers;N°;CP;TVA;Hôtel\n"
            "32/01/2024;12,00;A;F1;1000;;\n"
            "01/01/2024;12,345;A;F2;100;;peut-être\n"
            "01/01/2024;5,001;;F3;1000;BE0403170702;\n")
    result = read(text)
    assert not result.ok and result.rows == []
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(2, "Date"), (3, "Montant"), (3, "CP"), (3, "Hôtel"), (4, "Montant"),
                     (4, "Tiers"), (4, "TVA")}
    error = next(e for e in result.errors if e.column == "CP")
    assert str(error) == 'export.csv:3: CP: expected a Belgian postal code of 4 digits, got "100"'
    assert (error.expected, error.got) == ("a Belgian postal code of 4 digits", "100")


def test_a_negative_line_or_a_credit_note_line_is_a_credit_note_kept_negative():
    mapping = Mapping({"date": "Date", "amount": "Montant", "supplier_name": "Tiers",
                       "number": "N°", "supplier_postal_code": "CP", "kind": "Type",
                       "credits": "Facture créditée", "employee_name": "Employé"})
    text = ("Date;Montant;Tiers;N°;CP;Type;Facture créditée;Employé\n"
            "02/01/2024;-200,00;A;NC1;1000;;F-7;\n"
            "02/01/2024;150;A;NC2;1000;note de crédit;;\n"
            "02/01/2024;-1;;P1;;paie;;Anne Lenoir\n")
    result = read(text, mapping=mapping)
    assert [(r.kind, r.amount, r.credits) for r in result.rows] == [
        ("credit_note", Decimal("-200.00"), "F-7"), ("credit_note", Decimal("-150"), "")]
    assert [(e.row, e.column, e.expected) for e in result.errors if e.column == "Montant"] == [
        (4, "Montant", "an amount of zero or more (a credit note credits an invoice, not a "
                       "payroll line)")]
    assert result.rows[0].source_key() != result.rows[0].source_key().replace("c:", "i:", 1)
    assert ledger_rows.guess_mapping(["Facture créditée", "Gecrediteerde factuur"]) == {
        "credits": "Facture créditée"}


def test_errors_capped_and_counted():
    text = "Date;Montant;Tiers;N°;CP;TVA;Hôtel\n" + "x;1;A;F;1000;;\n" * (MAX_ERRORS + 7)
    result = read(text)
    assert len(result.errors) == MAX_ERRORS and result.error_count == MAX_ERRORS + 7


def test_missing_header_and_bad_file():
    result = read("Date;Amount\n01/01/2024;1\n")
    assert result.errors[0].row == 1 and "Montant" in result.errors[0].column
    with pytest.raises(InputError, match="expected a .csv or .xlsx"):
        read_table(b"x", "export.pdf")
    with pytest.raises(InputError, match="UTF-8 or Windows-1252"):
        read_table("Date\n".encode("utf-16"), "export.csv")


def test_mapping_needs_date_amount_and_who():
    with pytest.raises(InputError, match="amount"):
        Mapping({"date": "D", "supplier_name": "T"})
    with pytest.raises(InputError, match="unknown ledger field"):
        Mapping({"date": "D", "amount": "A", "supplier_name": "T", "colour": "C"})


def test_iso_dates_and_other_formats():
    mapping = Mapping(dict(MAPPING.columns), date_format="%d.%m.%Y")
    result = read("Date;Montant;Tiers;N°;CP;TVA;Hôtel\n"
                  "05.02.2025;1 000;A;F;1000;;\n2025-02-06;7;A;G;1000;;non\n", mapping=mapping)
    assert [r.date for r in result.rows] == [dt.date(2025, 2, 5), dt.date(2025, 2, 6)]
    assert result.rows[0].amount == Decimal("1000.00")


def test_rows_streamed_one_at_a_time():
    text = ("Date;Montant;Tiers;N°;CP;TVA;Hôtel\n01/01/2024;12,00;A;F1;1000;;\n"
            "x;1;A;F2;1000;;\n02/01/2024;3;B;F3;1000;;\n")
    headers, cells = read_table(text.encode(), "export.csv")
    stream = iter_rows("export.csv", headers, cells, MAPPING)
    rows = list(stream)
    assert [r.number for r in rows] == ["F1", "F3"]
    assert stream.total == 3 and stream.errors.count == 1
    assert stream.errors.items[0].row == 3
    assert read(text).rows == rows


@pytest.mark.parametrize("text", ["1234,56", "1234.56", "0", "12,5", "1.234,56", "1 234,56",
                                  "800.000", "1,234", "12 EUR", "1234,567"])
def test_plain_amounts_read_as_the_general_parser_does(text):
    from montage.money import parse_belgian_number

    assert parse_amount(text) == parse_belgian_number(text)


def test_a_new_mapping_is_guessed_from_usual_belgian_headers():
    headers = ["Date facture", "N° Facture", "Fournisseur", "N° TVA", "Code postal", "Pays",
               "Montant H.T.V.A.", "Taux TVA", "Libellé", "Compte", "Payé le", "Remarque"]
    assert ledger_rows.guess_mapping(headers) == {
        "date": "Date facture", "number": "N° Facture", "supplier_name": "Fournisseur",
        "supplier_vat": "N° TVA", "supplier_postal_code": "Code postal",
        "supplier_country": "Pays", "amount": "Montant H.T.V.A.", "vat_rate": "Taux TVA",
        "description": "Libellé", "account": "Compte", "paid_on": "Payé le"}
    # Dutch headers, and each header serves one field
    assert ledger_rows.guess_mapping(["Factuurdatum", "Leverancier", "BTW", "Bedrag"]) == {
        "date": "Factuurdatum", "supplier_name": "Leverancier", "supplier_vat": "BTW",
        "amount": "Bedrag"}


@pytest.mark.parametrize("typed,rate", [("21", "0.21"), ("21 %", "0.21"), ("12 %", "0.12"),
                                        ("6 %", "0.06"), ("6", "0.06"), ("0", "0"),
                                        ("0,12", "0.12"), ("12,00 %", "0.12")])
def test_every_belgian_vat_rate_is_read(typed, rate):
    text = "Date;Montant;Tiers;N°;CP;TVA;Hôtel;Taux\n01/01/2024;12,00;A;F1;1000;;;" + typed + "\n"
    mapping = Mapping({**MAPPING.columns, "vat_rate": "Taux"})
    result = read(text, mapping=mapping)
    assert result.ok and result.rows[0].vat_rate == Decimal(rate)


def test_a_rate_belgian_law_does_not_have_is_refused_for_a_belgian_supplier_only():
    mapping = Mapping({**MAPPING.columns, "vat_rate": "Taux", "supplier_country": "Pays"})
    head = "Date;Montant;Tiers;N°;CP;TVA;Hôtel;Taux;Pays\n"
    refused = read(head + "01/01/2024;12,00;A;F1;1000;;;15 %;BE\n", mapping=mapping)
    assert [str(e) for e in refused.errors] == [
        'export.csv:2: Taux: expected a Belgian VAT rate (0\u00a0%, 6\u00a0%, 12\u00a0%, '
        '21\u00a0%), got "15 %"']
    french = read(head + "01/01/2024;12,00;A;F1;75001;;;20;FR\n", mapping=mapping)
    assert french.ok and french.rows[0].vat_rate == Decimal("0.2")


def test_an_ambiguous_amount_is_refused_with_both_readings():
    result = read("Date;Montant;Tiers;N°;CP;TVA;Hôtel\n01/01/2024;1.234;A;F1;1000;;\n")
    assert [str(e) for e in result.errors] == [
        "export.csv:2: Montant: 1.234: 1\u202f234 or 1,234? write 1.234,00 or 1,234"]


def test_blank_rows_and_rows_of_separators_are_skipped_not_refused():
    text = ("Date;Montant;Tiers;N°;CP;TVA;Hôtel\n01/01/2024;12,00;A;F1;1000;;\n;;;;;;\n\n"
            "02/01/2024;5,00;B;F2;1000;;\n;;;;;;\n   ;  ;;;;;\n")
    result = read(text)
    assert result.ok and [row.number for row in result.rows] == ["F1", "F2"]
