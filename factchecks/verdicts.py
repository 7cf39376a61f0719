"""The verdict scale every debunk is rated on, published on the database page and in ClaimReview.

The numeric scale runs from 1 (the claim is false) to 6 (the claim is accurate).
Verdicts take 1 to 5, from false to missing context. The top of the scale, 6, is kept for
accurate claims, which the hub does not publish (an accurate claim gets no debunk), so no
debunk ever rates at ``BEST_RATING``: aggregators that read a rating at ``bestRating`` as
"true" never see one from us.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

WORST_RATING = 1
BEST_RATING = 6  # accurate: kept for the top of the scale, never a debunk's rating


class Verdict(models.TextChoices):
    FALSE = "false", _("False")
    MANIPULATED_MEDIA = "manipulated_media", _("Manipulated media")
    MISLEADING = "misleading", _("Misleading")
    UNSUPPORTED = "unsupported", _("Unsupported")
    MISSING_CONTEXT = "missing_context", _("Missing context")


RATING_VALUES = {
    Verdict.FALSE: 1,
    Verdict.MANIPULATED_MEDIA: 2,
    Verdict.MISLEADING: 3,
    Verdict.UNSUPPORTED: 4,
    Verdict.MISSING_CONTEXT: 5,
}

DEFINITIONS = {
    Verdict.FALSE: _("The claim is wrong: the evidence contradicts it."),
    Verdict.MANIPULATED_MEDIA: _(
        "An image, video or audio recording was edited, staged or fabricated (including synthetic media) "
        "to support the claim."
    ),
    Verdict.MISLEADING: _("The claim mixes accurate and false elements, or presents facts so as to deceive."),
    Verdict.UNSUPPORTED: _("No evidence supports the claim, and those making it offer none that can be checked."),
    Verdict.MISSING_CONTEXT: _("The claim leaves out context that changes its meaning."),
}


def top_of_scale() -> dict:
    """The top of the scale, shown to readers after the verdicts: a rating no debunk takes."""
    return {
        "value": BEST_RATING,
        "label": _("Accurate"),
        "definition": _("The claim is accurate. Not used: the hub does not debunk accurate claims."),
    }


def scale() -> list[dict]:
    """The verdicts as shown to readers: value, machine name, label and definition, worst first."""
    return [
        {
            "value": RATING_VALUES[verdict],
            "verdict": verdict.value,
            "label": verdict.label,
            "definition": DEFINITIONS[verdict],
        }
        for verdict in Verdict
    ]
