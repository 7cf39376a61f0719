"""Withdrawing a published statement or library item, from the page's action menu in the admin."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page

from hub.models import WithdrawableMixin

MAX_REASON_LENGTH = 1000

# Sent after a withdrawal is committed (it updates rows directly, so no save signal fires).
page_withdrawn = Signal()


def withdraw(page: Page, reason: str, user=None) -> int:
    """Withdraw ``page`` and its translations; returns how many pages changed. Idempotent."""
    now = timezone.now()
    model = type(page)
    with transaction.atomic():
        changed = model.objects.filter(translation_key=page.translation_key, withdrawn_at__isnull=True).update(
            # A withdrawal is an update: API clients polling ?since= must see it.
            withdrawn_at=now,
            withdrawal_reason=reason,
            last_published_at=now,
        )
        if changed:
            log(instance=page, action="hub.withdraw", user=user, data={"reason": reason})
            transaction.on_commit(lambda: page_withdrawn.send(sender=model, instance=page))
    return changed


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the page: “Withdrawn on <date>: <reason>”. Say why, and point to what replaces it."),
    )

    def clean_reason(self):
        reason = "".join(char for char in self.cleaned_data["reason"] if char.isprintable() or char == "\n").strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason that readers will see."))
        return reason


class WithdrawView(WagtailAdminTemplateMixin, FormView):
    form_class = WithdrawForm
    template_name = "hub/admin/withdraw.html"
    page_title = _("Withdraw")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not isinstance(self.page, WithdrawableMixin) or not self.page.live:
            raise PermissionDenied
        if not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)

    def form_valid(self, form):
        if withdraw(self.page, form.cleaned_data["reason"], self.request.user):
            messages.success(self.request, _("“%(title)s” has been withdrawn.") % {"title": self.page.title})
        else:
            messages.info(self.request, _("“%(title)s” was already withdrawn.") % {"title": self.page.title})
        return redirect("wagtailadmin_pages:edit", self.page.pk)


class WithdrawMenuItem(ActionMenuItem):
    label = _("Withdraw…")
    name = "action-withdraw"
    icon_name = "warning"
    order = 60

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] != "edit" or not isinstance(page, WithdrawableMixin):
            return False
        if not page.live or page.is_withdrawn:
            return False
        return self.get_user_page_permissions_tester(context).can_publish()

    def get_url(self, parent_context):
        from django.urls import reverse

        return reverse("hub_withdraw", args=[parent_context["page"].pk])
