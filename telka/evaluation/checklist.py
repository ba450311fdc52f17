"""The default formal-check checklist for a Lithuanian urban LAG call, and the parts of
a proposal a deficiency can point the applicant to. Staff adapt the list per call."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from telka.calls.models import Call

from .models import ChecklistItem


class Section(models.TextChoices):
    """Parts of the proposal form, as the applicant knows them."""

    APPLICANT = "applicant", _("Applicant, contact person and partners")
    PROJECT = "project", _("Project description")
    ACTIVITIES = "activities", _("Activities and timeline")
    STRATEGY = "strategy", _("Contribution to the strategy")
    BUDGET = "budget", _("Budget")
    DECLARATIONS = "declarations", _("Declarations")
    ATTACHMENTS = "attachments", _("Attachments")
    OTHER = "other", _("Other")


# (code, Lithuanian question, English question, section). Lithuanian first: it is what the
# LAG publishes; the English text is shown on /en/ pages.
DEFAULT_ITEMS = [
    (
        "1",
        "Pareiškėjas atitinka kvietime nurodytus tinkamų pareiškėjų reikalavimus",
        "The applicant is an eligible applicant under the call",
        Section.APPLICANT,
    ),
    (
        "2",
        "Pareiškėjas veikia VVG teritorijoje, o veiklos vykdomos VVG teritorijoje",
        "The applicant operates, and the activities take place, in the LAG territory",
        Section.PROJECT,
    ),
    (
        "3",
        "Projektinis pasiūlymas atitinka kvietimo veiksmą ir strategijos uždavinį",
        "The proposal fits the call's measure and the strategy's objective",
        Section.STRATEGY,
    ),
    (
        "4",
        "Užpildytos visos projektinio pasiūlymo formos dalys",
        "Every part of the proposal form is completed",
        Section.PROJECT,
    ),
    (
        "5",
        "Prašoma suma neviršija didžiausios projektui skiriamos sumos",
        "The requested amount does not exceed the maximum per project",
        Section.BUDGET,
    ),
    (
        "6",
        "Prašoma finansavimo dalis neviršija didžiausios intensyvumo normos",
        "The requested share does not exceed the maximum co-financing rate",
        Section.BUDGET,
    ),
    (
        "7",
        "Išlaidos tinkamos, pagrįstos ir atitinka kvietimo sąlygas",
        "The costs are eligible, justified and meet the call's conditions",
        Section.BUDGET,
    ),
    (
        "8",
        "Projektas nėra baigtas ar visiškai įgyvendintas iki pateikimo",
        "The project has not been completed or fully implemented before submission",
        Section.DECLARATIONS,
    ),
    (
        "9",
        "Pateiktos visos pareiškėjo deklaracijos ir sutikimai",
        "All of the applicant's declarations and consents are given",
        Section.DECLARATIONS,
    ),
    (
        "10",
        "Pridėti visi privalomi priedai, jie galioja ir yra įskaitomi",
        "Every required attachment is present, valid and legible",
        Section.ATTACHMENTS,
    ),
    (
        "11",
        "Partnerių ir bendradarbiavimo dokumentai atitinka reikalavimus",
        "The partners and their agreements meet the requirements",
        Section.APPLICANT,
    ),
]


def ensure_checklist(call: Call) -> list[ChecklistItem]:
    """The call's checklist; the default one is created the first time it is needed."""
    items = list(call.checklist_items.all())
    if items:
        return items
    ChecklistItem.objects.bulk_create(
        ChecklistItem(call=call, code=code, title=lt, title_en=en, section=section, position=n)
        for n, (code, lt, en, section) in enumerate(DEFAULT_ITEMS, start=1)
    )
    return list(call.checklist_items.all())
