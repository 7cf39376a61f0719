"""After migrate, once every app's permissions exist, the roundtable's groups exist too."""

from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def create_roundtable_groups(sender, app_config=None, using="default", **kwargs):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if app_config is None or app_config.label != with_models[-1].label:
        return
    for config in with_models:
        create_permissions(config, verbosity=0, using=using)
    from .access import ensure_roundtable_groups

    ensure_roundtable_groups()


def public_pages_of(instance) -> list:
    """The page a moderated row shows on (its consultation or meeting), for the page cache's CDN purge."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        page = getattr(instance, "consultation", None) or getattr(instance, "meeting", None)
    except ObjectDoesNotExist:  # deleted together with its page
        return []
    return [page]
