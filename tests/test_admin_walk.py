"""No side door through the admin (issue 13): every model registered in the admin is
walked as LAG staff and as a superuser, on the demo data.

- Every admin and inline is either view-only (`telka.lib.admin.ReadOnly`-like: no add,
  change or delete even for a superuser) or audited (`telka.lib.admin.Audited`).
- No change form offers a field outside `EDITABLE`, the fields that are not owned by
  a workflow; everything else (statuses, amounts, statute, roles, seats…) is shown
  read-only or not at all, and a forged POST of such a field changes nothing.
- Every remaining admin save and delete (form, inline, "delete selected" action)
  writes an `AuditEvent` with the changed fields and their old and new values.
"""

import pytest
from django.contrib import admin
from django.db.models.fields.files import FieldFile
from django.forms import CheckboxInput, MultiWidget
from django.test import Client, RequestFactory

from telka.accounts.demo import staff_group
from telka.accounts.models import User
from telka.audit.models import AuditEvent
from telka.content.models import News
from telka.content.tests.builders import make_event, make_news, register
from telka.lag.models import Board, LocalActionGroup
from telka.lib.admin import Audited, AuditedForms
from telka.lib.adminsite import discover
from telka.strategy.models import Strategy, StrategyStatus
from tests import demo_db
from tests.base import give_role, make_user

LAG_TEXTS = {
    "name",
    "short_name",
    "slug",
    "legal_code",
    "legal_form",
    "established_on",
    "territory",
    "territory_description",
    "territory_description_en",
    "territory_en",
    "vision",
    "vision_en",
    "mission",
    "mission_en",
    "address",
    "email",
    "phone",
    "website",
    "bank_account",
    "is_demo",
    "host",  # a superuser's only: read-only for the LAG's staff
}
DRAFT_STRATEGY = {
    "title",
    "title_en",
    "programme",
    "priority",
    "investment_priority",
    "specific_objective",
    "period_start",
    "period_end",
    "total_budget",
    "running_costs_budget",
    "summary",
    "summary_en",
    "ma_approval_required",
    "lag",
}
# What may be edited in the admin, by model (with its inlines' fields). Anything not
# listed is owned by a workflow and must not be editable for anyone.
EDITABLE = {
    "accounts.user": {"full_name", "phone", "language"},
    "accounts.organisation": {
        "name",
        "legal_form",
        "legal_code",
        "sector",
        "address",
        "municipality",
        "operates_in_territory",
        "email",
        "phone",
        "website",
    },
    "lag.localactiongroup": LAG_TEXTS | {"tasks:position", "tasks:text", "tasks:text_en"},
    "lag.member": {"lag", "name", "kind", "sector", "legal_code", "website"}
    | {"joined_on", "left_on"},
    "lag.board": {"name"},
    "content.page": {"lag", "title", "slug", "body", "position", "is_published"}
    | {"title_en", "body_en"},
    "content.news": {"lag", "title", "slug", "summary", "body", "photo", "photo_alt"}
    | {"photo_alt_en", "published_at", "is_published", "title_en", "summary_en", "body_en"},
    "content.document": {"lag", "title", "category", "file", "updated_on", "description"}
    | {"published_at", "is_published", "title_en", "description_en"},
    "content.event": {"lag", "title", "slug", "kind", "starts_at", "ends_at", "place"}
    | {"description", "is_published", "has_registration", "capacity"}
    | {"registration_opens_at", "registration_closes_at", "title_en", "place_en"}
    | {"description_en"},
    "content.eventregistration": {"name", "email", "phone"},
    "monitoring.monitoringsettings": {"lag", "remind_days_before", "commitment_milestone_on"}
    | {"commitment_milestone_share"},
    # Only a draft version's texts and figures (a version in force is read-only, INV-08).
    "strategy.strategy": DRAFT_STRATEGY
    | {"goals:code", "goals:title", "goals:title_en", "goals:position"},
    "strategy.goal": {"strategy", "code", "title", "title_en", "position"}
    | {"objectives:code", "objectives:title", "objectives:title_en", "objectives:position"},
    "strategy.objective": {"goal", "code", "title", "title_en", "position"}
    | {"measures:code", "measures:title", "measures:budget", "measures:is_demo"}
    | {"measures:position"},
    "strategy.measure": {"objective", "code", "title", "title_en", "budget", "is_demo"}
    | {"position", "programme_measure", "description", "description_en", "planned_projects"}
    | {"eligible_applicants", "eligible_applicants_en", "target_group", "target_group_en"}
    | {"max_duration_months", "targets:indicator", "targets:value", "targets:is_demo"},
    "strategy.indicator": {"lag", "code", "name", "name_en", "unit", "unit_en", "kind"}
    | {"achievement_moment", "definition", "source"},
}
# Forms of inlines carry these bookkeeping fields; they are not data.
FORMSET_FIELDS = {"id", "DELETE"}


def _superuser_request(user: User):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _view_only(model_admin, request) -> bool:
    return not (
        model_admin.has_add_permission(request, *([None] if _is_inline(model_admin) else []))
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    )


def _is_inline(model_admin) -> bool:
    return isinstance(model_admin, admin.options.InlineModelAdmin)


def _editable_fields(response) -> set[str]:
    """The data fields a change page lets its user submit (not read-only, not hidden)."""
    if not response.context["has_change_permission"]:
        return set()
    fields = set(response.context["adminform"].form.fields)
    for inline in response.context["inline_admin_formsets"]:
        if not (inline.has_change_permission or inline.has_add_permission):
            continue
        prefix = inline.formset.prefix
        fk = inline.formset.fk.name
        for form in [*inline.formset.forms, inline.formset.empty_form]:
            fields |= {f"{prefix}:{name}" for name in form.fields if name not in {fk}}
    return {f for f in fields if f.split(":")[-1] not in FORMSET_FIELDS}


def _widget_values(bound) -> dict[str, object]:
    widget, value, name = bound.field.widget, bound.value(), bound.html_name
    if isinstance(widget, MultiWidget):
        parts = widget.decompress(value)
        return {
            f"{name}{widget.widgets_names[i]}": sub.format_value(part) or ""
            for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True))
        }
    if isinstance(widget, CheckboxInput):
        return {name: "on"} if value else {}
    if value is None:
        return {name: ""}
    if isinstance(value, list | tuple):
        return {name: [str(v) for v in value]}
    if isinstance(value, FieldFile):
        return {}  # a stored file stays as it is when no new file is sent
    return {name: widget.format_value(value) or ""}


def _post_data(response) -> dict[str, object]:
    """What the change page would post back unchanged: its form and inline formsets."""
    data: dict[str, object] = {}
    for bound in response.context["adminform"].form:
        data |= _widget_values(bound)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for form in formset.forms:
            for bound in form:
                data |= _widget_values(bound)
    return data


def _text_field(response, editable: set[str], obj) -> str | None:
    """A top-level text field to change: the edit the audit must record."""
    form = response.context["adminform"].form
    for name in sorted(editable):
        field = form.fields.get(name)
        if field is None or getattr(field, "choices", None) is not None:
            continue
        kind, value = field.__class__.__name__, getattr(obj, name)
        # A slug or a 9-digit legal code has no room for the walk's " (pataisyta)".
        if kind in {"CharField", "IntegerField"} and value and name not in {"slug", "legal_code"}:
            return name
    return None


def _walk_change_form(client: Client, user: User, model, model_admin, obj, report: list) -> None:
    label = model._meta.label_lower
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"
    response = client.get(url)
    if response.status_code in {302, 403}:
        report.append((label, "hidden"))
        return
    assert response.status_code == 200, (label, response.status_code)
    editable = _editable_fields(response)
    assert editable <= EDITABLE.get(label, set()), (label, user.email, editable)
    if not editable:
        forged = client.post(url, _post_data(response))
        assert forged.status_code == 403, (label, user.email, forged.status_code)
        report.append((label, "view-only"))
        return
    _change_and_check_audit(client, user, url, response, obj, editable, report)


def _change_and_check_audit(client, user, url, response, obj, editable, report) -> None:
    label = obj._meta.label_lower
    name = _text_field(response, editable, obj)
    assert name, (label, "no text field to change")
    data = _post_data(response)
    old = getattr(obj, name)
    limit = obj._meta.get_field(name).max_length
    new = old + 1 if isinstance(old, int) else f"{old} (pataisyta)"[:limit]
    data[name] = str(new)
    saved = client.post(url, data)
    assert saved.status_code == 302, (label, saved.context and saved.context["errors"])
    obj.refresh_from_db()
    assert getattr(obj, name) == new
    event = (
        AuditEvent.objects.for_object(obj).filter(action="admin.changed").order_by("-pk").first()
    )
    assert event is not None and event.actor == user, label
    assert event.content_type.model_class() is type(obj)
    # Derived fields (search text, "updated at") may change with it and are recorded too.
    assert event.changes["before"][name] == old, (label, event.changes)
    assert event.changes["after"][name] == new, (label, event.changes)
    report.append((label, "edited"))


def _walk(client: Client, user: User) -> set[tuple[str, str]]:
    report: list[tuple[str, str]] = []
    for model, model_admin in discover()._registry.items():
        rows = model._default_manager.order_by("pk")
        for obj in {rows.first(), rows.last()} - {None}:  # e.g. a version in force, a draft
            _walk_change_form(client, user, model, model_admin, obj, report)
    return set(report)


def _demo_with_every_kind_of_row() -> None:
    demo_db.load_demo()
    lag = LocalActionGroup.objects.current()
    make_news(lag, title="Ištrinama naujiena")
    register(make_event(lag, title="Renginys su registracija"), name="Rita Vaitkutė")
    assert Strategy.objects.filter(status=StrategyStatus.DRAFT).exists()


@pytest.mark.django_db
def test_no_change_form_lets_staff_or_superuser_change_what_a_workflow_owns():
    _demo_with_every_kind_of_row()
    superuser = make_user("root@example.test", "Root Admin", is_staff=True, is_superuser=True)
    sara = make_user("staff@example.test", "Sara Staff", is_staff=True)
    sara.groups.add(staff_group())
    # The back office shows staff the rows of the LAGs where they hold a staff role.
    give_role(sara, LocalActionGroup.objects.current())

    request = _superuser_request(superuser)
    for model, model_admin in discover()._registry.items():
        inlines = model_admin.get_inline_instances(request)
        for each in [model_admin, *inlines]:
            assert _view_only(each, request) or isinstance(each, Audited | AuditedForms), (
                model._meta.label,
                type(each).__name__,
            )

    walked = {}
    for user in (sara, superuser):
        client = Client()
        client.force_login(user)
        walked[user.email] = _walk(client, user)
    # The superuser sees every model with rows; staff the LAG's texts, strategy, content.
    root, staff = walked["root@example.test"], walked["staff@example.test"]
    assert {("content.news", "edited"), ("monitoring.project", "view-only")} <= root
    assert {("lag.role", "view-only"), ("calls.proposal", "view-only")} <= root
    assert {("accounts.user", "edited"), ("monitoring.monitoringsettings", "edited")} <= root
    assert {("strategy.strategy", "view-only"), ("strategy.indicator", "view-only")} <= staff
    assert {("lag.board", "edited"), ("lag.boardmembership", "view-only")} <= staff
    assert {("content.eventregistration", "edited"), ("monitoring.project", "hidden")} <= staff


@pytest.mark.django_db
def test_forged_posts_of_workflow_fields_change_nothing(lag, board):
    superuser = make_user("root@example.test", "Root Admin", is_staff=True, is_superuser=True)
    person = make_user("person@example.test", "Person")
    client = Client()
    client.force_login(superuser)
    url = f"/admin/lag/board/{board.pk}/change/"
    statute = {"quorum_share": "0.100", "max_group_share": "1.000"}
    statute |= {"max_public_vote_share": "1.000", "quorum_rule": "at_least"}
    data = _post_data(client.get(url)) | {"name": "Valdyba (nauja)", **statute}
    response = client.post(url, data)
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.name == "Valdyba (nauja)"
    assert (board.quorum_share, board.max_group_share, board.max_public_vote_share) == (
        Board._meta.get_field("quorum_share").default,
        Board._meta.get_field("max_group_share").default,
        Board._meta.get_field("max_public_vote_share").default,
    )
    event = AuditEvent.objects.get(action="admin.changed")
    assert event.changes["fields"] == ["name"]

    page = client.get(f"/admin/accounts/user/{person.pk}/change/")
    data = _post_data(page) | {"is_staff": "on", "is_superuser": "on", "email": "x@example.test"}
    assert client.post(f"/admin/accounts/user/{person.pk}/change/", data).status_code == 302
    person.refresh_from_db()
    assert (person.is_staff, person.is_superuser, person.email) == (
        False,
        False,
        "person@example.test",
    )
    assert client.get(f"/admin/accounts/user/{person.pk}/password/").status_code == 403


@pytest.mark.django_db
def test_every_admin_delete_is_audited_with_the_old_values(lag):
    superuser = make_user("root@example.test", "Root Admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    first, second = make_news(lag, title="Pirma"), make_news(lag, title="Antra")
    third = make_news(lag, title="Trečia")

    response = client.post(f"/admin/content/news/{third.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = AuditEvent.objects.get(action="admin.deleted", object_id=str(third.pk))
    assert deleted.changes["before"]["title"] == "Trečia" and deleted.changes["after"] == {}

    action = {"action": "delete_selected", "post": "yes"}
    action["_selected_action"] = [first.pk, second.pk]
    assert client.post("/admin/content/news/", action).status_code == 302
    assert not News.objects.exists()
    titles = [
        e.changes["before"]["title"] for e in AuditEvent.objects.filter(action="admin.deleted")
    ]
    assert sorted(titles) == ["Antra", "Pirma", "Trečia"]


@pytest.mark.django_db
def test_inline_rows_added_and_changed_in_the_admin_are_audited(lag):
    superuser = make_user("root@example.test", "Root Admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    lag.tasks.create(position=1, text="Telkti bendruomenę")
    page = client.get(f"/admin/lag/localactiongroup/{lag.pk}/change/")
    data = _post_data(page) | {"tasks-0-text": "Telkti visą bendruomenę"}
    data |= {"tasks-1-position": "2", "tasks-1-text": "Naujas uždavinys", "tasks-TOTAL_FORMS": "2"}
    assert client.post(f"/admin/lag/localactiongroup/{lag.pk}/change/", data).status_code == 302
    changed = AuditEvent.objects.get(action="admin.changed")
    assert changed.changes["before"] == {"text": "Telkti bendruomenę"}
    assert changed.changes["after"] == {"text": "Telkti visą bendruomenę"}
    added = AuditEvent.objects.get(action="admin.added")
    assert added.changes["after"]["text"] == "Naujas uždavinys"
    assert added.changes["before"] == {}
