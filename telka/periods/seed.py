"""The funds and the two programming periods as DOMAIN-2021-2027.md §4–5 gives them, with
their sources (S-numbers of that note). Used by the data migration and safe to run again:
rows are created or brought to these values by their codes."""

from decimal import Decimal

FUNDS = [
    ("ESF", "Europos socialinis fondas", "European Social Fund"),
    ("ESF+", "Europos socialinis fondas+", "European Social Fund Plus"),
    ("ERDF", "Europos regioninės plėtros fondas", "European Regional Development Fund"),
    (
        "EAFRD",
        "Europos žemės ūkio fondas kaimo plėtrai",
        "European Agricultural Fund for Rural Development",
    ),
    (
        "EMFF",
        "Europos jūrų reikalų ir žuvininkystės fondas",
        "European Maritime and Fisheries Fund",
    ),
    (
        "EMFAF",
        "Europos jūrų reikalų, žvejybos ir akvakultūros fondas",
        "European Maritime, Fisheries and Aquaculture Fund",
    ),
]

PERIODS = [
    {
        "code": "2014-2020",
        "first_year": 2014,
        "last_year": 2020,
        "legal_refs": {
            "composition": "Reg. (EU) 1303/2013 Art. 32(2)(b)",
            "selection": "Reg. (EU) 1303/2013 Art. 34(3)(b)",
            "support": "Reg. (EU) 1303/2013 Art. 35",
            "eafrd": "Reg. (EU) 1305/2013 Art. 42–44",
        },
        # The values Telka's settings held before periods became data.
        "max_public_share": Decimal("0.49"),
        "max_group_share": Decimal("0.49"),
        "max_public_vote_share": Decimal("0.50"),
        "allows_written_procedure": True,
        "running_cost_cap_percent": Decimal(25),
        "running_cost_cap_base": "public_expenditure",
        "running_cost_cap_includes_cooperation": False,
        "sco_threshold": None,
        "default_fund": "ESF",
        "basis": (
            "Reg. (EU) 1303/2013 Art. 32(2)(b): neither public authorities nor any single "
            "interest group more than 49 % of the voting rights (S1); Art. 34(3)(b): at "
            "least 50 % of the votes in selection decisions from non-public partners, "
            "selection by written procedure allowed (S3); Art. 35: running and animation "
            "costs at most 25 % of the total public expenditure (S6). Simplified cost "
            "options optional."
        ),
        "funds": {
            "ESF": {"basis": "Urban CLLD, ESF specific objective 8.6.1."},
            "ERDF": {},
            "EAFRD": {"basis": "Rural LEADER, Rural Development Programme 2014–2020 (S8)."},
            "EMFF": {},
        },
    },
    {
        "code": "2021-2027",
        "first_year": 2021,
        "last_year": 2027,
        "legal_refs": {
            "composition": "Reg. (EU) 2021/1060 Art. 31(2)(b)",
            "selection": "Reg. (EU) 2021/1060 Art. 33(3)(b)",
            "support": "Reg. (EU) 2021/1060 Art. 34",
            "sco": "Reg. (EU) 2021/1060 Art. 53(2)",
            "eafrd": "Reg. (EU) 2021/2115 Art. 77, 83, 91",
        },
        # No figure in EU law: "no single interest group, including the public sector,
        # controls the decision-making" (S2, S13); the statute's numbers apply.
        "max_public_share": None,
        "max_group_share": None,
        "max_public_vote_share": None,
        # A national choice; Lithuanian selection committees use it (S30), the 2023–2027
        # rules were not located (UNCERTAIN).
        "allows_written_procedure": True,
        "running_cost_cap_percent": Decimal(25),
        "running_cost_cap_base": "public_contribution",
        "running_cost_cap_includes_cooperation": False,
        "sco_threshold": Decimal(200000),
        "default_fund": "EAFRD",
        "basis": (
            "Reg. (EU) 2021/1060 Art. 31(2)(b) and 33(3)(b): no single interest group, "
            "public authorities included, controls the decision-making or the selection "
            "decisions — no percentage (S2, S13); Art. 34: management and animation at "
            "most 25 % of the total public contribution to the strategy (S7); Art. 53(2): "
            "ERDF and ESF+ operations costing up to EUR 200 000 are paid as unit costs, "
            "lump sums or flat rates (S16)."
        ),
        "funds": {
            "ESF+": {
                "sco_mandatory": True,
                "basis": "Urban CLLD, ESF+ specific objective 4.7; CPR Art. 53(2) (S16, S33).",
            },
            "ERDF": {"sco_mandatory": True, "basis": "CPR Art. 53(2) (S16)."},
            "EAFRD": {
                "running_cost_cap_percent": Decimal(20),
                "running_cost_cap_includes_cooperation": True,
                "basis": (
                    "Rural LEADER, CAP Strategic Plan 2023–2027 (Reg. (EU) 2021/2115 Art. 77). "
                    "Lithuania: up to 20 % of the strategy for administration and LAG "
                    "cooperation together (NMA grant, S15). Simplified cost options optional "
                    "(Art. 83; CPR Art. 53(2) does not cover the EAFRD)."
                ),
            },
            "EMFAF": {},
        },
    },
]


def seed(apps) -> None:
    Fund = apps.get_model("periods", "Fund")
    Period = apps.get_model("periods", "ProgrammingPeriod")
    PeriodFund = apps.get_model("periods", "PeriodFund")
    funds = {}
    for code, name, name_en in FUNDS:
        funds[code], _ = Fund.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
    for data in PERIODS:
        values = {k: v for k, v in data.items() if k not in ("code", "funds", "default_fund")}
        period, _ = Period.objects.update_or_create(
            code=data["code"], defaults={**values, "default_fund": funds[data["default_fund"]]}
        )
        for code, rules in data["funds"].items():
            PeriodFund.objects.update_or_create(period=period, fund=funds[code], defaults=rules)
