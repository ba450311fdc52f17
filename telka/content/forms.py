from django import forms
from django.utils.translation import gettext_lazy as _

from telka.accounts.forms import clean_phone
from telka.lib.search import MAX_QUERY_CHARS, MAX_TERMS

from .models import DocumentCategory


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        error_messages={
            "max_length": _(
                "The search is too long: use at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
        max_length=MAX_QUERY_CHARS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search", "autocomplete": "off"})

    def clean_q(self) -> str:
        # Each word is one more condition on every searched table: keep queries bounded.
        query = self.cleaned_data["q"]
        if len(query.split()) > MAX_TERMS:
            raise forms.ValidationError(
                _("The search has too many words: use at most %(max)d.") % {"max": MAX_TERMS}
            )
        return query

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


class DocumentFilterForm(SearchForm):
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *DocumentCategory.choices],
    )

    @property
    def category_value(self) -> str:
        return self.cleaned_data.get("category", "") if self.is_valid() else ""


class RegistrationForm(forms.Form):
    """A visitor's registration for an event. The workflow checks the rules again."""

    name = forms.CharField(label=_("Name and surname"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We will send the confirmation and a cancellation link here."),
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    consent = forms.BooleanField(
        label=_("I agree that the LAG keeps my name and contacts to organise this event."),
        error_messages={"required": _("Registration needs your consent to the use of your data.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])
