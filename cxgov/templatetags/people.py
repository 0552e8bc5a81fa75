"""Template filters for showing people: `{% load people %}{{ user|person_name }}`."""

from django import template

from cxgov.people import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    """A person's full name, or their username when they have none."""
    return _person_name(user) if user else ""
