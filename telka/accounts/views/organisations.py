"""Organisations an applicant acts for: register, view, edit, and manage members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from telka.lib.workflow import Refused

from .. import workflow
from ..forms import AddMemberForm, MemberRoleForm, OrganisationEditForm, OrganisationForm
from ..models import OrganisationRole
from ..permissions import (
    can_create_organisation,
    get_membership_for_user,
    get_organisation_for_user,
)

PAGE_SIZE = 20


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name", "pk"
    )
    if query:
        memberships = memberships.filter(
            Q(organisation__name__icontains=query) | Q(organisation__legal_code__startswith=query)
        )
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "query": query,
        "can_create": can_create_organisation(request.user),
    }
    return render(request, "accounts/organisation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = workflow.create_organisation(user=request.user, data=form.cleaned_data)
        except Refused as refused:
            form.add_error(None, refused.reasons)
        else:
            messages.success(
                request,
                _("“%(name)s” is registered, and you are its representative.")
                % {"name": organisation.name},
            )
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    context = {"form": form, "can_create": can_create_organisation(request.user)}
    return render(request, "accounts/organisation_form.html", context)


@login_required
def organisation_detail(request: HttpRequest, pk: int, add_form=None) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    memberships = organisation.memberships.select_related("user").order_by(
        "-role", "user__full_name", "pk"
    )
    is_representative = organisation.my_membership.role == OrganisationRole.REPRESENTATIVE
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "is_representative": is_representative,
        "add_form": add_form or AddMemberForm(),
        "role_choices": OrganisationRole.choices,
    }
    return render(request, "accounts/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, manage=True)
    form = OrganisationEditForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_organisation(
                organisation=organisation, actor=request.user, data=form.cleaned_data
            )
        except Refused as refused:
            form.add_error(None, refused.reasons)
        else:
            messages.success(request, _("The organisation's details are saved."))
            return redirect("accounts:organisation_detail", pk=pk)
    context = {"form": form, "organisation": organisation, "can_create": True}
    return render(request, "accounts/organisation_form.html", context)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, manage=True)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        try:
            membership = workflow.add_member(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except Refused as refused:
            form.add_error("email", refused.reasons)
        else:
            messages.success(request, _("%(name)s is now a member.") % {"name": membership.user})
            return redirect("accounts:organisation_detail", pk=pk)
    # Show the page again with what was typed and why it was refused.
    return organisation_detail(request, pk, add_form=form)


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, member_pk)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        _refusals_to_messages(
            request,
            workflow.change_member_role,
            membership=membership,
            actor=request.user,
            role=form.cleaned_data["role"],
            done=_("The role of %(name)s is saved.") % {"name": membership.user},
        )
    return redirect("accounts:organisation_detail", pk=pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, member_pk)
    if membership.user_id == request.user.pk:
        return organisation_leave(request, pk)
    _refusals_to_messages(
        request,
        workflow.remove_member,
        membership=membership,
        actor=request.user,
        done=_("%(name)s is no longer a member.") % {"name": membership.user},
    )
    return redirect("accounts:organisation_detail", pk=pk)


@login_required
@require_POST
def organisation_leave(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    done = _refusals_to_messages(
        request,
        workflow.remove_member,
        membership=organisation.my_membership,
        actor=request.user,
        done=_("You have left “%(name)s”.") % {"name": organisation.name},
    )
    if done:
        return redirect("accounts:organisation_list")
    return redirect("accounts:organisation_detail", pk=pk)


def _refusals_to_messages(request: HttpRequest, step, *, done: str, **kwargs) -> bool:
    """Run a workflow step; report success or its refusal as page messages."""
    try:
        step(**kwargs)
    except Refused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
        return False
    messages.success(request, done)
    return True
