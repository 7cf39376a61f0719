"""A sitemap of every public page in every locale.

Wagtail's own sitemap lists the current site's locale only; the hub's pages
live in one tree per language, and each translation deserves to be found.
"""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLocalesSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        in_any_tree = Q()
        for root in roots:
            in_any_tree |= Q(path__startswith=root.path)
        return Page.objects.live().public().filter(in_any_tree).order_by("path").defer_streamfields().specific()
