"""The serializer base every app's API uses: input of the wrong type is refused, never coerced.

DRF on its own stores the number 12345 sent for a name as the text "12345", and looks up a
related row by `pk=2.5`, which the database truncates to 2. Both hide a client's mistake.
Here a text field takes only text and a related id only a whole number (or its digits as text,
which is what a form sends); anything else is a 400 naming the field.
"""

from __future__ import annotations

import re

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import relations, serializers

from ..validators import AtMost

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


# A wall-clock time of day, without a zone (the zone is a field of its own): OpenAPI's
# `format: time` is RFC 3339's full-time, which needs an offset, so it is documented as this.
WALL_CLOCK_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
NOT_A_TIME = "Give a time of day as HH:MM or HH:MM:SS (wall-clock, no zone), not {value}."


@extend_schema_field(
    {
        "type": "string",
        "pattern": WALL_CLOCK_TIME,
        "example": "09:30:00",
        "description": "Wall-clock time of day, HH:MM or HH:MM:SS; no zone or offset.",
    }
)
class TimeField(serializers.TimeField):
    """A time of day as documented: HH:MM[:SS[.ffffff]], never an offset silently dropped."""

    def to_internal_value(self, value):
        if not isinstance(value, str) or not re.fullmatch(WALL_CLOCK_TIME, value):
            raise serializers.ValidationError(
                NOT_A_TIME.format(value=_shown(value)), code="invalid"
            )
        return super().to_internal_value(value)


NOT_A_VERSION = "Give the version you read as a whole number, not {data_type} {value}."


@extend_schema_field(
    {
        "type": "integer",
        "minimum": 1,
        "description": "The record's version as you read it (cxgov.concurrency). Required to "
        "change the record: if it changed since, the change answers 409 with the record as it "
        "is now. A new record starts at 1.",
    }
)
class VersionField(serializers.Field):
    """The version a client read, sent back with its change: a whole number, nothing else."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        version = whole_number(data)
        if version is None or version < 1:
            raise serializers.ValidationError(
                NOT_A_VERSION.format(data_type=_json_type(data), value=_shown(data)),
                code="invalid",
            )
        return version

    def to_representation(self, value):
        return value


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


class SlugRelatedField(TextOnlyMixin, relations.SlugRelatedField):
    """A related row named by its code: only text is looked up, never a number or a list."""


def _shown(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


STRICT_FIELD_MAPPING = {
    models.CharField: CharField,
    models.TextField: CharField,
    models.SlugField: SlugField,
    models.EmailField: EmailField,
    models.URLField: URLField,
    models.TimeField: TimeField,
}


class ModelSerializer(serializers.ModelSerializer):
    """The base of every model serializer in cxgov: strict text and strict related ids."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        **STRICT_FIELD_MAPPING,
    }
    serializer_related_field = PrimaryKeyRelatedField

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        # A field with the program's own ceiling (validators.AtMost) answers with its message
        # alone: on PostgreSQL DRF would add the column's range (2,147,483,647) as a second,
        # vaguer refusal of the same value.
        if any(isinstance(v, AtMost) for v in getattr(model_field, "validators", ())):
            kwargs.pop("max_value", None)
        return field_class, kwargs

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if isinstance(field, serializers.ChoiceField) and field.read_only:
                # A blank choice ("not reported yet") is answered as "", so the schema must
                # list it: DRF drops allow_blank from a read-only field, leaving "" outside
                # the documented enum.
                model_field = _model_field(self.Meta.model, field.source or name)
                if model_field is not None and model_field.choices and model_field.blank:
                    field.allow_blank = True
        return fields


def _model_field(model, source: str):
    try:
        return model._meta.get_field(source)
    except Exception:  # a property or a path through a relation: not a model field
        return None
