"""Dashboard pages of positions: table, kanban, detail with contacts, forms, follow-ups due,
and the catalogs (companies, roles, skills, CV versions)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Model, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview_tracker.errors import BusinessRuleError, ConflictError, DomainError, ValidationFailed
from interview_tracker.forms import apply_domain_error
from interview_tracker.models import PipelineStatus, Workspace
from interview_tracker.pages import (
    paginate,
    require_manager,
    require_staff,
    safe_next,
    sort_headers,
    sort_order,
    staff_workspace_id,
)
from interview_tracker.pipeline import (
    StatusForm,
    card_facts,
    kanban_columns,
    pipeline_move,
    status_history,
    timeline,
)
from interview_tracker.typing import AuthedHttpRequest

from . import services
from .api.filters import PositionFilter
from .forms import (
    CompanyForm,
    ContactForm,
    CVVersionForm,
    JobRoleForm,
    PostingForm,
    SkillForm,
    form_for,
)
from .models import (
    Company,
    Contact,
    CVVersion,
    JobRole,
    Position,
    PositionQuerySet,
    Seniority,
    Skill,
)
from .postings import posting_read
from .selectors import earlier_applications

SORTS = ["application_date", "title", "company_name", "status", "next_follow_up"]


def _positions(request: AuthedHttpRequest) -> PositionQuerySet:
    return Position.objects.for_user(request.user).select_related("company")


def _position(request: AuthedHttpRequest, pk: Any) -> tuple[Position, bool]:
    position = get_object_or_404(
        _positions(request)
        .select_related("role", "cv_version", "workspace", "hiring_manager")
        .with_stats(),
        pk=pk,
    )
    return position, require_staff(request, position.workspace_id)


@login_required
@require_GET
def position_list(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = staff_workspace_id(request)
    queryset = _positions(request).filter(workspace_id=workspace_id).with_stats()
    filterset = PositionFilter(request.GET, queryset=queryset)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    search = request.GET.get("q", "").strip()
    if search:
        rows = rows.filter(
            Q(title__icontains=search)
            | Q(company__name__icontains=search)
            | Q(description__icontains=search)
        )
    sort, ordering = sort_order(request, SORTS, "-application_date")
    page = paginate(request, rows.order_by(*ordering))
    context = {
        "page_obj": page,
        "filter_errors": filterset.errors,
        "sort": sort,
        "headers": sort_headers(
            request,
            [
                ("title", "Title"),
                ("company_name", "Company"),
                ("status", "Status"),
                ("application_date", "Applied"),
                ("", "Interviews"),
                ("next_follow_up", "Follow-up"),
            ],
            sort,
        ),
        "search": search,
        "statuses": PipelineStatus.choices,
        "seniorities": Seniority.choices,
        "can_manage": request.user.can_manage(workspace_id),
    }
    template = "positions/position_list.html"
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        template += "#results"
    return render(request, template, context)


@login_required
@require_GET
def position_kanban(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = staff_workspace_id(request)
    can_manage = request.user.can_manage(workspace_id)
    rows = _positions(request).filter(workspace_id=workspace_id).order_by("-updated_at", "id")
    return render(
        request,
        "positions/position_kanban.html",
        {
            "columns": kanban_columns(
                rows,
                list_url=reverse("positions:list"),
                detail_url="positions:detail",
                status_url="positions:status",
                card_annotations=card_facts(Position, scores=can_manage),
            ),
            "can_manage": can_manage,
        },
    )


@login_required
@require_GET
def follow_ups(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = staff_workspace_id(request)
    today = timezone.localdate()
    rows = (
        _positions(request)
        .filter(workspace_id=workspace_id)
        .follow_ups_due(today)
        .order_by("next_follow_up", "id")
    )
    return render(
        request,
        "positions/position_follow_ups.html",
        {"page_obj": paginate(request, rows), "today": today},
    )


@login_required
@require_GET
def contact_list(request: AuthedHttpRequest) -> HttpResponse:
    """Everyone the job search talks to, with the application each belongs to."""
    workspace_id = staff_workspace_id(request)
    rows = (
        Contact.objects.for_user(request.user)
        .filter(workspace_id=workspace_id)
        .select_related("position", "position__company")
        .order_by("name", "id")
    )
    return render(request, "positions/contact_list.html", {"page_obj": paginate(request, rows)})


@login_required
@require_GET
def position_detail(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    position, can_manage = _position(request, pk)
    context = {
        "position": position,
        "can_manage": can_manage,
        "skills": position.required_skills.order_by("name", "id"),
        "contacts": Contact.objects.filter(position=position).order_by("name", "id"),
        "contact_form": ContactForm(),
        "status_form": StatusForm(
            initial={"status": position.status, "rejection_reason": position.rejection_reason}
        ),
        "history": status_history(position),
        "events": timeline(position),
    }
    return render(request, "positions/position_detail.html", context)


def _company_names(workspace_id: Any) -> list[str]:
    return list(Company.objects.filter(workspace_id=workspace_id).values_list("name", flat=True))


@login_required
@require_http_methods(["GET", "POST"])
def position_create(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = staff_workspace_id(request)
    require_manager(request, workspace_id)
    workspace = Workspace.objects.get(pk=workspace_id)
    form = form_for(workspace.kind)(
        request.POST or None,
        workspace_id=workspace_id,
        initial={"application_date": timezone.localdate(), **request.session.pop(DRAFT_KEY, {})},
    )
    if request.method == "POST" and form.is_valid():
        try:
            position = services.position_create(
                workspace=workspace, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, f"“{position.title}” created.")
            return redirect("positions:detail", pk=position.pk)
    return render(
        request,
        "positions/position_form.html",
        {
            "form": form,
            "company_names": _company_names(workspace_id),
            "hiring": workspace.is_hiring,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def position_edit(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    position, _ = _position(request, pk)
    require_manager(request, position.workspace_id)
    form = form_for(position.workspace.kind)(
        request.POST or None, instance=position, workspace_id=position.workspace_id
    )
    if request.method == "POST" and form.is_valid():
        # The form wrote its values onto the instance; compare with a fresh copy instead.
        fresh = _positions(request).get(pk=position.pk)
        try:
            services.position_update(position=fresh, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("positions:detail", pk=position.pk)
    return render(
        request,
        "positions/position_form.html",
        {
            "form": form,
            "position": position,
            "company_names": _company_names(position.workspace_id),
            "hiring": position.workspace.is_hiring,
        },
    )


@login_required
@require_POST
def position_delete(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    position, _ = _position(request, pk)
    require_manager(request, position.workspace_id)
    services.position_delete(position=position, actor=request.user)
    messages.success(request, f"Position “{position.title}” deleted.")
    return redirect("positions:list")


@login_required
@require_POST
def position_status(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """The one place the kanban (drag-and-drop and the status menu) and the detail page move a
    position; a plain form POST, so it works without JavaScript."""
    position = get_object_or_404(_positions(request), pk=pk)
    require_manager(request, position.workspace_id)
    return pipeline_move(
        request,
        position,
        lambda status, reason: services.position_change_status(
            position=position, status=status, actor=request.user, rejection_reason=reason
        ),
        reverse("positions:detail", args=[position.pk]),
    )


@login_required
@require_POST
def contact_create(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    position, _ = _position(request, pk)
    require_manager(request, position.workspace_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        services.contact_create(position=position, actor=request.user, **form.cleaned_data)
        messages.success(request, "Contact added.")
        return redirect("positions:detail", pk=position.pk)
    return render(request, "positions/contact_form.html", {"form": form, "position": position})


def _contact(request: AuthedHttpRequest, pk: Any, contact_pk: Any) -> tuple[Position, Contact]:
    position, _ = _position(request, pk)
    require_manager(request, position.workspace_id)
    contact = get_object_or_404(Contact.objects.filter(position=position), pk=contact_pk)
    contact.position = position
    return position, contact


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthedHttpRequest, pk: Any, contact_pk: Any) -> HttpResponse:
    position, contact = _contact(request, pk, contact_pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        fresh = Contact.objects.get(pk=contact.pk)
        fresh.position = position
        services.contact_update(contact=fresh, actor=request.user, **form.cleaned_data)
        messages.success(request, "Contact saved.")
        return redirect("positions:detail", pk=position.pk)
    return render(
        request,
        "positions/contact_form.html",
        {"form": form, "position": position, "contact": contact},
    )


@login_required
@require_POST
def contact_delete(request: AuthedHttpRequest, pk: Any, contact_pk: Any) -> HttpResponse:
    position, contact = _contact(request, pk, contact_pk)
    services.contact_delete(contact=contact, actor=request.user)
    messages.success(request, f"Contact {contact.name} removed.")
    return redirect("positions:detail", pk=position.pk)


# Catalogs: companies, roles, skills, CV versions ---------------------------------------------


@dataclass(frozen=True)
class Catalog:
    model: type[Model]
    form: type[forms.ModelForm[Any]]
    title: str
    singular: str
    columns: tuple[tuple[str, str], ...]  # (attribute, heading)
    create: Callable[..., Model]
    update: Callable[..., Model]
    delete: Callable[..., None]
    arg: str  # the service's keyword for the object
    empty_hint: str
    search: str = "name"
    prefetch: tuple[str, ...] = ()
    scoped_form: bool = False


CATALOGS = {
    "companies": Catalog(
        Company,
        CompanyForm,
        "Companies",
        "company",
        (("name", "Name"), ("industry", "Industry"), ("headquarters", "Headquarters")),
        services.company_create,
        services.company_update,
        services.company_delete,
        "company",
        "Companies are also created when you type a new name on a position.",
    ),
    "roles": Catalog(
        JobRole,
        JobRoleForm,
        "Roles",
        "role",
        (("name", "Name"), ("category", "Category"), ("skill_names", "Typical skills")),
        services.role_create,
        services.role_update,
        services.role_delete,
        "role",
        "Roles group positions (Backend Engineer, Product Manager…) and list typical skills.",
        prefetch=("typical_skills",),
        scoped_form=True,
    ),
    "skills": Catalog(
        Skill,
        SkillForm,
        "Skills",
        "skill",
        (("name", "Name"), ("skill_type", "Type"), ("market_demand", "Demand")),
        services.skill_create,
        services.skill_update,
        services.skill_delete,
        "skill",
        "Skills are what positions require; add the ones you see in job posts.",
    ),
    "cv-versions": Catalog(
        CVVersion,
        CVVersionForm,
        "CV versions",
        "CV version",
        (("label", "Label"), ("file", "File"), ("notes", "Notes")),
        services.cv_version_create,
        services.cv_version_update,
        services.cv_version_delete,
        "cv_version",
        "Upload each CV you send out, then pick it on the positions you used it for.",
        search="label",
    ),
}


def _catalog_form(
    catalog: Catalog, request: AuthedHttpRequest, workspace_id: Any, **kwargs: Any
) -> forms.ModelForm[Any]:
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    if catalog.scoped_form:
        kwargs["workspace_id"] = workspace_id
    return catalog.form(*data, **kwargs)


def _catalog_save(
    catalog: Catalog, request: AuthedHttpRequest, form: forms.ModelForm[Any], **target: Any
) -> bool:
    try:
        if target:
            catalog.update(actor=request.user, **target, **form.cleaned_data)
        else:
            workspace = Workspace.objects.get(pk=staff_workspace_id(request))
            catalog.create(workspace=workspace, actor=request.user, **form.cleaned_data)
    except (ConflictError, ValidationFailed) as exc:
        apply_domain_error(form, exc, field=catalog.search)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def catalog_list(request: AuthedHttpRequest, kind: str) -> HttpResponse:
    """The list of one catalog with its create form on the same page."""
    catalog = CATALOGS[kind]
    workspace_id = staff_workspace_id(request)
    can_manage = request.user.can_manage(workspace_id)
    if request.method == "POST":
        require_manager(request, workspace_id)
    form = _catalog_form(catalog, request, workspace_id) if can_manage else None
    saved = (
        request.method == "POST"
        and form is not None
        and form.is_valid()
        and _catalog_save(catalog, request, form)
    )
    if saved:
        messages.success(request, f"{catalog.singular.capitalize()} added.")
        return redirect(f"positions:{kind}")
    rows = catalog.model.objects.filter(workspace_id=workspace_id)  # type: ignore[attr-defined]
    search = request.GET.get("q", "").strip()
    if search:
        rows = rows.filter(**{f"{catalog.search}__icontains": search})
    if catalog.prefetch:
        rows = rows.prefetch_related(*catalog.prefetch)
    page = paginate(request, rows.order_by(catalog.search, "id"))
    return render(
        request,
        "positions/catalog_list.html",
        {
            "catalog": catalog,
            "kind": kind,
            "form": form,
            "search": search,
            "page_obj": page,
            "rows": [(obj, [_cell(obj, attr) for attr, _ in catalog.columns]) for obj in page],
            "can_manage": can_manage,
        },
    )


def _cell(obj: Model, attr: str) -> tuple[str, str]:
    """(text, link) of one table cell."""
    if attr == "skill_names":
        return ", ".join(skill.name for skill in obj.typical_skills.all()), ""  # type: ignore[attr-defined]
    value = getattr(obj, attr)
    if attr == "file":
        return (value.name.rsplit("/", 1)[-1], value.url) if value else ("—", "")
    display = getattr(obj, f"get_{attr}_display", None)
    return str(display() if display else value or "—"), ""


def _catalog_object(request: AuthedHttpRequest, catalog: Catalog, pk: Any) -> Model:
    obj = get_object_or_404(catalog.model.objects.for_user(request.user), pk=pk)  # type: ignore[attr-defined]
    require_manager(request, obj.workspace_id)
    return obj


@login_required
@require_http_methods(["GET", "POST"])
def catalog_edit(request: AuthedHttpRequest, kind: str, pk: Any) -> HttpResponse:
    catalog = CATALOGS[kind]
    obj = _catalog_object(request, catalog, pk)
    form = _catalog_form(catalog, request, obj.workspace_id, instance=obj)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        fresh = type(obj).objects.get(pk=obj.pk)  # type: ignore[attr-defined]
        if _catalog_save(catalog, request, form, **{catalog.arg: fresh}):
            messages.success(request, f"{catalog.singular.capitalize()} saved.")
            return redirect(f"positions:{kind}")
    return render(
        request,
        "positions/catalog_form.html",
        {"catalog": catalog, "kind": kind, "form": form, "object": obj},
    )


@login_required
@require_POST
def catalog_delete(request: AuthedHttpRequest, kind: str, pk: Any) -> HttpResponse:
    catalog = CATALOGS[kind]
    obj = _catalog_object(request, catalog, pk)
    try:
        catalog.delete(actor=request.user, **{catalog.arg: obj})
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{catalog.singular.capitalize()} “{obj}” deleted.")
    return redirect(f"positions:{kind}")


# The session key of a posting's draft, between reading it and the new-position form.
DRAFT_KEY = "position-draft"


@login_required
@require_http_methods(["GET", "POST"])
def position_from_posting(request: AuthedHttpRequest) -> HttpResponse:
    """Read a job posting and open the new-position form pre-filled; nothing is saved yet."""
    workspace_id = staff_workspace_id(request)
    require_manager(request, workspace_id)
    form = PostingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = posting_read(url=form.cleaned_data["url"], page=form.cleaned_data["page"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            fields = {
                key: value
                for key, value in draft.as_dict().items()
                if key != "found_in" and value not in ("", None)
            }
            if draft.url:
                fields["source"] = urlsplit(draft.url).hostname or ""
            request.session[DRAFT_KEY] = fields
            earlier = earlier_applications(
                workspace_id=workspace_id, company_name=draft.company_name, title=draft.title
            ).first()
            if earlier is not None:
                when = f", {earlier.application_date:%d %b %Y}" if earlier.application_date else ""
                messages.warning(
                    request,
                    f"You applied to {earlier.title} at {draft.company_name} before "
                    f"({earlier.get_status_display().lower()}{when}).",
                )
            messages.info(request, "Check what the posting said, then save the application.")
            return redirect("positions:create")
    return render(request, "positions/position_from_posting.html", {"form": form})


@login_required
@require_POST
def position_follow_up(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """Tick off (``action=done``) or snooze (``action=snooze``, ``days``) a follow-up."""
    position = get_object_or_404(_positions(request), pk=pk)
    require_manager(request, position.workspace_id)
    try:
        if request.POST.get("action") == "done":
            services.position_follow_up_done(position=position, actor=request.user)
            messages.success(request, f"Follow-up on “{position.title}” done.")
        else:
            days = int(request.POST.get("days", "0") or 0)
            services.position_follow_up_snooze(position=position, actor=request.user, days=days)
            messages.success(
                request, f"“{position.title}”: follow up on {position.next_follow_up:%d %b}."
            )
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "Choose how many days to snooze."))
    return redirect(safe_next(request, reverse("positions:follow-ups")))


@login_required
@require_POST
def position_ghosted(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    position = get_object_or_404(_positions(request), pk=pk)
    require_manager(request, position.workspace_id)
    try:
        services.position_mark_ghosted(position=position, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"“{position.title}” marked as ghosted.")
    return redirect(safe_next(request, reverse("positions:detail", args=[position.pk])))


@login_required
@require_GET
def offer_comparison(request: AuthedHttpRequest) -> HttpResponse:
    """The applications at the offer stage side by side: salary, deadline, days left, notes."""
    workspace_id = staff_workspace_id(request)
    today = timezone.localdate()
    positions = list(
        _positions(request)
        .filter(workspace_id=workspace_id, status=PipelineStatus.OFFER)
        .order_by(F("offer_deadline").asc(nulls_last=True), "-offer_salary", "id")
    )
    offers = [
        {
            "position": position,
            "days_left": (position.offer_deadline - today).days
            if position.offer_deadline
            else None,
        }
        for position in positions
    ]
    best = max((position.offer_salary or 0 for position in positions), default=0)
    return render(
        request,
        "positions/offer_comparison.html",
        {"offers": offers, "best_salary": best, "today": today},
    )
