"""Forms of the annual implementation report: which year of which version to generate,
and the general meeting's approval."""

from django import forms
from django.utils.translation import gettext_lazy as _

from telka.strategy.forms import DATE, NoColon


class GenerateAnnualReportForm(NoColon, forms.Form):
    strategy = forms.ModelChoiceField(label=_("Strategy version"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = strategies
        self.fields["strategy"].label_from_instance = lambda s: str(s)


class ApproveAnnualReportForm(NoColon, forms.Form):
    approved_on = forms.DateField(label=_("General meeting date"), widget=DATE)
    minutes_number = forms.CharField(label=_("Minutes no."), max_length=60)
