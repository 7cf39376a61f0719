"""The admin form every hub page uses: media from collections the editor may not use is refused.

Wagtail's choosers only list images and documents from collections the user may
choose from, but a page form accepts any id it is sent. An editor of one
presidency must not put another presidency's images or documents on a page.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, TranslatableMixin
from wagtail.permissions import policy_registry

# Rich text stores embedded images as <embed embedtype="image" id="…"> and document links as
# <a linktype="document" id="…">: both are media the editor must be allowed to use.
_RICH_TEXT_TAG = re.compile(r"<(?:embed|a)\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def _collect_rich_text(source: str, found: dict[str, set[int]]) -> None:
    for tag in _RICH_TEXT_TAG.findall(source or ""):
        attributes = dict(_ATTRIBUTE.findall(tag))
        kind = {"image": "image", "document": "document"}.get(
            attributes.get("embedtype") or attributes.get("linktype") or ""
        )
        if kind and attributes.get("id", "").isdigit():
            found[kind].add(int(attributes["id"]))


def _collect(block, value, found: dict[str, set[int]]) -> None:
    """Gather the ids of images and documents inside a StreamField value, however nested."""
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        _collect_rich_text(getattr(value, "source", str(value)), found)
    elif isinstance(block, ImageChooserBlock):
        found["image"].add(getattr(value, "pk", value))
    elif isinstance(block, DocumentChooserBlock):
        found["document"].add(getattr(value, "pk", value))
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            _collect(child, value.get(name), found)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            _collect(block.child_block, item, found)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            _collect(child.block, child.value, found)


def media_in(fields: dict) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {"image": set(), "document": set()}
    image_model, document_model = get_image_model(), get_document_model()
    for value in fields.values():
        if isinstance(value, image_model):
            found["image"].add(value.pk)
        elif isinstance(value, document_model):
            found["document"].add(value.pk)
        elif hasattr(value, "stream_block"):
            _collect(value.stream_block, value, found)
        elif isinstance(value, str) and "type=" in value:  # a rich text field
            _collect_rich_text(value, found)
    found["image"].discard(None)
    found["document"].discard(None)
    return found


class HubPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_snippets_in_page_language()

    def _offer_snippets_in_page_language(self) -> None:
        """Checkbox lists of translatable snippets (topics) offer the page's language only: an English
        statement is tagged with English topics, its French translation with their French versions."""
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if locale_id is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if (
                isinstance(field, forms.ModelMultipleChoiceField)
                and isinstance(field.widget, forms.CheckboxSelectMultiple)
                and issubclass(queryset.model, TranslatableMixin)
                and not issubclass(queryset.model, Page)
            ):
                field.queryset = queryset.filter(locale_id=locale_id)

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None or user.is_superuser:
            return cleaned_data
        chosen = media_in(cleaned_data)
        already_there = media_in({name: getattr(self.instance, name, None) for name in cleaned_data})
        for kind, model in (("image", get_image_model()), ("document", get_document_model())):
            policy = policy_registry.get_by_type(model)
            new_ids = chosen[kind] - already_there[kind]
            if not new_ids:
                continue
            allowed = set(
                policy.instances_user_has_any_permission_for(user, ["choose"])
                .filter(pk__in=new_ids)
                .values_list("pk", flat=True)
            )
            if new_ids - allowed:
                message = (
                    _("This page uses an image from a collection you may not use.")
                    if kind == "image"
                    else _("This page uses a document from a collection you may not use.")
                )
                raise forms.ValidationError(message)
        return cleaned_data
