"""Public forms of the roundtable: the consultation submission form and the comment form of a
review link. Both clean their text as every public form does (hub.web.text: control characters refused,
invisible direction marks removed), cap every length and never echo a NUL back."""

from __future__ import annotations

import os
import uuid
import zipfile

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from hub.web.text import PublicTextMixin
from hub.web.widgets import CleanEmailInput, CleanTextarea, CleanTextInput

from .models import ConsultationPage, SubmitterKind

ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
}


def _looks_like(extension: str, head: bytes, upload) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("docx", "odt"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if extension == "docx":
                    return "[Content_Types].xml" in names and "word/document.xml" in names
                return "mimetype" in names and archive.read("mimetype").strip() == ATTACHMENT_TYPES["odt"].encode()
        except (zipfile.BadZipFile, OSError, KeyError):
            return False
        finally:
            upload.seek(0)
    if extension == "txt":
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return "\x00" not in text
    return False


def clean_attachment(upload) -> tuple[object, str]:
    """Check an uploaded attachment's type (by content, not only its name) and size; returns the file
    and a safe display name."""
    maximum = settings.ROUNDTABLE_ATTACHMENT_MAX_BYTES
    name = os.path.basename(upload.name or "").strip()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise forms.ValidationError(
            _("Attach a PDF, Word (.docx), OpenDocument (.odt) or plain-text (.txt) file."), code="type"
        )
    if upload.size > maximum:
        raise forms.ValidationError(
            _("The file is %(size)s; the largest accepted is %(maximum)s.")
            % {"size": filesizeformat(upload.size), "maximum": filesizeformat(maximum)},
            code="size",
        )
    if upload.size == 0:
        raise forms.ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not _looks_like(extension, head, upload):
        raise forms.ValidationError(
            _("The file's content does not match its type (.%(extension)s).") % {"extension": extension}, code="content"
        )
    display = "".join(char for char in name if char.isprintable())[-200:] or f"attachment.{extension}"
    return upload, display


class SubmissionForm(PublicTextMixin, forms.Form):
    organisation_name = forms.CharField(
        label=gettext_lazy("Organisation"),
        max_length=200,
        widget=CleanTextInput(attrs={"autocomplete": "organization", "maxlength": 200}),
    )
    organisation_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of organisation"),
        choices=[("", gettext_lazy("Choose one"))] + SubmitterKind.choices,
    )
    country = forms.ChoiceField(
        label=gettext_lazy("Country"), help_text=gettext_lazy("Where the organisation is based.")
    )
    contact_email = forms.EmailField(
        label=gettext_lazy("Contact e-mail"),
        max_length=254,
        help_text=gettext_lazy("Never published. We send a receipt here."),
        widget=CleanEmailInput(attrs={"autocomplete": "email"}),
    )
    attachment = forms.FileField(
        label=gettext_lazy("Attachment (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.txt"}),
    )
    consent_to_publish = forms.BooleanField(
        label=gettext_lazy("You may publish this submission (organisation, kind, country and answers) on this page."),
        required=False,
    )
    # Left empty by people; bots that fill every field give themselves away.
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=CleanTextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, consultation: ConsultationPage, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["country"].choices = [("", _("Choose one"))] + list(countries)
        maximum = settings.ROUNDTABLE_ATTACHMENT_MAX_BYTES
        self.fields["attachment"].help_text = _(
            "PDF, Word (.docx), OpenDocument (.odt) or plain text (.txt), at most %(maximum)s. Kept private."
        ) % {"maximum": filesizeformat(maximum)}
        self.questions = consultation.question_list()
        fields = dict(self.fields)
        ordered = {
            name: fields.pop(name) for name in ("organisation_name", "organisation_kind", "country", "contact_email")
        }
        for number, question in enumerate(self.questions, start=1):
            ordered[self.answer_field(question)] = forms.CharField(
                label=f"{number}. {question['question']}",
                help_text=question.get("help_text") or "",
                required=bool(question.get("required")),
                max_length=question.get("max_length") or 5000,
                widget=CleanTextarea(attrs={"rows": 6, "maxlength": question.get("max_length") or 5000}),
            )
        ordered.update(fields)
        self.fields = ordered
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())

    @staticmethod
    def answer_field(question: dict) -> str:
        return f"answer_{question['id']}"

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must be left empty."))
        return ""

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            self.attachment_name = ""
            return None
        upload, self.attachment_name = clean_attachment(upload)
        return upload

    def answers(self) -> list[dict]:
        return [
            {
                "question_id": question["id"],
                "question": question["question"],
                "answer": self.cleaned_data[self.answer_field(question)].strip(),
            }
            for question in self.questions
        ]

    def clean(self):
        cleaned = super().clean()
        if self.questions and not any((cleaned.get(self.answer_field(q)) or "").strip() for q in self.questions):
            raise forms.ValidationError(_("Answer at least one question."))
        return cleaned


class MinutesCommentForm(PublicTextMixin, forms.Form):
    agenda_item = forms.ChoiceField(label=gettext_lazy("About"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=5000,
        widget=CleanTextarea(attrs={"rows": 6, "maxlength": 5000}),
        help_text=gettext_lazy("Seen only by the secretariat. At most 5,000 characters."),
    )

    def __init__(self, agenda_titles: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", _("The minutes as a whole"))] + [(t, t) for t in agenda_titles]
