"""Reads of the candidates app that pages share: querysets, so callers may narrow them, and
the possible duplicates of a page of candidates."""

import re
import uuid
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from interview_tracker.models import CLOSED_STATUSES, PipelineStatus, Workspace
from positions.models import OpeningStatus, Position

from .models import Candidate

# Open openings first: the home page of a hiring team is about what is still being filled.
OPENING_ORDER = [
    OpeningStatus.OPEN,
    OpeningStatus.ON_HOLD,
    OpeningStatus.FILLED,
    OpeningStatus.CLOSED,
]


def pipeline_by_opening(workspace: Workspace | Any) -> QuerySet[Position]:
    """A hiring workspace's openings, each with its candidates counted per pipeline stage:
    ``<status>_count`` for every status (``applied_count`` … ``withdrawn_count``) and
    ``active_count`` (candidates not hired, rejected or withdrawn). Open openings first, then
    by title. One query, whatever the number of openings and candidates; the company and the
    hiring manager come with it. Callers check the user's role in ``workspace`` first."""
    per_stage = {
        f"{status}_count": Count("candidates", filter=Q(candidates__status=status))
        for status in PipelineStatus.values
    }
    return (
        Position.objects.filter(workspace=workspace)
        .select_related("company", "hiring_manager")
        .annotate(
            **per_stage,
            active_count=Count(
                "candidates", filter=~Q(candidates__status__in=list(CLOSED_STATUSES))
            ),
            opening_rank=Case(
                *(When(opening_status=s, then=Value(i)) for i, s in enumerate(OPENING_ORDER)),
                output_field=IntegerField(),
            ),
        )
        .order_by("opening_rank", "title", "id")
    )


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def _keys(email: str, phone: str, name: str, company: Any) -> set[tuple[str, ...]]:
    """What makes two records one person: the same e-mail (case aside), the same phone digits,
    or the same name at the same ``company`` (its id, or its lower-case name: unique within a
    workspace, so either tells the company)."""
    keys: set[tuple[str, ...]] = set()
    if email.strip():
        keys.add(("email", email.strip().lower()))
    if len(phone_digits(phone)) >= 6:  # a few digits ("ext 12") identify nobody
        keys.add(("phone", phone_digits(phone)))
    if name.strip() and company:
        keys.add(("name", name.strip().lower(), str(company)))
    return keys


# Where a page (``CandidateListSerializer``) or a create (``candidates_flag_duplicates``) leaves
# each candidate's possible duplicates, so its representation does not look them up again.
DUPLICATES_ATTR = "possible_duplicate_ids"


def _sharing(
    workspace_ids: Iterable[Any], emails: set[str], phones: set[str], names: set[str]
) -> QuerySet[Candidate, tuple[Any, ...]]:
    """The workspaces' candidates sharing an e-mail, phone digits or a name with the given
    ones: (id, workspace, e-mail, phone, name, company id, company name), oldest first."""
    # Each criterion is an index lookup: the e-mail's partial unique index (its condition,
    # a non-blank e-mail, repeated so that PostgreSQL can use it), candidate_phone_idx and
    # candidate_name_idx; only the criteria in use are asked.
    wanted = Q(email_ci__in=emails) & ~Q(email="")
    if phones:
        wanted |= Q(phone_digits__in=phones)
    if names:
        wanted |= Q(name_ci__in=names)
    return (
        Candidate.objects.filter(workspace_id__in=set(workspace_ids))
        .annotate(email_ci=Lower("email"), name_ci=Lower("name"))
        .filter(wanted)
        .order_by("created_at", "id")
        .values_list(
            "pk",
            "workspace_id",
            "email",
            "phone",
            "name",
            "position__company_id",
            "position__company__name",
        )
    )


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
    emails = {email.strip().lower() for _, _, email, _, _, _ in candidates if email.strip()}
    phones = {phone_digits(phone) for _, _, _, phone, _, _ in candidates if phone_digits(phone)}
    # A name matches only at the same company: candidates without a position look for none.
    names = {
        name.strip().lower()
        for _, _, _, _, name, position in candidates
        if name.strip() and position
    }
    matches = _sharing({c[1] for c in candidates}, emails, phones, names)
    by_key: dict[tuple[str, ...], list[uuid.UUID]] = defaultdict(list)
    keys_of: dict[uuid.UUID, set[tuple[str, ...]]] = {}
    for pk, workspace_id, email, phone, name, company_id, _ in matches:
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


@dataclass(frozen=True)
class Person:
    """Who a row of a file would be: the fields the duplicate rule reads."""

    email: str
    phone: str
    name: str
    company_name: str


def existing_duplicates[K: Hashable](
    workspace_id: Any, people: dict[K, Person]
) -> dict[K, list[tuple[uuid.UUID, str]]]:
    """{reference: (id, name) of the workspace's candidates that ``people`` (rows of a file
    not imported yet) would duplicate}, by the rule ``possible_duplicates`` applies, in one
    query."""
    emails = {p.email.strip().lower() for p in people.values() if p.email.strip()}
    phones = {phone_digits(p.phone) for p in people.values() if phone_digits(p.phone)}
    names = {p.name.strip().lower() for p in people.values() if p.name.strip() and p.company_name}
    if not (emails or phones or names):
        return {}
    by_key: dict[tuple[str, ...], list[tuple[uuid.UUID, str]]] = defaultdict(list)
    for pk, _, email, phone, name, _, company in _sharing([workspace_id], emails, phones, names):
        for key in _keys(email, phone, name, (company or "").lower()):
            by_key[key].append((pk, name))
    found = {}
    for ref, person in people.items():
        keys = _keys(person.email, person.phone, person.name, person.company_name.lower())
        matches = _unique(match for key in keys for match in by_key.get(key, ()))
        if matches:
            found[ref] = matches
    return found


def _unique[T](items: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(items))
