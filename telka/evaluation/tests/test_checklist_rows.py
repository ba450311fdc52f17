"""{% checklist_rows %} writes the formal check's items exactly as the loop it replaced."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from telka.evaluation.forms import ChecklistAnswersForm
from telka.evaluation.models import ChecklistItem, Verdict

# evaluation/check.html's loop as it was.
LOOP = Template(
    """{% load i18n telka %}    {% for item, verdict, comment in form.rows %}
    <fieldset class="check-item {{ verdict.value }}">
      <legend>{{ item.code }}. <span lang="{{ item|localized_lang:'title' }}">{{ item|localized:"title" }}</span>{% if item.pk in clarified %} <span class="tag">{% translate "clarification round used" %}</span>{% endif %}</legend>
      <div class="choices">{% for radio in verdict %}<span>{{ radio.tag }} <label for="{{ radio.id_for_label }}">{{ radio.choice_label }}</label></span>{% endfor %}</div>
      <label for="{{ comment.id_for_label }}">{{ comment.label }}</label>{{ comment }}
    </fieldset>
    {% endfor %}
"""
)
TAG = Template("{% load evaluation %}    {% checklist_rows form clarified %}\n")

ITEMS = [
    ChecklistItem(pk=7, code="A1", title="Ar <b>biudžetas</b> pagrįstas?", title_en="Budget?"),
    ChecklistItem(pk=9, code="A2", title="Ar pridėti priedai?"),
]
ANSWERS = [SimpleNamespace(item_id=7, verdict="fail", comment="Trūksta <sąmatos>")]


@pytest.mark.parametrize("language", ["lt", "en"])
@pytest.mark.parametrize(
    "form",
    [
        ChecklistAnswersForm(items=ITEMS, answers=ANSWERS),
        ChecklistAnswersForm(items=ITEMS, answers=ANSWERS, disabled=True),
        ChecklistAnswersForm(
            {"verdict_7": "bad", "comment_9": "x" * 2001}, items=ITEMS, answers=ANSWERS
        ),
    ],
    ids=["open", "closed", "invalid"],
)
def test_the_rows_are_the_ones_the_loop_wrote(form, language):
    if form.is_bound:
        form.full_clean()
    context = Context({"form": form, "clarified": {7}})
    with translation.override(language):
        written = TAG.render(context)
        assert written == LOOP.render(context)
    assert written.count('type="radio"') == 2 * len(Verdict.choices)
    assert "&lt;sąmatos&gt;" in written or form.is_bound
