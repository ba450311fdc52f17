"""The staff form recording a change of the board statute decided by the general meeting.
Shares are entered as percentages; the legal bounds are checked by the workflow."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from telka.lib.forms import Layout

from .models import QuorumRule, RecusalScope
from .workflow import StatuteInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HUNDRED = Decimal(100)


def percent_field(label, help_text="") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=Decimal(0),
        max_value=HUNDRED,
        max_digits=4,
        decimal_places=1,
    )


class BoardDayForm(Layout, forms.Form):
    on = forms.DateField(label=_("Composition on"), widget=DATE, required=False)


class StatuteForm(Layout, forms.Form):
    decision_reference = forms.CharField(
        label=_("General meeting decision"),
        max_length=300,
        help_text=_("E.g. general meeting of 2026-03-14, minutes no. 3, item 2."),
    )
    valid_from = forms.DateField(label=_("In force from"), widget=DATE)
    quorum_rule = forms.ChoiceField(label=_("Quorum rule"), choices=QuorumRule.choices)
    quorum_share = percent_field(_("Quorum (% of the members)"), _("E.g. 50 with “more than”."))
    max_group_share = percent_field(
        _("Most voting rights of public authorities or one interest group (%)"),
        _("At most the legal bound of the programming period shown above."),
    )
    max_public_vote_share = percent_field(
        _("Most public-authority votes among the votes cast in a decision (%)")
    )
    recusal_scope = forms.ChoiceField(label=_("Scope of a recusal"), choices=RecusalScope.choices)

    def to_input(self) -> StatuteInput:
        data = self.cleaned_data
        return StatuteInput(
            valid_from=data["valid_from"],
            quorum_share=data["quorum_share"] / HUNDRED,
            quorum_rule=data["quorum_rule"],
            max_group_share=data["max_group_share"] / HUNDRED,
            max_public_vote_share=data["max_public_vote_share"] / HUNDRED,
            recusal_scope=data["recusal_scope"],
            decision_reference=data["decision_reference"],
        )
