"""Factories for user accounts."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory


class UserFactory(DjangoModelFactory):
    """An active user with password "x"; ``groups`` takes group names (or groups) that must already exist."""

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("x")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(
                *(group if isinstance(group, Group) else Group.objects.get(name=group) for group in extracted)
            )
