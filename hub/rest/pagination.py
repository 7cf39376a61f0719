"""The one pagination every API list uses: {"count", "next", "previous", "results"}."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


def positive_int_param(request, name: str, maximum: int | None = None) -> int | None:
    """Read an optional positive whole-number query parameter, or answer 400 with a message."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        if maximum is None:
            message = _("%(name)s must be a whole number of 1 or more.") % {"name": name}
        else:
            message = _("%(name)s must be a whole number from 1 to %(maximum)d.") % {
                "name": name,
                "maximum": maximum,
            }
        raise ValidationError({name: [message]})
    return value


class HubPagination(PageNumberPagination):
    """``?page=`` (from 1) and ``?page_size=`` (1 to 100): a malformed value answers 400, a page past the end
    404, each with a message under the parameter's name, e.g. ``{"page": ["Page 9 is past the end: …"]}``."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = gettext_lazy(
        "Page number, from 1. A page past the last one answers 404 with a message under `page`."
    )
    page_size_query_description = gettext_lazy("Results per page, from 1 to 100 (default 20).")

    def paginate_queryset(self, queryset, request, view=None):
        # Malformed values are refused with 400 rather than silently replaced.
        page = positive_int_param(request, self.page_query_param)
        positive_int_param(request, self.page_size_query_param, MAX_PAGE_SIZE)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            paginator = self.django_paginator_class(queryset, self.get_page_size(request))
            try:
                paginator.validate_number(page)
            except InvalidPage:
                message = _("Page %(page)d is past the end: the last page is %(last)d.") % {
                    "page": page,
                    "last": paginator.num_pages,
                }
                raise NotFound({self.page_query_param: [message]}) from None
            raise

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
