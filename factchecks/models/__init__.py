"""The fact-check database: debunks (pages), outlets (snippet) and right-of-reply requests."""

from .case_ids import (
    CASE_ID_PATTERN,
    CaseIdSequence,
    format_case_id,
    is_provisional_slug,
    next_case_id,
    provisional_slug,
    reserve_case_id,
)
from .outlets import Outlet, OutletKind, unique_outlet_slug
from .pages import (
    CLAIM_MAX_LENGTH,
    ClaimAppearance,
    ClaimAuthorType,
    DebunkCorrection,
    DebunkEvidence,
    DebunkPage,
    DebunkRelatedDebunk,
    DebunkRelatedStatement,
    DebunkTag,
    FactCheckIndexPage,
    editor_order,
)
from .review_requests import ReviewRequest, ReviewRequestStatus

__all__ = [
    "CASE_ID_PATTERN",
    "CLAIM_MAX_LENGTH",
    "CaseIdSequence",
    "ClaimAppearance",
    "ClaimAuthorType",
    "DebunkCorrection",
    "DebunkEvidence",
    "DebunkPage",
    "DebunkRelatedDebunk",
    "DebunkRelatedStatement",
    "DebunkTag",
    "FactCheckIndexPage",
    "Outlet",
    "OutletKind",
    "ReviewRequest",
    "ReviewRequestStatus",
    "editor_order",
    "format_case_id",
    "is_provisional_slug",
    "provisional_slug",
    "next_case_id",
    "reserve_case_id",
    "unique_outlet_slug",
]
