from django import template

from ..claimreview import claim_review_script

register = template.Library()


@register.simple_tag(takes_context=True)
def claim_review_json_ld(context, page):
    """The page's one ClaimReview block."""
    return claim_review_script(page, context.get("request"))
