"""The serializer base every app's API uses: input of the wrong type is refused, never coerced.

DRF on its own stores the number 12345 sent for a name as the text "12345", and looks up a
related row by `pk=2.5`, which the database truncates to 2. Both hide a client's mistake.
Here a text field takes only text and a related id only a whole number (or its digits as text,
which is what a form sends); anything else is a 400 naming the field.
"""

from __future__ import annotations

from django.db import models
from rest_framework import relations, serializers

NOT_TEXT = "Give text here, not {data_type}."
NOT_AN_ID = "Give the id as a whole number, not {data_type} {value}."


class TextOnlyMixin:
    """A character field that refuses numbers, booleans, lists and objects."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(
                NOT_TEXT.format(data_type=_json_type(data)), code="invalid"
            )
        return super().to_internal_value(data)


class CharField(TextOnlyMixin, serializers.CharField):
    pass


class SlugField(TextOnlyMixin, serializers.SlugField):
    pass


class EmailField(TextOnlyMixin, serializers.EmailField):
    pass


class URLField(TextOnlyMixin, serializers.URLField):
    pass


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    return type(value).__name__


def whole_number(value) -> int | None:
    """The integer an id was given as, or None: 7 and "7" are ids; 7.5, "7.0", true are not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


class PrimaryKeyRelatedField(relations.PrimaryKeyRelatedField):
    """A related id that must be a whole number: 2.5 is refused, not truncated to 2."""

    def to_internal_value(self, data):
        if self.pk_field is None:
            pk = whole_number(data)
            if pk is None:
                raise serializers.ValidationError(
                    NOT_AN_ID.format(data_type=_json_type(data), value=_shown(data)),
                    code="incorrect_type",
                )
            data = pk
        return super().to_internal_value(data)


def _shown(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


STRICT_FIELD_MAPPING = {
    models.CharField: CharField,
    models.TextField: CharField,
    models.SlugField: SlugField,
    models.EmailField: EmailField,
    models.URLField: URLField,
}


class ModelSerializer(serializers.ModelSerializer):
    """The base of every model serializer in cxgov: strict text and strict related ids."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        **STRICT_FIELD_MAPPING,
    }
    serializer_related_field = PrimaryKeyRelatedField
