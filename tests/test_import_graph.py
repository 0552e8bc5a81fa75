"""The import graph holds the design's direction: no circle, the kit imports no app.

`make lint` checks the layers and the kit through import-linter's contracts in `.importlinter`;
this test adds what those contracts cannot say: no circle between any two modules (inside an app
or across apps), and every module of `cxgov` is named as kit, wiring or program, so a new kit
module cannot slip past the kit's contract.
"""

from __future__ import annotations

import configparser
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cxgov", "governance", "voc", "portfolio")
WIRING = (
    "cxgov",  # the package's __init__ starts the Celery app
    "cxgov.settings",
    "cxgov.urls",
    "cxgov.router",
    "cxgov.celery",
    "cxgov.wsgi",
    "cxgov.asgi",
    "cxgov.management",
)
PROGRAM = "cxgov.program"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, include_external_packages=False)


def _contract(name: str) -> configparser.SectionProxy:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config[f"importlinter:contract:{name}"]


def _within(module: str, packages) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    modules = sorted(m for m in graph.modules if ".migrations" not in m)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def edges(module: str) -> list[str]:
        return sorted(
            m for m in graph.find_modules_directly_imported_by(module) if ".migrations" not in m
        )

    for start in modules:
        if start in index:
            continue
        work = [(start, iter(edges(start)))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges(child))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def test_the_cycle_finder_finds_a_planted_circle():
    planted = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z"):
        planted.add_module(module)
    planted.add_import(importer="a.x", imported="a.y")
    planted.add_import(importer="a.y", imported="a.z")
    planted.add_import(importer="a.z", imported="a.x")
    assert _cycles(planted) == [["a.x", "a.y", "a.z"]]


def test_no_module_imports_itself_back(graph):
    cycles = _cycles(graph)
    assert not cycles, "import circles (break each by moving the shared piece down):\n" + "\n".join(
        " <-> ".join(cycle) for cycle in cycles
    )


def test_every_cxgov_module_is_kit_wiring_or_program(graph):
    kit = _contract("kit-imports-no-app")["source_modules"].split()
    unplaced = sorted(
        module
        for module in graph.find_descendants("cxgov")
        if not _within(module, kit)
        and not _within(module, WIRING)
        and not _within(module, [PROGRAM])
    )
    assert not unplaced, (
        "modules of cxgov that are neither kit (.importlinter's kit contract), wiring nor program: "
        f"{unplaced}"
    )


def test_the_kit_and_the_apps_keep_their_direction(graph):
    """The same rules as the contracts, asked of the graph directly (ignores included)."""
    kit = _contract("kit-imports-no-app")["source_modules"].split()
    order = {"governance": 0, "voc": 1, "portfolio": 2}
    wrong = []
    for importer in sorted(graph.modules):
        top = importer.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(importer):
            upward = (
                top in order
                and imported.split(".")[0] in order
                and order[imported.split(".")[0]] > order[top]
            )
            into_program = _within(imported, [PROGRAM]) and not _within(importer, [PROGRAM])
            kit_to_app = _within(importer, kit) and (
                imported.split(".")[0] in order or _within(imported, [PROGRAM])
            )
            if upward or (into_program and not _within(importer, WIRING)) or kit_to_app:
                wrong.append(f"{importer} -> {imported}")
    assert not wrong, "imports against the design's direction:\n" + "\n".join(wrong)
