"""API: /api/v1/consultations/: every live, public consultation (upcoming, open and closed) with its
questions, its background as ``body_html``, the "you said, we did" answer and its published submissions.

A submission appears only once a moderator published it with its author's consent, and only what the
consultation page itself shows of it: organisation, kind, country, date, language and answers. Contact
e-mail addresses, moderation notes and attachments (kept in private storage, never published) are not
even read from the database here.
"""

from __future__ import annotations

from collections import defaultdict

import django_filters
from django.db.models import F
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.pages.fulltext import base_url_of, full_texts, rich_text_source, stream_source
from hub.rest.pages import FullTextSerializerMixin, PageSerializer, PageSinceFilterMixin, PageViewSet

from .models import ConsultationPage, ConsultationSubmission, SubmissionStatus, SubmitterKind


class ConsultationStatus:
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    choices = [
        (UPCOMING, gettext_lazy("Not open yet")),
        (OPEN, gettext_lazy("Open")),
        (CLOSED, gettext_lazy("Closed")),
    ]


def consultation_status(page: ConsultationPage, now=None) -> str:
    now = now or timezone.now()
    if now < page.opens_at:
        return ConsultationStatus.UPCOMING
    return ConsultationStatus.OPEN if now < page.closes_at else ConsultationStatus.CLOSED


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    question = serializers.CharField()
    help_text = serializers.CharField()
    required = serializers.BooleanField()


class AnswerSerializer(serializers.Serializer):
    question_id = serializers.CharField()
    question = serializers.CharField(help_text="The question as it was asked.")
    answer = serializers.CharField()


class SubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(help_text="The organisation's name as published.")
    organisation_kind = serializers.ChoiceField(choices=SubmitterKind.choices)
    organisation_kind_label = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166 alpha-2 code.")
    date = serializers.DateField(help_text="When it was received.")
    language = serializers.CharField()
    answers = AnswerSerializer(many=True)


# Only these columns are read: nothing private can leak into a response by a later change.
PUBLIC_SUBMISSION_FIELDS = (
    "pk",
    "organisation_name",
    "organisation_kind",
    "country",
    "received_at",
    "language",
    "answers",
)


def published_submissions_by_key(translation_keys) -> dict:
    """Published submissions (moderated, with consent) by consultation translation key, in one query:
    every language version of a consultation shows the submissions made in any language."""
    found = defaultdict(list)
    if not translation_keys:
        return found
    rows = (
        ConsultationSubmission.objects.filter(
            consultation__translation_key__in=list(translation_keys),
            status=SubmissionStatus.PUBLISHED,
            consent_to_publish=True,
        )
        .annotate(consultation_key=F("consultation__translation_key"))
        .order_by("received_at", "pk")
        .values("consultation_key", *PUBLIC_SUBMISSION_FIELDS)
    )
    labels = dict(SubmitterKind.choices)
    for row in rows:
        found[row["consultation_key"]].append(
            {
                "id": row["pk"],
                "organisation": row["organisation_name"],
                "organisation_kind": row["organisation_kind"],
                "organisation_kind_label": str(labels.get(row["organisation_kind"], row["organisation_kind"])),
                "country": str(row["country"] or ""),
                "date": timezone.localdate(row["received_at"]),
                "language": row["language"],
                "answers": public_answers(row["answers"]),
            }
        )
    return found


def public_answers(stored) -> list[dict]:
    """The answered questions, as stored when the submission was made; anything else stored is left out."""
    answers = []
    for answer in stored if isinstance(stored, list) else []:
        if isinstance(answer, dict) and str(answer.get("answer") or "").strip():
            answers.append(
                {
                    "question_id": str(answer.get("question_id") or ""),
                    "question": str(answer.get("question") or ""),
                    "answer": str(answer["answer"]),
                }
            )
    return answers


class ConsultationSerializer(FullTextSerializerMixin, PageSerializer):
    summary = serializers.CharField(source="introduction", read_only=True)
    opens_at = serializers.DateTimeField(read_only=True)
    closes_at = serializers.DateTimeField(read_only=True)
    status = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()
    response_html = serializers.SerializerMethodField(
        help_text='"You said, we did" once the consultation closed, as sanitised HTML ("" before).'
    )
    submissions = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationPage
        fields = [
            *PageSerializer.page_fields,
            "summary",
            "body_html",
            "opens_at",
            "closes_at",
            "status",
            "questions",
            "response_html",
            "submissions",
        ]

    @classmethod
    def full_text_source(cls, page) -> str:
        """The background and the questions, as the page shows them."""
        questions = format_html_join(
            "",
            "<li>{}{}</li>",
            (
                (
                    question["question"],
                    format_html("<br>{}", question["help_text"]) if question.get("help_text") else "",
                )
                for question in page.question_list()
            ),
        )
        with translation.override(page.locale.language_code):
            heading = format_html("<h2>{}</h2>", _("The questions"))
        return rich_text_source(page.body) + (f"{heading}<ol>{questions}</ol>" if questions else "")

    @extend_schema_field(serializers.ChoiceField(choices=ConsultationStatus.choices))
    def get_status(self, obj) -> str:
        return consultation_status(obj, self.context.get("now"))

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, obj) -> list[dict]:
        return [
            {
                "id": question["id"],
                "question": question["question"],
                "help_text": question.get("help_text") or "",
                "required": bool(question.get("required")),
            }
            for question in obj.question_list()
        ]

    def get_response_html(self, obj) -> str:
        found = self.context.get("response_html")
        if found is None or obj.pk not in found:
            found = response_html_by_pk([obj], self.context.get("request"))
        return found[obj.pk]

    @extend_schema_field(SubmissionSerializer(many=True))
    def get_submissions(self, obj) -> list[dict]:
        found = self.context.get("submissions")
        if found is None:
            found = published_submissions_by_key({obj.translation_key})
        return found.get(obj.translation_key, [])


def response_html_by_pk(pages, request) -> dict:
    pages = list(pages)
    texts = full_texts([stream_source(page.response) for page in pages], base_url_of(request), request)
    return {page.pk: text for page, text in zip(pages, texts, strict=True)}


class ConsultationAPIFilter(PageSinceFilterMixin):
    status = django_filters.ChoiceFilter(
        choices=ConsultationStatus.choices,
        method="filter_status",
        label=gettext_lazy("Where the consultation stands now: upcoming (not open yet), open or closed."),
    )

    class Meta:
        model = ConsultationPage
        fields = []

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        if value == ConsultationStatus.UPCOMING:
            return queryset.filter(opens_at__gt=now)
        if value == ConsultationStatus.OPEN:
            return queryset.filter(opens_at__lte=now, closes_at__gt=now)
        return queryset.filter(closes_at__lte=now)


class ConsultationViewSet(PageViewSet):
    """Consultations of civil society, latest closing first: questions, dates, status (?status=upcoming, open
    or closed), the "you said, we did" answer, and the submissions published with their authors' consent
    (never an e-mail address or an attachment)."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationAPIFilter
    queryset = ConsultationPage.objects.none()

    def get_queryset(self):
        return ConsultationPage.objects.live().public().select_related("locale").order_by("-closes_at", "-id")

    def batch_context(self, pages) -> dict:
        return {
            **super().batch_context(pages),
            "now": timezone.now(),
            "response_html": response_html_by_pk(pages, self.request),
            "submissions": published_submissions_by_key({page.translation_key for page in pages}),
        }
