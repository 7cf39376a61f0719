"""Models of the presidencies app, split by concern and re-exported here."""

from .accounts import (
    PLATFORM_ALIASES,
    AccountIdentifier,
    AccountStatus,
    OfficialAccount,
    OfficialAccountQuerySet,
    OfficialAccountsPage,
    Platform,
)
from .handovers import ScheduledHandover, ScheduledHandoverQuerySet
from .pages import (
    CalendarPage,
    PresidencyAccountsPage,
    PresidencyDocumentsPage,
    PresidencyIndexPage,
    PresidencyPage,
    PresidencySectionPage,
    PresidencyStatementsPage,
    PrioritiesPage,
    default_term,
    presidency_title,
)

__all__ = [
    "PLATFORM_ALIASES",
    "AccountIdentifier",
    "AccountStatus",
    "CalendarPage",
    "OfficialAccount",
    "OfficialAccountQuerySet",
    "OfficialAccountsPage",
    "Platform",
    "PresidencyAccountsPage",
    "PresidencyDocumentsPage",
    "PresidencyIndexPage",
    "PresidencyPage",
    "PresidencySectionPage",
    "PresidencyStatementsPage",
    "PrioritiesPage",
    "ScheduledHandover",
    "ScheduledHandoverQuerySet",
    "default_term",
    "presidency_title",
]
