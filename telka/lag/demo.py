"""Demo data for the Kaunas Aleksotas LAG.

The name, founding date, vision, mission and the nine tasks are the LAG's own
published texts (shared/aleksotas/lag-homepage.txt, DOMAIN.md §1). The English
versions are our translations. Member and board names are invented for the
demo, which is why the LAG is flagged `is_demo` and the site says so.
"""

import datetime

from .models import (
    Board,
    BoardMembership,
    BoardRole,
    LagTask,
    LocalActionGroup,
    Member,
    MemberKind,
    Sector,
)

VISION = (
    "Aleksotas – atvira, aktyvi, kryptingai veikianti, puoselėjanti dvasines vertybes, pasiturinti "
    "ir aukštos kultūros bendruomenė su patrauklia ir gražia aplinka, išvystyta įvairių paslaugų "
    "sistema, plačiomis įsidarbinimo galimybėmis bei palankiomis sąlygomis verslui."
)
VISION_EN = (
    "Aleksotas: an open, active and purposeful community that cherishes spiritual values, is "
    "prosperous and highly cultured, with an attractive and beautiful environment, a developed "
    "system of services, wide employment opportunities and favourable conditions for business."
)
MISSION = (
    "Partnerystėje su vietos valdžios, verslo ir kitais socialiniais partneriais, plėtojant vietos, "
    "regioninius ir tarptautinius bendradarbiavimo ryšius, telkti pastangas bei aktyvinti ir "
    "skatinti Aleksoto seniūnijos gyventojus ir bendruomenes, ieškant tinkamiausių sprendimų "
    "Aleksoto vietovės socialinei integracijai, ekonominei ir kultūrinei plėtrai."
)
MISSION_EN = (
    "In partnership with local government, business and other social partners, and by developing "
    "local, regional and international cooperation, to pool efforts and to activate and encourage "
    "the residents and communities of the Aleksotas ward in finding the best solutions for the "
    "social integration and the economic and cultural development of Aleksotas."
)
TASKS = [
    (
        "rengti ir įgyvendinti Aleksoto vietos plėtros strategiją",
        "to prepare and implement the Aleksotas local development strategy",
    ),
    (
        "skatinti Aleksoto seniūnijos gyventojus aktyviai dalyvauti priimant ir įgyvendinant "
        "sprendimus, susijusius su Aleksoto seniūnijos plėtra",
        "to encourage the residents of the Aleksotas ward to take an active part in making and "
        "implementing decisions on the development of the ward",
    ),
    (
        "telkti suinteresuotų vietos valdžios, verslo, vietos bendruomenės, nevyriausybinių "
        "organizacijų, kitų įstaigų bei organizacijų pastangas, ieškant tinkamiausių sprendimų "
        "Aleksoto seniūnijos ekonominei ir socialinei gerovei kelti",
        "to bring together the efforts of local government, business, the local community, NGOs and "
        "other bodies in finding the best solutions for the economic and social welfare of the ward",
    ),
    (
        "skatinti ir palaikyti vietines Aleksoto seniūnijos gyventojų iniciatyvas verslo, aplinkos ir "
        "kraštovaizdžio apsaugos, švietimo, kultūros, socialinės paramos ir kitose srityse, taip "
        "gerinant vietines įsidarbinimo galimybes",
        "to encourage and support local initiatives of the ward's residents in business, protection "
        "of the environment and landscape, education, culture, social support and other fields, so "
        "improving local employment opportunities",
    ),
    (
        "organizuoti ir teikti paramą Aleksoto bendruomenės ir kitų nevyriausybinių organizacijų "
        "projektams ir iniciatyvoms įgyvendinti",
        "to organise and provide support for projects and initiatives of the Aleksotas community and "
        "other NGOs",
    ),
    (
        "plėtoti ir palaikyti ryšius su kitomis vietos veiklos grupėmis, nevyriausybinėmis "
        "nacionalinėmis ir tarptautinėmis organizacijomis bei kitomis įstaigomis ir organizacijomis "
        "Lietuvoje ir užsienyje",
        "to develop and maintain links with other local action groups, national and international "
        "NGOs and other bodies in Lithuania and abroad",
    ),
    (
        "teikti pasiūlymus vietos ir nacionalinės valdžios institucijoms bei organizacijoms dėl "
        "bendruomenės inicijuotos Aleksoto seniūnijos plėtros programos planų ir priemonių kūrimo bei "
        "įgyvendinimo",
        "to make proposals to local and national authorities and organisations on preparing and "
        "implementing plans and measures of the community-led development programme of the ward",
    ),
    (
        "organizuoti Aleksoto seniūnijos plėtros dalyvių švietimą ir mokymą",
        "to organise education and training for those taking part in the development of the ward",
    ),
    ("teikti informaciją socialiniams partneriams.", "to inform the social partners."),
]

# Invented for the demo: five members per sector, a board of nine (three per sector).
MEMBERS = [
    (Sector.PUBLIC, MemberKind.ORGANISATION, "Kauno miesto savivaldybės administracija"),
    (Sector.PUBLIC, MemberKind.PERSON, "Kauno miesto savivaldybės tarybos narys (demo)"),
    (Sector.PUBLIC, MemberKind.ORGANISATION, "Aleksoto seniūnija"),
    (Sector.BUSINESS, MemberKind.ORGANISATION, "Aleksoto verslo bendruomenė (demo)"),
    (Sector.BUSINESS, MemberKind.ORGANISATION, "UAB „Aleksoto amatai“ (demo)"),
    (Sector.BUSINESS, MemberKind.ORGANISATION, "UAB „Nemuno krantinė“ (demo)"),
    (Sector.CIVIL, MemberKind.ORGANISATION, "Aleksoto bendruomenės centras (demo)"),
    (Sector.CIVIL, MemberKind.ORGANISATION, "Jaunimo klubas „Šlaitas“ (demo)"),
    (Sector.CIVIL, MemberKind.ORGANISATION, "Senjorų draugija „Sodai“ (demo)"),
]
BOARD = [
    ("Bruno Kazlauskas", Sector.CIVIL, False, BoardRole.CHAIR, "male"),
    ("Dalia Žukauskienė", Sector.CIVIL, False, BoardRole.MEMBER, "female"),
    ("Gintarė Paulauskienė", Sector.CIVIL, False, BoardRole.MEMBER, "female"),
    ("Tomas Butkus", Sector.BUSINESS, False, BoardRole.VICE_CHAIR, "male"),
    ("Laura Urbonienė", Sector.BUSINESS, False, BoardRole.MEMBER, "female"),
    ("Mantas Navickas", Sector.BUSINESS, False, BoardRole.MEMBER, "male"),
    ("Irena Kavaliauskienė", Sector.PUBLIC, True, BoardRole.MEMBER, "female"),
    ("Paulius Ramanauskas", Sector.PUBLIC, True, BoardRole.MEMBER, "male"),
    ("Rūta Jankauskienė", Sector.PUBLIC, True, BoardRole.MEMBER, "female"),
]
ESTABLISHED = datetime.date(2015, 8, 11)
# Its own address in the demo; the installation's default LAG, so it is also what
# any other address (127.0.0.1:8000) serves.
HOST = "aleksotas.localhost"


def load(demo) -> None:
    lag, _ = LocalActionGroup.objects.update_or_create(
        slug="aleksotas",
        defaults={
            "name": "Kauno miesto Aleksoto vietos veiklos grupė",
            "short_name": "Aleksoto VVG",
            "legal_form": "Asociacija",
            "established_on": ESTABLISHED,
            "territory": "Kauno miesto Aleksoto seniūnija (Aleksoto tikslinė teritorija)",
            "territory_en": "The Aleksotas ward of Kaunas city (the Aleksotas target territory)",
            "territory_description": (
                "Strategija įgyvendinama Aleksoto VVG teritorijoje, visiškai sutampančioje su "
                "Kauno miesto savivaldybės išskirta tiksline teritorija, prisidedant prie Kauno "
                "miesto integruotos teritorijos vystymo programos įgyvendinimo."
            ),
            "territory_description_en": (
                "The strategy is implemented in the territory of the Aleksotas LAG, which is "
                "the same as the target territory set by Kaunas city municipality, and it "
                "contributes to Kaunas city's integrated territorial development programme."
            ),
            "vision": VISION,
            "vision_en": VISION_EN,
            "mission": MISSION,
            "mission_en": MISSION_EN,
            "website": "https://www.aleksotovvg.lt/",
            "host": HOST,
            "is_demo": True,
        },
    )
    demo.lag = lag
    lag.tasks.all().delete()
    LagTask.objects.bulk_create(
        LagTask(lag=lag, position=i, text=lt, text_en=en) for i, (lt, en) in enumerate(TASKS, 1)
    )
    for sector, kind, name in MEMBERS:
        Member.objects.update_or_create(
            lag=lag, name=name, defaults={"sector": sector, "kind": kind, "joined_on": ESTABLISHED}
        )
    board, _ = Board.objects.get_or_create(lag=lag, defaults={"name": "Valdyba"})
    for index, (full_name, sector, is_public, role, gender) in enumerate(BOARD):
        BoardMembership.objects.update_or_create(
            board=board,
            full_name=full_name,
            defaults={
                "interest_group": sector,
                "is_public_authority": is_public,
                "role": role,
                "gender": gender,
                "valid_from": ESTABLISHED,
                "represents": lag.members.filter(sector=sector).order_by("pk")[index % 3],
            },
        )
