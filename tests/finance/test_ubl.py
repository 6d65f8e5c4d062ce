"""Peppol BIS Billing 3.0 / UBL 2.1 invoices and credit notes (montage.finance.ubl)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from montage.errors import InputError

from montage.finance import ubl

DATA = Path(__file__).with_name("data")


def load(name):
    return ubl.parse((DATA / name).read_bytes(), name)


def test_invoice():
    doc = load("peppol-invoice-liege.xml")
    assert (doc.kind, doc.number, doc.type_code) == ("invoice", "2025-0412", "380")
    assert doc.issue_date == dt.date(2025, 5, 12)
    assert doc.supplier.vat == "BE0403170701" and doc.supplier.postal_code == "4000"
    assert doc.buyer.vat == "BE0417497106"
    assert [(l.id, l.amount, l.account) for l in doc.lines] == [
        ("1", Decimal("4200.00"), "07.01"), ("2", Decimal("760.00"), "07.02")]
    assert doc.tax_exclusive_amount == Decimal("4960.00")
    assert doc.tax_rates == (Decimal("0.21"),)
    assert doc.missing_fields == ()
    rows = doc.ledger_rows()
    assert [r.source_key() for r in rows] == ["i:BE0403170701:2025-0412:1",
                                              "i:BE0403170701:2025-0412:2"]


def test_missing_mandatory_field():
    assert load("peppol-invoice-no-buyer-vat.xml").missing_fields == ("client_vat_number",)


def test_credit_note():
    doc = load("peppol-creditnote-liege.xml")
    assert (doc.kind, doc.type_code, doc.number) == ("credit_note", "381", "CN-2025-007")
    # positive lines in UBL; the document type makes them credit note lines, negative
    assert [(r.kind, r.amount, r.credits) for r in doc.ledger_rows()] == [
        ("credit_note", Decimal("-4200.00"), ""), ("credit_note", Decimal("-760.00"), "")]


def test_invalid_invoice_lists_every_problem():
    with pytest.raises(InputError) as caught:
        load("peppol-invoice-invalid.xml")
    columns = [e.column for e in caught.value.problems]
    assert any(c.endswith("PartyTaxScheme/cbc:CompanyID") for c in columns)
    assert any(c.endswith("LegalMonetaryTotal/cbc:LineExtensionAmount") for c in columns)
    assert all(e.file == "peppol-invoice-invalid.xml" for e in caught.value.problems)


def test_xml_bomb_and_foreign_documents_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Invoice>&lol2;</Invoice>')
    with pytest.raises(InputError, match="entity"):
        ubl.parse(bomb, "bomb.xml")
    with pytest.raises(InputError, match="Invoice or CreditNote"):
        ubl.parse(b"<Order/>", "order.xml")
    with pytest.raises(InputError, match="well-formed"):
        ubl.parse(b"<Invoice", "broken.xml")
