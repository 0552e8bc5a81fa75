"""Page-number pagination for every API list, with a page size a client may lower or raise."""

from rest_framework.pagination import PageNumberPagination as DRFPageNumberPagination


class PageNumberPagination(DRFPageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
