"""The possible duplicates of candidates: of a page, of a created record, of a file's rows."""

import re
import uuid
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, NamedTuple

from django.db import connections, router
from django.db.models import FilteredRelation, Q
from django.db.models.functions import Lower

from interview_tracker.postgresql import array_literal
from positions.models import Position

from .models import Candidate

NON_DIGITS = re.compile(r"\D")


def phone_digits(phone: str) -> str:
    return NON_DIGITS.sub("", phone)


def _keys(email: str, phone: str, name: str, company: Any) -> set[tuple[str, ...]]:
    """What makes two records one person: the same e-mail (case aside), the same phone digits,
    or the same name at the same ``company`` (its id, or its lower-case name: unique within a
    workspace, so either tells the company)."""
    keys: set[tuple[str, ...]] = set()
    if email.strip():
        keys.add(("email", email.strip().lower()))
    digits = phone_digits(phone)
    if len(digits) >= 6:  # a few digits ("ext 12") identify nobody
        keys.add(("phone", digits))
    if name.strip() and company:
        keys.add(("name", name.strip().lower(), str(company)))
    return keys


KEY_KINDS = frozenset({"email", "phone", "name"})


def _lookups(
    keys: Iterable[set[tuple[str, ...]]], kinds: frozenset[str] = KEY_KINDS
) -> tuple[set[str], set[str], set[str]]:
    """The e-mails, phone digits and names that people's ``_keys`` look up (of ``kinds``)."""
    wanted: dict[str, set[str]] = {"email": set(), "phone": set(), "name": set()}
    for person in keys:
        for kind, value, *_ in person:
            if kind in kinds:
                wanted[kind].add(value)
    return wanted["email"], wanted["phone"], wanted["name"]


# Where a page (``CandidateListSerializer``) or a create (``candidates_flag_duplicates``) leaves
# each candidate's possible duplicates, so its representation does not look them up again.
DUPLICATES_ATTR = "possible_duplicate_ids"


def _sharing(
    workspace_ids: Iterable[Any], emails: set[str], phones: set[str], names: set[str]
) -> list[tuple[Any, ...]]:
    """The workspaces' candidates sharing an e-mail, phone digits or a name with the given
    ones: (id, workspace, e-mail, phone, name, company id), oldest first."""
    workspace_ids = list(set(workspace_ids))
    if _on_postgresql():
        return _probed(workspace_ids, emails, phones, names)
    # Each criterion is an index lookup: the e-mail's partial unique index (its condition,
    # a non-blank e-mail, repeated so that the database can use it), candidate_phone_idx and
    # candidate_name_idx; only the criteria in use are asked.
    wanted = Q(email_ci__in=emails) & ~Q(email="")
    if phones:
        wanted |= Q(phone_digits__in=phones)
    if names:
        wanted |= Q(name_ci__in=names)
    return list(
        Candidate.objects.filter(workspace_id__in=workspace_ids)
        .annotate(
            email_ci=Lower("email"),
            name_ci=Lower("name"),
            opening=FilteredRelation(
                "position", condition=Q(position__workspace_id__in=workspace_ids)
            ),
        )
        .filter(wanted)
        .order_by("created_at", "id")
        .values_list("pk", "workspace_id", "email", "phone", "name", "opening__company_id")
    )


def by_email(workspace_id: Any, emails: set[str]) -> Iterable[Candidate]:
    """The workspace's candidates with these e-mails (given in lower case)."""
    if _on_postgresql():
        return Candidate.objects.raw(
            _probe("*", PROBES["email"]), [array_literal(emails), array_literal([workspace_id])]
        )
    return Candidate.objects.annotate(email_ci=Lower("email")).filter(
        ~Q(email=""), workspace_id=workspace_id, email_ci__in=emails
    )


def _database() -> Any:
    return connections[router.db_for_read(Candidate)]


def _on_postgresql() -> bool:
    return bool(_database().vendor == "postgresql")


# How each key is compared, as the index that answers it reads it: each index leads with the
# value (the e-mail's unique index is partial: its condition is repeated).
PROBES = {
    "email": "lower(email) = wanted.value AND email <> ''",
    "phone": "phone_digits = wanted.value",
    "name": "lower(name) = wanted.value",
}


def _probe(columns: str, condition: str) -> str:
    """SQL for the candidates matching each of some values (``%s``: an array) by ``condition``,
    one index probe per value, of the workspaces given next (``%s``: an array).

    As one ``column = ANY(values)`` query with the workspace beside it, PostgreSQL reads the
    workspace's candidates by a workspace index instead whenever it believes the workspace
    small. During an import it does: the workspace grows inside one transaction while the
    statistics describe it as it was, so each batch's lookups read every row written before,
    and a 200,000-row import spent a quarter of its time there. Here the value alone is looked
    up, in a LATERAL subquery per value (``OFFSET 0`` keeps PostgreSQL from merging it back
    into one join, or from moving the workspace's condition into it): only the index that
    leads with the value answers that, whatever the statistics say. The few people with that
    value in other workspaces are left out after."""
    return (
        f"SELECT found.* FROM unnest(%s::text[]) AS wanted(value) CROSS JOIN LATERAL ("
        f"SELECT {columns} FROM {Candidate._meta.db_table} WHERE {condition} OFFSET 0) AS found "
        f"WHERE found.workspace_id = ANY(%s::uuid[])"
    )


def _probed(
    workspace_ids: list[Any], emails: set[str], phones: set[str], names: set[str]
) -> list[tuple[Any, ...]]:
    """``_sharing`` on PostgreSQL, in one query of ``_probe``s."""
    probes, params = [], []
    for kind, values in (("email", emails), ("phone", phones), ("name", names)):
        if values:
            columns = "id, workspace_id, email, phone, name, position_id, created_at"
            probes.append(_probe(columns, PROBES[kind]))
            params += [array_literal(values), array_literal(workspace_ids)]
    if not probes:
        return []
    # A candidate's opening is in its own workspace: saying so in the join reads only these
    # workspaces' openings (by their index), not every tenant's.
    sql = (
        f"SELECT c.id, c.workspace_id, c.email, c.phone, c.name, p.company_id "
        f"FROM ({' UNION '.join(probes)}) AS c LEFT JOIN {Position._meta.db_table} AS p "
        f"ON p.id = c.position_id AND p.workspace_id = ANY(%s::uuid[]) "
        f"ORDER BY c.created_at, c.id"
    )
    with _database().cursor() as cursor:
        cursor.execute(sql, [*params, array_literal(workspace_ids)])
        return cursor.fetchall()


def possible_duplicates(candidates: Sequence[Candidate]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """{candidate id: ids of other candidates of the same workspace with the same e-mail (case
    aside), the same phone digits, or the same name at the same company (of their position)},
    for any number of candidates in one query: it reads every candidate sharing a value with
    one of them, the candidates themselves included (which gives their position's company)."""
    return possible_duplicates_of(
        [(c.pk, c.workspace_id, c.email, c.phone, c.name, c.position_id) for c in candidates]
    )


# What ``possible_duplicates`` reads of a candidate: id, workspace id, e-mail, phone, name and
# position id (a list reads them as values).
type Identity = tuple[uuid.UUID, uuid.UUID, str, str, str, uuid.UUID | None]


def possible_duplicates_of(candidates: Sequence[Identity]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """``possible_duplicates`` of candidates given by their ``Identity``."""
    if not candidates:
        return {}
    # A name matches only at the same company: candidates without a position look for none.
    wanted = _lookups(
        _keys(email, phone, name, position) for _, _, email, phone, name, position in candidates
    )
    matches = _sharing({c[1] for c in candidates}, *wanted)
    by_key: dict[tuple[str, ...], list[uuid.UUID]] = defaultdict(list)
    keys_of: dict[uuid.UUID, set[tuple[str, ...]]] = {}
    for pk, workspace_id, email, phone, name, company_id in matches:
        keys = {(str(workspace_id), *key) for key in _keys(email, phone, name, company_id)}
        keys_of[pk] = keys
        for key in keys:
            by_key[key].append(pk)
    return {
        c[0]: _unique(
            other for key in keys_of.get(c[0], ()) for other in by_key[key] if other != c[0]
        )
        for c in candidates
    }


class Person(NamedTuple):
    """Who a record not stored yet would be (a row of a file): the fields the duplicate rule
    reads, with the id of the company of its position (a name matches only there), or None."""

    email: str
    phone: str
    name: str
    company: Any


def existing_duplicates[K: Hashable](
    workspace_id: Any, people: dict[K, Person]
) -> dict[K, list[tuple[uuid.UUID, str]]]:
    """{reference: (id, name) of the workspace's candidates that ``people`` (records not stored
    yet) would duplicate}, by the rule ``possible_duplicates`` applies, in one query."""
    return _stored_matches(workspace_id, _keys_of(people))


def new_duplicates(
    workspace_id: Any, people: dict[uuid.UUID, Person]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """``possible_duplicates`` of records about to be created together (an import batch), by
    their new ids: the workspace's candidates each would duplicate (one query, which reads
    only those: the records are not stored yet), then the others of ``people`` it shares a
    value with. Only the people with duplicates are listed."""
    keys_of = _keys_of(people)
    # Their e-mails are stored nowhere in the workspace: an e-mail is unique there (case
    # aside), and an import finds the stored ones first by that natural key. So only their
    # phones and names are looked up.
    stored = _stored_matches(workspace_id, keys_of, frozenset({"phone", "name"}))
    found = {ref: [pk for pk, _ in matches] for ref, matches in stored.items()}
    sharing: dict[tuple[str, ...], list[uuid.UUID]] = defaultdict(list)
    for ref, keys in keys_of.items():
        for key in keys:
            sharing[key].append(ref)
    # Only the people who share a key with another are looked at again (usually nobody).
    alike = {ref for refs in sharing.values() if len(refs) > 1 for ref in refs}
    for ref, keys in keys_of.items():
        if ref in alike:
            mates = [other for key in keys for other in sharing[key] if other != ref]
            found[ref] = _unique([*found.get(ref, []), *mates])
    return found


def _keys_of[K: Hashable](people: dict[K, Person]) -> dict[K, set[tuple[str, ...]]]:
    return {ref: _keys(*person) for ref, person in people.items()}


def _stored_matches[K: Hashable](
    workspace_id: Any, keys_of: dict[K, set[tuple[str, ...]]], kinds: frozenset[str] = KEY_KINDS
) -> dict[K, list[tuple[uuid.UUID, str]]]:
    """{reference: (id, name) of the workspace's candidates sharing one of its keys (of
    ``kinds``)}."""
    wanted = _lookups(keys_of.values(), kinds)
    if not any(wanted):
        return {}
    by_key: dict[tuple[str, ...], list[tuple[uuid.UUID, str]]] = defaultdict(list)
    for pk, _, email, phone, name, company_id in _sharing([workspace_id], *wanted):
        for key in _keys(email, phone, name, company_id):
            by_key[key].append((pk, name))
    found: dict[K, list[tuple[uuid.UUID, str]]] = {}
    if not by_key:
        return found
    for ref, keys in keys_of.items():
        matches = _unique(match for key in keys for match in by_key.get(key, ()))
        if matches:
            found[ref] = matches
    return found


def _unique[T](items: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(items))
