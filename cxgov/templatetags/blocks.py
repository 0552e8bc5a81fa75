"""Render the blocks that upper layers registered for a place in a page (see cxgov.blocks):
`{% load blocks %}{% blocks "governance.meeting" meeting %}`."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from cxgov.blocks import place

register = template.Library()


@register.simple_tag(takes_context=True)
def blocks(context: template.Context, place_name: str, obj=None) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    engine = context.template.engine
    parts = []
    for block in place(place_name):
        extra = block.context_for(obj, user)
        if extra is None:
            continue
        # Rendered like an {% include %}: in the page's own context, with the object added.
        with context.push(object=obj, **extra):
            parts.append(engine.get_template(block.template).render(context))
    return mark_safe("".join(parts))
