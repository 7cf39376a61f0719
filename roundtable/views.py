"""Public views of the roundtable that are not plain pages: the consultation form, the commitments
tracker and its feeds, and the private review links for draft minutes."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub.listings.indexes import build_listing
from hub.pages.addresses import permanent_page_url
from hub.web.security import rate_limited
from hub.web.storage_errors import STORAGE_ERRORS, attachment_not_stored

from .filters import CommitmentFilter
from .forms import MinutesCommentForm, SubmissionForm
from .models import (
    Commitment,
    ConsultationPage,
    ConsultationSubmission,
    MinutesComment,
    MinutesReviewLink,
    RoundtableIndexPage,
    RoundtableMeetingPage,
)
from .scorecards import scorecards

logger = logging.getLogger(__name__)
MAX_COMMENTS_PER_LINK = 100


def _private(response: HttpResponse) -> HttpResponse:
    """Pages with a form's CSRF token or private content: never cached, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- Consultations ---------------------------------------------------------------------------------


def _render_consultation(request, page: ConsultationPage, form=None, status: int = 200, refusal: str = ""):
    context = page.get_context(request)
    context.update(form=form, refusal=refusal, submissions=list(page.published_submissions()))
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    return _private(response) if form is not None else response


def consultation_page(request, page: ConsultationPage):
    if request.method != "POST":
        return _render_consultation(request, page, SubmissionForm(page) if page.is_open else None)
    if not page.is_open:
        refusal = (
            _("This consultation is not open yet, so your submission was not accepted.")
            if page.has_not_opened
            else _("This consultation has closed, so your submission was not accepted. Thank you for your interest.")
        )
        return _render_consultation(request, page, None, status=403, refusal=refusal)
    if rate_limited(request, "roundtable-consultation-submissions", settings.ROUNDTABLE_SUBMISSION_RATE):
        refusal = _(
            "We have received several submissions from your network in a short time. Please wait an hour and "
            "send the form again; nothing you sent before is lost."
        )
        response = _render_consultation(request, page, None, status=429, refusal=refusal)
        response["Retry-After"] = "3600"
        return _private(response)
    form = SubmissionForm(page, request.POST, request.FILES)
    if not form.is_valid():
        if "token" in form.errors:
            data = form.data.copy()
            data["token"] = str(SubmissionForm(page).initial["token"])
            form.data = data
        return _render_consultation(request, page, form, status=400)
    try:
        submission, created = _save_submission(page, form)
    except STORAGE_ERRORS:
        # Nothing was stored (one transaction); the form comes back with the answers and an error.
        attachment_not_stored(request, form)
        return _render_consultation(request, page, form, status=503)
    if created:
        transaction.on_commit(lambda: send_receipt(submission.pk, request))
    return HttpResponseRedirect(page.url + "submitted/")


def _save_submission(page: ConsultationPage, form: SubmissionForm) -> tuple[ConsultationSubmission, bool]:
    """The same form sent twice (same idempotency token) creates one submission."""
    token = form.cleaned_data["token"]
    existing = ConsultationSubmission.objects.filter(consultation=page, idempotency_token=token).first()
    if existing is not None:
        return existing, False
    submission = ConsultationSubmission(
        consultation=page,
        organisation_name=form.cleaned_data["organisation_name"].strip(),
        organisation_kind=form.cleaned_data["organisation_kind"],
        country=form.cleaned_data["country"],
        contact_email=form.cleaned_data["contact_email"],
        answers=form.answers(),
        consent_to_publish=form.cleaned_data["consent_to_publish"],
        language=get_language() or "",
        idempotency_token=token,
        attachment_name=form.attachment_name,
    )
    try:
        with transaction.atomic():
            upload = form.cleaned_data.get("attachment")
            if upload:
                submission.attachment.save(upload.name, upload, save=False)
            submission.save()
    except IntegrityError:
        # A second copy of the form arrived at the same moment: the first one is kept.
        if submission.attachment:
            submission.attachment.delete(save=False)
        return ConsultationSubmission.objects.get(consultation=page, idempotency_token=token), False
    return submission, True


def send_receipt(pk: int, request) -> None:
    """Confirm receipt to the contact; the submission is already stored, so a mail failure loses nothing."""
    submission = ConsultationSubmission.objects.select_related("consultation").get(pk=pk)
    if not submission.contact_email:
        return
    consultation = submission.consultation
    lines = [
        _("Thank you. Your organisation's submission to the consultation “%(title)s” has reached the G20 roundtable.")
        % {"title": consultation.title},
        "",
        _("Reference: %(reference)s") % {"reference": f"RT-{submission.pk:06d}"},
        _("Organisation: %(name)s") % {"name": submission.organisation_name},
        _("Publication: %(choice)s")
        % {
            "choice": _("you agreed that it may be published after moderation")
            if submission.consent_to_publish
            else _("you did not agree to publication; it will not be published")
        },
        "",
        _("Your contact e-mail address is never published and is erased %(days)d days after the consultation closes.")
        % {"days": consultation.retention_days},
        request.build_absolute_uri(consultation.url),
    ]
    try:
        send_mail(
            subject=_("Your submission to “%(title)s”") % {"title": consultation.title},
            message="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[submission.contact_email],
        )
    except Exception:  # noqa: BLE001 - stored already; moderators see it in the admin.
        logger.exception("Could not send the receipt for consultation submission %s", pk)


def consultation_submitted(request, page: ConsultationPage):
    return TemplateResponse(request, "roundtable/consultation_submitted.html", {"page": page, "self": page})


# --- Commitments tracker ----------------------------------------------------------------------------


def commitments_tracker(request, index: RoundtableIndexPage):
    listing = build_listing(CommitmentFilter, request.GET, Commitment.objects.tracker(), request=request)
    items = list(listing.page.object_list)
    meetings = RoundtableMeetingPage.by_translation_key(items, index.locale_id)
    for item in items:
        item.shown_meeting = meetings.get(item.meeting.translation_key, item.meeting)
    context = {"page": index, "self": index, "request": request}
    context.update(
        listing=listing,
        items=items,
        scorecards=scorecards(organisations={org.pk: org for org in getattr(listing.filterset, "owners", [])}),
        feed_links=index.feed_links(request, "commitments/"),
        tracker_title=_("Commitments tracker"),
    )
    return TemplateResponse(request, "roundtable/commitments.html", context, status=200 if listing.is_valid else 400)


# --- Private review links ---------------------------------------------------------------------------


def review_url(index: RoundtableIndexPage, token: str, request=None) -> str:
    return permanent_page_url(index, request) + f"review/{token}/"


def minutes_review(request, index: RoundtableIndexPage, token: str):
    link = MinutesReviewLink.find(token)
    context = {"page": index, "self": index, "link": link}
    if link is None:
        return _private(
            TemplateResponse(
                request, "roundtable/review_unavailable.html", {**context, "reason": "unknown"}, status=404
            )
        )
    if not link.is_usable:
        reason = "closed" if not link.minutes.is_editable else ("revoked" if link.revoked_at else "expired")
        return _private(
            TemplateResponse(request, "roundtable/review_unavailable.html", {**context, "reason": reason}, status=410)
        )
    minutes = link.minutes
    titles = [block.value["title"] for block in minutes.items]
    form = MinutesCommentForm(titles, request.POST or None)
    status = 200
    if request.method == "POST":
        if link.comments.count() >= MAX_COMMENTS_PER_LINK:
            form.add_error(None, _("This link has reached its limit of comments. Write to the secretariat instead."))
            status = 400
        elif form.is_valid():
            MinutesComment.objects.create(
                minutes=minutes,
                review_link=link,
                author_name=link.name,
                organisation_name=link.organisation_name,
                agenda_item=form.cleaned_data["agenda_item"],
                text=form.cleaned_data["text"].strip(),
            )
            return _private(HttpResponseRedirect(request.path + "?sent=1"))
        else:
            status = 400
    MinutesReviewLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    context.update(
        minutes=minutes,
        meeting=minutes.meeting,
        form=form,
        comments=list(link.comments.order_by("created_at")),
        sent=request.GET.get("sent") == "1",
    )
    response = TemplateResponse(request, "roundtable/minutes_review.html", context, status=status)
    response["Referrer-Policy"] = "no-referrer"
    return _private(response)
