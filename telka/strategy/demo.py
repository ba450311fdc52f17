"""The Aleksotas local development strategy 2015–2020, version 1.

Goal, the three objectives, the programme frame and the EUR 1 million total are
from the LAG's and Kaunas city's texts (shared/aleksotas/strategy-news.txt,
DOMAIN.md §1). Measure budgets and indicator targets are invented and flagged
`is_demo`; the indicator names follow those used by Lithuanian urban LAGs
(DOMAIN.md §3.5).
"""

import datetime
from decimal import Decimal

from . import workflow
from .models import (
    AchievementMoment,
    Goal,
    Indicator,
    IndicatorKind,
    Measure,
    Objective,
    Strategy,
    StrategyAmendment,
    StrategyStatus,
    Target,
)

GOAL = (
    "Pagerinti vietines įsidarbinimo galimybes ir didinti bendruomenių socialinę integraciją, "
    "išnaudojant vietos bendruomenių, verslo ir vietos valdžios ryšius"
)
GOAL_EN = (
    "To improve local employment opportunities and to increase the social integration of "
    "communities by using the links between local communities, business and local government"
)
OBJECTIVES = [
    (
        "1.1",
        "Mažinti Kauno miesto Aleksoto VVG teritorijos gyventojų socialinę atskirtį.",
        "To reduce the social exclusion of residents of the Aleksotas LAG territory.",
    ),
    (
        "1.2",
        "Didinti bedarbių ir neaktyvių darbingų gyventojų užimtumą, siekiant pagerinti šių "
        "asmenų padėtį darbo rinkoje.",
        "To increase the employment of unemployed and inactive working-age residents so as to "
        "improve their position in the labour market.",
    ),
    (
        "1.3",
        "Didinti gyventojų verslumą, siekiant pagerinti darbingų vietos veiklos grupės "
        "teritorijos gyventojų padėtį darbo rinkoje.",
        "To increase residents' entrepreneurship so as to improve the labour-market position of "
        "working-age residents of the LAG territory.",
    ),
]
# (objective code, measure code, title, title_en, budget, eligible applicants)
MEASURES = [
    (
        "1.1",
        "1.1.1",
        "Socialinės atskirties mažinimo veiklos vaikams, jaunimui ir senjorams",
        "Activities reducing the social exclusion of children, young people and seniors",
        Decimal("300000.00"),
        "NVO, bendruomeninės organizacijos, viešosios įstaigos",
    ),
    (
        "1.2",
        "1.2.1",
        "Bedarbių ir neaktyvių gyventojų užimtumo didinimas",
        "Increasing the employment of unemployed and inactive residents",
        Decimal("350000.00"),
        "NVO, viešosios įstaigos, verslo subjektai",
    ),
    (
        "1.3",
        "1.3.1",
        "Verslumo skatinimas ir parama verslo pradžiai",
        "Promoting entrepreneurship and supporting business start-ups",
        Decimal("200000.00"),
        "Verslo subjektai, verslo asociacijos, NVO",
    ),
]
INDICATORS = [
    (
        "P1",
        "Vietos plėtros strategijų įgyvendinimo veiklų dalyviai",
        "Participants in local development strategy activities",
        "asmenys",
        "persons",
        IndicatorKind.OUTPUT,
        AchievementMoment.AT_ENTRY,
    ),
    (
        "P2",
        "Socialinių partnerių ar NVO įgyvendinti projektai",
        "Projects implemented by social partners or NGOs",
        "projektai",
        "projects",
        IndicatorKind.OUTPUT,
        AchievementMoment.PROJECT_END,
    ),
    (
        "P3",
        "Naujos socialinės ir kitos paslaugos socialinei atskirčiai mažinti",
        "New social and other services reducing social exclusion",
        "paslaugos",
        "services",
        IndicatorKind.OUTPUT,
        AchievementMoment.PROJECT_END,
    ),
    (
        "P4",
        "Sustiprintos jaunos įmonės",
        "Young businesses strengthened",
        "įmonės",
        "businesses",
        IndicatorKind.OUTPUT,
        AchievementMoment.PROJECT_END,
    ),
    (
        "R1",
        "Dalyviai, kurių padėtis darbo rinkoje pagerėjo praėjus 6 mėn. po dalyvavimo ESF veiklose",
        "Participants whose labour-market situation improved 6 months after ESF activities",
        "asmenys",
        "persons",
        IndicatorKind.RESULT,
        AchievementMoment.SIX_MONTHS,
    ),
    (
        "R2",
        "Dalyviai, savanoriaujantys NVO praėjus 6 mėn. po dalyvavimo ESF veiklose",
        "Participants volunteering in NGOs 6 months after ESF activities",
        "asmenys",
        "persons",
        IndicatorKind.RESULT,
        AchievementMoment.SIX_MONTHS,
    ),
]
# (measure code, indicator code, target) — all demo figures
TARGETS = [
    ("1.1.1", "P1", 400),
    ("1.1.1", "P3", 8),
    ("1.1.1", "R2", 20),
    ("1.2.1", "P1", 150),
    ("1.2.1", "P2", 6),
    ("1.2.1", "R1", 30),
    ("1.3.1", "P1", 60),
    ("1.3.1", "P4", 10),
    ("1.3.1", "R1", 12),
]


def load(demo) -> None:
    existing = Strategy.objects.filter(lag=demo.lag)
    if existing.exists():
        # Versions are immutable once in force (INV-08): never rewrite them on a re-run.
        demo.strategy = existing.in_force().first() or existing.first()
    else:
        demo.strategy = create_version_one(demo)
    demo.amendment = load_amendment(demo)


def create_version_one(demo) -> Strategy:
    strategy = Strategy.objects.create(
        lag=demo.lag,
        version=1,
        **{
            "title": "Aleksoto vietos plėtros 2015–2020 m. strategija",
            "title_en": "Aleksotas local development strategy 2015–2020",
            "status": StrategyStatus.DRAFT,
            "period_start": 2015,
            "period_end": 2020,
            "programme": "2014–2020 m. Europos Sąjungos fondų investicijų veiksmų programa",
            "priority": "8 prioritetas „Socialinės įtraukties didinimas ir kova su skurdu“",
            "investment_priority": "8.6 „Bendruomenės inicijuojamų vietos plėtros strategijų "
            "įgyvendinimas“",
            "specific_objective": "8.6.1 „Pagerinti vietines įsidarbinimo galimybes ir didinti "
            "bendruomenių socialinę integraciją, išnaudojant vietos bendruomenių, verslo ir vietos "
            "valdžios ryšius“",
            "summary": (
                "Siekiant strategijoje numatyto tikslo, uždavinių įgyvendinimo bus skatinama "
                "savanoriška gyventojų veikla, mecenavimo veikla, bendradarbiavimo ir informacijos "
                "sklaidos tinklų, kiek tai reikalinga strategijos tikslui ir uždaviniams pasiekti, "
                "kūrimas ir palaikymas."
            ),
            "summary_en": (
                "To reach the goal, residents' volunteering, patronage, and cooperation and "
                "information networks will be promoted as far as the goal and objectives need them."
            ),
            "total_budget": Decimal("1000000.00"),
            "running_costs_budget": Decimal("150000.00"),
        },
    )
    measures = create_tree(strategy)
    indicators = create_indicators(demo)
    for measure, indicator, value in TARGETS:
        Target.objects.create(
            measure=measures[measure],
            indicator=indicators[indicator],
            value=Decimal(value),
            is_demo=True,
        )
    # In force through the workflow, with the checks an amendment gets (INV-05, INV-06).
    return workflow.put_first_version_in_force(
        strategy=strategy,
        actor=None,
        in_force_from=datetime.date(2016, 7, 20),
        adopted_by="VRM 2016-07-20 įsakymas Nr. 1V-505 (strategijų sąrašas)",
    )


def create_tree(strategy: Strategy) -> dict[str, Measure]:
    """The goal, the three objectives and a measure under each; measures by code."""
    goal = Goal.objects.create(
        strategy=strategy, code="1", title=GOAL, title_en=GOAL_EN, position=1
    )
    objectives = {
        code: Objective.objects.create(
            goal=goal, code=code, title=title, title_en=title_en, position=position
        )
        for position, (code, title, title_en) in enumerate(OBJECTIVES, 1)
    }
    measures = {
        code: Measure.objects.create(
            objective=objectives[objective],
            code=code,
            title=title,
            title_en=title_en,
            budget=budget,
            is_demo=True,
            eligible_applicants=eligible,
            programme_measure="08.6.1-ESFA-T-927",
            position=position,
        )
        for position, (objective, code, title, title_en, budget, eligible) in enumerate(MEASURES, 1)
    }
    return measures


def create_indicators(demo) -> dict[str, Indicator]:
    indicators = {}
    for code, name, name_en, unit, unit_en, kind, moment in INDICATORS:
        indicators[code], _ = Indicator.objects.update_or_create(
            lag=demo.lag,
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "unit_en": unit_en,
                "kind": kind,
                "achievement_moment": moment,
            },
        )
    return indicators


# The change announced on 2020-06-02 (DOMAIN.md §1): a new action under objective 1.1.
AMENDMENT_TITLE = "Strategijos keitimas: techninės kūrybos centras vaikams"
AMENDMENT_REASONS = (
    "Aleksoto VVG siūlo 1.1 uždaviniui „Mažinti Kauno miesto Aleksoto VVG teritorijos gyventojų "
    "socialinę atskirtį“ numatyti naują veiksmą – socialinę atskirtį patiriančių vaikų įtrauktį "
    "per techninės kūrybos centrą.\n\n"
    "Tikslinė grupė – darbingo amžiaus gyventojų, pabėgėlių ir socialinės rizikos šeimų vaikai "
    "iki 16 metų; į veiklas bus įtraukta ne mažiau kaip 50 vaikų. Bus atrinktas vienas projektas, "
    "jam skiriama 327 622,72 Eur (ES ir valstybės biudžeto lėšos). Lėšos perskirstomos iš 1.2.1 ir "
    "1.3.1 veiksmų (šių veiksmų sumos – demonstraciniai duomenys)."
)
AMENDMENT_REASONS_EN = (
    "The LAG proposes a new action under objective 1.1: the inclusion of socially excluded "
    "children through a technical creativity centre, for at least 50 children under 16 of "
    "working-age residents, refugees and social-risk families. One project will be selected with "
    "EUR 327,622.72 (EU and state funds), moved from measures 1.2.1 and 1.3.1 (whose amounts are "
    "demo figures)."
)
NEW_MEASURE = {
    "code": "1.1.2",
    "title": "Socialinę atskirtį patiriančių vaikų įtrauktis per techninės kūrybos centrą",
    "title_en": "Inclusion of socially excluded children through a technical creativity centre",
    "description": (
        "Techninės kūrybos centre vaikai mokysis konstruoti, programuoti ir kurti kartu su "
        "savanoriais ir vietos verslo atstovais. Projekto trukmė – iki 30 mėnesių (skelbime "
        "nurodyta ir 16 mėnesių trukmė)."
    ),
    "target_group": (
        "Darbingo amžiaus gyventojų, pabėgėlių ir socialinės rizikos šeimų vaikai iki 16 metų"
    ),
    "target_group_en": (
        "Children under 16 of working-age residents, refugees and social-risk families"
    ),
    "planned_projects": 1,
    "max_duration_months": 30,
    "budget": Decimal("327622.72"),
    "eligible_applicants": "NVO, viešosios įstaigos",
    "programme_measure": "08.6.1-ESFA-T-927",
    "is_demo": False,
    "position": 2,
}
CHILDREN_INDICATOR = {
    "name": "Socialinę atskirtį patiriantys vaikai iki 16 m., dalyvavę veiklose",
    "name_en": "Socially excluded children under 16 taking part in activities",
    "unit": "vaikai",
    "unit_en": "children",
    "kind": IndicatorKind.OUTPUT,
    "achievement_moment": AchievementMoment.AT_ENTRY,
}
# (measure code, new budget) and (measure code, indicator code, new target): demo figures
BUDGET_CUTS = [("1.2.1", Decimal("122377.28")), ("1.3.1", Decimal("100000.00"))]
TARGET_CUTS = [("1.2.1", "P1", 80), ("1.3.1", "P4", 6)]


def load_amendment(demo):
    """The draft amendment residents are consulted on; created once, never rewritten."""
    existing = StrategyAmendment.objects.filter(lag=demo.lag).first()
    if existing is not None or demo.strategy.status != StrategyStatus.IN_FORCE:
        return existing
    staff = demo.users.get("staff")
    amendment = workflow.start_amendment(
        lag=demo.lag,
        actor=staff,
        title=AMENDMENT_TITLE,
        title_en="Strategy change: a technical creativity centre for children",
        reasons=AMENDMENT_REASONS,
        reasons_en=AMENDMENT_REASONS_EN,
    )
    draft = amendment.draft

    def edit(item, **values):
        return workflow.save_draft_item(amendment=amendment, actor=staff, item=item, values=values)

    objective = Objective.objects.get(goal__strategy=draft, code="1.1")
    measure = edit(Measure(), objective=objective, **NEW_MEASURE)
    children, _ = Indicator.objects.get_or_create(
        lag=demo.lag, code="P5", defaults=CHILDREN_INDICATOR
    )
    edit(Target(measure=measure), indicator=children, value=Decimal(50))
    edit(
        Target(measure=measure),
        indicator=Indicator.objects.get(lag=demo.lag, code="P2"),
        value=Decimal(1),
    )
    for code, budget in BUDGET_CUTS:
        edit(Measure.objects.get(objective__goal__strategy=draft, code=code), budget=budget)
    for code, indicator, value in TARGET_CUTS:
        target = Target.objects.get(
            measure__objective__goal__strategy=draft, measure__code=code, indicator__code=indicator
        )
        edit(target, value=Decimal(value))
    workflow.update_draft_strategy(
        amendment=amendment,
        actor=staff,
        values={
            "summary": draft.summary
            + " Vaikų socialinei atskirčiai mažinti bus kuriamas techninės kūrybos centras."
        },
    )
    return amendment
