"""Many new rows at once, fast: the import engine's writes (and other bulk writes).

- ``ordered_id``: increasing version 7 UUIDs, so new rows append to their indexes;
- ``new_record``: a new instance without ``Model.__init__``'s per-field walk;
- ``insert_rows``: the instances in one statement (PostgreSQL: a COPY);
- ``insert_alike``: rows that differ in one field, built by the database from two arrays;
- ``checked_per_statement``: foreign keys checked as each statement ends, not at COMMIT.
"""

import functools
import json
import operator
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connections, models, router
from django.db.models.base import ModelState
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_init, pre_init

from .postgresql import array_literal, parameter_type

# Distinct JSON values per column whose encoding COPY keeps (tags repeat on every row).
MAX_REMEMBERED_ENCODINGS = 1000
# Fewer rows go in one INSERT: a COPY takes a second round trip, which a few rows (a record's
# timeline events in a request) would not win back.
COPY_FROM_ROWS = 50


class Alike(NamedTuple):
    """New rows of ``model`` that differ only in one field (``attname``: one row per value),
    the other fields ``shared`` or at their defaults (each gets an ordered id)."""

    model: type[models.Model]
    shared: dict[str, Any]
    attname: str
    values: list[Any]

    def statement(self, connection: Any) -> tuple[str, list[Any]]:
        """PostgreSQL's ``INSERT ... SELECT`` of the rows from two arrays (their ids, the
        values): the database builds the rows, at a fraction of the cost of building each in
        Python, and they share one ``auto_now`` stamp (listed by their time, then their
        ordered ids, they keep their order)."""
        template = new_record(self.model, self.shared)
        columns, selected, params = [], [], []
        ids = [ordered_id() for _ in self.values]
        for f in self.model._meta.concrete_fields:
            if f.generated:
                continue
            columns.append(connection.ops.quote_name(str(f.column)))
            cast = parameter_type(f, connection)
            if f.primary_key or f.attname == self.attname:
                selected.append(f"unnest(%s::{cast}[])")
                params.append(array_literal(ids if f.primary_key else self.values))
            else:
                selected.append(f"%s::{cast}")
                cell = _copy_cell(f, connection)
                params.append(getattr(template, f.attname) if cell is None else cell(template))
        sql = "INSERT INTO {} ({}) SELECT {}".format(
            connection.ops.quote_name(self.model._meta.db_table),
            ", ".join(columns),
            ", ".join(selected),
        )
        return sql, params


def insert_alike(rows: Alike) -> None:
    """INSERT the ``rows``: on PostgreSQL one statement, elsewhere ``insert_rows``."""
    connection = _connection(rows.model)
    if connection.vendor != "postgresql":
        insert_rows(
            rows.model,
            [new_record(rows.model, {**rows.shared, rows.attname: v}) for v in rows.values],
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(*rows.statement(connection))


@contextmanager
def checked_per_statement(model: type[models.Model]) -> Iterator[None]:
    """Inside a transaction: within the block, foreign keys are checked as each statement
    ends instead of at COMMIT (Django declares them deferred), then deferred again. Where a
    bulk write's statements end while this process has other work (``insert_rows``'
    ``meanwhile``), the checks overlap it; at COMMIT nothing would. Rows must be written
    parents first. (A rollback restores the deferral by itself.)"""
    connection = _connection(model)
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    if not connection.needs_rollback:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _connection(model: type[models.Model]) -> Any:
    return connections[router.db_for_write(model) or "default"]


class _OrderedIds:
    """Version 7 UUIDs (RFC 9562: the time in milliseconds, then random bits), each greater
    than the one before in this process: the first of a millisecond has fresh random bits,
    the next ones of that millisecond count up from it (the RFC's monotonic method). An
    import's rows get ids in the file's order, so every index they enter (the primary key, the
    timeline's object ids) is appended to instead of written all over, about twice as fast on
    PostgreSQL for large files, and rows created in the same moment list in the file's order.
    (``uuid.uuid7`` arrives with Python 3.14.)"""

    def __init__(self) -> None:
        self.last = 0
        self.lock = threading.Lock()

    def __call__(self) -> uuid.UUID:
        millisecond = time.time_ns() // 1_000_000
        with self.lock:
            if millisecond > self.last >> 80:
                rand = int.from_bytes(os.urandom(10))
                value = (
                    millisecond << 80
                    | 0x7 << 76
                    | (rand >> 62 & 0xFFF) << 64
                    | 0b10 << 62
                    | rand & ((1 << 62) - 1)
                )
            else:
                # The same millisecond (or the clock went back): the last one plus one. The
                # version and variant bits stay put as long as the random bits below them do
                # not overflow (2**62 ids in one millisecond).
                value = self.last + 1
            self.last = value
        return uuid.UUID(int=value)


ordered_id = _OrderedIds()


@functools.cache
def _blueprint(model: type[models.Model]) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """The fields of a new ``model`` record: {attname: default} of every concrete field in
    order, and (attname, factory) of those whose default is made for each record (the id)."""
    defaults: dict[str, Any] = {}
    factories: list[tuple[str, Any]] = []
    for f in model._meta.concrete_fields:
        defaults[f.attname] = None
        if f.primary_key:
            factories.append((f.attname, ordered_id))
        elif f.has_default() and callable(f.default):
            factories.append((f.attname, f.default))
        elif f.has_default():
            defaults[f.attname] = f.default
        elif not (f.null or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)):
            defaults[f.attname] = f.get_default()
    return defaults, tuple(factories)


def new_record[M: models.Model](model: type[M], values: dict[str, Any]) -> M:
    """A new, unsaved ``model`` instance from ``values`` (by attname), the other fields at
    their defaults and an ordered id: what ``model(**values)`` builds, without its per-field
    keyword walk, which costs more than the rest of an import's row.

    For a fresh instance ``Model.__init__`` puts each value in the instance's ``__dict__``
    under its attname (through descriptors that, on a new instance, do only that) and sends
    ``pre_init``/``post_init``; with nobody listening to those, the same instance is built
    directly, at a quarter of the cost."""
    defaults, factories = _blueprint(model)
    fields = defaults.copy()
    for attname, factory in factories:
        if attname not in values:
            fields[attname] = factory()
    fields.update(values)
    if len(fields) != len(defaults):
        raise TypeError(f"Not fields of {model.__name__}: {sorted(fields.keys() - defaults)}")
    if (pre_init.receivers or post_init.receivers) and (
        pre_init.has_listeners(model) or post_init.has_listeners(model)
    ):
        return model(*fields.values())
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(fields)
    return obj


def insert_rows(
    model: type[models.Model],
    objects: list[Any],
    meanwhile: Callable[[], None] | None = None,
    then: Alike | None = None,
) -> None:
    """INSERT new rows in one statement: ``bulk_create``, or on PostgreSQL, from
    ``COPY_FROM_ROWS`` rows, a COPY, which skips building one large parameter list (several
    times faster for big imports); then the rows ``then`` (an import's timeline events). This
    thread runs ``meanwhile`` (no queries) once the rows are sent: on PostgreSQL, while another
    thread waits for the database to take them in and to insert ``then``, waits that are
    mostly the database's work (a COPY's rows are taken in after they arrive; foreign keys are
    checked as a statement ends where ``checked_per_statement`` says so) and release Python's
    interpreter lock.

    The rows get the same values ``bulk_create`` would give them (defaults set when the
    objects were built, ``auto_now`` fields through ``pre_save``); constraints still apply.
    """
    connection = _connection(model)
    if len(objects) < COPY_FROM_ROWS or connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects)
        _release_files(model, objects)
        if then is not None:
            insert_alike(then)
        if meanwhile is not None:
            meanwhile()
        return
    # The columns read off an instance as they are come first, all in one call; then those
    # whose value is computed.
    plain: list[tuple[models.Field[Any, Any], None]] = []
    computed: list[tuple[models.Field[Any, Any], Callable[[Any], Any]]] = []
    for f in model._meta.concrete_fields:
        if not f.generated:
            cell = _copy_cell(f, connection)
            if cell is None:
                plain.append((f, None))
            else:
                computed.append((f, cell))
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table),
        ", ".join(quote(str(f.column)) for f, _ in [*plain, *computed]),
    )
    names = [f.attname for f, _ in plain]
    read: Callable[[Any], tuple[Any, ...]] = (
        operator.attrgetter(*names)
        if len(names) > 1
        else lambda obj: tuple(getattr(obj, name) for name in names)
    )
    cells = [cell for _, cell in computed]
    statement = then.statement(connection) if then is not None else None
    # The raw psycopg cursor's errors become Django's (IntegrityError), as for bulk_create.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        logged = cursor.debug_sql(sql) if connection.queries_logged else nullcontext()
        with logged, ExitStack() as copying:
            copy = copying.enter_context(raw.copy(sql))
            for obj in objects:
                copy.write_row((*read(obj), *[cell(obj) for cell in cells]))
            ending = copying.pop_all()  # the COPY ends below, once its rows are all sent

        def finish() -> None:
            ending.close()
            if statement is not None:
                raw.execute(*statement)

        then_logged = (
            cursor.debug_sql(*statement)
            if statement is not None and connection.queries_logged
            else nullcontext()
        )
        with then_logged:
            if meanwhile is None:
                finish()
            else:
                with ThreadPoolExecutor(max_workers=1) as waiter:
                    finished = waiter.submit(finish)
                    meanwhile()
                    finished.result()
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    _release_files(model, objects)


# Field classes whose Python value psycopg adapts as the column wants, with nothing computed
# first (no auto_now, no file to commit, no JSON to encode): COPY reads them off the instance.
# Exact classes: a subclass may compute its value in ``pre_save`` (a question's text key).
PLAIN_COPY_FIELDS = frozenset(
    {
        models.CharField,
        models.TextField,
        models.EmailField,
        models.URLField,
        models.SlugField,
        models.UUIDField,
        models.ForeignKey,
        models.BooleanField,
        models.IntegerField,
        models.SmallIntegerField,
        models.BigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.DateField,
        models.DateTimeField,
    }
)


def _copy_cell(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    """How one column's value is read off an instance for COPY (None: as it is): ``auto_now``
    fields are stamped with the time of each row (on the instance too, as ``pre_save`` does:
    rows listed newest first keep the file's order reversed, as if created one by one), JSON
    is encoded as the field encodes it (SQL NULL for None), a file field's stored name is the
    name, other computed values go through the field."""
    attname = field.attname
    auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    if type(field) is models.DateTimeField and auto:
        # ``timezone.now()``, with the setting read once rather than for each row.
        zone = UTC if settings.USE_TZ else None

        def stamp(obj: Any) -> datetime:
            now = datetime.now(zone)
            setattr(obj, attname, now)
            return now

        return stamp
    if type(field) in PLAIN_COPY_FIELDS:
        return None
    if (
        isinstance(field, models.JSONField)
        and type(field).get_prep_value is models.JSONField.get_prep_value
        and type(field).pre_save is models.Field.pre_save
    ):
        encoder = field.encoder
        # The encodings of lists of text (tags, links: the same few on many rows) and of the
        # empty object, remembered.
        known: dict[tuple[Any, ...], str] = {}

        def encoded(obj: Any) -> str | None:
            value = getattr(obj, attname)
            if value is None:
                return None
            kind = type(value)
            if not (
                (kind is list and all(type(item) is str for item in value))
                or (kind is dict and not value)
            ):
                return json.dumps(value, cls=encoder)
            key = (kind, *value)
            text = known.get(key)
            if text is None:
                text = json.dumps(value, cls=encoder)
                if len(known) < MAX_REMEMBERED_ENCODINGS:
                    known[key] = text
            return text

        return encoded
    if type(field) is models.FileField:
        # A name already stored (or none): no file to save first, the name is the value.
        generic = _prepared(field, connection)
        return lambda obj: value if type(value := obj.__dict__[attname]) is str else generic(obj)
    return _prepared(field, connection)


def _prepared(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any]:
    """A column's value as ``save()`` writes it: ``pre_save``, then the database's form."""
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)


def _release_files(model: type[models.Model], objects: list[Any]) -> None:
    """Saving wraps a file field's value in a FieldFile that points back at its instance: a
    reference cycle only the full garbage collector frees, late, so memory would grow with the
    file. Putting the plain name back breaks the cycle and keeps memory flat."""
    names = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    for obj in objects:
        # Read where the field keeps its value: reading the attribute would wrap a plain
        # name in a FieldFile, the very cycle this undoes.
        kept = obj.__dict__
        for name in names:
            value = kept.get(name)
            if isinstance(value, FieldFile):
                kept[name] = value.name


# --- exports -------------------------------------------------------------------------------
