"""Forms of the proposal sections. A draft saves whatever is typed (fields are optional
here); the completeness check (checks.py) says what is still missing before submission."""

from decimal import Decimal
from functools import cache

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from telka.lib import statements
from telka.lib.forms import Layout, SharedChoices
from telka.templatetags.telka import eur, localized

from ..budget import cost_option_problems
from ..models import Activity, AttachmentKind, BudgetLine, CostKind, Partner, Proposal
from ..models.proposals import own_amount, settle_amounts
from ..uploads import ACCEPT_ATTRIBUTE, MAX_ATTACHMENTS, upload_problems
from .staff import RowsFormSet

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplyForm(Layout, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Applicant organisation"), queryset=None, widget=forms.RadioSelect
    )
    allocation = forms.ModelChoiceField(label=_("Measure"), queryset=None, widget=forms.RadioSelect)

    def __init__(self, *args, organisations, allocations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["allocation"].queryset = allocations
        self.fields["allocation"].label_from_instance = lambda a: (
            f"{a.measure.code}. {localized(a.measure, 'title')}"
        )
        for name, choices in (("organisation", organisations), ("allocation", allocations)):
            if len(choices) == 1:
                self.fields[name].initial = choices[0].pk


class ContactForm(Layout, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["contact_name", "contact_email", "contact_phone"]
        widgets = {"contact_phone": forms.TextInput(attrs={"type": "tel"})}


class PartnerForm(Layout, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "legal_code", "role"]
        widgets = {"role": forms.Textarea(attrs={"rows": 2})}


def _dates_in_order(form: forms.Form, start: str, end: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, _("The end date must not be before the start date."))


class ProjectForm(Layout, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "problem",
            "target_groups",
            "planned_participants",
            "location",
            "activities_in_territory",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "problem": forms.Textarea(attrs={"rows": 5}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def clean(self):
        data = super().clean()
        _dates_in_order(self, "starts_on", "ends_on")
        return data


class ActivityForm(Layout, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "description", "starts_on", "ends_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def clean(self):
        data = super().clean()
        _dates_in_order(self, "starts_on", "ends_on")
        return data


class StrategyForm(Layout, forms.ModelForm):
    """The contribution text and one planned value per indicator of the measure (INV-33)."""

    class Meta:
        model = Proposal
        fields = ["contribution"]
        widgets = {"contribution": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = plans
        for plan in plans:
            indicator = plan.indicator
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.code}. {indicator.name}",
                help_text=indicator.unit,
                required=False,
                min_value=Decimal(0),
                max_digits=12,
                decimal_places=2,
                initial=plan.planned_value,
            )

    def indicator_fields(self):
        return [self[f"indicator_{plan.indicator_id}"] for plan in self.plans]


# A budget line above this is a typing error, not a local project: 100 million EUR is far
# beyond any LEADER project, and a thousand such lines still fit the money columns.
MAX_LINE_AMOUNT = Decimal("100000000")


@cache
def _kind_choices(kinds: tuple, language: str) -> SharedChoices:
    labels = dict(CostKind.choices)
    return SharedChoices((value, str(labels[value])) for value in kinds)


class BudgetLineForm(Layout, forms.ModelForm):
    """One line: real or unit costs are quantity × price, a lump sum its amount, a flat
    rate a percentage of other lines. Only the kinds the call allows are offered."""

    class Meta:
        model = BudgetLine
        fields = [
            "category",
            "kind",
            "description",
            "quantity",
            "unit",
            "unit_price",
            "rate_percent",
            "base_category",
        ]
        widgets = {
            "quantity": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "unit_price": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "rate_percent": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
        }
        help_texts = {"rate_percent": _("For a flat rate only.")}

    def __init__(self, *args, kinds=(CostKind.REAL,), **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(kinds)
        kind = self.fields["kind"]
        # The call's kinds, labelled once per language and shared by every row's field.
        kind._choices = kind.widget.choices = _kind_choices(tuple(self.kinds), get_language())
        kind.required = False
        kind.initial = self.kinds[0]
        self.fields["unit_price"].max_value = MAX_LINE_AMOUNT
        self.fields["unit_price"].validators.append(MaxValueValidator(MAX_LINE_AMOUNT))
        self.fields["unit_price"].widget.attrs["max"] = str(MAX_LINE_AMOUNT)

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.kinds[0]

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or self.kinds[0]
        needed = {
            CostKind.REAL: ("quantity", "unit_price"),
            CostKind.UNIT_COST: ("quantity", "unit_price"),
            CostKind.LUMP_SUM: ("unit_price",),
            CostKind.FLAT_RATE: ("rate_percent",),
        }[kind]
        for name in needed:
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, _("Enter this for a line of this kind."))
        if kind == CostKind.LUMP_SUM:
            data["quantity"] = Decimal(1)
        if kind == CostKind.FLAT_RATE:
            data["quantity"] = data["unit_price"] = None
        else:
            data["rate_percent"], data["base_category"] = None, ""
        amount = own_amount(kind, data.get("quantity"), data.get("unit_price"))
        if amount > MAX_LINE_AMOUNT:
            self.add_error(
                None,
                _(
                    "The line comes to %(amount)s, more than %(limit)s: check the quantity "
                    "and the unit price."
                )
                % {"amount": eur(amount), "limit": eur(MAX_LINE_AMOUNT)},
            )
        return data


class ProposalRowsFormSet(RowsFormSet):
    """A draft's rows of one kind (partners, activities, budget lines), read through a
    statement compiled once per draft and kind (telka/lib/statements.py): the rows come
    fresh from the database, only the ORM's work on the query is saved."""

    def get_queryset(self):
        if getattr(self, "_queryset", None) is None and self.instance.pk is not None:
            key = ("proposal-rows", self.model._meta.label, self.instance.pk)
            self._queryset = statements.fetch_objects(key, super().get_queryset)
        return super().get_queryset()


class BudgetRowsFormSet(ProposalRowsFormSet):
    """The budget lines together: the call's cost options and its fund's rules
    (calls.budget.cost_option_problems) judge them as typed."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        lines = typed_lines(self)
        settle_amounts(lines)
        problems = cost_option_problems(self.instance.call, lines)
        if problems:
            raise forms.ValidationError(problems)


def typed_lines(formset) -> list[BudgetLine]:
    """Unsaved BudgetLine objects for the rows as typed (deleted and empty rows left out)."""
    return [
        BudgetLine(**{name: f.cleaned_data.get(name) for name in BudgetLineForm.Meta.fields})
        for f in formset.forms
        if f.is_valid() and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class OwnContributionForm(Layout, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["own_contribution"]
        widgets = {"own_contribution": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}


class DeclarationsForm(Layout, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["declares_not_completed", "declares_accurate", "consents"]
        labels = {
            "declares_not_completed": _(
                "I declare that the project has not been physically completed or fully "
                "implemented before this proposal is submitted."
            ),
            "declares_accurate": _(
                "I declare that the information in this proposal and its attachments is "
                "accurate and complete."
            ),
            "consents": _(
                "I agree that the LAG, its assessors and the responsible authorities process "
                "the data in this proposal to select and monitor projects."
            ),
        }


@cache
def _rows_class(model, form, formset):
    """The formset class of one kind of rows, made once per process: the factory builds
    a form class with fields of its own, which costs more than the formset it serves."""
    return inlineformset_factory(
        Proposal, model, form=form, formset=formset, extra=1, can_delete=True
    )


def inline_rows(
    model, form, proposal: Proposal, data, prefix: str, formset=ProposalRowsFormSet, **kwargs
):
    return _rows_class(model, form, formset)(data, instance=proposal, prefix=prefix, **kwargs)


class MultipleFileInput(forms.FileInput):
    """Several new files at once. Never an initial file, so no "clear" tick box: the
    plain file input (written by telka.lib.formrender, no template)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by AttachmentForm.clean_file."""

    def __init__(self, **kwargs):
        super().__init__(widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}), **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


class AttachmentForm(Layout, forms.Form):
    """Upload one or more files of one kind. Types are checked by content; the per-file
    limit is enforced while streaming (uploads.LimitedUploadHandler)."""

    kind = forms.ChoiceField(label=_("What is it?"), choices=AttachmentKind.choices)
    file = MultipleFileField(label=_("Files"), required=False, allow_empty_file=True)

    def __init__(self, *args, proposal: Proposal, oversized=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.oversized = list(oversized)
        self.fields["file"].help_text = _(
            "PDF, DOCX, XLSX, ODT, ASiC-E, JPG or PNG; up to %(each)s each, %(total)s in all."
        ) % {
            "each": filesizeformat(settings.TELKA_ATTACHMENT_MAX_BYTES),
            "total": filesizeformat(settings.TELKA_ATTACHMENTS_TOTAL_MAX_BYTES),
        }

    def clean_file(self):
        files = self.cleaned_data["file"]
        errors = [
            _("“%(name)s” is larger than %(max)s.")
            % {"name": name, "max": filesizeformat(settings.TELKA_ATTACHMENT_MAX_BYTES)}
            for name in self.oversized
        ]
        if not files and not errors:
            raise forms.ValidationError(_("Choose at least one file."))
        errors += [error for upload in files for error in upload_problems(upload)]
        errors += self._limits(files)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def _limits(self, files) -> list[str]:
        existing = list(self.proposal.attachments.values_list("size", flat=True))
        errors = []
        if len(existing) + len(files) > MAX_ATTACHMENTS:
            errors.append(
                _("A proposal can have at most %(max)s attachments.") % {"max": MAX_ATTACHMENTS}
            )
        total = sum(existing) + sum(f.size for f in files)
        if total > settings.TELKA_ATTACHMENTS_TOTAL_MAX_BYTES:
            errors.append(
                _("All attachments together may not exceed %(max)s.")
                % {"max": filesizeformat(settings.TELKA_ATTACHMENTS_TOTAL_MAX_BYTES)}
            )
        return errors


class WithdrawForm(Layout, forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("Yes, withdraw this proposal. It will not be assessed."), required=True
    )
