"""Staff read the rules of the strategy's programming period and of each of its funds."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from telka.lag.site import current_lag
from telka.periods import rules as period_rules
from telka.periods.models import PeriodFund

from ..models import Strategy
from ..permissions import can_manage_amendments


def _fund_row(row: PeriodFund, lead: str) -> dict:
    rules = period_rules.merge(row.period, row.fund)
    return {"fund": row.fund, "rules": rules, "basis": row.basis, "is_lead": rules.fund == lead}


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """The period record of the strategy in force (else the latest version): composition
    and vote limits, written procedure, the running-cost cap and simplified cost options
    per fund, with their legal basis. LAG staff only; everyone else gets 404."""
    lag = current_lag(request)
    if not can_manage_amendments(request.user, lag):
        raise Http404("Not LAG staff.")
    strategies = Strategy.objects.filter(lag=lag).select_related("period__default_fund", "fund")
    strategy = strategies.in_force().first() or strategies.order_by("-version").first()
    if strategy is None:
        raise Http404("No strategy.")
    own = period_rules.rules_for(strategy)
    rows = PeriodFund.objects.filter(period=strategy.period).select_related("fund", "period")
    context = {
        "strategy": strategy,
        "period": strategy.period,
        "rules": own,
        "group_limit": period_rules.limit_words(period_rules.composition_limit(own)),
        "vote_limit": period_rules.limit_words(period_rules.vote_share_limit(own)),
        "funds": [_fund_row(row, own.fund) for row in rows],
    }
    return render(request, "strategy/period_rules.html", context)
