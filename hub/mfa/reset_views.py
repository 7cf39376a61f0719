"""The office's page for second-factor resets (``/admin/second-factor-resets/``): ask, and approve
another member's request."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .reset import ResetRefused, SecondFactorReset, approve_reset, is_office_member, request_reset


class ResetRequestForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Officer"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("How you confirmed who is asking (a call, in person), and what was lost."),
    )


class OfficeOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_office_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ResetsView(OfficeOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "hub/admin/mfa/resets.html"
    form_class = ResetRequestForm
    page_title = gettext_lazy("Second-factor resets")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        resets = SecondFactorReset.objects.select_related("user", "requested_by", "approved_by")
        return super().get_context_data(
            pending=resets.filter(approved_at__isnull=True),
            done=resets.filter(approved_at__isnull=False)[:20],
            **kwargs,
        )

    def form_valid(self, form):
        try:
            request_reset(form.cleaned_data["user"], self.request.user, form.cleaned_data["reason"])
        except ResetRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, _("Reset requested. Another member of the office must approve it."))
        return redirect("hub_mfa_resets")


class ApproveResetView(OfficeOnlyMixin, View):
    def post(self, request, pk):
        reset = get_object_or_404(SecondFactorReset, pk=pk)
        try:
            removed = approve_reset(reset, request.user)
        except ResetRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("%(user)s's second factor was reset (%(count)s devices removed): they enrol again at next sign-in.")
                % {"user": reset.user.get_username(), "count": removed},
            )
        return redirect("hub_mfa_resets")
