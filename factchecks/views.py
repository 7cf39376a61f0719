"""Right of reply: the public "request a review" form on every debunk."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder

from hub.models import HubSettings
from hub.web.security import rate_limited
from hub.web.text import PublicTextMixin
from hub.web.widgets import CleanEmailInput, CleanTextarea, CleanTextInput, CleanURLInput

from .models import DebunkPage, ReviewRequest

logger = logging.getLogger(__name__)


class ReviewRequestForm(PublicTextMixin, forms.ModelForm):
    # Left empty by people; bots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=CleanTextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    evidence_url = forms.URLField(
        label=_("Link to supporting evidence"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=CleanURLInput(),
    )

    class Meta:
        model = ReviewRequest
        fields = ["name", "email", "organisation", "relationship", "message", "evidence_url"]
        widgets = {
            "name": CleanTextInput(attrs={"autocomplete": "name"}),
            "email": CleanEmailInput(attrs={"autocomplete": "email"}),
            "organisation": CleanTextInput(attrs={"autocomplete": "organization"}),
            "relationship": CleanTextInput(),
            "message": CleanTextarea(attrs={"rows": 8, "maxlength": 5000}),
        }
        help_texts = {
            "relationship": _("For example: I am the author of the article quoted, or I speak for the outlet."),
            "message": _("Tell us what you believe is wrong, with sources. At most 5,000 characters."),
        }

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(gettext("This field must be left empty."))
        return ""


def request_review(request, debunk: DebunkPage):
    if request.method == "POST" and rate_limited(request, "factchecks-review-requests", settings.REVIEW_REQUEST_RATE):
        response = TemplateResponse(
            request,
            "factchecks/request_review.html",
            {
                "page": debunk,
                "self": debunk,
                "form": ReviewRequestForm(),
                "refusal": gettext(
                    "We have received several requests from your network in a short time. Please wait an hour "
                    "and send it again, or write to the office by e-mail."
                ),
            },
            status=429,
        )
        response["Retry-After"] = "3600"
        return response
    form = ReviewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review_request = form.save(commit=False)
        review_request.debunk = debunk
        review_request.language = get_language() or ""
        review_request.save()
        transaction.on_commit(lambda: _notify_office(review_request.pk, request))
        return HttpResponseRedirect(debunk.url + "request-review/sent/")
    response = TemplateResponse(
        request, "factchecks/request_review.html", {"page": debunk, "self": debunk, "form": form}
    )
    if request.method == "POST":
        response.status_code = 400
    return response


def request_review_sent(request, debunk: DebunkPage):
    return TemplateResponse(request, "factchecks/request_review_sent.html", {"page": debunk, "self": debunk})


def _notify_office(pk: int, request) -> None:
    """Tell the office a request arrived; the request is already saved, so a mail failure loses nothing."""
    review_request = ReviewRequest.objects.select_related("debunk").get(pk=pk)
    recipient = HubSettings.load(request_or_site=request).contact_email or settings.DEFAULT_FROM_EMAIL
    admin_url = AdminURLFinder().get_edit_url(review_request) or ""
    try:
        send_mail(
            subject=f"[G20 hub] Review requested for {review_request.debunk.case_id}",
            message=(
                f"{review_request.name} ({review_request.email}) asks for a review of "
                f"{review_request.debunk.case_id} ({review_request.debunk.title}).\n\n"
                f"How it concerns them: {review_request.relationship}\n\n{review_request.message}\n\n"
                f"Answer it in the admin: {request.build_absolute_uri(admin_url) if admin_url else ''}\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient],
        )
    except Exception:  # noqa: BLE001 - the request is stored; the office still sees it in the admin.
        logger.exception("Could not send the review-request notice for %s", pk)
