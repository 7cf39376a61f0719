"""Keep cached counts of the fact-check database honest: any change to a debunk invalidates them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from hub.publishing.withdrawal import page_withdrawn

from .facets import invalidate_facet_counts
from .models import DebunkPage
from .signals import debunk_published


@receiver(post_save, sender=DebunkPage)
@receiver(post_delete, sender=DebunkPage)
@receiver(page_published, sender=DebunkPage)
@receiver(page_unpublished, sender=DebunkPage)
@receiver(page_withdrawn, sender=DebunkPage)
def debunks_changed(sender, **kwargs):
    invalidate_facet_counts()


@receiver(page_published, sender=DebunkPage)
def announce_debunk(sender, instance, **kwargs):
    """Tell the other domains, once the publication is committed (``factchecks.signals.debunk_published``)."""
    page = instance.specific
    transaction.on_commit(lambda: debunk_published.send(sender=DebunkPage, page=page))
