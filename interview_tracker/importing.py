"""The one import/export engine behind the ``import_*``/``export_*`` commands and the import page.

Why one engine: every entity needs the same promises: streamed input
in constant memory, header aliases, every row validated by the API's rules, a report by row and
column, nothing written while any row is bad (unless ``skip_invalid``), natural-key matching so
a second run creates nothing, batched writes inside one transaction. Each app contributes a
small ``Importer`` (its columns, natural key, validation and how to build a row); the apps
register them in ``interview_tracker.extensions.registry.importers`` for the import page.

The file is read once. Valid rows are written batch by batch inside one transaction; once a bad
row is seen (without ``skip_invalid``) writing stops, the remaining rows are still validated for
the report, and the transaction is rolled back, so nothing is written. A dry run runs the same
way and always rolls back, so its counts are exactly what a real run would do.
"""

import codecs
import csv
import functools
import gc
import io
import itertools
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, ClassVar, Self, TextIO

import orjson
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, reset_queries, transaction
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.fields import SkipField, empty, get_error_detail

from .bulk import Alike, checked_per_statement, insert_rows
from .errors import ConflictError
from .extensions import NestedImport, registry
from .models import ActivityEvent, PipelineStatus, User, Workspace
from .services import pipeline_status_moves

# Rows per bulk_create/bulk_update and per natural-key lookup: large enough that the fixed
# cost per batch vanishes, small enough to keep memory flat.
DEFAULT_BATCH_SIZE = 5000
# The report lists at most this many errors (the invalid count stays exact).
MAX_REPORTED_ERRORS = 1000
CSV_DELIMITERS = ",;\t|"
# Lists in CSV cells: "a; b; c" (other tools write "a, b, c"), or a JSON array when an item
# itself contains a separator.
LIST_SEPARATOR = ";"
OTHER_LIST_SEPARATOR = ","
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); OWASP's
# rule puts an apostrophe before such a cell, which spreadsheets show as text.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
FORMULA_GUARD = "'"
# What an apostrophe guards at the start of a cell: a formula trigger, or a second guard.
GUARDED = FORMULA_TRIGGERS | {FORMULA_GUARD}
TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "on"})
FALSE_WORDS = frozenset({"0", "false", "f", "no", "n", "off", ""})


class ImportFailed(Exception):
    """The whole file cannot be imported (unknown workspace, unreadable, empty, no header).
    ``committed``: what batches committed one by one wrote before the failure (None when
    nothing was committed apart from the failure)."""

    committed: "ImportReport | None" = None


class ImportConflict(ImportFailed, ConflictError):
    """Another writer (the same file imported twice at once, say) created some of these
    records between their lookup and their insert: the database's unique rules refused this
    import, and nothing of it was written. A 409 where an API runs imports."""


class RowInvalid(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class RowDuplicate:
    """A row that looks like records already there (by the entity's duplicate rule)."""

    row: int
    name: str
    # The record the row created ("" in a preview, before anything is written).
    record: str
    # {"id", "name"} of each record it looks like ("name" is known in a preview only).
    matches: list[dict[str, str]]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Rows that look like existing records: all counted, the first MAX_REPORTED_ERRORS listed.
    duplicate_rows: int = 0
    duplicates: list[RowDuplicate] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    # How values were read: {field: {value in the file: our value ("" when none)}}.
    readings: dict[str, dict[str, str]] = field(default_factory=dict)
    # {column: "day first" | "month first"}, and the columns no value decided.
    date_readings: dict[str, str] = field(default_factory=dict)
    ambiguous_dates: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    def read_from(self, source: "RowSource") -> None:
        self.readings = source.readings
        self.date_readings = source.date_readings
        self.ambiguous_dates = source.ambiguous_dates

    def add_errors(self, row: int, errors: dict[str, str]) -> None:
        self.invalid += 1
        for column, message in errors.items():
            if len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.append(RowError(row, column, message))

    def add_duplicate(self, duplicate: RowDuplicate) -> None:
        self.duplicate_rows += 1
        if len(self.duplicates) < MAX_REPORTED_ERRORS:
            self.duplicates.append(duplicate)

    @property
    def summary(self) -> str:
        flagged = f" {self.duplicate_rows:,} possible duplicates." if self.duplicate_rows else ""
        return (
            f"{self.rows:,} rows: {self.created:,} created, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.invalid:,} invalid.{flagged}"
        )


def normalise_header(text: str) -> str:
    """ "Full Name", "full_name" and "FULL-NAME" all become "fullname"."""
    return re.sub(r"[^0-9a-z]", "", text.strip().lower())


# --- value helpers shared by the importers -------------------------------------------------


def as_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def as_list(value: Any) -> list[str]:
    """A list cell: a JSON list, a JSON-array string, "a; b; c", or "a, b, c" when no item
    is separated by ";"."""
    if value is None:
        return []
    if isinstance(value, list):
        items = value
    else:
        text = str(value).strip()
        if text.startswith("["):
            try:
                items = json.loads(text)
            except (ValueError, RecursionError):
                raise ValueError("Not a valid list.") from None
            if not isinstance(items, list):
                raise ValueError("Not a valid list.")
        elif LIST_SEPARATOR in text:
            items = text.split(LIST_SEPARATOR)
        else:
            items = text.split(OTHER_LIST_SEPARATOR)
    seen: dict[str, None] = {}
    for item in items:
        clean = as_text(item)
        if clean:
            seen.setdefault(clean, None)
    return list(seen)


def _guarded(cell: str) -> bool:
    """Whether the cell starts with the guard before a formula trigger or a second guard."""
    return cell[:1] == FORMULA_GUARD and cell[1:2] in GUARDED


def csv_cell(value: str) -> str:
    """A text value as every CSV the product writes holds it: a cell a spreadsheet would run
    as a formula gets a leading apostrophe. So does a value that already starts with what
    ``csv_value`` would strip (an apostrophe before a trigger or before another apostrophe),
    which makes ``csv_value(csv_cell(v)) == v`` for every text: exports round-trip."""
    if value[:1] in FORMULA_TRIGGERS or _guarded(value):
        return FORMULA_GUARD + value
    return value


def csv_value(cell: str) -> str:
    """A CSV cell's value, without the apostrophe guard. Spreadsheets read a leading
    apostrophe as "text follows", so one before a formula trigger is dropped whoever wrote the
    file (our exports, or a person typing '=5 in a spreadsheet); elsewhere it is kept."""
    return cell[1:] if _guarded(cell) else cell


def list_cell(values: Sequence[str]) -> str:
    if any(LIST_SEPARATOR in value or OTHER_LIST_SEPARATOR in value for value in values):
        return json.dumps(list(values), ensure_ascii=False)
    return f"{LIST_SEPARATOR} ".join(values)


def as_bool(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or as_text(value) == "":
        return default
    word = as_text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("Must be true or false (yes/no, 1/0).")


# --- reading other tools' files -------------------------------------------------------------

# Header spellings of a name split in two columns ("First Name" + "Last Name"): the engine joins
# them into ``name`` for an importer that has one.
NAME_FIRST = "name (first part)"
NAME_LAST = "name (last part)"
NAME_PARTS: dict[str, tuple[str, ...]] = {
    NAME_FIRST: ("first name", "firstname", "given name", "forename", "vorname", "prénom"),
    NAME_LAST: ("last name", "lastname", "family name", "surname", "nachname", "nom"),
}
# Stage and list names of other tools (ATS stages, job-tracker lists), normalised with
# ``normalise_header``, read as our pipeline's statuses.
STAGE_READINGS = {
    **dict.fromkeys(
        ("wishlist", "saved", "bookmarked", "applying", "applied", "new", "noresponse"),
        PipelineStatus.APPLIED,
    ),
    **dict.fromkeys(
        ("phonescreen", "screen", "screening", "recruiterscreen", "phoneinterview"),
        PipelineStatus.SCREENING,
    ),
    **dict.fromkeys(
        ("onsite", "interview", "interviews", "interviewing", "interviewed", "finalround"),
        PipelineStatus.INTERVIEWING,
    ),
    **dict.fromkeys(("offer", "offered", "offerextended", "negotiating"), PipelineStatus.OFFER),
    **dict.fromkeys(("hired", "accepted", "offeraccepted"), PipelineStatus.HIRED),
    **dict.fromkeys(
        ("rejected", "declined", "notselected", "disqualified", "offerdeclined"),
        PipelineStatus.REJECTED,
    ),
    **dict.fromkeys(("withdrawn", "withdrew", "iwithdrew", "archived"), PipelineStatus.WITHDRAWN),
}
# Columns whose values are read through a table (and may be overridden in the preview).
VALUE_READINGS = {"status": STAGE_READINGS}
# The preview lists at most this many distinct values per column.
MAX_READINGS = 100
# Rows read (and held) before the first is returned, to decide each date column's order.
DATE_SAMPLE_ROWS = 1000
# Lines searched for the header (a preamble such as LinkedIn's "Notes:" comes before it).
HEADER_SEARCH_LINES = 50
DAY_FIRST = "day first"
MONTH_FIRST = "month first"
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
NUMERIC_DATE = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-zä]{3,9})\.?,?[ -](\d{4})$")
MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan",),
            ("feb",),
            ("mar", "mär"),
            ("apr",),
            ("may", "mai"),
            ("jun",),
            ("jul",),
            ("aug",),
            ("sep",),
            ("oct", "okt"),
            ("nov",),
            ("dec", "dez"),
        ),
        start=1,
    )
    for name in names
}
# Keys of the reference systems' list responses that hold the rows.
JSON_LIST_KEYS = frozenset({"results", "data", "items", "positions", "candidates", "questions"})


def _byte_order(head: bytes) -> str:
    """The text encoding of a file from its first bytes: a byte-order mark, or UTF-16's zero
    bytes beside ASCII (Excel's "Unicode Text" without a mark), else UTF-8."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] and head[2]:
        return "utf-16-le"
    if len(head) >= 4 and head[0] == 0 and head[2] == 0 and head[1] and head[3]:
        return "utf-16-be"
    return "utf-8-sig"  # drops a byte-order mark when present (files saved by Excel)


@dataclass(frozen=True)
class DateOrder:
    """How one date column's numeric dates were read, decided from the file's first rows."""

    order: str  # DAY_FIRST or MONTH_FIRST
    ambiguous: bool  # no value told, so the file's locale hint decided
    numeric: bool = True  # whether the sample had any day/month dates (else nothing to tell)


def decide_date_order(values: Iterable[str], day_first_hint: bool) -> DateOrder:
    """A value with more than 12 in its first place is day-first, in its second month-first;
    when none tells (or they disagree), the hint decides and the choice is flagged."""
    day = month = numeric = 0
    for value in values:
        match = NUMERIC_DATE.match(value.strip())
        if match:
            numeric += 1
            day += int(match[1]) > 12
            month += int(match[3]) > 12
            day_first_hint = day_first_hint or match[2] == "."  # 31.12.2025 is European
    if day and not month:
        return DateOrder(DAY_FIRST, ambiguous=False)
    if month and not day:
        return DateOrder(MONTH_FIRST, ambiguous=False)
    hinted = DAY_FIRST if day_first_hint else MONTH_FIRST
    return DateOrder(hinted, ambiguous=bool(numeric), numeric=bool(numeric))


def read_date(value: Any, order: str) -> Any:
    """An ISO date for a date cell in any of the forms other tools write ("2025-12-31",
    "12/31/2025", "31.12.2025", "04 Dec 2025", "Dec 4, 2025"); anything else unchanged, for the
    rules to refuse with their own message."""
    text = as_text(value)
    year = month = day = 0
    if match := ISO_DATE.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := NUMERIC_DATE.match(text):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        day, month = (first, second) if order == DAY_FIRST else (second, first)
        year += 2000 if year < 100 else 0
    elif match := DAY_MONTH_YEAR.match(text):
        day, month, year = int(match[1]), MONTHS.get(match[2][:3].lower(), 0), int(match[3])
    elif match := MONTH_DAY_YEAR.match(text):
        month, day, year = MONTHS.get(match[1][:3].lower(), 0), int(match[2]), int(match[3])
    else:
        return value
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return value


# --- sources: streamed rows ----------------------------------------------------------------


class RowSource:
    """Rows of a CSV or JSON file as (row number, {field: value}), read in constant memory.

    Row numbers are what a person finds in the file: the CSV line of the row, or the 1-based
    position of the object in a JSON list. Each row is read the way the file's tool meant it:
    a split name joined, stage names read as our statuses (``readings``, which ``overrides``
    from the preview replace), dates in the order the column's values show (``date_orders``).
    """

    headers: list[str]
    total_bytes: int
    day_first_hint = False

    def __init__(
        self,
        stream: IO[bytes],
        aliases: dict[str, str],
        total_bytes: int = 0,
        *,
        dates: Iterable[str] = (),
        overrides: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self._binary = stream
        self._aliases = aliases
        self.total_bytes = total_bytes
        self.mapping: dict[str, str] = {}
        self.ignored: list[str] = []
        self._dates = tuple(dates)
        self._overrides = overrides or {}
        self.readings: dict[str, dict[str, str]] = {}
        self.date_orders: dict[str, DateOrder] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the stream; its opener closes it."""

    def known(self, header: str) -> str | None:
        return self._aliases.get(normalise_header(header))

    def map_headers(self, headers: Iterable[str]) -> None:
        self.headers = [str(h) for h in headers]
        # Each field is read from the first column naming it; a later one (a second "Email")
        # is ignored, as the mapping shows.
        self.targets: list[str | None] = []
        for header in self.headers:
            target = self.known(header)
            if target and target not in self.mapping.values():
                self.mapping[header] = target
                self.targets.append(target)
            else:
                self.ignored.append(header)
                self.targets.append(None)
        if not self.mapping:
            raise ImportFailed(
                "No recognisable header: expected columns such as "
                + ", ".join(sorted({f for f in self._aliases.values() if f not in NAME_PARTS}))
                + "."
            )

    def column_of(self, name: str) -> str:
        """The file's column for one of our fields, as errors name it."""
        headers = [h for h, f in self.mapping.items() if f == name]
        if not headers and name == "name":
            headers = [h for h, f in self.mapping.items() if f in NAME_PARTS]
        return " + ".join(headers) or name

    def columns_named(self, errors: dict[str, str]) -> dict[str, str]:
        return {self.column_of(name): message for name, message in errors.items()}

    @property
    def date_readings(self) -> dict[str, str]:
        """Each date column's reading, by the file's column name (those with day/month
        dates: ISO and "04 Dec 2025" forms need no choice)."""
        return {
            self.column_of(f): order.order for f, order in self.date_orders.items() if order.numeric
        }

    @property
    def ambiguous_dates(self) -> list[str]:
        return [self.column_of(f) for f, order in self.date_orders.items() if order.ambiguous]

    @property
    def bytes_read(self) -> int:
        try:
            return self._binary.tell()
        except (OSError, ValueError):
            return 0

    def _rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        rows = self._rows()
        if self._dates:
            # A bounded sample decides each date column's order before any row is returned,
            # for the columns its rows carry (a JSON key may first appear after the first
            # object).
            head = list(itertools.islice(rows, DATE_SAMPLE_ROWS))
            carried = {name for _, row in head for name in row}
            self._decide_dates([f for f in self._dates if f in carried], [row for _, row in head])
            rows = itertools.chain(head, rows)
        for number, row in rows:
            yield number, self._read(row)

    def _decide_dates(self, names: list[str], rows: list[dict[str, Any]]) -> None:
        """Each date column's order from the sample; a column no value tells follows one that
        told (a file is written in one locale), else the file's hint, flagged."""
        for name in names:
            self.date_orders[name] = decide_date_order(
                (as_text(row.get(name)) for row in rows), self.day_first_hint
            )
        told = [o.order for o in self.date_orders.values() if o.numeric and not o.ambiguous]
        if told:
            for name, order in self.date_orders.items():
                if order.ambiguous:
                    self.date_orders[name] = DateOrder(told[0], ambiguous=False)

    def _read(self, row: dict[str, Any]) -> dict[str, Any]:
        first, last = row.pop(NAME_FIRST, None), row.pop(NAME_LAST, None)
        if (first is not None or last is not None) and not as_text(row.get("name")):
            row["name"] = " ".join(part for part in (as_text(first), as_text(last)) if part)
        for name, table in VALUE_READINGS.items():
            value = as_text(row.get(name))
            if value:
                seen = self.readings.setdefault(name, {})
                reading = seen.get(value)
                if reading is None:
                    reading = str(
                        self._overrides.get(name, {}).get(value)
                        or table.get(normalise_header(value), "")
                    )
                    if len(seen) < MAX_READINGS:
                        seen[value] = reading
                if reading:
                    row[name] = reading
        for name, order in self.date_orders.items():
            if name in row:
                row[name] = read_date(row[name], order.order)
        return row


class CsvSource(RowSource):
    def __init__(self, stream: IO[bytes], aliases: dict[str, str], *args: Any, **kw: Any) -> None:
        super().__init__(stream, aliases, *args, **kw)
        head = stream.read(4)
        stream.seek(0)
        encoding = _byte_order(head)
        self._text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        try:
            lines = list(itertools.islice(self._text, HEADER_SEARCH_LINES))
        except UnicodeDecodeError as exc:
            self.close()
            raise ImportFailed("The file is not UTF-8 or UTF-16 text.") from exc
        if not "".join(lines).strip():
            self.close()
            raise ImportFailed("The file is empty.")
        delimiter, index = self._layout(lines)
        # Semicolons separate cells where the comma is the decimal mark: day-first dates.
        self.day_first_hint = delimiter == ";"
        self._reader = csv.reader(itertools.chain(lines, self._text), delimiter=delimiter)
        header: list[str] = []
        for _ in range(index + 1):
            header = next(self._reader)
        try:
            self.map_headers(header)
        except ImportFailed:
            self.close()
            raise

    def _layout(self, lines: list[str]) -> tuple[str, int]:
        """The delimiter and the header's row: csv.Sniffer's guess first, then the others; the
        one whose header names the most known columns wins."""
        sample = "".join(lines)
        try:
            sniffed = csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
        except csv.Error:
            sniffed = max(CSV_DELIMITERS, key=sample.count)
        best = (0, sniffed, 0)
        for delimiter in [sniffed, *(d for d in CSV_DELIMITERS if d != sniffed)]:
            known, index = self._header_row(lines, delimiter)
            if known > best[0]:
                best = (known, delimiter, index)
        return best[1], best[2]

    def _header_row(self, lines: list[str], delimiter: str) -> tuple[int, int]:
        """The first row naming the most known columns: the rows before it are a preamble
        (whose "Notes:" would name one). (known columns, row index)."""
        best = (0, 0)
        try:
            for index, cells in enumerate(csv.reader(lines, delimiter=delimiter)):
                known = sum(1 for cell in cells if cell.strip() and self.known(cell))
                if known > best[0]:
                    best = (known, index)
        except csv.Error:
            pass
        return best

    def close(self) -> None:
        # The text wrapper must not outlive (or close) the binary stream it decodes.
        if not self._text.closed:
            self._text.detach()

    def _rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        columns = [(i, name) for i, name in enumerate(self.targets) if name]
        last = self._reader.line_num
        try:
            for cells in self._reader:
                # A row is numbered by the line it starts on (a quoted cell may span lines).
                first, last = last + 1, self._reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                yield (
                    first,
                    {name: csv_value(cells[i]) if i < len(cells) else "" for i, name in columns},
                )
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                f"The file is not UTF-8 or UTF-16 text (near line {self._reader.line_num + 1})."
            ) from exc
        except csv.Error as exc:
            raise ImportFailed(
                f"Malformed CSV near line {self._reader.line_num + 1}: {exc}"
            ) from exc


class JsonSource(RowSource):
    """A JSON list of objects, or a list response wrapping one (``{"results": [...]}``,
    ``{"data": [...]}``, ``{"positions": [...]}``), decoded one object at a time from 64 KiB
    chunks. ``null`` reads as an empty cell."""

    CHUNK = 65536

    def __init__(self, stream: IO[bytes], aliases: dict[str, str], *args: Any, **kw: Any) -> None:
        super().__init__(stream, aliases, *args, **kw)
        self._decoder = json.JSONDecoder()
        head = stream.read(4)
        stream.seek(0)
        self._text = codecs.getincrementaldecoder(_byte_order(head))()
        self._buffer = ""
        self._eof = False
        self._fill()
        self._skip_space()
        if not self._buffer:
            raise ImportFailed("The file is empty.")
        if self._buffer[0] == "{":
            self._enter_list_response()
        elif self._buffer[0] == "[":
            self._buffer = self._buffer[1:]
        else:
            raise ImportFailed("A JSON import must be a list of objects (the export format).")
        self._first = self._next_object()
        if self._first is None:
            raise ImportFailed("The file is empty.")
        self.map_headers(self._first.keys())
        self._key_map = dict(self.mapping)

    def _fill(self) -> bool:
        if self._eof:
            return False
        chunk = self._binary.read(self.CHUNK)
        try:
            self._buffer += self._text.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise ImportFailed("The file is not UTF-8 or UTF-16 text.") from exc
        self._eof = not chunk
        return True

    def _skip_space(self) -> None:
        while True:
            self._buffer = self._buffer.lstrip()
            if self._buffer or not self._fill():
                return

    def _skip(self, token: str) -> bool:
        self._skip_space()
        if self._buffer.startswith(token):
            self._buffer = self._buffer[len(token) :]
            self._skip_space()
            return True
        return False

    def _decode(self) -> Any:
        """The next JSON value of the buffer, reading more until it is whole (a number at the
        chunk's edge is read again with the rest of it)."""
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer)
            except json.JSONDecodeError as exc:
                if self._fill():
                    continue
                raise ImportFailed(f"Malformed JSON: {exc.msg}.") from exc
            except RecursionError:
                # json recurses per level of nesting; no export is nested more than three deep.
                raise ImportFailed("Malformed JSON: nested too deeply.") from None
            if end == len(self._buffer) and self._fill():
                continue
            self._buffer = self._buffer[end:]
            return value

    def _enter_list_response(self) -> None:
        """Step into the list of a list response, skipping its other keys (counts, pages)."""
        self._skip("{")
        while not self._skip("}") and self._buffer:
            key = self._decode()
            if not self._skip(":"):
                raise ImportFailed("Malformed JSON: expected “:” after a key.")
            if not isinstance(key, str):
                raise ImportFailed("Malformed JSON: an object's keys are text.")
            if key in JSON_LIST_KEYS and self._buffer.startswith("["):
                self._buffer = self._buffer[1:]
                return
            self._decode()
            self._skip(",")
        raise ImportFailed(
            "A JSON import must be a list of objects, or an object holding one under "
            + ", ".join(f"“{key}”" for key in sorted(JSON_LIST_KEYS))
            + "."
        )

    def _next_object(self) -> dict[str, Any] | None:
        self._skip(",")
        if self._buffer.startswith("]"):
            return None
        value = self._decode()
        if not isinstance(value, dict):
            raise ImportFailed("A JSON import must be a list of objects (the export format).")
        return value

    def _rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        number, item = 1, self._first
        while item is not None:
            row: dict[str, Any] = {}
            for key, value in item.items():
                target = self._key_map.get(key)
                if target is None and key not in self.ignored:
                    target = self._aliases.get(normalise_header(key))
                    if target:
                        self._key_map[key] = target
                if target:
                    row[target] = "" if value is None else value
            yield number, row
            number += 1
            item = self._next_object()


def open_source(
    stream: IO[bytes],
    name: str,
    aliases: dict[str, str],
    total_bytes: int = 0,
    *,
    dates: Iterable[str] = (),
    overrides: dict[str, dict[str, str]] | None = None,
) -> RowSource:
    """CSV or JSON by the file's extension, else by its first character."""
    suffix = Path(name).suffix.lower()
    options: dict[str, Any] = {"dates": dates, "overrides": overrides}
    if suffix == ".json":
        return JsonSource(stream, aliases, total_bytes, **options)
    if suffix not in {".csv", ".tsv", ".txt"}:
        head = stream.read(64)
        stream.seek(0)
        text = head.decode(_byte_order(head[:4]), errors="ignore").lstrip("\ufeff \t\r\n")
        if text.startswith(("[", "{")):
            return JsonSource(stream, aliases, total_bytes, **options)
    return CsvSource(stream, aliases, total_bytes, **options)


# --- importers -----------------------------------------------------------------------------


class Importer[M: models.Model](ABC):
    """What one entity contributes to the engine. One instance serves one import run."""

    entity: ClassVar[str]  # "candidates": the command suffix and the import page's choice
    # What the pages of each kind of workspace call these records; the import page offers
    # the entity in those kinds only (a job search has no candidates).
    labels: ClassVar[dict[str, str]]
    model: ClassVar[type[models.Model]]
    # Column → accepted header spellings (normalised with ``normalise_header``).
    columns: ClassVar[dict[str, tuple[str, ...]]]
    required: ClassVar[tuple[str, ...]] = ()
    # Fields ``assign`` copies onto a record that --update finds (subclasses add relations).
    update_fields: ClassVar[tuple[str, ...]] = ()
    # The model's own columns in the file (validated with its rules).
    model_fields: ClassVar[tuple[str, ...]] = ()
    # Columns naming related records in an export: column → values() lookup.
    export_lookups: ClassVar[dict[str, str]] = {}
    # The import page lists the classes; templates must read them, not call them.
    do_not_call_in_templates: ClassVar[bool] = True
    # Whether the model has a pipeline ``status`` (Candidate, Position).
    pipeline: ClassVar[bool] = False

    def __init__(self, workspace: Workspace, actor: User | None = None) -> None:
        self.workspace = workspace
        self.actor = actor
        # The file's name, for the "imported" timeline events.
        self.origin = ""
        # Existing records' pipeline moves of the batch being written: {id: status}.
        self._moves: dict[Any, str] = {}
        self._nested: dict[str, list[tuple[M, Any]]] = {}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        table: dict[str, str] = {}
        if "name" in cls.columns:
            for part, names in NAME_PARTS.items():
                table.update(dict.fromkeys(map(normalise_header, names), part))
        for column, spellings in cls.columns.items():
            for spelling in (column, *spellings):
                table[normalise_header(spelling)] = column
        table.update({key: key for key in cls.nested()})
        return table

    @classmethod
    def label_in(cls, kind: str) -> str:
        """The records' name in a workspace of ``kind`` (the first name where it has none)."""
        return cls.labels.get(kind) or next(iter(cls.labels.values()))

    @classmethod
    def nested(cls) -> dict[str, NestedImport]:
        """Keys of a JSON row holding related rows that later apps create with a new record
        (never exported as columns)."""
        return registry.nested_imports.get(cls.entity, {})

    @classmethod
    def date_columns(cls) -> list[str]:
        """The model's date columns among the file's, read in any order other tools write."""
        return [
            name
            for name in cls.model_fields
            if type(cls.model._meta.get_field(name)) is models.DateField
        ]

    @classmethod
    def open(
        cls,
        stream: IO[bytes],
        name: str,
        total_bytes: int = 0,
        overrides: dict[str, dict[str, str]] | None = None,
    ) -> RowSource:
        """The file as rows of this entity's columns."""
        return open_source(
            stream, name, cls.aliases(), total_bytes, dates=cls.date_columns(), overrides=overrides
        )

    def validate(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Clean one row or raise RowInvalid({column: message}). No queries here."""
        missing = {
            column: "This column is required."
            for column in self.required
            if as_text(raw.get(column)) == ""
        }
        if missing:
            raise RowInvalid(missing)
        values = self.clean(raw)
        for key, nested in self.nested().items():
            values[key] = nested.clean(raw.get(key))
        return values

    @abstractmethod
    def clean(self, raw: dict[str, Any]) -> dict[str, Any]: ...

    @abstractmethod
    def natural_key(self, values: dict[str, Any]) -> Hashable: ...

    @abstractmethod
    def find_existing(self, keys: set[Hashable]) -> dict[Hashable, M]:
        """The workspace's records with these natural keys, in one query."""

    def resolve(self, rows: list[tuple[int, dict[str, Any]]]) -> dict[int, dict[str, str]]:
        """Look up (or create) what a batch refers to, in a fixed number of queries; returns
        errors by row number for references that cannot be resolved."""
        return {}

    @abstractmethod
    def build(self, values: dict[str, Any]) -> M: ...

    def flag_duplicates(self, created: list[M]) -> dict[Any, list[Any]]:
        """Flag the batch's new records, just before they are written, that look like others
        (the entity's duplicate rule): {record id: ids of the records each looks like}."""
        return {}

    def existing_duplicates(
        self, rows: list[tuple[int, dict[str, Any]]]
    ) -> dict[int, list[tuple[Any, str]]]:
        """{row number: (id, name) of the records already there that each cleaned row would
        duplicate}, reading only: for the preview."""
        return {}

    def assign(self, obj: M, values: dict[str, Any]) -> set[str]:
        """Copy values onto an existing record; the names of the fields that changed. A
        pipeline status is not copied: it moves through ``pipeline_status_moves`` after the
        batch is saved, so each move is recorded like any other ("status" is in the names)."""
        changed = set()
        for name in self.update_fields:
            if name in values and getattr(obj, name) != values[name]:
                setattr(obj, name, values[name])
                changed.add(name)
        status = values.get("status")
        if self.pipeline and status and status != obj.status:  # type: ignore[attr-defined]
            if obj._state.adding:
                obj.status = status  # type: ignore[attr-defined]
            else:
                self._moves[obj.pk] = status
            changed.add("status")
        return changed

    def created(self, obj: M, values: dict[str, Any]) -> M:
        """A new record of the batch, its nested rows kept for ``after_write``."""
        for key in self.nested():
            if values.get(key):
                self._nested.setdefault(key, []).append((obj, values[key]))
        return obj

    def after_write(self, created: list[M], updated: list[M]) -> None:
        """Side effects of one written batch: the pipeline moves of updated records (all at
        once), then the new records' nested rows."""
        if self._moves:
            pipeline_status_moves(model=self.model, moves=self._moves, actor=self.actor)
            self._moves = {}
        for key, rows in self._nested.items():
            self.nested()[key].write(self, rows)
        self._nested.clear()

    def export_rows(self) -> Iterator[dict[str, Any]]:
        """The workspace's records as importable rows (the columns, JSON-ready values), oldest
        first, read in chunks: the model's own columns plus ``export_lookups``, which name
        related records the way the import finds them again (a company by its name)."""
        rows = (
            self.model._default_manager.filter(workspace=self.workspace)
            .order_by("created_at", "id")
            .values(*self.model_fields, *self.export_lookups.values())
        )
        for row in rows.iterator(chunk_size=2000):
            out = {name: row[name] for name in self.model_fields}
            for column, lookup in self.export_lookups.items():
                out[column] = row[lookup] or ""
            for name, value in out.items():
                if isinstance(value, date):
                    out[name] = value.isoformat()
            yield out


# Distinct values per field whose checked result is kept (lists of stages, sources and tags
# repeat on every row; names and e-mails do not, and stop being kept at this bound).
MAX_REMEMBERED_VALUES = 1000


class SerializerRules:
    """A write serializer's rules run on one row: each writable field's own ``run_validation``
    and the serializer's ``validate_<field>``, then its object-level validators and
    ``validate()``: the steps of ``Serializer.run_validation`` without its per-row machinery
    (the field walk through ``get_value`` and ``OrderedDict`` copies), which cost more than
    the checks. The rules stay the serializer's; a field's result for a repeated text value
    is remembered (the checks are pure functions of the value)."""

    def __init__(self, serializer: Any) -> None:
        self.serializer = serializer
        # (name, field, validate_<name>, {value: its checked result}) of each writable field.
        self.fields: list[tuple[str, Any, Any, dict[Hashable, Any]]] = [
            (name, field, getattr(serializer, f"validate_{name}", None), {})
            for name, field in serializer.fields.items()
            if not field.read_only
        ]
        # Object-level steps, taken only where the serializer has them.
        self.validators = bool(serializer.validators)
        self.validate = type(serializer).validate is not serializers.Serializer.validate

    def run(self, data: dict[str, Any]) -> dict[str, Any]:
        validated: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for name, rule, validate_field, remembered in self.fields:
            value = data.get(name, empty)
            key = _memo_key(value)
            if key is not None:
                result = remembered.get(key, _UNSEEN)
                if result is not _UNSEEN:
                    if result is not SkipField:
                        validated[name] = list(result) if type(result) is list else result
                    continue
            try:
                result = rule.run_validation(value)
                if validate_field is not None:
                    result = validate_field(result)
            except SkipField:
                result = SkipField
            except DRFValidationError as exc:
                errors[name] = exc.detail
                continue
            except ValidationError as exc:
                errors[name] = get_error_detail(exc)
                continue
            if key is not None and len(remembered) < MAX_REMEMBERED_VALUES:
                remembered[key] = list(result) if isinstance(result, list) else result
            if result is not SkipField:
                validated[name] = result
        if errors:
            raise DRFValidationError(errors)
        if not (self.validators or self.validate):
            return validated
        try:
            self.serializer.run_validators(validated)
            return dict(self.serializer.validate(validated))
        except (ValidationError, DRFValidationError) as exc:
            raise DRFValidationError(serializers.as_serializer_error(exc)) from exc


_UNSEEN = object()  # a value whose checked result is not remembered


def _memo_key(value: Any) -> Hashable | None:
    if value is empty or type(value) is str:
        return value
    if type(value) is list and all(type(item) is str for item in value):
        return ("list", *value)
    return None


@functools.cache
def _field_kinds(model: type[models.Model], names: tuple[str, ...]) -> list[tuple[str, Any, str]]:
    """(name, model field, kind) of an importer's columns, worked out once per model."""
    kinds = []
    for name in names:
        model_field = model._meta.get_field(name)
        assert isinstance(model_field, models.Field)
        if isinstance(model_field, models.JSONField):
            kind = "list"
        elif isinstance(model_field, models.BooleanField):
            kind = "bool"
        elif model_field.choices:
            kind = "choice"
        else:
            kind = "text"
        kinds.append((name, model_field, kind))
    return kinds


def clean_fields(
    model: type[models.Model],
    raw: dict[str, Any],
    names: Iterable[str],
    rules: SerializerRules,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Convert cells to the API's types, then validate them with the owning app's write
    serializer's ``rules`` (the API's rules, one rule in one place).

    Spreadsheet spellings are accepted before validation: "Yes"/"no" for booleans, "Hard" or
    "Phone Screen" for choices, "a; b" for lists. An empty choice or yes/no cell is left out,
    so a new record gets the default and an existing one keeps its value. ``extra`` adds
    values that are not model fields (a company's name) for the serializer to check.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, model_field, kind in _field_kinds(model, tuple(names)):
        if name not in raw:
            continue
        value = raw[name]
        try:
            if kind == "list":
                value = as_list(value)
            elif kind == "bool":
                if as_text(value) == "":
                    continue
                value = as_bool(value, default=False)
            elif kind == "choice":
                if as_text(value) == "":
                    continue
                value = as_text(value).lower().replace(" ", "_").replace("-", "_")
            elif isinstance(value, str):
                value = value.strip()
                if value == "" and model_field.null:
                    value = None
            values[name] = value
        except ValueError as exc:
            errors[name] = str(exc)
    if not errors:
        try:
            return rules.run({**values, **(extra or {})})
        except DRFValidationError as exc:
            errors = _serializer_errors(exc.detail)
    if errors:
        raise RowInvalid(errors)
    return values


def _serializer_errors(detail: Any) -> dict[str, str]:
    if not isinstance(detail, dict):
        return {"row": " ".join(str(m) for m in detail)}
    flat: dict[str, str] = {}
    for name, messages in detail.items():
        if isinstance(messages, dict):  # a list field: {index: [messages]}
            messages = [m for inner in messages.values() for m in inner]
        column = "row" if name == "non_field_errors" else name
        flat[column] = " ".join(str(m) for m in messages)
    return flat


# --- running an import ---------------------------------------------------------------------


Progress = Callable[[int, int, int], None]  # rows done, bytes read, total bytes


def find_workspace(reference: str) -> Workspace:
    """A workspace by id or by (case-insensitive) name, or ImportFailed."""
    reference = reference.strip()
    matches = Workspace.objects.filter(name__iexact=reference)
    try:
        by_id = Workspace.objects.filter(pk=reference).first()
    except ValidationError:
        by_id = None
    if by_id is not None:
        return by_id
    found = list(matches[:2])
    if len(found) == 1:
        return found[0]
    if found:
        raise ImportFailed(f"Several workspaces are named “{reference}”: use the workspace id.")
    raise ImportFailed(f"Unknown workspace “{reference}” (give its id or exact name).")


def run_import(
    importer: Importer[Any],
    source: RowSource,
    *,
    update: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    origin: str = "",
    commit_each_batch: bool = False,
) -> ImportReport:
    """Import ``source``. One transaction by default (nothing written unless every row is);
    ``commit_each_batch`` commits batch by batch instead, so no write lock is held across the
    whole file (the browser's imports, whose rows ``validate_rows`` checked beforehand; a
    reference that cannot be resolved still stops the run after the batches before it, and
    running the file again completes it, as natural keys find what is already there)."""
    report = ImportReport(
        dry_run=dry_run, mapping=dict(source.mapping), ignored_columns=list(source.ignored)
    )
    importer.origin = origin
    writing = True

    def valid_rows() -> Iterator[tuple[int, dict[str, Any]]]:
        nonlocal writing
        for number, raw in source:
            report.rows += 1
            try:
                yield number, importer.validate(raw)
            except RowInvalid as exc:
                report.add_errors(number, source.columns_named(exc.errors))
                writing = writing and skip_invalid

    batches = itertools.batched(valid_rows(), batch_size)
    # The batch read next (None at the end of the file), with the rows and bytes read by then.
    ahead: list[tuple[tuple[tuple[int, dict[str, Any]], ...] | ImportFailed | None, int, int]] = []

    def read_ahead() -> None:
        """Read and check the next batch (no queries) while PostgreSQL takes in the rows of
        the one being written: it works on them after they are sent, so the two overlap. A
        file that turns out unreadable there fails once that batch is written."""
        batch: tuple[tuple[int, dict[str, Any]], ...] | ImportFailed | None
        try:
            batch = next(batches, None)
        except ImportFailed as exc:
            batch = exc
        ahead.append((batch, report.rows, source.bytes_read))

    writing_transaction = functools.partial(_bulk_transaction, importer.model)
    each = writing_transaction if commit_each_batch else nullcontext
    with _old_objects_left_alone(), nullcontext() if commit_each_batch else writing_transaction():
        # One writer for every batch, the last one included; once a row is bad (without
        # skip_invalid) the rest is still read and checked for the report, not written.
        try:
            read_ahead()
            while True:
                batch, rows_read, bytes_read = ahead.pop()
                if batch is None:
                    break
                if isinstance(batch, ImportFailed):
                    raise batch
                if writing:
                    with each():
                        written = _write_batch(
                            importer, source, list(batch), report, update, skip_invalid, read_ahead
                        )
                    writing = written and writing  # (reading ahead may have found a bad row)
                if not ahead:
                    read_ahead()
                if progress is not None:  # up to this batch, not the one read ahead
                    progress(rows_read, bytes_read, source.total_bytes)
                if settings.DEBUG:
                    # With DEBUG on, Django keeps the SQL of the last 9,000 queries: a batch's
                    # inserts carry its rows, so the log would hold the file (Django's advice
                    # for long processes under DEBUG). Memory stays the same for any size.
                    reset_queries()
        except ImportFailed as exc:
            if commit_each_batch and (report.created or report.updated):
                exc.committed = report  # the batches before the failure stay written
            raise
        report.read_from(source)
        if progress is not None:
            progress(report.rows, source.total_bytes, source.total_bytes)
        report.written = writing and not dry_run
        if not report.written and not commit_each_batch:
            transaction.set_rollback(True)
    if report.rows == 0:
        raise ImportFailed("The file has a header but no rows.")
    if report.invalid and not skip_invalid and not commit_each_batch:
        # Nothing was written: say what a clean file would do instead of partial counts.
        report.created = report.updated = report.unchanged = 0
    return report


@contextmanager
def _bulk_transaction(model: type[models.Model]) -> Iterator[None]:
    """A transaction whose foreign keys are checked as its statements end, so while the next
    batch is read (``insert_rows``)."""
    with transaction.atomic(), checked_per_statement(model):
        yield


@contextmanager
def _old_objects_left_alone() -> Iterator[None]:
    """Leave the objects that exist before an import (Django's and the apps', over 100,000)
    out of the garbage collector's passes while it runs: an import's allocations set off
    full passes, each of which would walk all of them (about a tenth of an import's time).
    Its own garbage is collected as usual; nothing changes where the process froze them
    itself (a server that forks does)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def validate_rows(
    importer: Importer[Any],
    source: RowSource,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    duplicates: bool = False,
) -> ImportReport:
    """Every row (or the first ``limit``) through the importer's rules, writing nothing: the
    check before an import that commits batch by batch, and the preview's sample. With
    ``duplicates`` (a preview: a bounded sample), the valid rows that look like records
    already there are listed too, in one query; otherwise nothing is read from the database."""
    assert limit is not None or not duplicates, "the rows checked for duplicates are held"
    report = ImportReport(mapping=dict(source.mapping), ignored_columns=list(source.ignored))
    valid: list[tuple[int, dict[str, Any]]] = []
    for number, raw in itertools.islice(source, limit):
        report.rows += 1
        try:
            values = importer.validate(raw)
        except RowInvalid as exc:
            report.add_errors(number, source.columns_named(exc.errors))
        else:
            if duplicates:
                valid.append((number, values))
        if progress is not None and report.rows % 500 == 0:
            progress(report.rows, source.bytes_read, source.total_bytes)
    if valid:
        names = dict(valid)
        for number, matches in sorted(importer.existing_duplicates(valid).items()):
            found = [{"id": str(pk), "name": name} for pk, name in matches]
            report.add_duplicate(
                RowDuplicate(number, as_text(names[number].get("name")), "", found)
            )
    report.read_from(source)
    if report.rows == 0:
        raise ImportFailed("The file has a header but no rows.")
    return report


def _write_batch(
    importer: Importer[Any],
    source: RowSource,
    batch: list[tuple[int, dict[str, Any]]],
    report: ImportReport,
    update: bool,
    skip_invalid: bool,
    meanwhile: Callable[[], None],
) -> bool:
    """Write one batch, calling ``meanwhile`` once while the database takes in its new rows;
    False once a row is bad and the run must not write any more."""
    try:
        return _write_rows(importer, source, batch, report, update, skip_invalid, meanwhile)
    except IntegrityError as exc:
        # The rows were looked up by natural key first, so a unique rule only refuses them
        # when another writer inserted the same records since: the run's transaction rolls
        # back with this error, and running it again finds them and leaves them alone.
        raise ImportConflict(
            "Another import wrote some of these records at the same time, so nothing from "
            "this file was written. Run it again: the records already there are matched and "
            "left alone (or updated, with the update option)."
        ) from exc


def _write_rows(
    importer: Importer[Any],
    source: RowSource,
    batch: list[tuple[int, dict[str, Any]]],
    report: ImportReport,
    update: bool,
    skip_invalid: bool,
    meanwhile: Callable[[], None],
) -> bool:
    problems = importer.resolve(batch)
    for number, errors in problems.items():
        report.add_errors(number, source.columns_named(errors))
    if problems and not skip_invalid:
        return False
    existing = importer.find_existing(
        {importer.natural_key(values) for number, values in batch if number not in problems}
    )
    created: dict[Hashable, Any] = {}
    numbers: dict[Hashable, int] = {}
    updated: dict[int, tuple[Any, set[str]]] = {}
    for number, values in batch:
        if number in problems:
            continue
        key = importer.natural_key(values)
        obj = created.get(key)
        if obj is None:
            obj = existing.get(key)
        if obj is None:
            created[key] = importer.created(importer.build(values), values)
            numbers[key] = number
            report.created += 1
        elif update and (fields := importer.assign(obj, values)):
            if obj._state.adding:
                report.unchanged += 1  # a later line of this file for a record it creates
            else:
                updated.setdefault(id(obj), (obj, set()))[1].update(fields)
                report.updated += 1
        else:
            report.unchanged += 1
    new = list(created.values())
    found = importer.flag_duplicates(new)
    events = imported_events(importer, importer.model, new) if new else None
    insert_rows(importer.model, new, meanwhile, then=events)
    _save_updates(importer.model, updated.values())
    importer.after_write(new, [obj for obj, _ in updated.values()])
    for key, obj in created.items():
        if found.get(obj.pk):
            matches = [{"id": str(pk), "name": ""} for pk in found[obj.pk]]
            report.add_duplicate(RowDuplicate(numbers[key], str(obj), str(obj.pk), matches))
    return True


def _save_updates(model: type[models.Model], updated: Iterable[tuple[Any, set[str]]]) -> None:
    """Save the fields each updated record changed (a status moves through the pipeline,
    not here): one ``bulk_update`` per set of changed fields, so a file that only moves
    statuses writes no field, and one that edits notes writes notes, not every column
    (``bulk_update`` spells out each row's value of each field it is given)."""
    now = timezone.now()
    by_fields: dict[tuple[str, ...], list[Any]] = {}
    for obj, fields in updated:
        written = tuple(sorted(fields - {"status"}))
        if written:
            obj.updated_at = now  # bulk_update does not stamp auto_now fields
            by_fields.setdefault(written, []).append(obj)
    for written, objs in by_fields.items():
        model._default_manager.bulk_update(objs, ["updated_at", *written])


def imported_events(
    importer: Importer[Any], model: type[models.Model], objects: list[Any]
) -> Alike:
    """The "imported" timeline event of each new record (of ``model``: the entity's, or one
    the rows refer to that the import created), for ``insert_rows`` to insert after them."""
    content_type = ContentType.objects.get_for_model(model)
    actor_id = importer.actor.pk if importer.actor is not None else None
    origin = importer.origin
    summary = f"Imported from {origin}"[:255] if origin else "Imported"
    return Alike(
        ActivityEvent,
        {
            "workspace_id": importer.workspace.pk,
            "actor_id": actor_id,
            "verb": "imported",
            "content_type_id": content_type.pk,
            "summary": summary,
        },
        "object_id",
        [obj.pk for obj in objects],
    )


def write_export(importer: Importer[Any], out: IO[bytes], fmt: str) -> int:
    """Stream the workspace's records as CSV or JSON (the importers read both back)."""
    count = 0
    if fmt == "json":
        out.write(b"[")
        for row in importer.export_rows():
            out.write(b"\n" if count == 0 else b",\n")
            out.write(orjson.dumps(row))
            count += 1
        out.write(b"\n]\n" if count else b"]\n")
        return count
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    columns = list(importer.columns)
    writer.writerow(columns)
    for row in importer.export_rows():
        writer.writerow([_export_cell(row.get(column)) for column in columns])
        count += 1
    text.detach()
    return count


def _export_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = list_cell(value)
    if isinstance(value, str):
        return csv_cell(value)
    return "" if value is None else value


# --- terminal progress -----------------------------------------------------------------------


def terminal_progress(stream: TextIO) -> Progress:
    """A bar redrawn in place on a terminal; a plain line every 10,000 rows otherwise."""
    tty = stream.isatty()
    last = [0]

    def show(rows: int, done: int, total: int) -> None:
        if tty and total:
            share = min(done / total, 1.0)
            bar = "#" * int(share * 30)
            stream.write(f"\r[{bar:<30}] {share:4.0%} {rows:,} rows")
            if done >= total:
                stream.write("\n")
            stream.flush()
        elif rows - last[0] >= 10_000 or (done >= total and rows != last[0]):
            stream.write(f"{rows:,} rows read\n")
            last[0] = rows

    return show
