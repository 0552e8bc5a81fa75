"""{% badge kind value label... %}: a status badge coloured by the tone its app registered
(cxgov.badges), the one way pages draw a status. The label's parts are joined by spaces
({% badge "risk" r.severity_band "Severity" r.severity %})."""

from django import template
from django.utils.html import format_html

from cxgov.badges import badge_tone

register = template.Library()


@register.simple_tag
def badge(kind: str, value: object, *label: object) -> str:
    text = " ".join(str(part) for part in label)
    return format_html('<span class="badge badge--{}">{}</span>', badge_tone(kind, value), text)
