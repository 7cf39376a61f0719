"""Names officers type once and readers see in their own language: organisations and the publisher."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hub.models import HubSettings, Organisation, OrganisationKind
from hub.pages import translated_names


def test_parse_reads_one_line_per_language_with_an_optional_acronym():
    text = "fr: Union européenne | UE\r\nes:Unión Europea\n\nbad line\nde:   \n"
    assert translated_names.parse(text) == {"fr": ("Union européenne", "UE"), "es": ("Unión Europea", "")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Union européenne", "Line 1: write a language code"),
        ("fr:", "Line 1: write a language code"),
        ("fr: | UE", "Line 1: write a language code"),
        ("de: Europäische Union", "Line 1: de is not one of the site's languages"),
        ("fr: Union européenne\nfr: UE", "Line 2: fr is given twice"),
        ("x" * 500 + ": name", "is not one of the site's languages"),
    ],
)
def test_validate_names_the_line_and_the_problem(text, message):
    with pytest.raises(ValidationError) as error:
        translated_names.validate(text)
    assert message in error.value.messages[0]


def test_validate_accepts_every_site_language_and_blank_lines():
    translated_names.validate("fr: Union européenne | UE\n\nes: Unión Europea | UE\nen: European Union")


@pytest.mark.django_db
def test_an_organisation_reads_in_the_active_language():
    eu = Organisation.objects.create(
        name="European Union",
        acronym="EU",
        kind=OrganisationKind.MEMBER_GOVERNMENT,
        translated_names="fr: Union européenne | UE\nes: Unión Europea",
    )
    with translation.override("en"):
        assert str(eu) == "European Union (EU)"
    with translation.override("fr"):
        assert str(eu) == "Union européenne (UE)"
    with translation.override("es"):
        assert str(eu) == "Unión Europea (EU)"  # no Spanish acronym given: the default one


@pytest.mark.django_db
def test_an_organisation_with_a_bad_line_is_refused_with_the_reason():
    organisation = Organisation(name="X", kind=OrganisationKind.ACADEMIA, translated_names="fr Union")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "translated_names" in error.value.message_dict


@pytest.mark.django_db
def test_the_publisher_reads_in_the_active_language():
    settings = HubSettings.load()
    settings.organisation_name = "G20 Communication Office"
    settings.organisation_name_translations = "fr: Bureau de communication du G20"
    settings.save()
    with translation.override("fr"):
        assert HubSettings.load().publisher_name == "Bureau de communication du G20"
    with translation.override("es"):
        assert HubSettings.load().publisher_name == "G20 Communication Office"
