"""{% badge kind value label... %}: a status badge coloured by the tone its app registered
(cxgov.badges), the one way pages draw a status. The label's parts are joined by spaces
({% badge "risk" r.severity_band "Severity" r.severity %})."""

import logging

from django import template
from django.utils.html import format_html

from cxgov.badges import badge_tone
from cxgov.registry import NotRegistered

register = template.Library()
logger = logging.getLogger("cxgov.badges")


@register.simple_tag
def badge(kind: str, value: object, *label: object) -> str:
    text = " ".join(str(part) for part in label)
    try:
        tone = badge_tone(kind, value)
    except NotRegistered as missing:
        # A status no app registered is a defect, but not one worth a page: the badge is drawn
        # neutral and the defect logged as an error, where monitoring sees it.
        logger.error("Unregistered badge drawn neutral: %s", missing)
        tone = "muted"
    return format_html('<span class="badge badge--{}">{}</span>', tone, text)
