from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """The one envelope for every list: {"count", "next", "previous", "results"}."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class LargePageNumberPagination(PageNumberPagination):
    """The candidate, position and interview lists: a client that wants everything asks for up
    to 1,000 rows per page (one request instead of ten); the query count stays the same."""

    max_page_size = 1000
    page_size_query_description = "Rows per page: 20 unless asked, at most 1,000."
