"""ISO 639-1 languages (the languages a claim circulated in), named in the reader's language."""

from __future__ import annotations

import functools
import gettext

import pycountry
from django.utils.translation import get_language

CODES = frozenset(language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2"))


@functools.cache
def _translations(language_code: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso639-3", pycountry.LOCALES_DIR, languages=[language_code.split("-")[0]], fallback=True
    )


def language_name(code: str, language_code: str | None = None) -> str:
    """The name of ISO 639-1 ``code`` in ``language_code`` (the active language by default)."""
    found = pycountry.languages.get(alpha_2=code)
    if found is None:
        return code
    return _translations(language_code or get_language() or "en").gettext(found.name)


def language_choices(language_code: str | None = None) -> list[tuple[str, str]]:
    """Every ISO 639-1 language, sorted by its name in ``language_code``."""
    language_code = language_code or get_language() or "en"
    choices = [(code, language_name(code, language_code)) for code in CODES]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def split_codes(value: str | list | None) -> list[str]:
    """Codes stored as ``"en,ru"`` (or given as a list) as a list, in stored order."""
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [code.strip() for code in value if code and code.strip()]


def join_codes(codes) -> str:
    return ",".join(sorted(dict.fromkeys(code.strip().lower() for code in codes if code and code.strip())))
