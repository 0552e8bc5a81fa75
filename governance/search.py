"""What governance offers the search box: its bodies, by name and purpose."""

from cxgov.search import Searchable, register_search

from .models import GovernanceBody

register_search(Searchable(model=GovernanceBody, fields=("name", "purpose"), order_by=("name",)))
