"""{% field_box %} writes a form field's box exactly as the template it replaced did."""

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils.safestring import mark_safe

from telka.calls.forms.proposal import BudgetLineForm, ProjectForm

# calls/includes/field.html as it was.
TEMPLATE = Template(
    """<div class="field{% if field.widget_type == 'checkbox' %} checkbox{% endif %} field-{{ field.name }}">
{% if field.widget_type == "checkbox" %}{{ field }} {{ field.label_tag }}{% if field.help_text %}<div class="helptext" id="{{ field.auto_id }}_helptext">{{ field.help_text|safe }}</div>{% endif %}{{ field.errors }}{% else %}{{ field.as_field_group }}{% endif %}
</div>
"""
)
TAG = Template("{% load calls %}{% field_box field %}")


class Ticks(forms.Form):
    agree = forms.BooleanField(
        label="Sutinku <b>", help_text=mark_safe("Žr. <a href='#'>taisykles</a>")
    )
    share = forms.DecimalField(label="Dalis", help_text="Iki 100 %", max_value=Decimal(100))


@pytest.mark.parametrize(
    "form",
    [
        BudgetLineForm(),
        BudgetLineForm({"quantity": "x", "unit_price": "-1", "description": "<i>"}),
        ProjectForm(),
        ProjectForm({"title": "<b>Pavadinimas</b>", "starts_on": "2026-13-01"}),
        Ticks(),
        Ticks({"share": "101"}),
    ],
    ids=["budget", "budget-invalid", "project", "project-invalid", "ticks", "ticks-invalid"],
)
def test_the_box_is_the_one_the_template_wrote(form, db):
    assert list(form)
    for field in form:
        context = Context({"field": field})
        assert TAG.render(context) == TEMPLATE.render(context)
