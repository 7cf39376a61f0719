"""Filter conventions shared by every API list."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from rest_framework.exceptions import ValidationError


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, turned to UTC before any query. PostgreSQL refuses offsets beyond ±15:59
    (``+21:31`` is valid ISO to Python), and a date at the edge of the calendar may not exist in UTC: both
    answer 400 naming the parameter, never 500."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(_("Give a date-time between the years 1 and 9999."), code="invalid") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class SinceFilterSet(django_filters.FilterSet):
    """Adds ``?since=<ISO 8601 date-time>``: inclusive, ordered by last update then id.

    Partners poll with the ``updated_at`` of the last item they saw; ordering by
    (updated_at, id) makes that walk stable even when many rows share a time.
    """

    since_field = "updated_at"

    since = UtcIsoDateTimeFilter(
        method="filter_since",
        label=_(
            "Only rows whose updated_at is at or after this ISO 8601 date-time (inclusive); results then run "
            "by updated_at, oldest first, then id."
        ),
    )

    def filter_since(self, queryset, name, value):
        return queryset.filter(**{f"{self.since_field}__gte": value}).order_by(self.since_field, "id")


class TrueOrFalseField(forms.Field):
    """``true`` or ``false`` (empty: not given); anything else is refused, where Django's NullBooleanField
    would quietly read ``?active=maybe`` as no filter at all."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError(_("Use true or false."), code="invalid")


class TrueOrFalseFilter(django_filters.BooleanFilter):
    """A boolean query parameter that takes ``true`` or ``false`` and answers 400 to anything else."""

    field_class = TrueOrFalseField


def query_value(request, name: str) -> str:
    """A query parameter a view reads itself, not through a filter set (whose form fields do this): refused
    with 400 under its name when it holds a NUL character, which PostgreSQL cannot compare text with (a
    500) and no value the hub knows has."""
    value = request.query_params.get(name, "")
    if "\x00" in value:
        raise ValidationError({name: [_("Null characters are not allowed.")]})
    return value
