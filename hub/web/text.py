"""What the public forms keep of the text people send: one policy for every form (right of reply, consultation
submissions, comments on draft minutes), so what is stored is clean wherever it is shown later: pages, the
admin, e-mail, exports.

- C0 and C1 control characters (tab, line feed and carriage return aside) are refused with a message: typing
  never produces them, and an ESC sequence kept in a name reaches a terminal or a mail reader as a command.
- Invisible direction and zero-width marks are removed: pasted text brings them along (right-to-left editors
  add them), and they let a name or an address read as something else (a right-to-left override shows
  "exe.pdf" for "fdp.exe"). Zero-width joiners stay: several scripts and emoji need them.
- What remains is normalised to NFC, so the same words are stored the same way. NFC can lengthen a text
  (U+0958 becomes two code points), so the field's ``max_length`` is checked again once cleaned: the
  database column would refuse it with an error page.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Arabic letter mark; zero-width space; left-to-right and right-to-left marks; embeddings and overrides;
# word joiner; isolates; the byte order mark used as a zero-width no-break space.
INVISIBLE_MARKS = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def clean_public_text(value: str) -> str:
    """``value`` without invisible direction and zero-width marks, in NFC. Control characters are the
    caller's to refuse (``has_control_characters``): they are not silently dropped."""
    return unicodedata.normalize("NFC", INVISIBLE_MARKS.sub("", value))


class PublicTextMixin:
    """For a public form: every text value is refused if it holds control characters, otherwise cleaned
    (``clean_public_text``) before the form saves or sends it. A required field left with nothing once
    cleaned is refused as empty."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if not isinstance(value, str):
                continue
            if has_control_characters(value):
                self.add_error(name, gettext("This field contains characters that are not allowed."))
                continue
            field = self.fields.get(name)
            value = clean_public_text(value)
            if getattr(field, "strip", False):
                value = value.strip()
            if not value and cleaned[name] and field is not None and field.required:
                self.add_error(name, field.error_messages["required"])
                continue
            if getattr(field, "max_length", None) is not None:
                try:
                    MaxLengthValidator(field.max_length)(value)
                except ValidationError as error:
                    self.add_error(name, error)
                    continue
            cleaned[name] = value
        return cleaned
