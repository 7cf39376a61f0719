"""Names officers type once and readers see in their own language: an organisation, the publisher.

Such a name is a short fact, not a page, so it has no translation tree of its own: the record keeps its
name in the default language and, in one text field, a line per other language,
``fr: Union européenne | UE`` (the part after ``|``, an acronym, is optional). Reading it costs no query.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

HELP_TEXT = _(
    "One line per language, its code, a colon, then the name, and optionally | and the acronym: "
    "fr: Union européenne | UE"
)


def parse(text: str) -> dict[str, tuple[str, str]]:
    """``{code: (name, acronym)}`` from the field's lines; lines that do not parse are left out."""
    names = {}
    for line in (text or "").splitlines():
        code, sep, rest = line.partition(":")
        name, _bar, acronym = rest.partition("|")
        if sep and code.strip() and name.strip():
            names[code.strip().lower()] = (name.strip(), acronym.strip())
    return names


def validate(text: str) -> None:
    """Every non-empty line names a language of the site once and gives a name."""
    codes = {code for code, _name in settings.LANGUAGES}
    seen = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, rest = line.partition(":")
        code = code.strip().lower()
        if not sep or not rest.partition("|")[0].strip():
            raise ValidationError(
                _("Line %(number)d: write a language code, a colon and the name, e.g. fr: Union européenne."),
                params={"number": number},
            )
        if code not in codes:
            raise ValidationError(
                _("Line %(number)d: %(code)s is not one of the site's languages (%(codes)s)."),
                params={"number": number, "code": code[:10], "codes": ", ".join(sorted(codes))},
            )
        if code in seen:
            raise ValidationError(
                _("Line %(number)d: %(code)s is given twice."), params={"number": number, "code": code}
            )
        seen.add(code)


def in_reader_language(name: str, acronym: str, text: str) -> tuple[str, str]:
    """``(name, acronym)`` in the active language where the field gives them, else the defaults."""
    code = (translation.get_language() or "").split("-")[0]
    translated_name, translated_acronym = parse(text).get(code, ("", ""))
    if not translated_name:
        return name, acronym
    return translated_name, translated_acronym or acronym
