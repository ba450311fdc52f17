"""Forms of the formal check and the assessment. Fields per checklist item or
criterion are built from the call's rows, so the forms follow what staff configured."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.calls.active_content import content_problem
from telka.calls.models import Criterion

from .checklist import Section
from .models import ChecklistItem, Verdict
from .reconcile import local_points


class ChecklistAnswersForm(forms.Form):
    """One answer and comment per checklist item."""

    def __init__(self, *args, items, answers, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        current = {a.item_id: a for a in answers}
        for item in items:
            answer = current.get(item.pk)
            self.fields[f"verdict_{item.pk}"] = forms.ChoiceField(
                label=item.title,
                choices=Verdict.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=answer.verdict if answer else "",
                disabled=disabled,
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.comment if answer else "",
                disabled=disabled,
            )

    def rows(self):
        for item in self.items:
            yield item, self[f"verdict_{item.pk}"], self[f"comment_{item.pk}"]

    def answers(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            i.pk: (data[f"verdict_{i.pk}"], data[f"comment_{i.pk}"].strip()) for i in self.items
        }


class ClarificationForm(forms.Form):
    """What the applicant must correct: one description per item that does not meet
    the requirements and has not had its clarification round yet (INV-15)."""

    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, failed, **kwargs):
        super().__init__(*args, **kwargs)
        self.failed = failed  # CheckAnswers
        for answer in failed:
            pk = answer.item_id
            self.fields[f"description_{pk}"] = forms.CharField(
                label=_("What to correct"),
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.comment,
            )
            self.fields[f"section_{pk}"] = forms.ChoiceField(
                label=_("Part of the proposal"),
                choices=Section.choices,
                initial=answer.item.section or Section.OTHER,
            )

    def rows(self):
        for answer in self.failed:
            pk = answer.item_id
            yield answer.item, self[f"description_{pk}"], self[f"section_{pk}"]

    def deficiencies(self) -> list[tuple[ChecklistItem, str, str]]:
        data = self.cleaned_data
        return [
            (a.item, data[f"section_{a.item_id}"], data[f"description_{a.item_id}"].strip())
            for a in self.failed
        ]


class RejectForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for the rejection"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the applicant. Name the requirements the proposal does not meet."),
    )


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["code", "title", "title_en", "guidance", "section", "position"]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 2}),
            "section": forms.Select(choices=[("", "—"), *Section.choices]),
        }


class AssignForm(forms.Form):
    assessors = forms.ModelMultipleChoiceField(
        label=_("Assessors"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessors"].queryset = queryset


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class CallDeclarationForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the declaration and agree to it."),
        error_messages={"required": _("Tick the box to sign the declaration.")},
    )


class ConflictForm(forms.Form):
    NO, YES = "no", "yes"
    answer = forms.ChoiceField(
        label=_("Do you or a person connected to you have an interest in this proposal?"),
        choices=[
            (NO, _("No, I have no conflict of interest with this proposal.")),
            (YES, _("Yes, I have an interest: I cannot assess this proposal.")),
        ],
        widget=forms.RadioSelect,
    )
    nature = forms.CharField(
        label=_("Nature of the interest"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: a relative leads the applicant organisation."),
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == self.YES and not (data.get("nature") or "").strip():
            self.add_error("nature", _("Describe the nature of the interest."))
        return data


YES_NO = [
    ("", "—"),
    ("yes", pgettext_lazy("criterion", "Met")),
    ("no", pgettext_lazy("criterion", "Not met")),
]


class ScoreForm(forms.Form):
    """Points (or met / not met) and a justification per criterion. Empty values are
    allowed for a partial save; submitting checks completeness (workflow)."""

    def __init__(self, *args, criteria: list[Criterion], scores, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        current = {s.criterion_id: s for s in scores}
        for c in criteria:
            score = current.get(c.pk)
            if c.is_scored:
                top = local_points(c.max_points)
                self.fields[f"points_{c.pk}"] = forms.DecimalField(
                    label=_("Points (0–%(max)s)") % {"max": top},
                    # Django's own message would print the limit as 30.00.
                    error_messages={
                        "max_value": _("Give at most %(max)s points.") % {"max": top},
                        "min_value": _("Points cannot be negative."),
                    },
                    required=False,
                    min_value=Decimal(0),
                    max_value=c.max_points,
                    decimal_places=2,
                    initial=score.points if score else None,
                    disabled=disabled,
                )
            else:
                initial = (
                    "" if not score or score.passed is None else ("yes" if score.passed else "no")
                )
                self.fields[f"passed_{c.pk}"] = forms.ChoiceField(
                    label=_("Met or not met"),
                    choices=YES_NO,
                    required=False,
                    initial=initial,
                    disabled=disabled,
                )
            self.fields[f"justification_{c.pk}"] = forms.CharField(
                label=_("Justification"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=score.justification if score else "",
                disabled=disabled,
            )

    def rows(self):
        for c in self.criteria:
            value = self[f"points_{c.pk}"] if c.is_scored else self[f"passed_{c.pk}"]
            yield c, value, self[f"justification_{c.pk}"]

    def values(self):
        from .workflow import ScoreInput

        data, found = self.cleaned_data, {}
        for c in self.criteria:
            text = data[f"justification_{c.pk}"].strip()
            if c.is_scored:
                found[c.pk] = ScoreInput(points=data[f"points_{c.pk}"], justification=text)
            else:
                passed = {"yes": True, "no": False}.get(data[f"passed_{c.pk}"])
                found[c.pk] = ScoreInput(passed=passed, justification=text)
        return found


ALLOWED_UPLOADS = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".odt", ".ods"}
MAGIC = {b"%PDF": ".pdf", b"\x89PNG": ".png", b"\xff\xd8\xff": ".jpg", b"PK\x03\x04": ".zip"}


def check_upload(upload) -> None:
    """Refuse files of the wrong type (by content, not only by name) or too large."""
    name = upload.name.lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    limit = getattr(settings, "TELKA_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    if suffix not in ALLOWED_UPLOADS:
        raise forms.ValidationError(_("Upload a PDF, image, Word, Excel or OpenDocument file."))
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is larger than the allowed %(mb)s MB.") % {"mb": limit // 1048576}
        )
    head = upload.read(8)
    upload.seek(0)
    kind = next((k for magic, k in MAGIC.items() if head.startswith(magic)), None)
    expected = {".jpeg": ".jpg", ".docx": ".zip", ".xlsx": ".zip", ".odt": ".zip", ".ods": ".zip"}
    if kind != expected.get(suffix, suffix):
        raise forms.ValidationError(_("The file's content does not match its type."))
    problem = content_problem(upload.name, upload)
    if problem:
        raise forms.ValidationError(problem)


class CorrectionForm(forms.Form):
    """The applicant's answer to a clarification request: for each deficiency an
    explanation and an optional document, plus the proposal fields of the flagged parts."""

    def __init__(self, *args, deficiencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.deficiencies = deficiencies
        for d in deficiencies:
            self.fields[f"response_{d.pk}"] = forms.CharField(
                label=_("Your explanation"),
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"file_{d.pk}"] = forms.FileField(
                label=_("Corrected or missing document (optional)"),
                required=False,
                validators=[check_upload],
            )

    def rows(self):
        for d in self.deficiencies:
            yield d, self[f"response_{d.pk}"], self[f"file_{d.pk}"]

    def responses(self) -> dict[int, str]:
        return {d.pk: self.cleaned_data[f"response_{d.pk}"].strip() for d in self.deficiencies}

    def files_by_deficiency(self):
        return [(d, self.cleaned_data.get(f"file_{d.pk}")) for d in self.deficiencies]


class DesignationForm(forms.Form):
    """The board's designation of who handles the LAG's own proposal (INV-26)."""

    user = forms.ModelChoiceField(
        label=_("Designated person"),
        queryset=None,
        help_text=_(
            "Someone with no account in and no recorded link to the LAG's organisation; "
            "they need a staff role to use these pages."
        ),
    )
    decision_reference = forms.CharField(
        label=_("Board decision"),
        max_length=300,
        help_text=_("E.g. board decision of 2026-04-02, minutes no. 7, item 3."),
    )

    def __init__(self, *args, lag, **kwargs):
        from telka.accounts.models import User
        from telka.lag.models import Role, RoleKind

        super().__init__(*args, **kwargs)
        staff = Role.objects.active().filter(lag=lag, kind=RoleKind.STAFF).values("user")
        self.fields["user"].queryset = User.objects.filter(pk__in=staff).order_by(
            "full_name", "email"
        )


class PoolSearchForm(forms.Form):
    q = forms.CharField(label=_("Expertise, language or name"), max_length=100, required=False)


class PoolInviteForm(forms.Form):
    entry = forms.IntegerField(min_value=1, max_value=2_147_483_647, widget=forms.HiddenInput)
