"""The office's shared "Office library": every presidency's officers may choose its images and documents for
their pages; only the office may change them."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from presidencies.access import OFFICE_LIBRARY
from tests.factories import UserFactory


@pytest.fixture
def library_media(world, db):
    library = Collection.objects.get(name=OFFICE_LIBRARY)
    image = get_image_model().objects.create(
        title="G20 logo", file=get_test_image_file(filename="g20-logo.png"), collection=library
    )
    document = get_document_model().objects.create(
        title="G20 communication charter", file=ContentFile(b"Charter.", name="charter.txt"), collection=library
    )
    return {"image": image, "document": document}


@pytest.fixture(params=["editors", "moderators"])
def us_officer(request, world, db):
    return UserFactory(groups=[Group.objects.get(name=f"2026 United States {request.param}")])


def test_the_library_is_one_shared_collection(world, db):
    library = Collection.objects.get(name=OFFICE_LIBRARY)
    assert library.depth == 2  # beside the presidencies' collections, under the root


@pytest.mark.parametrize(
    ("media", "chooser"), [("image", "wagtailimages_chooser:choose"), ("document", "wagtaildocs_chooser:choose")]
)
def test_presidency_officers_choose_from_the_office_library(client, us_officer, library_media, media, chooser):
    client.force_login(us_officer)
    response = client.get(reverse(chooser))
    assert response.status_code == 200
    assert library_media[media].title in response.json()["html"]


@pytest.mark.parametrize(("media", "edit"), [("image", "wagtailimages:edit"), ("document", "wagtaildocs:edit")])
def test_presidency_officers_cannot_change_the_office_library(client, us_officer, library_media, media, edit):
    item = library_media[media]
    client.force_login(us_officer)

    response = client.post(reverse(edit, args=[item.pk]), {"title": "Defaced", "collection": item.collection_id})

    assert response.status_code in {302, 403}
    item.refresh_from_db()
    assert item.title != "Defaced"


def test_the_office_changes_the_office_library(client, library_media):
    office = UserFactory(groups=["G20 communication office"])
    client.force_login(office)
    image = library_media["image"]
    response = client.get(reverse("wagtailimages:edit", args=[image.pk]))
    assert response.status_code == 200


def test_a_presidency_page_may_show_an_office_library_image(client, world, library_media):
    from tests.presidencies.test_isolation import edit_form_data

    editor = UserFactory(groups=[Group.objects.get(name="2026 United States editors")])
    client.force_login(editor)
    page = world.us
    data = edit_form_data(client, page, share_image=str(library_media["image"].pk))

    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert response.status_code == 302
    assert (
        type(page).objects.get(pk=page.pk).get_latest_revision_as_object().share_image_id == library_media["image"].pk
    )
