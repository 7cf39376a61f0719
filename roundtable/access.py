"""Roundtable groups: the secretariat drafts minutes and tracks commitments, chairs approve minutes,
moderators handle consultation submissions. The permanent office gets all but the chair's approval."""

from django.contrib.auth.models import Group, Permission

SECRETARIAT_GROUP = "Roundtable secretariat"
CHAIRS_GROUP = "Roundtable chairs"
MODERATORS_GROUP = "Consultation moderators"

SECRETARIAT = [
    ("wagtailadmin", "access_admin"),
    ("roundtable", "change_minutes"),
    ("roundtable", "view_minutes"),
    ("roundtable", "view_minutescomment"),
    ("roundtable", "add_commitment"),
    ("roundtable", "change_commitment"),
    ("roundtable", "view_commitment"),
    ("roundtable", "add_roundtablemember"),
    ("roundtable", "change_roundtablemember"),
    ("roundtable", "view_roundtablemember"),
]
CHAIRS = [
    ("wagtailadmin", "access_admin"),
    ("roundtable", "view_minutes"),
    ("roundtable", "view_minutescomment"),
    ("roundtable", "approve_minutes"),
]
MODERATORS = [
    ("wagtailadmin", "access_admin"),
    ("roundtable", "view_consultationsubmission"),
    ("roundtable", "change_consultationsubmission"),
]


def _permissions(pairs) -> list[Permission]:
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.filter(codename__in=[codename for _app, codename in pairs]).select_related(
            "content_type"
        )
    }
    return [found[pair] for pair in pairs if pair in found]


def ensure_roundtable_groups() -> None:
    """Idempotent: creates the three groups and grants their rights (and the office's)."""
    from hub.publishing.office import OFFICE_GROUP

    for name, pairs in ((SECRETARIAT_GROUP, SECRETARIAT), (CHAIRS_GROUP, CHAIRS), (MODERATORS_GROUP, MODERATORS)):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(pairs))
    office = Group.objects.filter(name=OFFICE_GROUP).first()
    if office is not None:
        office.permissions.add(*_permissions(SECRETARIAT + MODERATORS))
