"""Portable SQL building blocks for the statistics: day differences, percentages and medians.

PostgreSQL is the production database and SQLite the embedded default; each helper renders the
same figure on both, computed by the database.
"""

from typing import Any

from django.db import connection
from django.db.models import Case, FloatField, Func, QuerySet, Value, When
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


def grouped_medians(values: QuerySet[Any]) -> dict[str, float]:
    """Median of ``v`` per ``k`` for a queryset shaped ``.values("k", "v")``, in one query.

    PostgreSQL: ``percentile_cont(0.5)``. SQLite has no median aggregate, so each group's
    values are numbered by a window and the middle one (or the mean of the middle two) kept.
    Rows whose ``k`` is blank or ``v`` NULL are ignored.
    """
    sql, params = values.order_by().query.sql_with_params()
    if connection.vendor == "postgresql":
        query = (
            "SELECT k, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) "
            f"FROM ({sql}) spans WHERE v IS NOT NULL AND k <> '' GROUP BY k"
        )
    else:
        query = (
            "SELECT k, AVG(v) FROM ("
            "SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v) AS rn, "
            "COUNT(*) OVER (PARTITION BY k) AS n "
            f"FROM ({sql}) spans WHERE v IS NOT NULL AND k <> '') ranked "
            "WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY k"
        )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return {key: float(value) for key, value in cursor.fetchall()}


def count_where(
    values: QuerySet[Any], conditions: dict[str, tuple[str, list[Any]]]
) -> dict[str, int]:
    """``{"total": COUNT(*), name: rows matching condition}`` over the rows of ``values``.

    The rows are computed once, as a derived table, so a correlated subquery annotated on
    them runs once per row, not once per condition (the ORM would inline it in every
    ``Count(filter=...)``). Conditions are SQL over the ``values()`` column names.
    """
    sql, params = values.order_by().query.sql_with_params()
    names = list(conditions)
    sums = ", ".join(
        f"COALESCE(SUM(CASE WHEN {conditions[name][0]} THEN 1 ELSE 0 END), 0)" for name in names
    )
    # OFFSET 0 keeps PostgreSQL from flattening the derived table back into the aggregate.
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    query = f"SELECT COUNT(*), {sums} FROM ({sql}{fence}) r"
    # The conditions come before the derived table in the text, so do their parameters.
    args = [*(arg for name in names for arg in conditions[name][1]), *params]
    with connection.cursor() as cursor:
        cursor.execute(query, args)
        row = cursor.fetchone()
    return {"total": int(row[0]), **{name: int(v) for name, v in zip(names, row[1:], strict=True)}}
