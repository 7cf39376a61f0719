from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Locale, Site
from wagtail.signals import page_published

from hub.web.hosts import forget_site_hostnames

from .models import PresidencyPage


@receiver(page_published, sender=PresidencyPage)
def presidency_published(sender, instance, **kwargs):
    from .blueprint import apply_blueprint, publish_new_structure
    from .sites import sync_presidency_site

    if instance.locale_id == Locale.get_default().pk:
        apply_blueprint(instance)
        publish_new_structure(instance)
        sync_presidency_site(instance)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, **kwargs):
    forget_site_hostnames()


@receiver(post_migrate)
def create_office_group(sender, app_config=None, using="default", apps=None, **kwargs):
    """After migrate, once every app's permissions exist, make sure the permanent office group does, and
    every presidency's private working documents (presidencies made before they existed too)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if app_config is None or app_config.label != with_models[-1].label:
        return
    for config in with_models:
        create_permissions(config, verbosity=0, using=using)
    from .access import ensure_every_working_documents, ensure_office_group

    ensure_office_group()
    ensure_every_working_documents()
