"""Reading a producer's accounting export (.csv, .xlsx) into plain ledger records.

Pure: no database. A `Mapping` says which column header holds which ledger field; each data row
becomes a `LedgerRow`, or a `montage.errors.Problem` naming the file, the row (as the spreadsheet
numbers it: the header is row 1), the column (its header), what was expected and what was got. Every row is read and every
error collected (up to `MAX_ERRORS`, then only counted), so the user fixes the file in one go.

Numbers are read the Belgian way (`montage.money.parse_belgian_number`: "1 234,56", "1.234,56 €",
"1234.56"); dates by the mapping's `date_format` (strptime syntax, e.g. "%d/%m/%Y"), ISO dates
("2025-03-31") always accepted too. CSV files: any delimiter (sniffed among , ; tab |), encoded
in UTF-8 (with or without BOM) or Windows-1252 (what Belgian accounting software writes).
"""

from __future__ import annotations

import codecs
import functools
import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterable, Iterator

from montage.errors import MAX_SHOWN, InputError, Problem
from montage.finance.expenses import FLAGS
from montage.identifiers import enterprise_number, vat_number
from montage.money import is_ambiguous, parse_belgian_number

MAX_ERRORS = MAX_SHOWN

# ledger field -> (label, required)
FIELDS: dict[str, tuple[str, bool]] = {
    "date": ("invoice or payroll date", True),
    "amount": ("amount excl. VAT", True),
    "number": ("invoice number", False),
    "line": ("line number within the invoice", False),
    "id": ("unique line id of the accounting software", False),
    "kind": ("kind: invoice, credit note or payroll", False),
    "credits": ("the invoice a credit note credits (its number)", False),
    "supplier_name": ("supplier name", False),
    "supplier_vat": ("supplier VAT or enterprise number", False),
    "supplier_street": ("supplier registered seat: street", False),
    "supplier_postal_code": ("supplier registered seat: postal code", False),
    "supplier_city": ("supplier registered seat: city", False),
    "supplier_country": ("supplier country (ISO code)", False),
    "operating_postal_code": ("supplier operating seat: postal code", False),
    "audiovisual_activity": ("supplier has an audiovisual activity (yes/no)", False),
    "employee_name": ("employee (payroll)", False),
    "employee_postal_code": ("employee domicile: postal code", False),
    "employee_country": ("employee domicile: country", False),
    "account": ("budget account code", False),
    "vat_rate": ("VAT rate (21 or 0,21)", False),
    "description": ("description", False),
    "cost_type": ("cost type: direct, overhead, producer fee, commission", False),
    "paid_on": ("payment date", False),
    "studio": ("studio", False),
    "manager_services": ("of which the manager's own services", False),
    "manager_lives_in_wallonia": ("manager lives in Wallonia (yes/no)", False),
    "missing_fields": ("mandatory invoice fields missing (comma-separated)", False),
    "location_rental": ("shooting location rental (yes/no)", False),
    "post_production": ("post-production (yes/no)", False),
    "vfx": ("visual effects (yes/no)", False),
    "vehicle_rental_agency": ("vehicle from a rental agency (yes/no)", False),
    "hotel_night": ("hotel night (yes/no)", False),
    "private_flat_set": ("private flat used as a set (yes/no)", False),
    "directly_linked": ("directly linked to the production (yes/no)", False),
}
# the headers Belgian accounting exports commonly give each field (French, Dutch, English),
# compared without case, accents or punctuation: a new mapping is pre-filled from them and the
# user checks it (`guess_mapping`)
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "date": ("date", "date facture", "date de facture", "date document", "datum",
             "factuurdatum", "invoice date"),
    "amount": ("montant htva", "montant ht", "montant hors tva", "htva", "base htva",
               "montant net", "bedrag excl btw", "bedrag", "net amount", "amount"),
    "number": ("facture", "n facture", "no facture", "numero de facture", "numero facture",
               "piece", "n piece", "factuurnummer", "invoice number"),
    "line": ("ligne de facture", "n ligne", "lijn", "line"),
    "id": ("ligne", "id", "identifiant", "id ligne", "line id"),
    "kind": ("type", "nature de la piece", "soort"),
    "credits": ("facture creditee", "facture liee", "facture d origine", "credite la facture",
                "gecrediteerde factuur", "oorspronkelijke factuur", "credited invoice",
                "credits"),
    "supplier_name": ("fournisseur", "nom fournisseur", "raison sociale", "leverancier",
                      "supplier"),
    "supplier_vat": ("tva fournisseur", "n tva", "no tva", "numero de tva", "tva", "btw",
                     "btw nummer", "ondernemingsnummer", "numero d entreprise", "vat number"),
    "supplier_street": ("rue", "adresse", "straat", "street"),
    "supplier_postal_code": ("cp", "code postal", "postcode", "postal code"),
    "supplier_city": ("ville", "localite", "commune", "gemeente", "city"),
    "supplier_country": ("pays", "code pays", "land", "country"),
    "operating_postal_code": ("cp exploitation", "cp siege d exploitation",
                              "code postal exploitation", "postcode exploitatiezetel"),
    "audiovisual_activity": ("activite av", "activite audiovisuelle"),
    "employee_name": ("employe", "travailleur", "nom employe", "werknemer", "employee"),
    "employee_postal_code": ("cp domicile", "code postal domicile", "postcode woonplaats"),
    "employee_country": ("pays domicile", "land woonplaats"),
    "account": ("compte", "poste", "poste budgetaire", "code budget", "rekening", "account"),
    "vat_rate": ("taux tva", "taux de tva", "btw tarief", "vat rate"),
    "description": ("libelle", "description", "omschrijving"),
    "cost_type": ("nature", "type de cout", "kostensoort", "cost type"),
    "paid_on": ("paye le", "date de paiement", "date paiement", "betaald op", "paid on"),
    "studio": ("studio",),
    "manager_services": ("prestations du gerant", "dont gerant"),
    "missing_fields": ("mentions manquantes",),
    "location_rental": ("lieu de tournage", "location lieu de tournage"),
    "vehicle_rental_agency": ("vehicule de location",),
    "hotel_night": ("nuit d hotel", "nuitee", "hotel"),
}


def _words(text: str) -> str:
    """A header without case, accents, spaces or punctuation: "Montant H.T.V.A." and
    "montant htva" → "montanthtva"."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Ledger field → the file's header, for a new mapping: a header equal to the field's
    name or label, or to one of its usual names (`HEADER_WORDS`). Each header serves one field
    at most; the user checks the result before saving it."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    by_words = {}
    for header in headers:
        by_words.setdefault(_words(header), header)
    for name, (label, _required) in FIELDS.items():
        for candidate in (name.replace("_", " "), label) + HEADER_WORDS.get(name, ()):
            header = by_words.get(_words(candidate))
            if header is not None and header not in taken:
                found[name] = header
                taken.add(header)
                break
    return found


# the flags a line's `flags` holds (False when not given); directly_linked, True unless said
# otherwise, is its own field
FLAG_FIELDS = tuple(name for name in FLAGS if name != "directly_linked")
KINDS = {"invoice": "invoice", "facture": "invoice", "factuur": "invoice",
         "payroll": "payroll", "paie": "payroll", "salaire": "payroll", "salary": "payroll",
         "credit_note": "credit_note", "credit note": "credit_note",
         "note de crédit": "credit_note", "note de credit": "credit_note", "nc": "credit_note",
         "avoir": "credit_note", "creditnota": "credit_note", "cn": "credit_note"}
COST_TYPES = ("direct", "overhead", "producer_fee", "commission")
# the words a cell may hold for each cost type (the code, in English or in French), compared
# without case, with spaces for underscores
COST_TYPE_WORDS = {"direct": "direct", "overhead": "overhead", "producer fee": "producer_fee",
                   "commission": "commission", "frais généraux": "overhead",
                   "rémunération du producteur": "producer_fee"}
TRUE = {"1", "yes", "y", "oui", "o", "true", "vrai", "x", "ja"}
FALSE = {"0", "no", "n", "non", "false", "faux", "nee", "-"}
ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass(frozen=True)
class Mapping:
    """Ledger field -> column header in the file; how dates are written."""

    columns: dict[str, str]
    date_format: str = "%d/%m/%Y"

    def __post_init__(self):
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise InputError.of([Problem(
                "unknown ledger field(s) %(unknown)s; expected among %(fields)s",
                column="columns", params={"unknown": ", ".join(unknown),
                                          "fields": ", ".join(FIELDS)})])
        for name, needed in (("date", "the mapping needs a column for the date"),
                             ("amount", "the mapping needs a column for the amount")):
            if not self.columns.get(name):
                raise InputError(needed, field="columns")
        if not (self.columns.get("supplier_name") or self.columns.get("employee_name")):
            raise InputError("the mapping needs a column for the supplier name (or the "
                             "employee, for payroll)", field="columns")


@dataclass(slots=True)
class LedgerRow:
    """One line of the export, read and checked (amounts Decimal, dates date)."""

    row: int
    date: dt.date
    amount: Decimal
    kind: str = "invoice"               # or "credit_note" (amount negative) or "payroll"
    number: str = ""
    credits: str = ""                   # a credit note: the number of the invoice it credits
    line: str = ""
    id: str = ""
    supplier_name: str = ""
    supplier_vat: str = ""              # compact, with country prefix ("BE0403170701")
    supplier_street: str = ""
    supplier_postal_code: str = ""
    supplier_city: str = ""
    supplier_country: str = "BE"
    operating_postal_code: str = ""
    audiovisual_activity: bool | None = None
    employee_name: str = ""
    employee_postal_code: str = ""
    employee_country: str = "BE"
    account: str = ""
    vat_rate: Decimal = Decimal("0.21")
    description: str = ""
    cost_type: str = "direct"
    paid_on: dt.date | None = None
    studio: str = ""
    manager_services: Decimal = Decimal(0)
    manager_lives_in_wallonia: bool | None = None
    missing_fields: tuple[str, ...] = ()
    flags: dict = field(default_factory=dict)
    directly_linked: bool = True

    def source_key(self) -> str:
        """The line's natural key, independent of the file it came in: the software's line id
        when mapped, else who (VAT or name) + invoice number + line (+ date and amount when the
        file has no line numbers)."""
        if self.id:
            return f"id:{self.id}"[:120]
        who = self.supplier_vat or (self.supplier_name or self.employee_name).casefold()
        tail = self.line or f"{self.date.isoformat()}:{self.amount}"
        return f"{self.kind[0]}:{who}:{self.number}:{tail}"[:120]


@dataclass
class ReadResult:
    rows: list[LedgerRow]
    errors: list[Problem]
    error_count: int
    rows_total: int

    @property
    def ok(self) -> bool:
        return not self.error_count


# --------------------------------------------------------------------------------------------
# files


def decode(data: bytes, file_name: str) -> str:
    """UTF-8 (BOM or not) or Windows-1252; anything else is an error naming the file
    (a NUL byte means UTF-16 or a binary file, which Windows-1252 would otherwise accept)."""
    if b"\x00" in data[:65536]:
        raise InputError("expected a text file encoded in UTF-8 or Windows-1252",
                         file=file_name)
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("expected a text file encoded in UTF-8 or Windows-1252", file=file_name)


def read_table(data: bytes, file_name: str) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """The header row and an iterator of (row number, cells) of a .csv or .xlsx file."""
    if file_name.lower().endswith(".xlsx"):
        return _read_xlsx(data, file_name)
    if file_name.lower().endswith((".csv", ".txt")):
        return _read_csv(data, file_name)
    raise InputError("expected a .csv or .xlsx file", file=file_name)


def _encoding(data: bytes, file_name: str) -> str:
    """UTF-8 (BOM or not) when the whole file decodes as such, else Windows-1252 — checked
    chunk by chunk, so a large file is never held twice in memory."""
    if b"\x00" in data[:65536]:
        raise InputError("expected a text file encoded in UTF-8 or Windows-1252",
                         file=file_name)
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(view[start:start + (1 << 20)])
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


@dataclass(frozen=True)
class CsvLayout:
    """How a .csv file is written: its header row, encoding and delimiter."""

    headers: list[str]
    encoding: str
    delimiter: str


def csv_layout(data: bytes, file_name: str) -> CsvLayout:
    encoding = _encoding(data, file_name)
    first = data[:20000].decode(encoding, errors="replace").split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first + "\n", delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(_text_stream(data, encoding, 0, len(data)), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError("the file is empty: expected a header row", file=file_name) from None
    except UnicodeDecodeError:
        raise InputError("expected a text file encoded in UTF-8 or Windows-1252",
                         file=file_name) from None
    return CsvLayout(headers, encoding, delimiter)


def csv_rows(data: bytes, layout: CsvLayout, *, start: int | None = None,
             end: int | None = None) -> Iterator[tuple[int, list]]:
    """(row number, cells) of the records of `data[start:end]`. From the file's beginning the
    header is skipped and rows are numbered as the spreadsheet does (2, 3…); from a split point
    (`csv_split`) they are numbered from 1, for the caller to move."""
    end = len(data) if end is None else end
    reader = csv.reader(_text_stream(data, layout.encoding, start or 0, end),
                        delimiter=layout.delimiter)
    if start is None:
        next(reader, None)
    return enumerate(reader, 2 if start is None else 1)


def csv_split(data: bytes, percent: int = 50) -> int | None:
    """A byte offset where a record begins, after about `percent` % of the file: just after a
    line break outside any quoted field (an even number of quotes before it). None when there
    is none (a file of a few lines, or quotes that never pair)."""
    position = len(data) * percent // 100
    for _ in range(1000):
        newline = data.find(b"\n", position)
        if newline < 0 or newline + 1 >= len(data):
            return None
        if not data.count(b'"', 0, newline) % 2:
            return newline + 1
        position = newline + 1
    return None


class _Range(io.RawIOBase):
    """A byte range of a file held in memory, read without copying it."""

    def __init__(self, data: bytes, start: int, end: int):
        self.view = memoryview(data)[start:end]
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), len(self.view) - self.position)
        buffer[:size] = self.view[self.position:self.position + size]
        self.position += size
        return size


def _text_stream(data: bytes, encoding: str, start: int, end: int):
    return io.TextIOWrapper(io.BufferedReader(_Range(data, start, end), 1 << 16),
                            encoding=encoding, newline="")


def _read_csv(data: bytes, file_name: str):
    layout = csv_layout(data, file_name)
    return layout.headers, csv_rows(data, layout)


def _read_xlsx(data: bytes, file_name: str):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise InputError.of([Problem("expected an .xlsx workbook (%(error)s)", file=file_name,
                                     params={"error": type(error).__name__})]) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        headers = ["" if h is None else str(h).strip() for h in next(rows)]
    except StopIteration:
        raise InputError("the sheet is empty: expected a header row", file=file_name) from None

    def cells():
        for n, row in enumerate(rows, 2):
            if row is None or all(v is None or v == "" for v in row):
                continue
            yield n, list(row)
    return headers, cells()


def headers_of(data: bytes, file_name: str) -> list[str]:
    return read_table(data, file_name)[0]


# --------------------------------------------------------------------------------------------
# cells


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value, date_format: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _date_from_text(_text(value), date_format)


@lru_cache(maxsize=8192)  # a ledger has a few hundred distinct dates for a million lines
def _date_from_text(text: str, date_format: str) -> dt.date:
    if date_format == "%d/%m/%Y" and len(text) == 10 and text[2] == "/" and text[5] == "/":
        return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))  # fast path, same result
    try:
        return dt.datetime.strptime(text, date_format).date()
    except ValueError:
        return dt.date.fromisoformat(text)


def parse_amount(value) -> Decimal:
    """Euros and cents from a cell: a number (xlsx) or Belgian text."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest text of the float, as the sheet shows it
    elif isinstance(value, Decimal):
        amount = value
    else:
        text = _text(value)
        if _PLAIN_AMOUNT(text) is not None:
            amount = Decimal(text.replace(",", "."))
        elif _GROUPED_AMOUNT(text) is not None:
            amount = Decimal(text.replace(".", "").replace(",", "."))
        else:
            amount = parse_belgian_number(text)
    if not amount.is_finite():
        raise ValueError(value)
    return amount


_PLAIN_AMOUNT = re.compile(r"\d{1,12}(?:[.,]\d{1,2})?").fullmatch  # "1234,56": same result
_GROUPED_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3}){1,3},\d{1,2}").fullmatch  # "1.234,56": same


def parse_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if not text:
        return None
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(value)


@lru_cache(maxsize=65536)
def parse_vat(text: str) -> str:
    """A VAT or enterprise number, compact with its country prefix; a bare Belgian enterprise
    number ("0403.170.701") is taken as Belgian."""
    text = text.strip()
    if text[:2].isalpha():
        return vat_number(text)
    return "BE" + enterprise_number(text).replace(".", "")


# --------------------------------------------------------------------------------------------
# rows


class _Errors:
    def __init__(self, file_name: str):
        self.file = file_name
        self.items: list[Problem] = []
        self.count = 0

    def add(self, row: int, column: str, expected: str, value=None, params=None) -> None:
        self.count += 1
        if len(self.items) < MAX_ERRORS:
            got = None if value is None else _text(value)[:80]
            self.items.append(Problem(file=self.file, row=row, column=column, expected=expected,
                                      got=got, params=params))

    def place(self, row: int, column: str, problem: Problem) -> None:
        """A problem the reader of a cell found (an ambiguous "1.234"), placed in the file."""
        self.count += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append(problem.at(file=self.file, row=row, column=column))


def read_rows(file_name: str, headers: list[str], rows: Iterable[tuple[int, list]],
              mapping: Mapping, *, progress=None, every: int = 5000) -> ReadResult:
    """Every row checked; errors collected (the first MAX_ERRORS kept, all counted).
    `progress(rows_read)` is called every `every` rows."""
    stream = iter_rows(file_name, headers, rows, mapping, progress=progress, every=every)
    result = list(stream)
    return ReadResult(result, stream.errors.items, stream.errors.count, stream.total)


class iter_rows:  # lower case: used like a generator function
    """The checked rows one at a time (a large file is never held as LedgerRow objects):
    iterate, then read `errors` (`.items`, `.count`) and `total` (rows read)."""

    def __init__(self, file_name: str, headers: list[str], rows: Iterable[tuple[int, list]],
                 mapping: Mapping, *, progress=None, every: int = 5000):
        self.errors = _Errors(file_name)
        self.total = 0
        self._args = (headers, rows, mapping, progress, every)

    def __iter__(self) -> Iterator[LedgerRow]:
        headers, rows, mapping, progress, every = self._args
        errors = self.errors
        index: dict[str, int] = {}
        for name, header in mapping.columns.items():
            if not header:
                continue
            if header not in headers:
                errors.add(1, header, f"a column {header!r} for {FIELDS[name][0]} (the file's "
                                      f"columns: {', '.join(h for h in headers if h)})")
                continue
            index[name] = headers.index(header)
        if errors.count:
            return
        fmt = mapping.date_format
        header_of = {name: headers[i] for name, i in index.items()}
        items = list(index.items())
        names = tuple(index)
        positions = tuple(index.values())
        width = max(positions) + 1
        for total, (number, cells) in enumerate(rows, 1):
            self.total = total
            if progress is not None and not total % every:
                progress(total)
            if len(cells) < width:
                cells = list(cells) + [None] * (width - len(cells))
            try:
                # the common case (csv): every cell is text; then raw and text are the same
                text = dict(zip(names, [cells[i].strip() for i in positions]))
                raw = text
            except AttributeError:
                raw = {}
                text = {}
                for name, i in items:
                    value = cells[i]
                    if value.__class__ is str:
                        value = value.strip()
                        raw[name] = value
                        text[name] = value
                    else:
                        raw[name] = value
                        text[name] = _text(value)
            if not any(text.values()) and not any(_text(c) for c in cells):
                continue  # a blank row, or separators only (";;;;"): no line, no error
            record = _row(number, raw, text, fmt, header_of, errors)
            if record is not None:
                yield record


_DIGITS = frozenset("0123456789")


def _postal(code: str) -> bool:
    return len(code) == 4 and code.isdigit()


def _row(number: int, raw: dict, t: dict, fmt: str, header_of: dict, errors: _Errors
         ) -> LedgerRow | None:
    before = errors.count

    def bad(name, expected, params=None):
        errors.add(number, header_of.get(name, name), expected, raw.get(name), params)

    def unread(name, expected, error):
        """A cell the one number reader refused: its own sentence when it has one (both
        readings of an ambiguous "1.234"), else what the column expects."""
        if is_ambiguous(error):
            errors.place(number, header_of.get(name, name), error.problems[0])
        else:
            bad(name, expected)

    get = t.get
    values: dict = {}
    try:
        values["date"] = parse_date(raw["date"], fmt)
    except (ValueError, TypeError):
        bad("date", "a date written %(format)s", {"format": fmt.replace("%d", "dd")
                                                  .replace("%m", "mm").replace("%Y", "yyyy")})
    kind = "invoice"
    if get("kind"):
        kind = KINDS.get(get("kind").casefold())
        if kind is None:
            bad("kind", "invoice, credit note or payroll")
            kind = "invoice"
    try:
        amount = parse_amount(raw["amount"])
        cents = amount.quantize(CENT)
        if amount != cents:
            bad("amount", "an amount in euros and cents")
        elif amount < 0 and kind == "payroll":
            bad("amount", "an amount of zero or more (a credit note credits an invoice, not "
                "a payroll line)")
        elif amount == 0 and kind == "credit_note":
            bad("amount", "a credit note's amount (not zero)")
        else:
            # a negative line is a credit note; a credit note is kept negative however written
            if amount < 0:
                kind = "credit_note"
            values["amount"] = -abs(cents) if kind == "credit_note" else cents
    except (InputError, ValueError, InvalidOperation, TypeError) as error:
        unread("amount", "an amount such as 1 234,56", error)
    values["kind"] = kind
    for name in _TEXT_FIELDS:
        if name in t:
            value = t[name]
            values[name] = value
            limit = _LIMITS.get(name)
            if limit and len(value) > limit:
                bad(name, "at most %(limit)s characters", {"limit": limit})
    if kind != "payroll":
        if not values.get("supplier_name"):
            bad("supplier_name", "the supplier's name")
        if not values.get("number"):
            bad("number", "the invoice number" if kind == "invoice"
                else "the credit note's number")
        country = get("supplier_country", "").upper() or "BE"
        if len(country) != 2 or not country.isalpha():
            bad("supplier_country", "a country code such as BE or FR")
        values["supplier_country"] = country
        code = get("supplier_postal_code", "")
        if country == "BE" and not _postal(code):
            bad("supplier_postal_code", "a Belgian postal code of 4 digits")
        values["supplier_postal_code"] = code
        operating = get("operating_postal_code", "")
        if operating and country == "BE" and not _postal(operating):
            bad("operating_postal_code", "a Belgian postal code of 4 digits")
        values["operating_postal_code"] = operating
        vat = get("supplier_vat")
        if vat:
            try:
                values["supplier_vat"] = parse_vat(vat)
            except InputError as error:
                bad("supplier_vat", "a valid VAT or enterprise number (" + error.message + ")")
    else:
        if not values.get("employee_name"):
            bad("employee_name", "the employee's name")
        country = get("employee_country", "").upper() or "BE"
        values["employee_country"] = country
        code = get("employee_postal_code", "")
        if country == "BE" and not _postal(code):
            bad("employee_postal_code", "a Belgian postal code of 4 digits")
        values["employee_postal_code"] = code
    cost_type = get("cost_type")
    if cost_type:
        cost_type = COST_TYPE_WORDS.get(" ".join(cost_type.casefold().replace("_", " ").split()))
        if cost_type is None:
            bad("cost_type", "one of " + ", ".join(COST_TYPES))
        else:
            values["cost_type"] = cost_type
    if get("vat_rate"):
        try:
            values["vat_rate"] = vat_rate(raw["vat_rate"], values.get("date"),
                                          values.get("supplier_country", "BE"))
        except (InputError, ValueError, InvalidOperation) as error:
            if is_ambiguous(error):
                unread("vat_rate", "", error)  # an ambiguous number: both readings
            elif values.get("supplier_country", "BE") == "BE":
                bad("vat_rate", "a Belgian VAT rate (%(rates)s)",
                    {"rates": vat_rates_text(values.get("date"))})
            else:
                bad("vat_rate", "a VAT rate such as 20 or 5,5")
    if get("paid_on"):
        try:
            values["paid_on"] = parse_date(raw["paid_on"], fmt)
        except ValueError:
            bad("paid_on", "a date")
    if get("manager_services"):
        try:
            values["manager_services"] = parse_amount(raw["manager_services"]).quantize(CENT)
            if kind == "credit_note" and values["manager_services"]:
                bad("manager_services", "nothing on a credit note (the manager's services "
                    "stay on the invoice)")
            elif kind != "credit_note" and "amount" in values \
                    and values["manager_services"] > values["amount"]:
                bad("manager_services", "at most the line's amount")
        except (InputError, ValueError, InvalidOperation) as error:
            unread("manager_services", "an amount", error)
    flags = {}
    for name in _BOOL_FIELDS:
        if name not in raw:
            continue
        value = raw[name]
        if value == "" or value is None:
            value = None
        else:
            try:
                value = parse_bool(value)
            except ValueError:
                bad(name, "yes or no")
                continue
        if name in FLAG_FIELDS:
            flags[name] = bool(value)
        elif name == "directly_linked":
            values[name] = True if value is None else value
        else:
            values[name] = value
    values["flags"] = flags
    if get("missing_fields"):
        values["missing_fields"] = tuple(sorted(
            {f.strip() for f in get("missing_fields").replace(";", ",").split(",")
             if f.strip()}))
    if errors.count != before:
        return None
    return LedgerRow(row=number, **values)


CENT = Decimal("0.01")
_TEXT_FIELDS = ("number", "credits", "line", "id", "supplier_name", "supplier_street",
                "supplier_city", "employee_name", "account", "description", "studio")
_LIMITS = {"number": 50, "credits": 50, "description": 300, "supplier_name": 200,
           "account": 20, "studio": 100, "supplier_street": 200, "supplier_city": 100,
           "employee_name": 200}
_BOOL_FIELDS = FLAGS + ("audiovisual_activity", "manager_lives_in_wallonia")


def belgian_vat_rates(on: dt.date | None = None) -> tuple[Decimal, ...]:
    """The rates Belgian law has in force on `on` (parameter vat.belgian_rates)."""
    return _vat_rates_on(on or dt.date.today())


@functools.lru_cache(maxsize=512)  # read per imported line: one lookup per day, not per row
def _vat_rates_on(on: dt.date) -> tuple[Decimal, ...]:
    from montage.finance.obligations import default_parameters

    return tuple(Decimal(r) for r in default_parameters().get("vat.belgian_rates", on).value)


def vat_rates_text(on: dt.date | None = None) -> str:
    """"0 %, 6 %, 12 %, 21 %": the rates in force, read from the parameter, never typed."""
    return ", ".join(f"{(rate * 100).normalize():f}\u00a0%" for rate in belgian_vat_rates(on))


def vat_rate(value, on: dt.date | None = None, country: str = "BE") -> Decimal:
    """A VAT rate as a fraction, from a cell: "21 %", "21", "0,21", 0.21 (a percentage cell),
    6, "12 %". A Belgian supplier's rate is one of the rates in force on `on`
    (`belgian_vat_rates`); anything else is refused, never rounded to the nearest. A foreign
    supplier's is any rate from 0 to 100 %."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float, Decimal)):
        rate = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        rate = rate / 100 if rate > 1 else rate
        return _checked_rate(rate, value, on, country)
    return _text_vat_rate(_text(value), on or dt.date.today(), country)


@functools.lru_cache(maxsize=4096)  # a file has a few rates and a few hundred days
def _text_vat_rate(text: str, on: dt.date | None, country: str) -> Decimal:
    """`vat_rate` of a text cell (a refusal is not cached: it is raised again each time)."""
    from montage.money import parse_belgian_rate

    if text.endswith("%"):
        rate = parse_belgian_rate(text)
    else:  # "21" or "0,21": a VAT rate above 1 is a percentage
        rate = parse_belgian_number(text)
        rate = rate / 100 if rate > 1 else rate
    return _checked_rate(rate, text, on, country)


def _checked_rate(rate: Decimal, value, on: dt.date | None, country: str) -> Decimal:
    if country != "BE":
        if not 0 <= rate <= 1 or rate != rate.quantize(Decimal("0.0001")):
            raise ValueError(value)
        return rate.quantize(Decimal("0.0001"))
    allowed = belgian_vat_rates(on)
    if rate not in allowed:
        raise ValueError(value)
    return next(r for r in allowed if r == rate)
