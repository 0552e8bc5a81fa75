"""The RACI matrix's cells, rendered in Python.

At design scale the matrix has tens of thousands of cells (60 activities by 200 bodies and the
people holding letters); a template node per cell would take seconds, and even format_html per
cell is slow. So each cell is one f-string of pieces escaped once. The cell being edited still
comes from its template, governance/_raci_cell_editor.html.
"""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

EDITOR_TEMPLATE = "governance/_raci_cell_editor.html"
EMPTY_READ_ONLY = (
    '<td class="matrix__cell">'
    '<span class="raci raci--empty" role="img" aria-label="none"></span></td>'
)


@lru_cache(maxsize=8192)
def _e(text: str) -> str:
    """Escape a column label or letter, once per distinct text."""
    return escape(text)


@register.simple_tag(takes_context=True)
def raci_cells(context, row) -> SafeString:
    """The row's <td> cells: letters, links to each cell's editor for configurers, and the
    open editor where `editing` names a column."""
    editable, editing = context.get("editable"), context.get("editing")
    # One reverse per row: the cell URLs differ only in their last segment.
    base = reverse("governance:raci-cell", args=[row.activity.pk, "column"])[: -len("column/")]
    cells = []
    for column, letter in row.cells:
        if column.key == editing:
            editor = context.template.engine.get_template(EDITOR_TEMPLATE)
            with context.push(column=column, letter=letter):
                cells.append(editor.render(context))
        elif editable:
            url = f"{base}{_e(column.key)}/"
            said = _e(letter) if letter else "no letter, choose one"
            shown = (
                f'<span class="raci raci--{_e(letter)}">{_e(letter)}</span>'
                if letter
                else ('<span class="raci raci--empty">·</span>')
            )
            cells.append(
                f'<td class="matrix__cell"><a href="{url}" hx-get="{url}" '
                f'aria-label="{_e(column.label)}: {said}">{shown}</a></td>'
            )
        elif letter:
            cells.append(
                f'<td class="matrix__cell"><span class="raci raci--{_e(letter)}">{_e(letter)}'
                "</span></td>"
            )
        else:
            cells.append(EMPTY_READ_ONLY)
    return mark_safe("".join(cells))  # every piece above is escaped or a template's output
