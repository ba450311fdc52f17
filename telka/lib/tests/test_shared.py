"""What the apps share from telka.lib: one form layout, the e-mail switches, page URLs
in a language, the read-only admin."""

import pytest

from telka.accounts.forms import DeleteAccountForm, RegistrationForm
from telka.calls.models import Call
from telka.consultations.forms import CommentForm
from telka.consultations.models import Consultation
from telka.lib.adminsite import discover
from telka.lib.mail import Silencer, page_url
from telka.strategy.forms import AmendmentForm
from telka.strategy.models import Goal, Measure, Objective, StrategyNode


@pytest.mark.parametrize("form_class", [RegistrationForm, AmendmentForm, CommentForm])
def test_every_apps_forms_share_one_layout(form_class):
    html = form_class().as_div()
    assert '<div class="field' in html
    assert ":</label>" not in html


def test_a_tick_box_stands_before_its_label():
    html = DeleteAccountForm(user=None).as_div()
    box, label = html.index('type="checkbox"'), html.index('<label for="id_understood"')
    assert '<div class="field checkbox' in html and box < label


def test_each_app_silences_only_its_own_messages():
    sent = []
    first, second = Silencer("first"), Silencer("second")
    one = first.message(lambda: sent.append("one"))
    two = second.message(lambda: sent.append("two"))
    with first.silenced():
        one(), two()
        assert first.is_silenced() and not second.is_silenced()
    one()
    assert sent == ["two", "one"]


def test_a_page_url_is_absolute_and_in_the_language(settings):
    settings.SITE_URL = "https://telka.example/"
    assert page_url("lag:about", language="lt") == "https://telka.example/about/"
    assert page_url("lag:about", language="en") == "https://telka.example/en/about/"


def test_goals_objectives_and_measures_share_their_fields_and_order():
    shared = ["lineage", "code", "title", "title_en", "position"]
    for model in (Goal, Objective, Measure):
        assert issubclass(model, StrategyNode)
        assert {f.name for f in model._meta.fields} >= set(shared)
        assert model._meta.ordering == ["position", "code"]


@pytest.mark.parametrize("model", [Call, Consultation])
def test_workflow_models_are_read_only_in_the_admin(model, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    model_admin = discover()._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
