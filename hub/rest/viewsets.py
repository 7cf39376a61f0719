"""The base of every API endpoint: read-only, and an id in the path that no row can have answers 404."""

from rest_framework import viewsets
from rest_framework.exceptions import NotFound

from hub.rest.schema import MAX_ID


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint whose detail route takes an integer id.

    An id beyond what the databases store (``/statements/<30 digits>/``) never reaches the query: SQLite
    raises OverflowError on it and PostgreSQL an out-of-range error, and Django guards only plain integer
    columns, not a page's parent link. So anything but a whole number from 1 to ``MAX_ID`` answers 404
    here, on every database, for every endpoint the router registers (``HubRouter`` requires this base).
    Endpoints looked up by another field (a debunk's case id) declare their own ``get_object``."""

    def get_object(self):
        if self.lookup_field in ("pk", "id"):
            value = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
            if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ID):
                raise NotFound()
        return super().get_object()
