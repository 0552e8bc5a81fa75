"""What portfolio offers the search box: its initiatives, by title and description, each result
scoped by `Initiative.objects.for_user` (a proposal stays its working group's draft)."""

from cxgov.search import Searchable, register_search

from .models import Initiative

register_search(
    Searchable(model=Initiative, fields=("title", "description"), order_by=("title", "pk"))
)
