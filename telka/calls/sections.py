"""The sections of the proposal form: which forms each shows and how a valid section is
saved into the (locked) draft. Every section is saved on its own, so a draft can be
filled in over several sittings."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .forms.proposal import (
    ActivityForm,
    BudgetLineForm,
    BudgetRowsFormSet,
    ContactForm,
    DeclarationsForm,
    OwnContributionForm,
    PartnerForm,
    ProjectForm,
    StrategyForm,
    inline_rows,
    typed_lines,
)
from .models import Activity, BudgetLine, Partner, Proposal, settle_amounts


def _copy(form: forms.ModelForm, proposal: Proposal) -> None:
    """Copy a section's cleaned fields onto the locked draft and save only those."""
    names = list(form._meta.fields)
    for name in names:
        setattr(proposal, name, form.cleaned_data[name])
    proposal.save(update_fields=[*names, "updated_at"])


def _applicant_forms(proposal: Proposal, data) -> dict:
    return {
        "contact": ContactForm(data, instance=proposal),
        "partners": inline_rows(Partner, PartnerForm, proposal, data, "partners"),
    }


def _applicant_save(proposal: Proposal, bound: dict) -> None:
    _copy(bound["contact"], proposal)
    bound["partners"].save()


def _project_forms(proposal: Proposal, data) -> dict:
    return {"project": ProjectForm(data, instance=proposal)}


def _project_save(proposal: Proposal, bound: dict) -> None:
    _copy(bound["project"], proposal)


def _activities_forms(proposal: Proposal, data) -> dict:
    return {"activities": inline_rows(Activity, ActivityForm, proposal, data, "activities")}


def _activities_save(proposal: Proposal, bound: dict) -> None:
    bound["activities"].save()


def _strategy_forms(proposal: Proposal, data) -> dict:
    plans = list(proposal.indicator_plans.select_related("indicator"))
    return {"strategy": StrategyForm(data, instance=proposal, plans=plans)}


def _strategy_save(proposal: Proposal, bound: dict) -> None:
    form = bound["strategy"]
    _copy(form, proposal)
    for plan in form.plans:
        value = form.cleaned_data[f"indicator_{plan.indicator_id}"]
        if plan.planned_value != value:
            plan.planned_value = value
            plan.save(update_fields=["planned_value"])


def _budget_forms(proposal: Proposal, data) -> dict:
    return {
        "lines": inline_rows(
            BudgetLine,
            BudgetLineForm,
            proposal,
            data,
            "lines",
            formset=BudgetRowsFormSet,
            form_kwargs={"kinds": proposal.call.allowed_cost_kinds()},
        ),
        "own": OwnContributionForm(data, instance=proposal),
    }


def _budget_save(proposal: Proposal, bound: dict) -> None:
    bound["lines"].save()
    lines = list(proposal.budget_lines.all())
    settle_amounts(lines)
    BudgetLine.objects.bulk_update(lines, ["amount"])
    proposal.own_contribution = bound["own"].cleaned_data["own_contribution"] or 0
    proposal.recalculate_budget(lines)
    proposal.save(
        update_fields=["own_contribution", "total_cost", "requested_amount", "updated_at"]
    )


def preview_budget(proposal: Proposal, bound: dict) -> None:
    """Set the draft's totals (in memory only) from the budget rows as typed."""
    lines = typed_lines(bound["lines"])
    own = bound["own"]
    proposal.own_contribution = (
        own.cleaned_data.get("own_contribution") if own.is_valid() else 0
    ) or 0
    proposal.recalculate_budget(lines)


def _declarations_forms(proposal: Proposal, data) -> dict:
    return {"declarations": DeclarationsForm(data, instance=proposal)}


def _declarations_save(proposal: Proposal, bound: dict) -> None:
    _copy(bound["declarations"], proposal)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str | Promise
    build: Callable[[Proposal, object], dict]
    save: Callable[[Proposal, dict], None]


SECTIONS = [
    Section("applicant", _("Applicant and partners"), _applicant_forms, _applicant_save),
    Section("project", _("Project"), _project_forms, _project_save),
    Section("activities", _("Activities and timeline"), _activities_forms, _activities_save),
    Section("strategy", _("Contribution to the strategy"), _strategy_forms, _strategy_save),
    Section("budget", _("Budget"), _budget_forms, _budget_save),
    Section("declarations", _("Declarations"), _declarations_forms, _declarations_save),
]
# Attachments are a section of their own with upload and delete actions (views/attachments.py).
ATTACHMENTS = "attachments"
SECTION_TITLES = {s.slug: s.title for s in SECTIONS} | {ATTACHMENTS: _("Attachments")}
ORDER = [s.slug for s in SECTIONS] + [ATTACHMENTS]


def get_section(slug: str) -> Section | None:
    return next((s for s in SECTIONS if s.slug == slug), None)


def next_slug(slug: str) -> str | None:
    index = ORDER.index(slug)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def all_valid(bound: dict) -> bool:
    # Evaluate every form so that each one shows its errors, not only the first invalid.
    return all([form.is_valid() for form in bound.values()])
