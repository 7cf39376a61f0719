"""The admin form of a debunk: languages picked from the ISO 639-1 list, stored as codes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.pages.forms import HubPageForm

from .languages import join_codes, language_choices, split_codes


class DebunkPageForm(HubPageForm):
    languages = forms.MultipleChoiceField(
        label=_("languages of the claim"),
        required=False,
        choices=language_choices,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Every language the claim circulated in. Hold Ctrl (or ⌘) to pick several."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "languages" in self.fields:
            self.initial["languages"] = split_codes(self.initial.get("languages") or self.instance.languages)
        if "countries" in self.fields:
            self.fields["countries"].widget.attrs.setdefault("size", 8)

    def clean_languages(self) -> str:
        return join_codes(self.cleaned_data.get("languages") or [])
