"""Groups, page and collection permissions: the office over everything, each presidency over its own."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
)

from hub.publishing.office import OFFICE_GROUP, is_office_member

from .models import PresidencyPage

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
OFFICE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
ACCOUNT_MODEL_PERMISSIONS = ("add_officialaccount", "change_officialaccount")


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _translation_permission() -> Permission:
    """wagtail-localize's "Can submit translations", made by its data migration, not by a model's Meta:
    a database flushed by tests lacks it, so it is made the same way when missing."""
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    return permission


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type=ContentType.objects.get_for_model(Page), codename=codename)


# Every presidency's moderators group, whatever its year and country (see group_names).
MODERATORS_GROUP_PATTERN = r"\d{4} .+ moderators"


def group_names(presidency: PresidencyPage) -> tuple[str, str]:
    base = f"{presidency.year} {presidency.country_name}"
    return f"{base} editors", f"{base} moderators"


def _grant_pages(group: Group, pages, codenames) -> int:
    created = 0
    for page in pages:
        for codename in codenames:
            _, made = GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_page_permission(codename)
            )
            created += made
    return created


def _grant_media(group: Group, collection: Collection, codenames=MEDIA_PERMISSIONS) -> int:
    created = 0
    for app_label, codename in codenames:
        _, made = GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )
        created += made
    return created


OFFICE_LIBRARY = "Office library"
CHOOSE_MEDIA = (("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document"))


def ensure_office_library() -> list[str]:
    """The office's shared images and documents (logos, the summit photo): every presidency's officers may
    choose them for their pages; only the office (rights over the root collection) may change them."""
    root = Collection.get_first_root_node()
    if root is None:
        return []
    changes = []
    library = root.get_children().filter(name=OFFICE_LIBRARY).first()
    if library is None:
        library = root.add_child(name=OFFICE_LIBRARY)
        changes.append(f"created collection {OFFICE_LIBRARY}")
    presidency_groups = [
        name
        for presidency in PresidencyPage.objects.filter(locale=Locale.get_default())
        for name in group_names(presidency)
    ]
    translators = Group.objects.filter(name__in=presidency_groups, page_permissions__isnull=False).distinct()
    submit = _translation_permission()
    for group in translators.exclude(permissions=submit):
        group.permissions.add(submit)
        changes.append(f"let {group.name} translate its pages")
    shared = sum(
        _grant_media(group, library, CHOOSE_MEDIA) for group in Group.objects.filter(name__in=presidency_groups)
    )
    if shared:
        changes.append(f"shared the {OFFICE_LIBRARY} with the presidencies' groups")
    return changes


def ensure_office_group() -> list[str]:
    """The permanent office: rights over the whole site in every language, untouched by handovers."""
    changes = []
    group, created = Group.objects.get_or_create(name=OFFICE_GROUP)
    if created:
        changes.append(f"created group {OFFICE_GROUP}")
    root = Page.get_first_root_node()
    if root is None:
        return changes
    # The tree root covers every locale's home page and everything below.
    _grant_pages(group, [root], OFFICE_PAGE_PERMISSIONS)
    _grant_media(group, Collection.get_first_root_node())
    model_permissions = [
        ("wagtailadmin", "access_admin"),
        ("presidencies", "run_handover"),
        ("presidencies", "add_officialaccount"),
        ("presidencies", "change_officialaccount"),
        ("presidencies", "delete_officialaccount"),
        ("hub", "add_topic"),
        ("hub", "change_topic"),
        ("hub", "delete_topic"),
        ("hub", "add_organisation"),
        ("hub", "change_organisation"),
        ("hub", "delete_organisation"),
        ("hub", "change_hubsettings"),
        ("factchecks", "add_outlet"),
        ("factchecks", "change_outlet"),
        ("factchecks", "view_reviewrequest"),
        ("factchecks", "change_reviewrequest"),
        ("feeds", "add_source"),
        ("feeds", "change_source"),
        ("feeds", "view_source"),
        ("feeds", "change_feeditem"),
        ("feeds", "view_feeditem"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
    ]
    group.permissions.add(
        *[_permission(app, codename) for app, codename in model_permissions], _translation_permission()
    )
    return changes + ensure_office_library()


def ensure_presidency_collection(presidency: PresidencyPage) -> tuple[Collection, bool]:
    if presidency.collection_id:
        return presidency.collection, False
    name = f"{presidency.year} {presidency.country_name}"
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    created = collection is None
    if created:
        collection = root.add_child(name=name)
    PresidencyPage.objects.filter(translation_key=presidency.translation_key).update(collection=collection)
    presidency.collection = collection
    return collection, created


WORKING_DOCUMENTS = "Working documents"


def ensure_working_documents(presidency: PresidencyPage) -> list[str]:
    """A private collection inside the presidency's own: drafts, briefings and notes its officers share
    with each other and the office. Its documents are served to the presidency's groups and the office
    only, and their files are kept out of public media (``hub/web/private_documents.py``). The
    presidency's main collection stays public: pages and the library link to what is in it.

    The groups' rights on the main collection cover this one, which sits inside it."""
    if not presidency.collection_id:
        return []
    changes = []
    parent = presidency.collection
    working = parent.get_children().filter(name=WORKING_DOCUMENTS).first()
    if working is None:
        working = parent.add_child(name=WORKING_DOCUMENTS)
        changes.append(f"created collection {parent.name} / {WORKING_DOCUMENTS}")
    restriction = working.view_restrictions.filter(restriction_type=CollectionViewRestriction.GROUPS).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=working, restriction_type=CollectionViewRestriction.GROUPS
        )
        changes.append(f"made {parent.name} / {WORKING_DOCUMENTS} private")
    readers = Group.objects.filter(name__in=[*group_names(presidency), OFFICE_GROUP])
    missing = readers.exclude(pk__in=restriction.groups.values("pk"))
    if missing.exists():
        restriction.groups.add(*missing)
        changes.append(f"let {', '.join(group.name for group in missing)} read {parent.name} / {WORKING_DOCUMENTS}")
    return changes


def ensure_every_working_documents() -> list[str]:
    """After migrate: every presidency, including those made before working documents existed, has its own."""
    changes, seen = [], set()
    for presidency in PresidencyPage.objects.filter(collection__isnull=False).select_related("collection"):
        if presidency.collection_id not in seen:  # translations share their original's collection
            seen.add(presidency.collection_id)
            changes += ensure_working_documents(presidency)
    return changes


def ensure_presidency_access(presidency: PresidencyPage) -> list[str]:
    """Editors and moderators of one presidency, with rights on its subtree in every locale only."""
    changes = []
    collection, made = ensure_presidency_collection(presidency)
    if made:
        changes.append(f"created collection {collection.name}")
    if presidency.is_archived:
        return changes + ensure_working_documents(presidency)
    sections = list(PresidencyPage.objects.filter(translation_key=presidency.translation_key))
    editors_name, moderators_name = group_names(presidency)
    admin_access = _permission("wagtailadmin", "access_admin")
    account_permissions = [_permission("presidencies", codename) for codename in ACCOUNT_MODEL_PERMISSIONS]
    for name, page_codenames in (
        (editors_name, EDITOR_PAGE_PERMISSIONS),
        (moderators_name, MODERATOR_PAGE_PERMISSIONS),
    ):
        group, created = Group.objects.get_or_create(name=name)
        if created:
            changes.append(f"created group {name}")
        group.permissions.add(admin_access, *account_permissions, _translation_permission())
        if _grant_pages(group, sections, page_codenames):
            changes.append(f"granted {name} page permissions on {len(sections)} language trees")
        if _grant_media(group, collection):
            changes.append(f"granted {name} its media collection")
        library = Collection.objects.filter(name=OFFICE_LIBRARY, depth=2).first()
        if library is not None and _grant_media(group, library, CHOOSE_MEDIA):
            changes.append(f"shared the {OFFICE_LIBRARY} with {name}")
    return changes + ensure_working_documents(presidency)


def revoke_presidency_access(presidency: PresidencyPage) -> list[str]:
    """At archiving: the presidency's groups keep admin access and can still choose their media,
    but lose every right to add, edit or publish pages, media and accounts."""
    changes = []
    groups = Group.objects.filter(name__in=group_names(presidency))
    deleted, _ = GroupPagePermission.objects.filter(group__in=groups).delete()
    if deleted:
        changes.append(f"removed {deleted} page permissions from the {presidency} groups")
    deleted, _ = (
        GroupCollectionPermission.objects.filter(group__in=groups)
        .exclude(permission__codename__in=["choose_image", "choose_document"])
        .delete()
    )
    if deleted:
        changes.append(f"removed {deleted} media permissions from the {presidency} groups")
    for group in groups:
        group.permissions.remove(
            *Permission.objects.filter(codename__in=[*ACCOUNT_MODEL_PERMISSIONS, "submit_translation"])
        )
    return changes


def presidencies_user_can_edit(user) -> set:
    """Translation keys of the presidencies in which ``user`` may change pages (via their groups)."""
    if not user.is_active:
        return set()
    sections = PresidencyPage.objects.filter(
        group_permissions__group__user=user, group_permissions__permission__codename="change_page"
    ).values_list("translation_key", flat=True)
    return set(sections)


def user_is_office(user) -> bool:
    return is_office_member(user)


def _ensure_review_workflow(name: str, groups: list[Group], pages) -> list[str]:
    """A "Second pair of eyes" workflow reviewed by ``groups``, assigned to ``pages``. Idempotent."""
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from hub.publishing.review import SecondPairOfEyesTask

    changes = []
    workflow, created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if created:
        changes.append(f"created workflow {name}")
    task = SecondPairOfEyesTask.objects.filter(name=f"{name}: second pair of eyes").first()
    if task is None:
        task = SecondPairOfEyesTask.objects.create(name=f"{name}: second pair of eyes")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.groups.add(*groups)
    for page in pages:
        _, made = WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
        if made:
            changes.append(f"assigned {name} to {page.url_path}")
    return changes


def ensure_office_workflow() -> list[str]:
    """The office reviews everything outside the presidencies (assigned to every language's home page)."""
    from hub.models import HomePage

    office = Group.objects.get(name=OFFICE_GROUP)
    return _ensure_review_workflow("G20 office review", [office], HomePage.objects.all())


def ensure_presidency_workflow(presidency: PresidencyPage) -> list[str]:
    """The presidency's moderators (or the office) review its pages, in every language."""
    _editors, moderators_name = group_names(presidency)
    groups = list(Group.objects.filter(name__in=[moderators_name, OFFICE_GROUP]))
    sections = PresidencyPage.objects.filter(translation_key=presidency.translation_key)
    return _ensure_review_workflow(f"{presidency.year} {presidency.country_name} review", groups, sections)
