"""Page-number pagination for every API list, with a page size a client may lower or raise.

A `page` or `page_size` that is not a whole number from 1 up is a 400 naming it (DRF alone
answers a bad page 404 and ignores a bad page size); a page past the last stays a 404.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination as DRFPageNumberPagination


class PageNumberPagination(DRFPageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

    def _whole_number(self, request, param: str) -> int | None:
        value = request.query_params.get(param)
        if value is None:
            return None
        if not (value.isascii() and value.isdigit() and int(value) >= 1):
            raise ValidationError({param: [f"Give a whole number from 1 up, not {value!r}."]})
        return int(value)

    def get_page_size(self, request):
        size = self._whole_number(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return paginator.num_pages
        return self._whole_number(request, self.page_query_param) or 1
