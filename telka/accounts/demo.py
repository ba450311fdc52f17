"""Demo people, one per role. All share one password, printed by load_demo."""

import datetime

from django.utils import timezone

from telka.lag.models import BoardMembership, Role, RoleKind, Sector
from telka.lag.roles import staff_group

from .models import LegalForm, Organisation, OrganisationMembership, User

PASSWORD = "aleksotas-demo"
PEOPLE = [
    # key, e-mail, full name, role label shown in the terminal
    ("staff", "sara@aleksotas.test", "Sara Jonaitienė", "LAG staff"),
    ("assessor", "eva@aleksotas.test", "Eva Petrauskienė", "Assessor"),
    (
        "assessor2",
        "jonas.vertintojas@aleksotas.test",
        "Jonas Vertintojas (demo)",
        "Second assessor",
    ),
    ("board", "bruno@aleksotas.test", "Bruno Kazlauskas", "Board member"),
    ("applicant", "ana@aleksotas.test", "Ana Stankevičienė", "Applicant"),
    ("resident", "rita@aleksotas.test", "Rita Vaitkutė", "Resident"),
    ("admin", "admin@aleksotas.test", "Adminas Telka", "Site admin"),
]
# Four more board members vote online, so that a written procedure can reach its quorum
# of returned ballots in the demo (docs/whole-call.md); the others have no account.
BOARD_ACCOUNTS = [
    ("dalia@aleksotas.test", "Dalia Žukauskienė"),
    ("laura@aleksotas.test", "Laura Urbonienė"),
    ("mantas@aleksotas.test", "Mantas Navickas"),
    ("irena@aleksotas.test", "Irena Kavaliauskienė"),
]

__all__ = ["PASSWORD", "PEOPLE", "load", "staff_group"]


def load(demo) -> None:
    now = timezone.now()
    for key, email, name, label in PEOPLE:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.full_name = name
        user.email_verified_at = user.email_verified_at or now
        user.is_staff = key in {"staff", "admin"}
        user.is_superuser = key == "admin"
        user.set_password(PASSWORD)
        user.save()
        demo.users[key] = user
        demo.logins.append((label, email, PASSWORD))
    demo.users["staff"].groups.add(staff_group())
    Role.objects.get_or_create(
        lag=demo.lag,
        user=demo.users["staff"],
        kind=RoleKind.STAFF,
        defaults={"title": "Administracijos vadovė", "valid_from": demo.today},
    )
    for key, title in [("assessor", "Nepriklausoma vertintoja"), ("assessor2", "Vertintojas")]:
        Role.objects.get_or_create(
            lag=demo.lag,
            user=demo.users[key],
            kind=RoleKind.ASSESSOR,
            defaults={"title": title, "valid_from": datetime.date(2019, 1, 1)},
        )
    BoardMembership.objects.filter(full_name="Bruno Kazlauskas").update(user=demo.users["board"])
    for email, name in BOARD_ACCOUNTS:
        member = User.objects.filter(email=email).first() or User(email=email)
        member.full_name = name
        member.email_verified_at = member.email_verified_at or now
        member.set_password(PASSWORD)
        member.save()
        BoardMembership.objects.filter(full_name=name).update(user=member)
        demo.logins.append(("Board member", email, PASSWORD))
    organisation, _ = Organisation.objects.update_or_create(
        legal_code="300000001",
        defaults={
            "name": "Asociacija „Aleksoto jaunimo iniciatyvos“ (demo)",
            "legal_form": LegalForm.ASSOCIATION,
            "sector": Sector.CIVIL,
            "address": "Aleksoto g. 1, Kaunas (demo)",
            "municipality": "Kauno miesto savivaldybė",
            "operates_in_territory": True,
            "email": "ana@aleksotas.test",
        },
    )
    OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=demo.users["applicant"]
    )
