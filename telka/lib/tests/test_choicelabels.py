"""get_FOO_display() of the models with ChoiceLabels gives what Django's gives, in the
active language, for every choice and for a value outside the choices."""

import pytest
from django.db import models
from django.utils.translation import override

from telka.calls.models import BudgetLine, Call, Proposal
from telka.decisions.models import Notice
from telka.monitoring.models import Project, Report

MODELS = [BudgetLine, Call, Proposal, Notice, Project, Report]


def choice_fields(model):
    return [field for field in model._meta.concrete_fields if field.choices]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_labels_are_djangos(model, language):
    fields = choice_fields(model)
    assert fields
    with override(language):
        for field in fields:
            for value in [*(value for value, _label in field.flatchoices), "nope", None]:
                row = model(**{field.attname: value})
                shown = getattr(row, f"get_{field.name}_display")()
                assert shown == models.Model._get_FIELD_display(row, field)
                assert type(shown) is type(models.Model._get_FIELD_display(row, field))
