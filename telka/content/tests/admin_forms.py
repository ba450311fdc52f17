"""Post an admin change form the way a browser would: what the page shows, plus changes."""


def _values(form) -> dict:
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    return data


def change_form_data(response, **changes) -> dict:
    """The data of the admin form (and its inlines) rendered in `response`, updated."""
    data = _values(response.context["adminform"].form)
    for formset in response.context["inline_admin_formsets"]:
        data.update(_values(formset.formset.management_form))
        for form in formset.formset.forms:
            data.update(_values(form))
    data.update(changes)
    return data
