"""A faster renderer for the listings' filter forms, with the same markup.

Django renders each widget through its templates, one include per ``<option>``
and per attribute list: on a filter form with a few hundred options (countries,
languages, sources) that is a large part of a listing page's CPU time. This
renderer writes the select and input widgets' HTML directly, character for
character what Django's own ``django/forms/widgets/*.html`` templates give
(tests/hub/test_query_budgets.py compares the two), and hands every other
template to Django.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import escape
from django.utils.safestring import SafeData

_INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in ("text", "number", "search", "email", "url", "date", "datetime", "time", "tel", "hidden")
}
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}`` with autoescaping."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {escape(name)}" if value is True else f' {escape(name)}="{_text(value)}"')
    return "".join(parts)


def _option(option: dict) -> str:
    label = option["label"]
    label = str(label) if isinstance(label, SafeData) else escape(label)
    return f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>{label}</option>\n'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _group_index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != _OPTION:
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")  # the renderer strips what a template gives
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    start = f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
    return f"{start}{value}{_attrs(widget['attrs'])}>"


class ListingFormRenderer(DjangoTemplates):
    """Django's default form renderer, with the select and input widgets written without templates."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and request is None:
            if template_name == _SELECT:
                html = _select(widget)
                if html is not None:
                    return html
            elif template_name in _INPUTS:
                return _input(widget)
        return super().render(template_name, context, request=request)


LISTING_FORM_RENDERER = ListingFormRenderer()
