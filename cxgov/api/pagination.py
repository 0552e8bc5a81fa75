"""Page-number pagination for every API list, with a page size a client may lower or raise.

A page says its number (`page`) and, where the list is counted, `count` and the number of
pages (`pages`), so a client can walk the list without parsing the `next` URL. A `page` or
`page_size` that is not a whole number from 1 up is a 400 naming it (DRF alone answers a bad
page 404 and ignores a bad page size); a page past the last stays a 404.
"""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination as DRFPageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


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

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        links = answer["properties"]
        answer["properties"] = {
            "count": links.pop("count"),
            "page": PAGE_NUMBER,
            "pages": {"type": "integer", "minimum": 1, "description": "How many pages there are."},
            **links,
        }
        answer["required"] = ["count", "page", "pages", "results"]
        return answer


PAGE_NUMBER = {"type": "integer", "minimum": 1, "description": "This page's number."}


class UncountedPagination(PageNumberPagination):
    """Pages of a table too big to count (voc's responses, 10 million rows): `next` and
    `previous` links and the rows, but no `count` and no last page, so a page costs one
    LIMIT/OFFSET query of page_size + 1 rows instead of a count(*) over the whole table."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            raise ValidationError(
                {
                    self.page_query_param: [
                        "This list is not counted, so it has no last page; follow the 'next' links."
                    ]
                }  # fmt: skip
            )
        self.page_size_now = self.get_page_size(request)
        self.number = self._whole_number(request, self.page_query_param) or 1
        offset = (self.number - 1) * self.page_size_now
        rows = list(queryset[offset : offset + self.page_size_now + 1])
        if not rows and self.number > 1:
            raise NotFound("Invalid page: this list has fewer pages.")
        self.more = len(rows) > self.page_size_now
        return rows[: self.page_size_now]

    def _link(self, number: int | None) -> str | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_next_link(self):
        return self._link(self.number + 1 if self.more else None)

    def get_previous_link(self):
        return self._link(self.number - 1 if self.number > 1 else None)

    def get_paginated_response(self, data):
        return Response(
            {
                "page": self.number,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["page", "results"],
            "description": "Not counted (the table is too big): follow `next` until it is null.",
            "properties": {
                "page": PAGE_NUMBER,
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
