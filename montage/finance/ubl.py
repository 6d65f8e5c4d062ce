"""Belgian Peppol e-invoices: UBL 2.1 Invoice and CreditNote, Peppol BIS Billing 3.0.

Pure: bytes in, a `UblDocument` (or the list of what is wrong) out. Parsed with defusedxml, so
an entity-expansion "XML bomb" or an external entity is refused instead of expanded.

What is read: the document number (cbc:ID), type code, issue date, currency, the supplier
(AccountingSupplierParty: name, VAT number from PartyTaxScheme, enterprise number from
PartyLegalEntity, postal address with postal code and country), the buyer
(AccountingCustomerParty), each line (id, net amount, item name/description, VAT rate, the
line's or the document's AccountingCost as budget account), the tax subtotals' rates and
LegalMonetaryTotal/TaxExclusiveAmount. VAT and enterprise numbers are checked with
python-stdnum; the lines must add up to LegalMonetaryTotal/LineExtensionAmount (rule BR-CO-10).

`missing_fields` lists which of the vade-mecum's mandatory invoice fields (law parameter
`spillover.invoice_mandatory_fields`, step 2 §9) the document lacks: such an invoice still
enters the ledger, but does not count for a broadcaster's FWB spillover until completed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from montage.errors import InputError, Problem
from montage.finance.ledger_rows import (MAX_ERRORS, LedgerRow, belgian_vat_rates, parse_vat,
                                         vat_rates_text)

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
INVOICE_TYPE_CODES = {"380", "383", "384", "386", "389", "751", "393", "395", "575", "623",
                      "780", "326", "71", "102", "218", "219", "331", "382", "553", "817",
                      "870", "875", "876", "877"}
CREDIT_NOTE_TYPE_CODES = {"381", "396", "81", "83", "532", "261", "262", "308"}
CREDITED = "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"
MANDATORY_FIELDS = ("invoice_mention", "supplier_name", "supplier_address", "client_name",
                    "client_address", "invoice_date", "supplier_vat_number", "client_vat_number",
                    "description", "vat_rate", "amount_excl_vat")


@dataclass
class Party:
    name: str = ""
    vat: str = ""                 # compact with country prefix
    enterprise_number: str = ""
    street: str = ""
    city: str = ""
    postal_code: str = ""
    country: str = ""

    @property
    def has_address(self) -> bool:
        return bool(self.street and self.postal_code and self.city and self.country)


@dataclass
class UblLine:
    id: str
    amount: Decimal               # net, excl. VAT (LineExtensionAmount), ≥ 0
    name: str = ""
    description: str = ""
    vat_rate: Decimal | None = None   # fraction (0.21)
    account: str = ""


@dataclass
class UblDocument:
    file: str
    kind: str                     # "invoice" or "credit_note"
    number: str
    type_code: str
    issue_date: dt.date | None
    currency: str
    supplier: Party
    buyer: Party
    lines: list[UblLine]
    tax_exclusive_amount: Decimal | None
    tax_rates: tuple[Decimal, ...]
    missing_fields: tuple[str, ...] = field(default=())
    credits: str = ""             # a credit note: BillingReference/InvoiceDocumentReference/ID

    def ledger_rows(self) -> list[LedgerRow]:
        """One ledger record per invoice line (row = the line's position in the document). A
        credit note's lines (positive in UBL: the document type makes them a credit) become
        negative credit note records naming the invoice credited; a zero line credits nothing
        and is left out."""
        rows = []
        credit = self.kind == "credit_note"
        for n, line in enumerate(self.lines, 1):
            if credit and not line.amount:
                continue
            rows.append(LedgerRow(
                row=n, date=self.issue_date, amount=-line.amount if credit else line.amount,
                kind=self.kind, credits=self.credits if credit else "",
                number=self.number, line=line.id, supplier_name=self.supplier.name,
                supplier_vat=self.supplier.vat or (
                    "BE" + self.supplier.enterprise_number if self.supplier.enterprise_number
                    else ""),
                supplier_street=self.supplier.street, supplier_city=self.supplier.city,
                supplier_postal_code=self.supplier.postal_code,
                supplier_country=self.supplier.country or "BE",
                account=line.account, description=(line.name or line.description)[:300],
                vat_rate=line.vat_rate if line.vat_rate is not None else Decimal("0.21"),
                missing_fields=self.missing_fields))
        return rows


# What an amount of the invoice should hold, as whole sentences (the pages translate them).
AMOUNT_SENTENCES = {
    "the line's net amount": ("the line's net amount as a number such as 1234.56",
                              "the line's net amount in euros and cents"),
    "the sum of the lines": ("the sum of the lines as a number such as 1234.56",
                             "the sum of the lines in euros and cents"),
    "the total excl. VAT": ("the total excl. VAT as a number such as 1234.56",
                            "the total excl. VAT in euros and cents"),
}

def _t(node, path: str) -> str:
    if node is None:
        return ""
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None and found.text else ""


def parse(data: bytes, file_name: str, mandatory: tuple[str, ...] = MANDATORY_FIELDS
          ) -> UblDocument:
    """Read one UBL Invoice or CreditNote. Raises `InputError` listing every problem (row: the
    invoice line, none for the document's head; column: the element)."""
    errors: list[Problem] = []

    def bad(row: int, column: str, expected: str, value: str | None = None,
            params: dict | None = None) -> None:
        if len(errors) < MAX_ERRORS:
            errors.append(Problem(file=file_name, row=row or None, column=column,
                                  expected=expected, got=None if value is None else value[:80],
                                  params=params))

    try:
        root = ElementTree.fromstring(data)
    except DefusedXmlException as error:
        bad(0, "XML", "an XML document without entity declarations (%(error)s)",
            params={"error": type(error).__name__})
        raise InputError.of(errors) from None
    except ElementTree.ParseError as error:
        bad(error.position[0] if hasattr(error, "position") else 0, "XML",
            "well-formed XML (%(error)s)", params={"error": str(error)})
        raise InputError.of(errors) from None
    if root.tag == f"{{{NS['inv']}}}Invoice":
        kind, line_tag, type_tag = "invoice", "cac:InvoiceLine", "cbc:InvoiceTypeCode"
    elif root.tag == f"{{{NS['cn']}}}CreditNote":
        kind, line_tag, type_tag = "credit_note", "cac:CreditNoteLine", "cbc:CreditNoteTypeCode"
    else:
        bad(0, root.tag, "a UBL 2.1 Invoice or CreditNote (Peppol BIS Billing 3.0)")
        raise InputError.of(errors)

    number = _t(root, "cbc:ID")
    if not number:
        bad(0, "cbc:ID", "the invoice number")
    type_code = _t(root, type_tag)
    issue_date = None
    text = _t(root, "cbc:IssueDate")
    try:
        issue_date = dt.date.fromisoformat(text) if text else None
    except ValueError:
        bad(0, "cbc:IssueDate", "a date written yyyy-mm-dd", text)
    if issue_date is None and not text:
        bad(0, "cbc:IssueDate", "the issue date")
    currency = _t(root, "cbc:DocumentCurrencyCode")
    if currency and currency != "EUR":
        bad(0, "cbc:DocumentCurrencyCode", "an invoice in euros (EUR)", currency)

    def party(path: str, who: str) -> Party:
        node = root.find(f"{path}/cac:Party", NS)
        result = Party()
        if node is None:
            return result
        result.name = (_t(node, "cac:PartyLegalEntity/cbc:RegistrationName")
                       or _t(node, "cac:PartyName/cbc:Name"))
        address = node.find("cac:PostalAddress", NS)
        result.street = " ".join(filter(None, (_t(address, "cbc:StreetName"),
                                               _t(address, "cbc:AdditionalStreetName"))))
        result.city = _t(address, "cbc:CityName")
        result.postal_code = _t(address, "cbc:PostalZone")
        result.country = _t(address, "cac:Country/cbc:IdentificationCode").upper()
        for scheme in node.findall("cac:PartyTaxScheme", NS):
            if _t(scheme, "cac:TaxScheme/cbc:ID").upper() == "VAT":
                vat = _t(scheme, "cbc:CompanyID")
                if vat:
                    try:
                        result.vat = parse_vat(vat)
                    except InputError as error:
                        bad(0, f"{path}/cac:PartyTaxScheme/cbc:CompanyID",
                            "the supplier's valid VAT number (%(error)s)" if who == "supplier"
                            else "the buyer's valid VAT number (%(error)s)", vat,
                            {"error": error.message})
        legal = _t(node, "cac:PartyLegalEntity/cbc:CompanyID")
        if legal and (result.country == "BE" or legal.upper().startswith("BE")):
            try:
                result.enterprise_number = parse_vat(legal)[2:]
            except InputError as error:
                bad(0, f"{path}/cac:PartyLegalEntity/cbc:CompanyID",
                    "the supplier's valid enterprise number (%(error)s)" if who == "supplier"
                    else "the buyer's valid enterprise number (%(error)s)", legal,
                    {"error": error.message})
        return result

    supplier = party("cac:AccountingSupplierParty", "supplier")
    buyer = party("cac:AccountingCustomerParty", "buyer")
    if not supplier.name:
        bad(0, "cac:AccountingSupplierParty", "the supplier's name")
    if (supplier.country or "BE") == "BE" and not (len(supplier.postal_code) == 4
                                                   and supplier.postal_code.isdigit()):
        bad(0, "cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:PostalZone",
            "the supplier's Belgian postal code of 4 digits", supplier.postal_code)

    def amount(node, path: str, row: int, label: str) -> Decimal | None:
        text = _t(node, path)
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            bad(row, path, AMOUNT_SENTENCES[label][0], text)
            return None
        if not value.is_finite() or value != value.quantize(Decimal("0.01")):
            bad(row, path, AMOUNT_SENTENCES[label][1], text)
            return None
        return value

    doc_account = _t(root, "cbc:AccountingCost")
    lines: list[UblLine] = []
    nodes = root.findall(line_tag, NS)
    if not nodes:
        bad(0, line_tag, "at least one invoice line")
    for n, node in enumerate(nodes, 1):
        line_id = _t(node, "cbc:ID") or str(n)
        value = amount(node, "cbc:LineExtensionAmount", n, "the line's net amount")
        if value is None:
            if not _t(node, "cbc:LineExtensionAmount"):
                bad(n, "cbc:LineExtensionAmount", "the line's net amount")
            continue
        if value < 0:  # refused, not netted inside the document: the supplier issues a credit note
            bad(n, "cbc:LineExtensionAmount", "an amount of zero or more (a credit note's lines "
                "are positive: the document type makes them a credit)" if kind == "credit_note"
                else "an amount of zero or more (a negative line is a credit: the supplier "
                "sends it as a UBL CreditNote)", str(value))
            continue
        percent = _t(node, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")
        rate = None
        if percent:
            try:
                rate = Decimal(percent) / 100
            except InvalidOperation:
                bad(n, "cac:ClassifiedTaxCategory/cbc:Percent", "a VAT rate such as 21", percent)
            else:
                if (supplier.country or "BE") == "BE" and rate not in belgian_vat_rates(
                        issue_date):
                    if len(errors) < MAX_ERRORS:
                        errors.append(Problem(
                            file=file_name, row=n, column="cac:ClassifiedTaxCategory/cbc:Percent",
                            expected="a Belgian VAT rate (%(rates)s)", got=percent,
                            params={"rates": vat_rates_text(issue_date)}))
                    rate = None
        lines.append(UblLine(line_id, value, _t(node, "cac:Item/cbc:Name"),
                             _t(node, "cac:Item/cbc:Description"), rate,
                             (_t(node, "cbc:AccountingCost") or doc_account)[:20]))
    total = root.find("cac:LegalMonetaryTotal", NS)
    line_total = amount(total, "cbc:LineExtensionAmount", 0, "the sum of the lines")
    tax_exclusive = amount(total, "cbc:TaxExclusiveAmount", 0, "the total excl. VAT")
    if line_total is not None and len(lines) == len(nodes) \
            and sum((line.amount for line in lines), Decimal(0)) != line_total:
        bad(0, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount",
            "the sum of the lines (%(sum)s)", str(line_total),
            {"sum": str(sum((line.amount for line in lines), Decimal(0)))})
    rates = []
    for sub in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS):
        percent = _t(sub, "cac:TaxCategory/cbc:Percent")
        try:
            rates.append(Decimal(percent) / 100)
        except InvalidOperation:
            pass
    if errors:
        raise InputError.of(errors)

    present = {
        "invoice_mention": type_code in (INVOICE_TYPE_CODES | CREDIT_NOTE_TYPE_CODES),
        "supplier_name": bool(supplier.name),
        "supplier_address": supplier.has_address,
        "client_name": bool(buyer.name),
        "client_address": buyer.has_address,
        "invoice_date": issue_date is not None,
        "supplier_vat_number": bool(supplier.vat or supplier.enterprise_number),
        "client_vat_number": bool(buyer.vat or buyer.enterprise_number),
        "description": all(line.name or line.description for line in lines),
        "vat_rate": all(line.vat_rate is not None for line in lines) or bool(rates),
        "amount_excl_vat": tax_exclusive is not None,
    }
    missing = tuple(name for name in mandatory if not present.get(name, False))
    return UblDocument(file_name, kind, number, type_code, issue_date, currency or "EUR",
                       supplier, buyer, lines, tax_exclusive, tuple(sorted(set(rates))),
                       missing, _t(root, CREDITED) if kind == "credit_note" else "")


def is_ubl(data: bytes) -> bool:
    head = data[:4096].lstrip()
    return head.startswith(b"<") and (b"Invoice-2" in head or b"CreditNote-2" in head)
