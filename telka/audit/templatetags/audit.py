"""`{% audit_link obj %}`: the "who changed what" link of an object's staff page,
shown only to people who may read the audit log."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from telka.lag.site import lag_or_none

from ..permissions import can_read_audit_log

register = template.Library()


def audit_url(obj) -> str:
    query = urlencode({"object": obj._meta.label_lower, "id": str(obj.pk)})
    return f"{reverse('audit:log')}?{query}"


@register.simple_tag(takes_context=True)
def audit_link(context, obj) -> str:
    request = context.get("request")
    lag = lag_or_none(request)
    if obj is None or request is None or lag is None:
        return ""
    if not can_read_audit_log(request.user, lag):
        return ""
    return format_html(
        '<a href="{}" class="audit-link">{}</a>', audit_url(obj), _("Who changed what")
    )
