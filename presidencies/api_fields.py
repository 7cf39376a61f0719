"""The ``issuer`` object every published item carries in the API: the office or a presidency."""

from django.utils.translation import gettext as _
from rest_framework import serializers

ISSUER_KINDS = [("office", "office"), ("presidency", "presidency")]


class IssuerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ISSUER_KINDS)
    name = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    country = serializers.CharField(allow_null=True)


def issuer_data(presidency) -> dict:
    if presidency is None:
        return {"kind": "office", "name": _("G20 communication office"), "year": None, "country": None}
    return {"kind": "presidency", "name": presidency.label, "year": presidency.year, "country": presidency.country.code}
