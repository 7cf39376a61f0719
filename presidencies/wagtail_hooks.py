from django import forms
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.models import Locale
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .blueprint import apply_blueprint
from .forms import OfficialAccountForm
from .models import OfficialAccount, PresidencyPage
from .permissions import OfficialAccountPermissionPolicy
from .templatetags import presidencies_tags
from .views import HandoverView

account_policy = OfficialAccountPermissionPolicy(OfficialAccount)
register_permission_policy(OfficialAccount, account_policy)


class OwnerScopedObjectMixin:
    """Refuse, with 403, any view of an account the user may not manage (not just hide it from the list)."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not account_policy.user_has_any_permission_for_instance(self.request.user, ["change", "delete"], instance):
            raise PermissionDenied
        return instance


def manageable_accounts(user):
    """The accounts ``user`` may manage: their presidency's (every account, for the office). The list,
    its search, the chooser and each account's views all start here."""
    return account_policy.instances_user_has_any_permission_for(user, ["change", "delete"])


def _scoped(view_class):
    return type(f"OwnerScoped{view_class.__name__}", (OwnerScopedObjectMixin, view_class), {})


class AccountSearchForm(BaseFilterForm):
    """The chooser's search, in the database (the scoped list cannot be filtered by a search backend)."""

    q = forms.CharField(
        label=_("Search term"), widget=forms.TextInput(attrs={"placeholder": _("Search")}), required=False
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.filter(handle__icontains=query)
        return objects


class ScopedAccountChooserMixin:
    """The chooser offers what the list shows: the accounts of the officer's own presidency (all, for the
    office). Accounts are created on the registry's own page, where their owner is checked."""

    filter_form_class = AccountSearchForm

    def get_object_list(self):
        return manageable_accounts(self.request.user)

    def can_create(self):
        return False


class ScopedChosenMixin:
    def get_object(self, pk):
        return manageable_accounts(self.request.user).get(pk=pk)


class OfficialAccountChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("AccountChooseView", (ScopedAccountChooserMixin, chooser_views.ChooseView), {})
    choose_results_view_class = type(
        "AccountChooseResultsView", (ScopedAccountChooserMixin, chooser_views.ChooseResultsView), {}
    )
    chosen_view_class = type("AccountChosenView", (ScopedChosenMixin, chooser_views.SnippetChosenView), {})
    create_view_class = type("AccountCreateView", (ScopedAccountChooserMixin, chooser_views.SnippetCreateView), {})


class OfficialAccountViewSet(SnippetViewSet):
    model = OfficialAccount
    icon = "user"
    menu_label = _("Official accounts")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["handle", "platform", Column("owner_label", label=_("Speaks for")), "status", "verified_on"]
    list_filter = ["platform", "status"]
    search_fields = ["handle"]
    # The database, not the search index: the list is scoped to the officer's presidency through the
    # owner's translation key, a filter the search backends cannot apply ("FilterFieldError").
    search_backend_name = None
    chooser_viewset_class = OfficialAccountChooserViewSet
    edit_view_class = _scoped(snippet_views.EditView)
    delete_view_class = _scoped(snippet_views.DeleteView)
    copy_view_class = _scoped(snippet_views.CopyView)
    history_view_class = _scoped(snippet_views.HistoryView)
    usage_view_class = _scoped(snippet_views.UsageView)

    def get_queryset(self, request):
        return manageable_accounts(request.user).select_related("owner")


# Wagtail builds snippet forms from the model's base_form_class.
OfficialAccount.base_form_class = OfficialAccountForm
register_snippet(OfficialAccountViewSet)


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page, destination):
    """Wagtail checks the move itself on POST; refuse its confirmation screen too."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("after_create_page")
def build_presidency_from_blueprint(request, page):
    """Creating a presidency in the admin builds its five sections in every language."""
    specific = page.specific
    if isinstance(specific, PresidencyPage) and specific.locale_id == Locale.get_default().pk:
        apply_blueprint(specific)


@hooks.register("register_admin_urls")
def register_handover_url():
    return [path("handover/", HandoverView.as_view(), name="presidencies_handover")]


class HandoverMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("presidencies.run_handover")


@hooks.register("register_settings_menu_item")
def register_handover_menu_item():
    return HandoverMenuItem(_("Presidency handover"), reverse("presidencies_handover"), icon_name="resubmit", order=900)


# --- What the core's templates show of the presidencies (slots of hub_tags) -----------------


@hooks.register("hub_slot_page_banner")
def archive_banner_slot(context, page) -> str:
    """The archive banner on every page of an archived presidency."""
    return render_to_string(
        "presidencies/includes/archive_banner.html", presidencies_tags.archive_banner(context, page)
    )


@hooks.register("hub_slot_footer_accounts")
def office_accounts_slot(context) -> str:
    """The permanent office's active accounts in the footer, with rel="me"."""
    return render_to_string("presidencies/includes/footer_accounts.html", presidencies_tags.office_accounts())


@hooks.register("hub_slot_home_panels", order=100)
def troika_slot(context, heading_level: int = 2) -> str:
    """The troika on the home page, after what is new (statements 10, debunks 20, newsroom 30, roundtable 40)."""
    return render_to_string("presidencies/includes/troika.html", presidencies_tags.troika_panel(context, heading_level))


@hooks.register("hub_page_publisher")
def presidency_publisher(context, page) -> str | None:
    """Pages of a presidency's section say which presidency published them."""
    presidency = presidencies_tags.presidency_of(context, page)
    if presidency is None:
        return None
    return _("Published under the %(name)s %(year)s presidency") % {
        "name": presidency.display_country_name,
        "year": presidency.year,
    }


@hooks.register("construct_homepage_panels")
def add_officer_sections_panel(request, panels):
    """A presidency's officers land on their own section, in each language, with what waits on them."""
    from .dashboard import OfficerSectionsPanel, officer_sections

    sections = officer_sections(request.user)
    if sections:
        panels.append(OfficerSectionsPanel(request, sections))
