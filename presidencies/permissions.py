"""OfficialAccount permissions scoped by owner.

Wagtail's snippet permissions are model-wide: anyone who may change one account
may change them all. Here the permanent office (and superusers) may act on every
account; a presidency's editors and moderators only on their own presidency's.
"""

from django.db.models import Q
from wagtail.permission_policies.base import ModelPermissionPolicy

from .access import presidencies_user_can_edit, user_is_office


class OfficialAccountPermissionPolicy(ModelPermissionPolicy):
    def _scope(self, user) -> Q | None:
        """None: every account; otherwise the accounts the user's presidencies own."""
        if user_is_office(user):
            return None
        return Q(owner__translation_key__in=presidencies_user_can_edit(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if user_is_office(user):
            return True
        if instance.owner_id is None:
            return False  # the office's own accounts
        return instance.owner.translation_key in presidencies_user_can_edit(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        scope = self._scope(user)
        queryset = self.model.objects.all()
        return queryset if scope is None else queryset.filter(scope)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])
