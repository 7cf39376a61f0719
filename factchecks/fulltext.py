"""A debunk's full text for partners (API ``body_html``, feeds' content): the claim, the verdict and why it
is wrong, as the page shows them, headed in the debunk's own language."""

from __future__ import annotations

from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from hub.pages.fulltext import rich_text_source, text_html


def debunk_full_text_source(page, language: str) -> str:
    """Rich-text source (links still ``linktype``) to expand and clean with ``hub.pages.fulltext``."""
    with translation.override(language):
        claim = format_html("<h2>{}</h2>", _("The claim")) + text_html(page.claim_summary)
        verdict = format_html(
            "<h2>{}: {}</h2><p>{}</p>", _("Verdict"), page.get_verdict_display(), page.rating_explanation
        )
        disproof = format_html("<h2>{}</h2>", _("Why it is wrong"))
    return f"{claim}{verdict}{disproof}{rich_text_source(page.disproof)}"
