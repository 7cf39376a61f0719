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
        if "slug" in self.fields:
            # The address is the case id (DebunkPage.save), so there is nothing here to choose.
            slug = self.fields["slug"]
            slug.disabled, slug.required = True, False
            slug.help_text = (
                _("The debunk's address is its case id, the same in every language.")
                if self.instance.case_id
                else _("The debunk's address will be its case id, issued once every required field is filled in.")
            )

    def save(self, commit=True):
        page = super().save(commit=False)
        if not page.case_id and not page.slug:
            from .models import provisional_slug

            page.slug = provisional_slug()
        if commit:
            page.save()
            self.save_m2m()
        return page

    def clean_languages(self) -> str:
        return join_codes(self.cleaned_data.get("languages") or [])
