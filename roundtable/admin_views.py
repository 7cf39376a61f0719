"""Admin views of the roundtable: a meeting's status and minutes workflow, moderators' access to
private attachments, the CSV export of submissions, and erasing a submitter's data on request."""

from __future__ import annotations

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem

from hub.listings.spreadsheets import escape_formula

from .flow import TransitionError, approve, circulate, mark_held, publish, source_meeting, start_minutes
from .models import ConsultationPage, ConsultationSubmission, MeetingStatus, Minutes, RoundtableMeetingPage
from .views import review_url

ACTIONS = {
    "held": "roundtable.change_minutes",
    "start": "roundtable.change_minutes",
    "circulate": "roundtable.change_minutes",
    "approve": "roundtable.approve_minutes",
    "publish": "roundtable.change_minutes",
}


def _can_see_workflow(user) -> bool:
    return user.has_perm("roundtable.view_minutes") or user.has_perm("roundtable.approve_minutes")


@require_http_methods(["GET", "POST"])
def meeting_workflow(request, page_id: int):
    meeting = get_object_or_404(RoundtableMeetingPage, pk=page_id)
    if not _can_see_workflow(request.user):
        raise PermissionDenied
    meeting = source_meeting(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    issued = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, _("Unknown action."))
            return redirect("roundtable_meeting_workflow", meeting.pk)
        if not request.user.has_perm(ACTIONS[action]):
            raise PermissionDenied
        try:
            if action == "held":
                mark_held(meeting, request.user)
                messages.success(request, _("The meeting is marked as held."))
            elif action == "start":
                minutes = start_minutes(meeting, request.user)
                messages.success(
                    request, _("Minutes started, one section per agenda item. Write them, then circulate.")
                )
            elif minutes is None:
                raise TransitionError(_("Start the minutes first."))
            elif action == "circulate":
                issued = circulate(minutes, request.user)
                index = meeting.get_parent().specific
                links = [(item.link, review_url(index, item.token, request)) for item in issued]
                transaction.on_commit(lambda: _send_review_links(meeting, links))
                messages.success(
                    request,
                    _("The draft went to %(count)d representatives. Earlier links no longer work.")
                    % {"count": len(issued)},
                )
            elif action == "approve":
                commitments = approve(minutes, request.user, request.POST.get("chair_name", "").strip()[:200])
                messages.success(
                    request,
                    _("Minutes approved; %(count)d commitments are ready for the tracker.")
                    % {"count": len(commitments)},
                )
            elif action == "publish":
                publish(minutes, request.user)
                messages.success(request, _("Minutes published on the meeting page, in feeds, search and the API."))
        except TransitionError as error:
            messages.error(request, str(error))
        if not issued:
            return redirect("roundtable_meeting_workflow", meeting.pk)
    meeting.refresh_from_db()
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "steps": MeetingStatus.choices,
        "current": meeting.status,
        "links": list(minutes.review_links.order_by("name")) if minutes else [],
        "comments": list(minutes.comments.order_by("created_at")) if minutes else [],
        "issued": [(item.link, review_url(meeting.get_parent().specific, item.token, request)) for item in issued],
        "can": {action: request.user.has_perm(permission) for action, permission in ACTIONS.items()},
        "page_title": _("Minutes and status"),
        "page_subtitle": meeting.title,
        "header_icon": "doc-full",
    }
    return TemplateResponse(request, "roundtable/admin/meeting_workflow.html", context)


def _send_review_links(meeting: RoundtableMeetingPage, links) -> None:
    for link, url in links:
        send_mail(
            subject=_("Draft minutes for your comments: %(title)s") % {"title": meeting.title},
            message=_(
                "Dear %(name)s,\n\nthe draft minutes of “%(title)s” are ready for your comments. This private link "
                "works without an account until %(expires)s:\n\n%(url)s\n\nPlease do not forward it.\n\n"
                "The roundtable secretariat"
            )
            % {
                "name": link.name,
                "title": meeting.title,
                "expires": f"{link.expires_at:%Y-%m-%d %H:%M} UTC",
                "url": url,
            },
            from_email=None,
            recipient_list=[link.email],
            fail_silently=True,
        )


class MeetingWorkflowMenuItem(ActionMenuItem):
    label = gettext_lazy("Minutes and status…")
    name = "action-roundtable-workflow"
    icon_name = "doc-full"
    order = 70

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, RoundtableMeetingPage)
            and _can_see_workflow(context["request"].user)
        )

    def get_url(self, parent_context):
        from django.urls import reverse

        return reverse("roundtable_meeting_workflow", args=[parent_context["page"].pk])


# --- Consultation submissions -----------------------------------------------------------------------


def _require_moderator(user) -> None:
    if not user.has_perm("roundtable.change_consultationsubmission"):
        raise PermissionDenied


def submission_attachment(request, pk: int):
    """Private attachments reach moderators only, always as a download, never rendered by the browser."""
    _require_moderator(request.user)
    submission = get_object_or_404(ConsultationSubmission, pk=pk)
    if not submission.attachment:
        raise Http404
    response = FileResponse(
        submission.attachment.open("rb"),
        as_attachment=True,
        filename=submission.attachment_name or submission.attachment.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


SUBMISSION_COLUMNS = [
    "reference",
    "received_at",
    "language",
    "status",
    "organisation",
    "organisation_kind",
    "country",
    "contact_email",
    "consent_to_publish",
    "attachment",
    "moderation_note",
]


def submissions_csv(request, page_id: int):
    """Every submission to a consultation (all its languages), one row each, one column per question.
    Cells a spreadsheet would run as formulas are escaped."""
    if not request.user.has_perm("roundtable.view_consultationsubmission"):
        raise PermissionDenied
    consultation = get_object_or_404(ConsultationPage, pk=page_id)
    questions = consultation.question_list()
    submissions = ConsultationSubmission.objects.filter(
        consultation__translation_key=consultation.translation_key
    ).order_by("received_at", "pk")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SUBMISSION_COLUMNS + [escape_formula(question["question"]) for question in questions])
    for submission in submissions:
        answers = {answer.get("question_id"): answer.get("answer", "") for answer in submission.answers}
        row = [
            f"RT-{submission.pk:06d}",
            submission.received_at.isoformat(),
            submission.language,
            submission.status,
            submission.organisation_name,
            submission.organisation_kind,
            str(submission.country),
            submission.contact_email,
            "yes" if submission.consent_to_publish else "no",
            submission.attachment_name,
            submission.moderation_note,
        ] + [answers.get(question["id"], "") for question in questions]
        writer.writerow([escape_formula(str(cell)) for cell in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-submissions.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


class EraseForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("The submitter's e-mail address"))


@require_http_methods(["GET", "POST"])
def erase_submitter(request):
    """A submitter asked for their data to be erased: every submission sent from that e-mail address
    loses its contact address and attachment. Answers stay (they belong to the organisation)."""
    _require_moderator(request.user)
    form = EraseForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        erased = sum(
            submission.erase_contact()
            for submission in ConsultationSubmission.objects.filter(contact_email__iexact=email)
        )
        if erased:
            messages.success(request, _("Erased the contact details of %(count)d submissions.") % {"count": erased})
        else:
            messages.info(request, _("No submission holds that e-mail address."))
        return redirect("wagtailsnippets_roundtable_consultationsubmission:list")
    return TemplateResponse(
        request,
        "roundtable/admin/erase_submitter.html",
        {"form": form, "page_title": _("Erase a submitter's data"), "header_icon": "bin"},
    )
