"""Filter conventions shared by every API list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class SinceFilterSet(django_filters.FilterSet):
    """Adds ``?since=<ISO 8601 date-time>``: inclusive, ordered by last update then id.

    Partners poll with the ``updated_at`` of the last item they saw; ordering by
    (updated_at, id) makes that walk stable even when many rows share a time.
    """

    since_field = "updated_at"

    since = django_filters.IsoDateTimeFilter(
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
