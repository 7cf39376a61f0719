"""The library's demo content (library.demo.load): created once, under the right issuers; a second
run creates nothing."""

import io

from wagtail.documents.models import Document

from library import demo
from library.models import LibraryAuthor, LibraryFile, LibraryIndexPage, LibraryItemPage
from presidencies.models import PresidencyDocumentsPage

SLUGS = [slug for _year, slug, *_rest in demo.ITEMS]


def counts() -> dict[str, int]:
    return {
        "items": LibraryItemPage.objects.count(),
        "authors": LibraryAuthor.objects.count(),
        "files": LibraryFile.objects.count(),
        "documents": Document.objects.count(),
        "indexes": LibraryIndexPage.objects.count(),
    }


def test_demo_creates_the_items_once(library_base, db, client):
    first = io.StringIO()
    demo.load(first)

    items = {item.slug: item for item in LibraryItemPage.objects.filter(slug__in=SLUGS).select_related("publisher")}
    assert sorted(items) == sorted(SLUGS)
    assert first.getvalue().count("Created library item") == len(SLUGS)
    library = LibraryIndexPage.objects.get(locale__language_code="en")
    for year, slug, kind, date, title, abstract, authors, publisher, pid, topic_slugs, file_kind in demo.ITEMS:
        item = items[slug]
        assert item.live and not item.has_unpublished_changes, slug
        assert (item.kind, item.date.isoformat(), item.title, item.abstract) == (kind, date, title, abstract)
        assert [author.name for author in item.authors.all()] == authors
        assert (item.publisher.name if item.publisher else None) == publisher
        assert item.persistent_identifier == pid
        assert sorted(item.topics.values_list("slug", flat=True)) == sorted(topic_slugs)
        files = list(item.files.select_related("document"))
        assert len(files) == 1
        assert files[0].document.file_extension == file_kind
        assert files[0].document.file_size > 0
        parent = item.get_parent().specific
        if year is None:
            assert parent.pk == library.pk, slug
        else:
            assert isinstance(parent, PresidencyDocumentsPage), slug
            assert parent.get_parent().specific.year == year, slug

    before = counts()
    second = io.StringIO()
    demo.load(second)

    assert counts() == before
    assert "Created" not in second.getvalue()

    # The demo's items show on the index and their pages.
    page = client.get("/en/library/").content.decode()
    for item in items.values():
        assert item.title.replace("'", "&#x27;") in page
        response = client.get(item.url)
        assert response.status_code == 200, item.url
        assert client.get(f"{item.url}cite/ris/").status_code == 200


def test_demo_section_titles_in_each_language(library_base, db):
    demo.load(io.StringIO())

    titles = {index.locale.language_code: index.title for index in LibraryIndexPage.objects.select_related("locale")}
    assert titles == {code: title for code, (title, _intro) in demo.INDEX_TITLES.items()}
