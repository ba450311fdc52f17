"""Every XLSX the project produces writes user text as text, never as a formula.

The demo is loaded, then every free-text column of every Telka table gets a formula
in front of it; each `.xlsx` URL in the URL configuration is downloaded as LAG staff.
A new export URL fails `test_every_xlsx_url_is_walked` until it is added here."""

import io

import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Concat, Left
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from telka.accounts.models import User
from telka.audit.models import AppendOnlyError
from telka.calls.models import Call
from telka.calls.models.submissions import ImmutableError as CallsImmutable
from telka.consultations.models import Consultation
from telka.decisions.models.decisions import ImmutableError as DecisionsImmutable
from telka.lib.xlsx import FORMULA_STARTS
from telka.monitoring.models import AnnualReport, Project
from telka.monitoring.workflow.annual import generate_annual_report
from telka.strategy.models import Strategy
from tests import demo_db

FORMULA = '=HYPERLINK("https://evil.example/","Open")&'

# URL name -> the objects whose pk goes in the URL
EXPORTS = {
    "calls:manage_proposals_xlsx": lambda: Call.objects.all(),
    "evaluation:scores_xlsx": lambda: Call.objects.all(),
    "decisions:operations_xlsx": lambda: Call.objects.all(),
    "consultations:report_xlsx": lambda: Consultation.objects.all(),
    "monitoring:participants_xlsx": lambda: Project.objects.all(),
    "monitoring:annual_xlsx": lambda: AnnualReport.objects.all(),
}


def _xlsx_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _xlsx_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".xlsx"):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_xlsx_url_is_walked():
    assert _xlsx_url_names() == set(EXPORTS)


def _free_text_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if type(f) in (models.CharField, models.TextField)
        and not f.choices
        and not f.unique
        and not f.primary_key
    ]


def _prefix_every_text_with_a_formula() -> None:
    for model in apps.get_models():
        if not model.__module__.startswith("telka."):
            continue
        for name in _free_text_fields(model):
            length = model._meta.get_field(name).max_length or 1_000_000
            try:
                with transaction.atomic():  # frozen (final) rows refuse; skip those
                    model.objects.exclude(**{name: ""}).update(
                        **{name: Left(Concat(models.Value(FORMULA), models.F(name)), length)}
                    )
            except (DatabaseError, AppendOnlyError, CallsImmutable, DecisionsImmutable):
                pass


def _workbooks(client, name: str):
    for obj in EXPORTS[name]():
        response = client.get(reverse(name, args=[obj.pk]))
        if response.status_code == 200:
            yield load_workbook(io.BytesIO(response.content))


@pytest.mark.django_db
def test_no_xlsx_export_carries_a_formula(client):
    demo_db.load_demo()
    _prefix_every_text_with_a_formula()
    sara = User.objects.get(email="sara@aleksotas.test")
    strategy = Strategy.objects.in_force().get(lag__slug="aleksotas")
    generate_annual_report(strategy=strategy, year=strategy.period_start, actor=sara)
    client.force_login(sara)
    for name in sorted(EXPORTS):
        texts = []
        for workbook in _workbooks(client, name):
            for sheet in workbook:
                for cell in (c for row in sheet.iter_rows() for c in row):
                    assert cell.data_type != "f", (name, sheet.title, cell.coordinate)
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                        assert cell.quotePrefix, (name, cell.coordinate, cell.value)
                        texts.append(cell.value)
        assert any(t.startswith(FORMULA) for t in texts), f"{name}: no user text reached it"
