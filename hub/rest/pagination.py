"""The one pagination every API list uses: {"count", "next", "previous", "results"}."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100


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
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        # Malformed values are refused with 400 rather than silently replaced.
        positive_int_param(request, self.page_query_param)
        positive_int_param(request, self.page_size_query_param, MAX_PAGE_SIZE)
        return super().paginate_queryset(queryset, request, view)
