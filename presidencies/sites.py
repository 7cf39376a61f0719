"""A presidency with its own hostname is also served as its own Wagtail Site."""

from wagtail.models import Locale, Site

from .models import PresidencyPage


def sync_presidency_site(presidency: PresidencyPage) -> Site | None:
    """Create, update or remove the Site of a presidency's own domain. No redeploy needed."""
    source = presidency.get_translation_or_none(Locale.get_default()) or presidency
    existing = Site.objects.filter(root_page__translation_key=source.translation_key).exclude(is_default_site=True)
    if not presidency.hostname:
        existing.delete()
        return None
    # Only a Site already rooted at this presidency is reused: another Site is never taken over.
    site = existing.first()
    if site is None:
        if Site.objects.filter(hostname=presidency.hostname).exists():
            return None
        site = Site(hostname=presidency.hostname, port=80)
    site.hostname = presidency.hostname
    site.root_page = source
    site.site_name = presidency.label
    site.save()
    existing.exclude(pk=site.pk).delete()
    return site
