"""drf-spectacular hooks and extensions: what the public schema at ``/api/v1/schema/`` promises.

- only the public API is documented (``only_public_api``), with no security scheme: it is read-only and
  anonymous, so Swagger UI shows no padlock and no Authorize button (``public_contract``);
- every filter's description says what it matches, on which field and whether a bound is inclusive
  (``parameter_help`` of the filter sets, see ``hub.listings.filters``), whole-number filters are integers
  with their bounds;
- the answers the views give besides 200 are declared: 400 for a bad query value, 404 for an unknown item or a
  page past the end, 429 when the anonymous rate is exceeded, each a JSON object naming the parameter (or
  ``detail``) with its message(s).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from hub.listings.filters import parameter_help
from hub.listings.indexes import WholeNumberFilter

# The largest id the databases store (a bigger one is not an id: the path answers 404 or nothing).
MAX_ID = 2**63 - 1
# Not a space, nor ASCII punctuation other than "-" and "_" (ECMA-262 without the u flag: no \p{L}).
UNICODE_SLUG_PATTERN = r"^[^\s!-,./:-@[-^`{-~]+$"
ERROR_SCHEMA = {
    "type": "object",
    "description": _(
        "Messages keyed by the query parameter they are about (a list of messages each), or detail (one message)."
    ),
    "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
}
ERROR_ANSWERS = {
    "400": _("A query parameter has a value the endpoint does not take; the body names it, with a message."),
    "404": _("No such item, or a page past the last one (the body names page and gives the last page's number)."),
    "429": _("Too many requests from this address; retry after the number of seconds in Retry-After."),
}


def only_public_api(endpoints):
    """drf-spectacular hook: document the public API only, not the admin's internal endpoints."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class DescribedFilterExtension(DjangoFilterExtension):
    """django-filter parameters with the filter sets' ``parameter_help`` as description (before the list of
    choices), and ``WholeNumberFilter`` as an integer with its bounds."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        text = parameter_help(filterset_class).get(field_name, "")
        for parameter in parameters:
            if text:
                parameter["description"] = with_choices(text, parameter.get("description") or "")
            if isinstance(filter_field, WholeNumberFilter):
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": filter_field.extra.get("min_value", 1),
                    "maximum": filter_field.extra.get("max_value", MAX_ID),
                }
        return parameters


class UnicodeSlugFieldExtension(OpenApiSerializerFieldExtension):
    """A slug that may be in any script (a topic's ``économie``, a page's): JSON Schema reads a pattern as
    ECMA-262 does, where ``\\w`` is ASCII only, so the pattern drf-spectacular copies from Django's
    ``^[-\\w]+\\Z`` would refuse the hub's own data. This one refuses spaces and ASCII punctuation but
    "-" and "_", as Django does, and takes letters and digits of every script."""

    target_class = serializers.SlugField
    match_subclasses = True

    @classmethod
    def _matches(cls, target) -> bool:
        return super()._matches(target) and getattr(target, "allow_unicode", False)

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "pattern": UNICODE_SLUG_PATTERN}


def with_choices(text: str, generated: str) -> str:
    """``text``, followed by the list of choices drf-spectacular wrote after its own description, if any."""
    if generated.startswith("* `"):
        return f"{text}\n\n{generated}"
    if "\n\n* `" in generated:
        return f"{text}\n\n* `{generated.split(chr(10) * 2 + '* `', 1)[1]}"
    return text


def public_contract(result, generator, request, public):
    """drf-spectacular postprocessing hook: no security scheme; 400, 404 and 429 declared where they happen;
    integer ids within what the database stores; an empty query value allowed (it means "not given")."""
    result.pop("security", None)
    components = result.setdefault("components", {})
    components.pop("securitySchemes", None)
    components.setdefault("schemas", {})["Error"] = {**ERROR_SCHEMA, "description": str(ERROR_SCHEMA["description"])}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            operation.pop("security", None)
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                if parameter["in"] == "query":
                    # ?kind= (as an HTML form sends an untouched field) means no filter, not a bad value.
                    parameter["allowEmptyValue"] = True
            if not path.startswith("/api/"):
                continue
            for parameter in parameters:
                if parameter["in"] == "path" and parameter.get("schema", {}).get("type") == "integer":
                    parameter["schema"].update(minimum=1, maximum=MAX_ID)
            answers = ["429"]
            if any(parameter["in"] == "query" for parameter in parameters):
                answers.append("400")
            if any(parameter["in"] == "path" or parameter["name"] == "page" for parameter in parameters):
                answers.append("404")
            responses = operation.setdefault("responses", {})
            for status in sorted(answers):
                responses.setdefault(
                    status,
                    {
                        "description": str(ERROR_ANSWERS[status]),
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
