"""Portable SQL building blocks for the statistics: day differences, percentages and medians.

PostgreSQL is the production database and SQLite the embedded default; each helper renders the
same figure on both, computed by the database.
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, DateTimeField, FloatField, Func, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThan


class DaysBetween(Func):
    """``end - start`` in (fractional) days; both may be dates or datetimes."""

    arity = 2
    output_field = FloatField()

    def __init__(self, end: Any, start: Any, **extra: Any) -> None:
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template=(
                "(CAST(EXTRACT(EPOCH FROM (CAST(%(expressions)s AS timestamptz))) "
                "AS double precision) / 86400.0)"
            ),
            arg_joiner=" AS timestamptz) - CAST(",
            **extra_context,
        )


def percent(part: Any, whole: Any) -> Case:
    """100 * part / whole as a float, 0 when whole is 0 (no data never divides by zero)."""
    return Case(
        When(
            GreaterThan(whole, 0),
            then=Cast(part, FloatField()) * 100.0 / Cast(whole, FloatField()),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )


def ratio(part: int, whole: int) -> float:
    """A rate in percent with two decimals; 0 when there is nothing to divide."""
    return round(part * 100.0 / whole, 2) if whole else 0.0


def _medians(spans: str, params: list[Any]) -> dict[str, float]:
    """Median of ``v`` per ``k`` over the rows of the SQL ``spans``, in one query.

    PostgreSQL: ``percentile_cont(0.5)``. SQLite has no median aggregate, so each group's
    values are numbered by a window and the middle one (or the mean of the middle two) kept.
    Rows whose ``k`` is blank or ``v`` NULL are ignored.
    """
    if connection.vendor == "postgresql":
        query = (
            "SELECT k, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) "
            f"FROM ({spans}) spans WHERE v IS NOT NULL AND k <> '' GROUP BY k"
        )
    else:
        query = (
            "SELECT k, AVG(v) FROM ("
            "SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v) AS rn, "
            "COUNT(*) OVER (PARTITION BY k) AS n "
            f"FROM ({spans}) spans WHERE v IS NOT NULL AND k <> '') ranked "
            "WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY k"
        )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return {key: float(value) for key, value in cursor.fetchall()}


def stay_medians(changes: QuerySet[Any], records: QuerySet[Any]) -> dict[str, float]:
    """Median days of the completed stays per status, in one query.

    ``changes`` are status changes shaped ``.values("object_id", "id", "from_status",
    "created_at")``, ``records`` the records they belong to, ``.values("id", "created_at")``.
    Each change ends a stay in ``from_status`` that began at the record's previous change (by
    ``created_at``, then ``id``) or, for its first change, at the record's creation. The
    records are joined once (one hash join), not looked up per first change; a change of a
    record not in ``records`` is left out.
    """
    try:
        changes_sql, changes_params = changes.order_by().query.sql_with_params()
        records_sql, records_params = records.order_by().query.sql_with_params()
    except EmptyResultSet:  # a scope with no workspace: no stays
        return {}
    entered = (
        "COALESCE(LAG(c.created_at) OVER "
        "(PARTITION BY c.object_id ORDER BY c.created_at, c.id), r.created_at)"
    )
    days, days_params = changes.query.get_compiler(connection=connection).compile(
        DaysBetween(
            RawSQL("c.created_at", [], output_field=DateTimeField()),
            RawSQL(entered, [], output_field=DateTimeField()),
        )
    )
    spans = (
        f"SELECT c.from_status AS k, {days} AS v FROM ({changes_sql}) c "
        f"INNER JOIN ({records_sql}) r ON r.id = c.object_id"
    )
    return _medians(spans, [*days_params, *changes_params, *records_params])


def median_days(rows: QuerySet[Any], end: str, start: str) -> float | None:
    """Median days from column ``start`` to column ``end`` (dates or datetimes) over the rows
    of a ``values()`` queryset, in one query; None without a row."""
    try:
        sql, params = rows.order_by().query.sql_with_params()
    except EmptyResultSet:  # a scope with no workspace: no rows
        return None
    days, days_params = rows.query.get_compiler(connection=connection).compile(
        DaysBetween(
            RawSQL(f"r.{end}", [], output_field=DateTimeField()),
            RawSQL(f"r.{start}", [], output_field=DateTimeField()),
        )
    )
    spans = f"SELECT 'all' AS k, {days} AS v FROM ({sql}) r"
    return _medians(spans, [*days_params, *params]).get("all")


def count_where(
    values: QuerySet[Any],
    conditions: dict[str, tuple[str, list[Any]]],
    *,
    left_join: tuple[QuerySet[Any], str] | None = None,
    count_distinct: str = "",
) -> dict[str, int]:
    """``{"total": COUNT(*), name: rows matching condition}`` over the rows of ``values``.

    The rows are computed once, as a derived table, so a correlated subquery annotated on
    them runs once per row, not once per condition (the ORM would inline it in every
    ``Count(filter=...)``). Conditions are SQL over the ``values()`` column names.
    ``left_join=(other, on)`` joins the rows of another ``values()`` queryset (at most one per
    row, say a grouped one) as ``j``; ``on`` is SQL over ``r`` (the rows) and ``j``, and the
    conditions may use ``j``'s columns, NULL on rows without a match. ``count_distinct`` names
    a column whose distinct non-NULL values are counted too, as ``"distinct"``.
    """
    names = list(conditions)
    try:
        sql, params = values.order_by().query.sql_with_params()
    except EmptyResultSet:  # a scope with no workspace (an empty IN) has no rows to count
        return {"total": 0, "distinct": 0, **dict.fromkeys(names, 0)}
    sums = ", ".join(
        f"COALESCE(SUM(CASE WHEN {conditions[name][0]} THEN 1 ELSE 0 END), 0)" for name in names
    )
    # OFFSET 0 keeps PostgreSQL from flattening the derived table back into the aggregate.
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    distinct = f"COUNT(DISTINCT {count_distinct})" if count_distinct else "0"
    query = f"SELECT COUNT(*), {distinct}, {sums} FROM ({sql}{fence}) r"
    # The conditions come before the derived tables in the text, so do their parameters.
    args = [*(arg for name in names for arg in conditions[name][1]), *params]
    if left_join:
        joined_sql, joined_params = left_join[0].order_by().query.sql_with_params()
        query += f" LEFT JOIN ({joined_sql}) j ON {left_join[1]}"
        args += joined_params
    with connection.cursor() as cursor:
        cursor.execute(query, args)
        row = cursor.fetchone()
    figures = {name: int(v) for name, v in zip(names, row[2:], strict=True)}
    return {"total": int(row[0]), "distinct": int(row[1]), **figures}
