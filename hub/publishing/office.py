"""The permanent G20 communication office: the one group with rights over the whole site, in every language.

Its name is shared by every domain that grants the office rights (presidencies, the roundtable, …); the
group itself is created by ``presidencies`` after ``migrate``.
"""

OFFICE_GROUP = "G20 communication office"
