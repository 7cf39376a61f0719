from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from .access import presidencies_user_can_edit, user_is_office
from .models import PresidencyPage


class OfficialAccountForm(WagtailAdminModelForm):
    """Owners limited to what the user may manage: the office sees every presidency, an editor only theirs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("owner")
        if field is None:
            return
        owners = PresidencyPage.objects.filter(locale=Locale.get_default()).order_by("-year")
        user = self.for_user
        if user is not None and not user_is_office(user):
            owners = owners.filter(translation_key__in=presidencies_user_can_edit(user))
            field.required = True
            field.empty_label = None
        else:
            field.empty_label = _("G20 communication office")
        field.queryset = owners

    def clean_owner(self):
        owner = self.cleaned_data.get("owner")
        user = self.for_user
        if (
            user is not None
            and not user_is_office(user)
            and (owner is None or owner.translation_key not in presidencies_user_can_edit(user))
        ):
            raise forms.ValidationError(_("You can only register accounts for your own presidency."))
        return owner
