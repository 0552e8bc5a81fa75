"""The kit's generic registry: apps register items by key at startup, the kit looks them up."""

from __future__ import annotations

import pytest

from cxgov.registry import NotRegistered, Registry


def test_items_are_found_by_key_and_listed_in_registration_order():
    registry: Registry[str] = Registry("colours")
    registry.register("b", "blue")
    registry.register("a", "amber")
    assert registry["a"] == "amber"
    assert registry.get("b") == "blue"
    assert registry.get("c") is None
    assert "a" in registry and "c" not in registry
    assert list(registry) == ["blue", "amber"]
    assert registry.keys() == ["b", "a"]
    assert len(registry) == 2


def test_an_unregistered_key_is_refused_by_name():
    registry: Registry[str] = Registry("colours")
    registry.register("a", "amber")
    with pytest.raises(NotRegistered, match="colours: 'z' is not registered \\(known: a\\)"):
        registry["z"]


def test_the_same_item_may_be_registered_again_but_not_a_different_one():
    registry: Registry[str] = Registry("colours")
    registry.register("a", "amber")
    registry.register("a", "amber")  # a second `ready` in one process
    with pytest.raises(ValueError, match="'a' is registered already"):
        registry.register("a", "azure")
    assert registry["a"] == "amber"
