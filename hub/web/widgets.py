"""Form widgets for public forms: they never write control characters (a NUL is invalid HTML) back
into the page when a form is shown again with its errors."""

from django import forms

from hub.listings.indexes import PrintableValueMixin


class CleanTextInput(PrintableValueMixin, forms.TextInput):
    pass


class CleanEmailInput(PrintableValueMixin, forms.EmailInput):
    pass


class CleanTextarea(PrintableValueMixin, forms.Textarea):
    pass


class CleanURLInput(PrintableValueMixin, forms.URLInput):
    pass
