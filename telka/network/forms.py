from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.lag.models import LocalActionGroup


class LagFilterForm(forms.Form):
    """Which LAG a national list shows (all when empty)."""

    lag = forms.ModelChoiceField(
        queryset=LocalActionGroup.objects.order_by("name").only("slug", "name", "short_name"),
        to_field_name="slug",
        required=False,
        label=_("Local action group"),
        empty_label=pgettext_lazy("all LAGs", "All"),
    )

    def lag_or_none(self) -> LocalActionGroup | None:
        return self.cleaned_data.get("lag") if self.is_valid() else None


class SearchForm(LagFilterForm):
    q = forms.CharField(label=_("Words to find"), max_length=100, required=False)

    def words(self) -> list[str]:
        return (self.cleaned_data.get("q") or "").split() if self.is_valid() else []
