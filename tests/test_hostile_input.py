"""Every form and every API parameter of the project, fed hostile values.

Forms are found by walking the subclasses of Django's BaseForm defined in Telka's
modules; API parameters come from the OpenAPI schema of the open-data API. The
values are generated with hypothesis from these families: NUL characters, 1 MB of
text, huge and negative numbers, NaN and infinities, far and impossible dates,
right-to-left and combining characters, and arbitrary text. The properties:
nothing raises except a validation error (a page with a message, never a 500),
whatever a form accepts is a value the database can store, and no row is written.
"""

import datetime
import importlib
import inspect
import pkgutil
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django import forms
from django.apps import apps
from django.db import connection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import telka
from telka.api.api import api
from tests import demo_db

NUL = st.sampled_from(["\x00", "a\x00b", "\x00" * 3, "ok\x00"])
HUGE_TEXT = st.just("ž" * 1_000_000)
NUMBERS = st.sampled_from(
    [
        "99999999999999999999999999",
        "-99999999999999999999999999",
        "1e26",
        "-1",
        "-0",
        "2147483648",
        "9223372036854775808",
        "99999999999.99",
        "1e-400",
        "0.000000000001",
    ]
) | st.integers(min_value=-(10**30), max_value=10**30).map(str)
NOT_NUMBERS = st.sampled_from(["NaN", "nan", "Infinity", "-Infinity", "inf", "1e999"])
DATES = st.sampled_from(
    [
        "9999-12-31",
        "0001-01-01",
        "10000-01-01",
        "2026-02-30",
        "-0001-01-01",
        "9999-12-31T23:59",
        "0000-00-00",
        "1-1-1",
    ]
) | st.dates(min_value=datetime.date(1, 1, 1)).map(str)
RTL_AND_COMBINING = st.sampled_from(
    [
        "\u202eevil.exe\u202c",
        "שלום עולם",
        "مرحبا",
        "e" + "\u0301" * 500,
        "Z\u0351\u0352\u0353\u0354" * 100,
        "\u200f\u200e\u2066x\u2069",
        "\ufeff=1+1",
    ]
)
HOSTILE = st.one_of(
    NUL, HUGE_TEXT, NUMBERS, NOT_NUMBERS, DATES, RTL_AND_COMBINING, st.text(max_size=300)
)
# A URL of 1 MB is refused by any proxy before it reaches Telka; 100 KB does reach it.
HOSTILE_IN_URL = st.one_of(
    NUL,
    st.just("ž" * 50_000),
    NUMBERS,
    NOT_NUMBERS,
    DATES,
    RTL_AND_COMBINING,
    st.text(max_size=300),
)
FAMILIES = [
    "NUL",
    "1 MB text",
    "huge/negative numbers",
    "NaN/Infinity",
    "far/impossible dates",
    "RTL and combining characters",
    "arbitrary text (hypothesis)",
]


# ---- the forms -------------------------------------------------------------------


def _import_every_module() -> None:
    for module in pkgutil.walk_packages(telka.__path__, "telka."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def telka_forms() -> list[type[forms.BaseForm]]:
    _import_every_module()
    # Telka's own forms, not the ones a test module defines (another test of this
    # process may have imported it).
    found = {
        c
        for c in _subclasses(forms.BaseForm)
        if c.__module__.startswith("telka.") and ".tests." not in c.__module__
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _demo_arguments() -> dict:
    """What a form's constructor may ask for, taken from the loaded demo."""
    m = apps.get_model
    proposal = m("calls", "Proposal").objects.exclude(budget_lines=None).first()
    report = m("monitoring", "Report").objects.first()
    call = proposal.call
    return {
        "user": m("accounts", "User").objects.get(email="sara@aleksotas.test"),
        "lag": call.lag,
        "call": call,
        "proposal": proposal,
        "report": report,
        "consultation": m("consultations", "Consultation").objects.first(),
        "draft": m("strategy", "Strategy").objects.first(),
        "measure": m("strategy", "Measure").objects.first(),
        "items": list(m("evaluation", "ChecklistItem").objects.all()[:5]),
        "answers": {},
        "failed": [],
        "queryset": m("accounts", "User").objects.all(),
        "criteria": list(call.criteria.all()),
        "scores": {},
        "deficiencies": [],
        "measures": m("strategy", "Measure").objects.all(),
        "plans": list(report.project.indicators.select_related("indicator")),
        "lines": list(proposal.budget_lines.all()),
        "organisations": m("accounts", "Organisation").objects.all(),
        "allocations": call.allocations.all(),
        "ask_link": True,
        "strategies": m("strategy", "Strategy").objects.all(),
        "versions": list(m("strategy", "Strategy").objects.all()),
        "seats": [],
        "present": [],
        "proposals": [],
        "voters": [],
        "complaints": m("decisions", "Complaint").objects.all(),
    }


SKIPPED_PARAMETERS = {"self", "data", "files", "instance", "initial", "prefix", "args", "kwargs"}


# Where two forms use one parameter name for different things.
ARGUMENTS_OF = {
    "LinesForm": lambda: {"lines": list(apps.get_model("decisions", "DecisionLine").objects.all())},
}


def _build(form_class, arguments: dict, data=None) -> forms.BaseForm:
    """The form as its view builds it: every constructor parameter it names that
    the demo can give is given (a missing one without default fails the walk)."""
    own = ARGUMENTS_OF.get(form_class.__name__)
    arguments = {**arguments, **own()} if own else arguments
    kwargs = {}
    for klass in form_class.__mro__:
        if "__init__" not in vars(klass):
            continue
        for name, p in inspect.signature(klass.__init__).parameters.items():
            if name in SKIPPED_PARAMETERS or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            if name in arguments:
                kwargs.setdefault(name, arguments[name])
            elif p.default is p.empty:
                raise AssertionError(
                    f"{form_class.__qualname__} needs {name}: add it to _demo_arguments"
                )
    return form_class(data=data, files={} if data is not None else None, **kwargs)


def storable(value) -> bool:
    """A value PostgreSQL and SQLite both take in the columns Telka uses."""
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):  # an integer column of the database in use
        low, high = connection.ops.integer_field_range("IntegerField")
        return low <= value <= high
    if isinstance(value, Decimal):
        return value.is_finite() and abs(value) < Decimal(10) ** 12
    if isinstance(value, float):
        return value == value and abs(value) != float("inf")
    if isinstance(value, list | tuple):
        return all(storable(v) for v in value)
    return True


def _row_count() -> int:
    return sum(model.objects.count() for model in apps.get_models())


@pytest.fixture
def demo(django_db_setup, django_db_blocker, db):
    demo_db.load_demo()
    return _demo_arguments()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],  # no shrinking: it can take minutes on 1 MB values
)
@given(data=st.data())
def test_every_form_refuses_hostile_input_or_keeps_it_storable(demo, data):
    before = _row_count()
    for form_class in telka_forms():
        fields = _build(form_class, demo).fields
        values = {name: data.draw(HOSTILE, label=name) for name in fields}
        bound = _build(form_class, demo, values)
        try:
            bound.is_valid()
        except Exception as error:  # noqa: BLE001 — report which form, then fail
            raise AssertionError(
                f"{form_class.__qualname__}: {error!r}"[:300]
            ) from None  # a ValidationError becomes a message; anything else fails here
        for name, value in getattr(bound, "cleaned_data", {}).items():
            assert storable(value), (form_class.__qualname__, name, repr(value)[:80])
    assert _row_count() == before


# ---- the API ---------------------------------------------------------------------


def api_parameters() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    ]


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],  # no shrinking: it can take minutes on 1 MB values
)
@given(data=st.data())
def test_every_api_parameter_answers_hostile_values_without_a_server_error(demo, client, data):
    before = _row_count()
    for path, name in api_parameters():
        value = data.draw(HOSTILE_IN_URL, label=f"{path}?{name}")
        response = client.get(f"{path}?{urlencode({name: value})}")
        assert response.status_code < 500, (path, name, repr(value)[:80])
    assert _row_count() == before


def test_the_walk_covers_every_form_and_api_parameter():
    """The counts the issue asks for; they only grow as forms and parameters are added."""
    form_classes = telka_forms()
    parameters = api_parameters()
    print(f"{len(form_classes)} forms, {len(parameters)} API parameters, families: {FAMILIES}")
    assert len(form_classes) >= 60 and len(parameters) >= 24
