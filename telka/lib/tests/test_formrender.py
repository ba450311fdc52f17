"""The Python form renderer writes exactly what Django's widget templates write, for
every kind of widget, value, error and label the project uses (and a few it may)."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from telka.calls.forms.proposal import (
    ActivityForm,
    BudgetLineForm,
    ContactForm,
    DeclarationsForm,
    PartnerForm,
    ProjectForm,
)
from telka.evaluation.forms import ChecklistAnswersForm
from telka.lib.formrender import (
    RENDERERS,
    FormRenderer,
    plain_field_group,
    plain_radios,
    show,
)
from telka.lib.forms import Layout

GROUPED = [
    ("Vaisiai", [("a", "Obuoliai <raudoni>"), ("b", "Kriaušės & co")]),
    ("c", _("Other")),
    (3, "Trys"),
]


class EveryWidget(Layout, forms.Form):
    name = forms.CharField(
        label=_("Name"), help_text=mark_safe("Vardas <em>ir</em> pavardė"), max_length=20
    )
    email = forms.EmailField(label="E-mail?", required=False)
    amount = forms.DecimalField(label="Suma", decimal_places=2, required=False)
    count = forms.IntegerField(label="Kiek", min_value=0, required=False)
    day = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    site = forms.URLField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    agree = forms.BooleanField(label="Sutinku", required=False)
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": 'Say "hi" <b>', "data-x": None}),
    )
    kind = forms.ChoiceField(choices=GROUPED, required=False)
    kinds = forms.MultipleChoiceField(choices=GROUPED, required=False)
    size = forms.ChoiceField(
        choices=[("s", "Small"), ("l", "Large & wide")],
        widget=forms.RadioSelect(attrs={"class": "inline"}),
    )
    sizes = forms.MultipleChoiceField(
        choices=GROUPED, required=False, widget=forms.CheckboxSelectMultiple
    )
    maybe = forms.NullBooleanField(required=False)
    when = forms.SplitDateTimeField(required=False)
    upload = forms.FileField(required=False)
    frozen = forms.CharField(required=False, disabled=True, widget=forms.TextInput(attrs={"x": 1}))

    def clean(self):
        raise forms.ValidationError("Visa forma <neteisinga>")


class OnlyHidden(Layout, forms.Form):
    token = forms.IntegerField(widget=forms.HiddenInput)
    step = forms.CharField(widget=forms.HiddenInput, initial="2")


INITIAL = {
    "name": "Ona <Onutė>",
    "amount": Decimal("1234.50"),
    "day": datetime.date(2026, 5, 1),
    "agree": True,
    "notes": "Eilutė\n<script>x</script>",
    "kind": "b",
    "kinds": ["a", "3"],
    "size": "l",
    "sizes": ["c"],
    "maybe": False,
    "frozen": mark_safe("<i>safe</i>"),
}
INVALID = {
    "name": "x" * 30,
    "email": "not <an> address",
    "count": "-1",
    "size": "none",
    "site": "nope",
    "token": '"quoted"',
    "secret": "s3cret",
    "when_0": "2026-02-30",
}


def everything(form: forms.Form) -> str:
    """All the ways a template shows a form and its fields."""
    parts = [form.as_div(), str(form), str(form.non_field_errors())]
    for field in form:
        if hasattr(field.field, "choices") and not isinstance(field.field.widget, forms.Select):
            parts += [option.tag() for option in field.subwidgets]
        if isinstance(field.field.widget, forms.Select):
            parts += [str(option.tag()) for option in field.subwidgets]
        parts += [
            field.as_field_group(),
            str(field),
            field.label_tag(),
            field.legend_tag(),
            str(field.errors),
            field.as_hidden() if not isinstance(field.field, forms.FileField) else "",
        ]
    return "\n---\n".join(parts)


def both(build) -> tuple[str, str]:
    return everything(build(DjangoTemplates())), everything(build(FormRenderer()))


@pytest.mark.parametrize("language", ["lt", "en"])
@pytest.mark.parametrize(
    "build",
    [
        lambda renderer: EveryWidget(renderer=renderer),
        lambda renderer: EveryWidget(initial=INITIAL, renderer=renderer),
        lambda renderer: EveryWidget(INVALID, renderer=renderer, auto_id="f_%s"),
        lambda renderer: EveryWidget(INVALID, renderer=renderer, auto_id=False),
        lambda renderer: OnlyHidden(renderer=renderer),
        lambda renderer: OnlyHidden({"token": "x"}, renderer=renderer),
    ],
    ids=["empty", "initial", "invalid", "no-ids", "hidden", "hidden-invalid"],
)
def test_every_widget_renders_as_django_renders_it(build, language):
    with override(language):
        django, python = both(build)
    assert "<input" in django
    assert python == django


def test_a_formset_management_form_renders_as_django_renders_it():
    def management(renderer) -> str:
        return str(forms.formset_factory(EveryWidget, extra=2, renderer=renderer)().management_form)

    django = management(DjangoTemplates())
    assert django.count("<input") == 4
    assert management(FormRenderer()) == django


def test_error_lists_show_as_django_renders_them_empty_or_not():
    empty, full = (
        ErrorList(renderer=DjangoTemplates()),
        ErrorList(["<b>Too long</b>"], renderer=DjangoTemplates()),
    )
    assert show(empty) == str(empty) == ""
    assert (
        show(full) == str(full) == '<ul class="errorlist"><li>&lt;b&gt;Too long&lt;/b&gt;</li></ul>'
    )


@pytest.mark.parametrize("form_class", [ContactForm, ProjectForm, ActivityForm, DeclarationsForm])
def test_the_proposal_sections_render_as_django_renders_them(form_class):
    django, python = both(lambda renderer: form_class(renderer=renderer))
    assert python == django
    bound = both(
        lambda renderer: form_class({"title": "<x>", "ends_on": "soon"}, renderer=renderer)
    )
    assert bound[1] == bound[0]


def test_the_widget_templates_are_not_used(monkeypatch):
    """What the renderer takes over never reaches the template engine."""
    used = []
    original = DjangoTemplates.get_template

    def spy(self, name):
        used.append(name)
        return original(self, name)

    monkeypatch.setattr(DjangoTemplates, "get_template", spy)
    everything(EveryWidget(INVALID, renderer=FormRenderer()))
    assert used
    assert not set(used) & set(RENDERERS) - {"django/forms/div.html"}
    assert "forms/layout.html" in RENDERERS
    # Left to the templates: Django's own form layout and widgets the project's pages do
    # not show.
    assert set(used) == {
        "django/forms/div.html",  # the form itself; a management form is written in Python
        "django/forms/widgets/clearable_file_input.html",
        "django/forms/widgets/multiple_hidden.html",
        "django/forms/widgets/splitdatetime.html",
        "django/forms/widgets/splithiddendatetime.html",
    }


@pytest.mark.parametrize("language", ["lt", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"category": "equipment", "kind": "real", "description": "<b>Stalas</b> & kėdės"},
        {"category": "nope", "quantity": "x", "unit_price": "-1", "rate_percent": "200"},
    ],
    ids=["empty", "typed", "invalid"],
)
def test_budget_rows_render_as_django_renders_them(data, language):
    """The budget line's drop-downs share their options between rows (SharedChoices)
    and are written without the renderer's steps; both as Django writes them."""
    with override(language):
        django, python = both(
            lambda renderer: BudgetLineForm(data, prefix="lines-3", renderer=renderer)
        )
        assert python == django
        assert "selected" in python
        again = BudgetLineForm(data, renderer=FormRenderer())  # options kept from above
        reference = BudgetLineForm(data, renderer=DjangoTemplates())
        written = [plain_field_group(field) for field in again]
        assert written[0] is not None  # the category drop-down
        for html, field in zip(written, reference, strict=True):
            assert html in (None, field.as_field_group())


def test_a_partner_row_renders_as_django_renders_it():
    data = {"name": "UAB „Kelias“ <x>", "legal_code": "1" * 40, "role": "Vadovas\n& partneris"}
    django, python = both(lambda renderer: PartnerForm(data, renderer=renderer))
    assert python == django


class Item:
    def __init__(self, pk: int, title: str):
        self.pk, self.title = pk, title


class Answer:
    def __init__(self, item_id: int, verdict: str):
        self.item_id, self.verdict, self.comment = item_id, verdict, ""


def radios(field) -> list:
    return [(str(radio.tag()), radio.id_for_label, radio.choice_label) for radio in field]


@pytest.mark.parametrize("language", ["lt", "en"])
@pytest.mark.parametrize(
    "build",
    [
        lambda renderer: EveryWidget(renderer=renderer),
        lambda renderer: EveryWidget(initial=INITIAL, renderer=renderer),
        lambda renderer: EveryWidget(INVALID, renderer=renderer, auto_id="f_%s"),
        lambda renderer: EveryWidget(INVALID, renderer=renderer, auto_id=False),
        lambda renderer: EveryWidget({"size": "s"}, renderer=renderer, prefix="p"),
        lambda renderer: ChecklistAnswersForm(
            items=[Item(1, "<Pirmas>"), Item(2, "Antras")],
            answers=[Answer(2, "fail")],
            renderer=renderer,
        ),
        lambda renderer: ChecklistAnswersForm(
            {"verdict_1": "pass", "verdict_2": "maybe"},
            items=[Item(1, "Pirmas"), Item(2, "Antras")],
            answers=[],
            disabled=True,
            renderer=renderer,
        ),
    ],
    ids=["empty", "initial", "invalid", "no-ids", "chosen", "checklist", "checklist-disabled"],
)
def test_radio_buttons_render_as_django_renders_them(build, language):
    """Radio buttons one by one (the formal check's checklist): each button, its id for
    the label and its label, as iterating the bound field gives them."""
    with override(language):
        django, python = build(DjangoTemplates()), build(FormRenderer())
        shown = 0
        for reference, field in zip(django, python, strict=True):
            written = plain_radios(field)
            if type(field.field.widget) is not forms.RadioSelect:
                assert written is None
                continue
            assert written == radios(reference)
            assert radios(field) == written  # iterating it still gives the same
            shown += len(written)
        assert shown >= 2
