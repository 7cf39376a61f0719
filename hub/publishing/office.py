"""The permanent G20 communication office: the one group with rights over the whole site, in every language.

Its name is shared by every domain that grants the office rights (presidencies, the roundtable, …); the
group itself is created by ``presidencies`` after ``migrate``.
"""

OFFICE_GROUP = "G20 communication office"


def is_office_member(user) -> bool:
    """The office's members, and superusers, hold the rights the office holds site-wide."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=OFFICE_GROUP).exists())
