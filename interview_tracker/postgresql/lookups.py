"""``__in`` with a list of values, on PostgreSQL, as ``= ANY(%s)`` with one array parameter.

Django writes ``IN (%s, %s, ...)``, one parameter per value, and psycopg (which binds them on
the client) parses the statement and quotes each value in Python: for a page of 1,000
candidates, the embeds' and duplicate rule's lists cost more there than the queries take in the
database. One array parameter is quoted in one call; PostgreSQL plans ``= ANY(array)`` as it
plans ``IN``. Only plain columns of text, number and UUID types (or relations to them) change;
subqueries, expressions as values, composite keys and other types keep Django's SQL.

The array goes as one text parameter in PostgreSQL's array syntax (``array_literal``): psycopg
quotes a list element by element in Python, over a microsecond each (a tenth of an import's
time went there), and one string in one C call.
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

from . import array_literal, parameter_type

ARRAY_TYPES = frozenset(
    {
        "CharField",
        "TextField",
        "UUIDField",
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
    }
)


class ArrayInMixin:
    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lookup: Any = self
        if isinstance(lookup.lhs, ColPairs) or not lookup.rhs_is_direct_value():
            return lookup.as_sql(compiler, connection)
        field = lookup.lhs.output_field
        if field.is_relation:
            field = field.target_field
        if field.get_internal_type() not in ARRAY_TYPES:
            return lookup.as_sql(compiler, connection)
        try:
            values = list(dict.fromkeys(value for value in lookup.rhs if value is not None))
        except TypeError:  # unhashable values: Django's SQL
            return lookup.as_sql(compiler, connection)
        if not values:
            raise EmptyResultSet
        # The values are plain (an expression among them makes the rhs an ExpressionList,
        # not a direct value), so each is only converted for the database, as Django's
        # ``get_db_prep_lookup`` does, without compiling it as a possible expression.
        prep = lookup.lhs.output_field
        prep = getattr(prep, "target_field", prep).get_db_prep_value
        params = [prep(value, connection, prepared=True) for value in values]
        lhs_sql, lhs_params = lookup.process_lhs(compiler, connection)
        cast = parameter_type(field, connection)
        return f"{lhs_sql} = ANY(%s::{cast}[])", (*lhs_params, array_literal(params))


@Field.register_lookup
class ArrayIn(ArrayInMixin, In):
    pass


@ForeignObject.register_lookup
class RelatedArrayIn(ArrayInMixin, RelatedIn):
    pass
