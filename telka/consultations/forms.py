"""Forms of consultations: what residents post and what staff record."""

import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from telka.calls.active_content import content_problem
from telka.lib.forms import Layout
from telka.strategy.models import AmendmentStatus, Measure, Objective, StrategyAmendment

from .models import Consultation, Outcome, TerritoryLink

# What a resident may attach: the first bytes of the file decide, not its name.
ATTACHMENT_TYPES = {
    "application/pdf": (b"%PDF",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    # .docx and .odt are ZIP containers.
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.oasis.opendocument.text": (b"PK\x03\x04",),
}
EXTENSIONS = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def attachment_type(upload) -> str:
    """The checked content type of an upload, or ValidationError."""
    limit = settings.TELKA_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    expected = EXTENSIONS.get(suffix)
    head = upload.read(8)
    upload.seek(0)
    if expected is None or not head.startswith(ATTACHMENT_TYPES[expected]):
        raise forms.ValidationError(
            _("Attach a PDF, PNG, JPEG, DOCX or ODT file; this file is not one of them.")
        )
    problem = content_problem(upload.name, upload)
    if problem:
        raise forms.ValidationError(problem)
    return expected


class LinkField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("How are you linked to the territory?"),
            choices=TerritoryLink.choices,
            widget=forms.RadioSelect,
            help_text=_("Consultations are for people who live, work or act in the LAG territory."),
            **kwargs,
        )


class ParticipationForm(Layout, forms.Form):
    link = LinkField()
    follow = forms.BooleanField(
        label=_("E-mail me when the consultation opens and when the change is adopted"),
        required=False,
        initial=True,
    )


class SuggestionForm(Layout, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Your suggestion"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )
    objective = forms.ModelChoiceField(
        label=_("Objective it concerns"), queryset=Objective.objects.none(), required=False
    )
    measure = forms.ModelChoiceField(
        label=_("Measure it concerns"), queryset=Measure.objects.none(), required=False
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, PNG, JPEG, DOCX or ODT, up to 10 MB."),
    )

    def __init__(self, *args, consultation: Consultation, ask_link: bool, **kwargs):
        super().__init__(*args, **kwargs)
        strategy = consultation.strategy
        if strategy is None:
            del self.fields["objective"], self.fields["measure"]
        else:
            self.fields["objective"].queryset = Objective.objects.filter(goal__strategy=strategy)
            self.fields["measure"].queryset = Measure.objects.filter(
                objective__goal__strategy=strategy
            )
        if ask_link:
            self.fields["link"] = LinkField()

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.attachment_type = attachment_type(upload)
        return upload

    def clean(self):
        data = super().clean()
        objective, measure = data.get("objective"), data.get("measure")
        if objective and measure and measure.objective_id != objective.pk:
            self.add_error("measure", _("This measure is not under the chosen objective."))
        return data


class CommentForm(Layout, forms.Form):
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args, ask_link: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_link:
            self.fields["link"] = LinkField()


class ReportForm(Layout, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class HideForm(Layout, forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown in its place"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_(
            "Everyone will see this reason instead of the text; the author gets it by e-mail."
        ),
    )


class ResponseForm(Layout, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )


class ConsultationForm(Layout, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["amendment", "title", "title_en", "text", "text_en", "opens_at", "closes_at"]
        widgets = {"opens_at": LOCAL, "closes_at": LOCAL, "text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, lag, **kwargs):
        super().__init__(*args, **kwargs)
        amendments = StrategyAmendment.objects.filter(
            lag=lag, status__in=[AmendmentStatus.DRAFT, AmendmentStatus.CONSULTATION_CLOSED]
        )
        if self.instance.amendment_id:
            amendments = amendments | StrategyAmendment.objects.filter(
                pk=self.instance.amendment_id
            )
        self.fields["amendment"].queryset = amendments
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.status not in ("draft", "scheduled"):
            # Once open, only the closing time and the texts may change.
            self.fields["amendment"].disabled = True
            self.fields["opens_at"].disabled = True

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The consultation must close after it opens."))
        if closes and closes <= timezone.now():
            self.add_error("closes_at", _("The closing time must be in the future."))
        return data


class DocumentForm(Layout, forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=300)
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        attachment_type(upload)
        return upload


class FinishForm(Layout, forms.Form):
    conclusion = forms.CharField(
        label=_("Conclusion"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("The LAG's overall conclusion, published with the answers."),
    )


class SortForm(Layout, forms.Form):
    """The suggestion list's sorting, filter and search (GET)."""

    SORTS = [
        ("newest", _("Newest")),
        ("supported", _("Most supported")),
        ("commented", _("Most commented")),
    ]
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    objective = forms.ModelChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=_("All objectives"),
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        if consultation.strategy_id:
            self.fields["objective"].queryset = Objective.objects.filter(
                goal__strategy_id=consultation.strategy_id
            )
        else:
            del self.fields["objective"]


def default_times() -> dict[str, datetime.datetime]:
    """A fortnight's consultation starting tomorrow morning."""
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=1)
    return {"opens_at": start, "closes_at": start + datetime.timedelta(days=14, hours=8)}
