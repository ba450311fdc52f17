"""Builders for calls and proposals in tests (hand-written, like tests/base.py)."""

import datetime
import io
import zipfile
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from telka.accounts.models import LegalForm
from telka.lag.models import Sector

from .. import workflow
from ..demo import tiny_pdf
from ..models import (
    Activity,
    Allocation,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Call,
    CallStatus,
    Criterion,
    CriterionKind,
    Proposal,
    TerritoryRule,
)
from ..uploads import sha256_of

PDF = tiny_pdf("Telka test")


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def ahead(**delta) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**delta)


def draft_call(lag, strategy, *, number: str = "4", complete: bool = True, **fields) -> Call:
    """A DRAFT call; `complete` adds what INV-09 needs (money, criteria, rules)."""
    defaults = {
        "title": "Kvietimas teikti vietos plėtros projektinius pasiūlymus",
        "opens_at": ago(days=1),
        "closes_at": ahead(days=14),
        "eligible_applicants": "NVO ir bendruomeninės organizacijos",
        "territory_rule": TerritoryRule.APPLICANT,
        "min_score": Decimal(50) if complete else None,
    }
    call = Call.objects.create(lag=lag, strategy=strategy, number=number, **{**defaults, **fields})
    if complete:
        measure = strategy.measures().order_by("code").first()
        Allocation.objects.create(
            call=call,
            measure=measure,
            amount=Decimal("50000"),
            max_per_project=Decimal("20000"),
            max_rate_percent=Decimal("90"),
        )
        add_criteria(call)
    return call


def add_criteria(call: Call) -> None:
    Criterion.objects.create(
        call=call, code="B1", title="Atitinka VPS", kind=CriterionKind.PASS_FAIL, position=0
    )
    Criterion.objects.create(
        call=call,
        code="S1",
        title="Indėlis į rodiklius",
        kind=CriterionKind.SCORED,
        max_points=Decimal(60),
        min_points=Decimal(20),
        position=1,
    )
    Criterion.objects.create(
        call=call,
        code="S2",
        title="Partnerystė",
        kind=CriterionKind.SCORED,
        max_points=Decimal(40),
        position=2,
    )


def open_call(lag, strategy, **fields) -> Call:
    """A published call accepting proposals now (status OPEN)."""
    call = draft_call(lag, strategy, **fields)
    Call.objects.filter(pk=call.pk).update(status=CallStatus.OPEN, published_at=ago(days=1))
    call.refresh_from_db()
    return call


def fill(proposal: Proposal, *, with_attachment: bool = True) -> Proposal:
    """Every section complete and within the allocation's limits."""
    today = timezone.localdate()
    Proposal.objects.filter(pk=proposal.pk).update(
        contact_name="Ana Stankevičienė",
        contact_email="ana@example.test",
        contact_phone="+370 600 00001",
        title="Jaunimo dirbtuvės",
        summary="Dirbtuvės jaunimui.",
        problem="Trūksta užimtumo.",
        target_groups="Jaunimas",
        planned_participants=40,
        location="Aleksotas",
        activities_in_territory=True,
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
        contribution="Mažina atskirtį.",
        own_contribution=Decimal("2000"),
        declares_not_completed=True,
        declares_accurate=True,
        consents=True,
    )
    proposal.refresh_from_db()
    Activity.objects.create(
        proposal=proposal,
        title="Dirbtuvės",
        starts_on=proposal.starts_on,
        ends_on=proposal.ends_on,
    )
    BudgetLine.objects.create(
        proposal=proposal,
        category="staff",
        description="Vadovas",
        quantity=Decimal(10),
        unit="mėn.",
        unit_price=Decimal(1500),
    )
    proposal.recalculate_budget()
    proposal.save(update_fields=["total_cost", "requested_amount"])
    proposal.indicator_plans.update(planned_value=Decimal(40))
    if with_attachment:
        attach(proposal)
    return proposal


def attach(proposal: Proposal, data: bytes = PDF, name: str = "biudzetas.pdf") -> Attachment:
    content = ContentFile(data, name=name)
    return Attachment.objects.create(
        proposal=proposal,
        kind=AttachmentKind.BUDGET,
        file=content,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=sha256_of(content),
    )


def make_proposal(call: Call, organisation, user, *, complete: bool = True) -> Proposal:
    proposal = workflow.create_proposal(
        call=call, allocation=call.allocations.first(), organisation=organisation, actor=user
    )
    return fill(proposal) if complete else proposal


def office_file(kind: str) -> bytes:
    """A minimal DOCX, XLSX, ODT or (unsigned) ASiC-E container: a ZIP with the members
    that identify the type."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "asice":
            archive.writestr("mimetype", "application/vnd.etsi.asic-e+zip")
            archive.writestr("deklaracija.pdf", PDF)
        elif kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            folder = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
            archive.writestr(folder, "<x/>")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64

OTHER_ORGANISATION = {
    "name": "UAB „Kita“",
    "legal_form": LegalForm.COMPANY,
    "legal_code": "300000099",
    "sector": Sector.BUSINESS,
    "address": "Kita g. 1, Kaunas",
    "operates_in_territory": True,
}
