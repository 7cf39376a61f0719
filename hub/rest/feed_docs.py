"""The outbound feeds in the API documentation: a drf-spectacular postprocessing hook that adds, under the
"Feeds" tag, one GET operation per feed of every live listing in every language (``/en/statements/{format}/``
with ``format`` rss, atom or json), with the query parameters the feed takes and what each means.

The listings are found through ``SyndicatedListingMixin`` (``documented_feeds()`` names a page's feeds and
their filter sets), so the core names no domain and a new listing is documented as soon as it is published.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import django_filters
from django.db import DatabaseError
from django.utils.translation import gettext as _
from wagtail.models import get_page_models

from hub.listings.filters import parameter_help
from hub.listings.indexes import WholeNumberFilter
from hub.listings.syndication import CONTENT_TYPES, FEED_SIZE, SyndicatedListingMixin
from hub.pages.addresses import permanent_page_url

TAG = "Feeds"
MEDIA_TYPES = {kind: content_type.split(";")[0] for kind, content_type in CONTENT_TYPES.items()}


def listing_pages():
    """Every live, public page that syndicates a listing, language by language."""
    for model in get_page_models():
        if issubclass(model, SyndicatedListingMixin) and not model._meta.abstract:
            yield from model.objects.live().public().select_related("locale").order_by("locale_id", "path")


def filter_schema(query_filter) -> dict:
    """The JSON schema of what one filter takes."""
    if isinstance(query_filter, WholeNumberFilter):
        return {
            "type": "integer",
            "minimum": query_filter.extra.get("min_value", 1),
            "maximum": query_filter.extra.get("max_value", 2**63 - 1),
        }
    if isinstance(query_filter, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    if isinstance(query_filter, django_filters.IsoDateTimeFilter):
        return {"type": "string", "format": "date-time"}
    if isinstance(query_filter, django_filters.BooleanFilter):
        return {"type": "boolean"}
    schema: dict = {"type": "string"}
    choices = query_filter.extra.get("choices")
    if isinstance(query_filter, django_filters.ChoiceFilter) and isinstance(choices, (list, tuple)):
        schema["enum"] = [str(value) for value, _label in choices]
    if query_filter.extra.get("max_length"):
        schema["maxLength"] = query_filter.extra["max_length"]
    return schema


def feed_parameters(filterset_class) -> list[dict]:
    described = parameter_help(filterset_class)
    parameters = [
        {
            "name": "format",
            "in": "path",
            "required": True,
            "description": _("rss (RSS 2.0), atom (Atom 1.0) or json (JSON Feed 1.1)."),
            "schema": {"type": "string", "enum": list(MEDIA_TYPES)},
        }
    ]
    for name, query_filter in sorted(filterset_class.base_filters.items()):
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": described.get(name, ""),
                "schema": filter_schema(query_filter),
            }
        )
    return parameters


def feed_operation(page, subpath: str, title: str, filterset_class, request) -> tuple[str, dict]:
    listing_path = urlparse(permanent_page_url(page, request)).path + subpath
    language = page.locale.language_code
    operation = {
        "operationId": "feed_" + re.sub(r"[^a-z0-9]+", "_", listing_path.lower()).strip("_"),
        "summary": f"{title} ({language})",
        "description": _(
            "The newest %(size)d entries of %(path)s as RSS 2.0, Atom 1.0 or JSON Feed 1.1, each with its full "
            "text. The feed takes the listing's filters; a bad value answers 400 with a plain-text message "
            "naming the parameter."
        )
        % {"size": FEED_SIZE, "path": listing_path},
        "tags": [TAG],
        "parameters": feed_parameters(filterset_class),
        "responses": {
            "200": {
                "description": _("The feed; ETag and Last-Modified let a poller ask again cheaply."),
                "content": {
                    MEDIA_TYPES["rss"]: {"schema": {"type": "string"}},
                    MEDIA_TYPES["atom"]: {"schema": {"type": "string"}},
                    MEDIA_TYPES["json"]: {"schema": {"type": "object"}},
                },
            },
            "400": {
                "description": _("A filter has a value the feed does not take; the body names it."),
                "content": {"text/plain": {"schema": {"type": "string"}}},
            },
            "404": {
                "description": _("No feed in that format: use rss, atom or json. The body is the site's 404 page."),
                "content": {"text/html": {"schema": {"type": "string"}}},
            },
        },
    }
    return listing_path + "{format}/", operation


def document_feeds(result, generator, request, public):
    """drf-spectacular postprocessing hook: add every listing's feeds to the schema (see the module)."""
    paths = result.setdefault("paths", {})
    try:
        pages = list(listing_pages())
    except DatabaseError:
        # The schema written offline, with no database (CI's `spectacular --validate`): the tag below still
        # says what the feeds are; the live schema at /api/v1/schema/ lists each one.
        pages = []
    for page in pages:
        for subpath, title, filterset_class in page.documented_feeds():
            path, operation = feed_operation(page, subpath, title, filterset_class, request)
            paths.setdefault(path, {})["get"] = operation
    tags = [tag for tag in result.get("tags", []) if tag.get("name") != TAG]
    tags.append(
        {
            "name": TAG,
            "description": _(
                "RSS 2.0, Atom 1.0 and JSON Feed 1.1 of every listing, in every language it is published in, "
                "with the listing's filters. No key needed."
            ),
        }
    )
    result["tags"] = tags
    return result
