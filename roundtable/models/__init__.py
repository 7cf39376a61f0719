"""The roundtable: members, meetings, minutes, commitments and consultations."""

from .commitments import OPEN_STATUSES, Commitment, CommitmentStatus, ProgressUpdate, PublicStatus
from .consultations import ConsultationPage, ConsultationSubmission, SubmissionStatus, SubmitterKind
from .meetings import (
    AgendaItem,
    Attendance,
    MeetingDocument,
    MeetingMode,
    MeetingParticipant,
    MeetingStatus,
    RoundtableIndexPage,
    RoundtableMeetingPage,
)
from .members import Representative, RoundtableMember
from .minutes import Minutes, MinutesComment, MinutesReviewLink, MinutesStatus, hash_token

__all__ = [
    "OPEN_STATUSES",
    "AgendaItem",
    "Attendance",
    "Commitment",
    "CommitmentStatus",
    "ConsultationPage",
    "ConsultationSubmission",
    "MeetingDocument",
    "MeetingMode",
    "MeetingParticipant",
    "MeetingStatus",
    "Minutes",
    "MinutesComment",
    "MinutesReviewLink",
    "MinutesStatus",
    "ProgressUpdate",
    "PublicStatus",
    "Representative",
    "RoundtableIndexPage",
    "RoundtableMeetingPage",
    "RoundtableMember",
    "SubmissionStatus",
    "SubmitterKind",
    "hash_token",
]
