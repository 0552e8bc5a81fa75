"""Dimension kinds: one map from a kind to its model, and one format for a scope's name."""

from __future__ import annotations

import pytest

from governance.models import BusinessUnit
from tests.factories import BusinessUnitFactory
from voc import selectors
from voc.models import (
    DIMENSION_MODELS,
    Channel,
    DimensionKind,
    Segment,
    Touchpoint,
    dimension_model,
    scope_from_key,
    scope_key,
    scope_label,
)

from .factories import ChannelFactory, SegmentFactory, TouchpointFactory

pytestmark = pytest.mark.django_db


def test_every_kind_but_overall_has_its_model():
    assert set(DIMENSION_MODELS) == set(DimensionKind.values) - {DimensionKind.OVERALL}
    assert [dimension_model(kind) for kind in DIMENSION_MODELS] == [
        Touchpoint,
        Channel,
        Segment,
        BusinessUnit,
    ]


def test_a_scope_is_named_overall_or_kind_and_name():
    assert scope_label("overall", "ignored") == "overall"
    assert scope_label("business_unit", "Retail") == "Business unit: Retail"


def test_a_scope_key_reads_back_as_its_kind_and_id():
    assert scope_key("overall", 0) == "overall" and scope_from_key("overall") == ("overall", 0)
    assert scope_key("business_unit", 7) == "business_unit:7"
    assert scope_from_key("business_unit:7") == ("business_unit", 7)
    for bad in ("planet:3", "touchpoint:x", ""):
        with pytest.raises(ValueError):
            scope_from_key(bad)


def test_both_scope_fields_offer_the_same_keys_in_their_own_words():
    from voc.forms import KpiFilterForm, TargetForm

    checkout = TouchpointFactory(name="Checkout")
    dimensions = selectors.dimension_values()
    kpi = dict(KpiFilterForm(dimensions=dimensions).fields["scope"].choices)
    target = dict(TargetForm(dimensions=dimensions, new=True).fields["scope"].choices)
    assert kpi["overall"] == "All responses" and target["overall"] == "Overall (all responses)"
    assert (f"touchpoint:{checkout.pk}", "Checkout") in kpi["Touchpoint"]
    assert (f"touchpoint:{checkout.pk}", "Checkout") in target["Touchpoints"]


def test_scope_names_names_each_pair_in_one_query_per_kind(django_assert_num_queries):
    checkout = TouchpointFactory(name="Checkout")
    web = ChannelFactory(name="Web")
    smb = SegmentFactory(name="Small business")
    retail = BusinessUnitFactory(name="Retail")
    keys = [
        ("overall", 0),
        ("touchpoint", checkout.pk),
        ("channel", web.pk),
        ("segment", smb.pk),
        ("business_unit", retail.pk),
        ("segment", smb.pk + 1000),
    ]
    with django_assert_num_queries(4):
        names = selectors.scope_names(keys)
    assert names == {
        ("overall", 0): "overall",
        ("touchpoint", checkout.pk): "Touchpoint: Checkout",
        ("channel", web.pk): "Channel: Web",
        ("segment", smb.pk): "Segment: Small business",
        ("business_unit", retail.pk): "Business unit: Retail",
        ("segment", smb.pk + 1000): f"Segment: #{smb.pk + 1000}",
    }
    with django_assert_num_queries(0):
        assert selectors.scope_name("overall", 0) == "overall"
    assert selectors.scope_name("channel", web.pk) == "Channel: Web"


def test_dimension_values_lists_every_value_or_only_those_in_use():
    kept = TouchpointFactory(name="Branch")
    retired = TouchpointFactory(name="Fax", is_active=False)
    assert (retired.pk, "Fax") in selectors.dimension_values()["touchpoint"]
    active = selectors.dimension_values(active_only=True)
    assert (kept.pk, "Branch") in active["touchpoint"]
    assert (retired.pk, "Fax") not in active["touchpoint"]
    assert set(active) == set(DIMENSION_MODELS)
