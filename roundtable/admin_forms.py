"""Admin forms of the roundtable's snippets (set as the models' ``base_form_class``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class MinutesAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            raise ValidationError(
                _("Minutes are started from the meeting's “Minutes and status…” page, once it is held.")
            )
        if not self.instance.is_editable:
            raise ValidationError(_("Approved minutes are final and can no longer be changed."))
        return cleaned


class SubmissionAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            raise ValidationError(_("Submissions arrive through the consultation's public form."))
        return cleaned
