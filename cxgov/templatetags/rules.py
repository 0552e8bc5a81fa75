"""Ask a named permission rule in a template, the same rule the service enforces:
`{% load rules %}{% may "governance.manage_body" body as can_manage %}`."""

from django import template

from cxgov.permissions import RULES

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, rule_name: str, obj=None) -> bool:
    rule = RULES.get(rule_name)
    if rule is None:
        raise template.TemplateSyntaxError(f"No permission rule is named {rule_name!r}.")
    return rule(context["request"].user, obj)
