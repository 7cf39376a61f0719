"""The "Second pair of eyes" review: what one officer submits, another approves.

Wagtail's group approval task lets a member of the reviewing groups approve
their own submission; this task does not, for anyone (superusers included).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class SecondPairOfEyesTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who is not the person who submitted the page."""

    class Meta:
        verbose_name = _("second pair of eyes")
        verbose_name_plural = _("second pair of eyes tasks")

    @classmethod
    def get_description(cls):
        return _("A member of the chosen groups, other than the person who submitted it, approves or asks for changes")

    @staticmethod
    def _submitted_by(obj):
        state = getattr(obj, "current_workflow_state", None)
        return state.requested_by_id if state is not None else None

    def get_actions(self, obj, user):
        if user.pk is not None and self._submitted_by(obj) == user.pk:
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return super().get_task_states_user_can_moderate(user, **kwargs).exclude(workflow_state__requested_by=user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if (
            action_name in {"approve", "reject"}
            and user is not None
            and task_state.workflow_state.requested_by_id == user.pk
        ):
            raise PermissionDenied(_("You submitted this: another reviewer must approve it or ask for changes."))
        return super().on_action(task_state, user, action_name, **kwargs)
