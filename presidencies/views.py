import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .countries import UnknownCountry, resolve_country
from .handover import HandoverError, handover, handover_plan, sitting_presidency
from .models import ScheduledHandover


class HandoverForm(forms.Form):
    country = forms.CharField(
        label=_("Incoming country"), max_length=100, help_text=_('Short name ("United Kingdom") or ISO code (GB).')
    )
    year = forms.IntegerField(label=_("Year"), min_value=1999, max_value=2200)
    start = forms.DateField(
        label=_("Start date"), required=False, help_text=_("Default: 1 December of the year before.")
    )
    end = forms.DateField(label=_("End date"), required=False, help_text=_("Default: 30 November."))
    effective = forms.DateField(
        label=_("Takes effect on"),
        required=False,
        help_text=_(
            "Only to hand over before the outgoing presidency's term ends: its term then ends the day before. "
            "A date still to come is scheduled; you confirm on the next screen."
        ),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_country(self):
        try:
            resolve_country(self.cleaned_data["country"])
        except UnknownCountry as error:
            raise forms.ValidationError(str(error)) from None
        return self.cleaned_data["country"]

    def clean(self):
        data = super().clean()
        start: datetime.date | None = data.get("start")
        end: datetime.date | None = data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be after the start date."))
        return data


class HandoverView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """The permanent office's admin action for the yearly handover (same code as `manage.py handover`)."""

    permission_required = "presidencies.run_handover"
    form_class = HandoverForm
    template_name = "presidencies/admin/handover.html"
    page_title = _("Presidency handover")
    header_icon = "resubmit"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scheduled"] = list(ScheduledHandover.objects.pending().select_related("requested_by"))
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        effective = data.get("effective")
        sitting = sitting_presidency(data["year"], timezone.localdate())
        if sitting is not None and effective is not None and not data.get("confirmed"):
            # An early handover: the officer sees what will change before anything does.
            plan = handover_plan(data["country"], data["year"], effective=effective)
            return self.render_to_response(self.get_context_data(form=form, plan=plan, outgoing=sitting))
        try:
            report = handover(
                data["country"],
                data["year"],
                data.get("start"),
                data.get("end"),
                effective=effective,
                requested_by=self.request.user,
            )
        except HandoverError as error:
            form.add_error("effective" if sitting is not None and effective is None else None, str(error))
            return self.form_invalid(form)
        if report.scheduled is not None:
            messages.success(
                self.request,
                _("Handover scheduled: %(handover)s. Nothing changes until then.") % {"handover": report.scheduled},
            )
        elif report.changed:
            messages.success(
                self.request,
                _("Handover done: %(incoming)s is in place (%(count)d changes).")
                % {"incoming": report.incoming, "count": len(report.changes)},
            )
        else:
            messages.info(
                self.request,
                _("Nothing to do: the handover to %(incoming)s is already complete.") % {"incoming": report.incoming},
            )
        return redirect("presidencies_handover")
