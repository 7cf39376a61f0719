"""Filter sets every listing builds on: fields in a fixed order, and the ``?from=``/``?to=`` date range."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


def date_filter(lookup: str, label, field_name: str = "date") -> django_filters.DateFilter:
    """A date filter shown as a date picker."""
    return django_filters.DateFilter(
        field_name=field_name, lookup_expr=lookup, label=label, widget=forms.DateInput(attrs={"type": "date"})
    )


class OrderedFilterSet(django_filters.FilterSet):
    """A filter set whose form lists its fields in ``field_order`` (the rest after them, as declared)."""

    field_order: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters = {name: self.filters[name] for name in sorted(self.filters, key=self._position)}

    @classmethod
    def _position(cls, name: str) -> int:
        return cls.field_order.index(name) if name in cls.field_order else len(cls.field_order)


def add_date_range(
    filterset_class: type[django_filters.FilterSet],
    field_name: str = "date",
    labels: tuple = (_("From"), _("To")),
    lookups: tuple[str, str] = ("gte", "lte"),
) -> None:
    """Give ``filterset_class`` the public ``?from=`` and ``?to=`` parameters (inclusive), which Python cannot
    spell as attributes, on ``field_name``."""
    for name, lookup, label in zip(("from", "to"), lookups, labels, strict=True):
        date_range_filter = date_filter(lookup, label, field_name)
        filterset_class.declared_filters[name] = date_range_filter
        filterset_class.base_filters[name] = date_range_filter


def parameter_help(filterset_class) -> dict[str, str]:
    """What each query parameter of ``filterset_class`` means, for the API documentation and the feeds':
    the ``parameter_help`` dicts of the class and its bases (the closest wins), over the filters' labels
    (a form's labels are short: "From"; the documentation says which date, and whether it is inclusive)."""
    found = {name: str(f.label or "") for name, f in filterset_class.base_filters.items()}
    for klass in reversed(filterset_class.__mro__):
        found.update({name: str(text) for name, text in vars(klass).get("parameter_help", {}).items()})
    return {name: text for name, text in found.items() if name in filterset_class.base_filters}
