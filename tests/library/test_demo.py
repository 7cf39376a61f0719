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


# --- The demo's PDFs are real PDFs ---------------------------------------------------------------------


def pdf_structure(data: bytes) -> dict:
    """What a PDF reader checks first, read strictly: the header, the end marker, the cross-reference
    table where ``startxref`` says and each object where the table says; and the page texts, inflated."""
    import re
    import zlib

    assert data.startswith(b"%PDF-1."), data[:20]
    assert data.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    assert data[startxref:].startswith(b"xref")
    table = re.match(rb"xref\s+0 (\d+)\s+((?:\d{10} \d{5} [nf]\s*)+)", data[startxref:])
    assert table, data[startxref : startxref + 200]
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf])", table.group(2))
    assert len(entries) == int(table.group(1))
    for number, (offset, _generation, kind) in enumerate(entries):
        if kind == b"n":
            assert re.match(rb"%d 0 obj" % number, data[int(offset) :]), number
    streams = re.findall(rb"/Filter /FlateDecode[^>]*>>\s*stream\r?\n(.*?)\r?\nendstream", data, re.S)
    text = b"".join(zlib.decompress(stream) for stream in streams)
    return {"pages": len(re.findall(rb"/Type /Page\b", data)), "content": text}


def test_demo_pdfs_are_real_pdfs_with_the_title_and_abstract(library_base, db, client):
    demo.load(io.StringIO())
    pdf_items = [
        (slug, title, abstract) for _y, slug, _k, _d, title, abstract, *_r, kind in demo.ITEMS if kind == "pdf"
    ]
    assert len(pdf_items) == 3
    for slug, title, abstract in pdf_items:
        item = LibraryItemPage.objects.get(slug=slug, locale__language_code="en")
        document = item.files.get().document
        assert document.file_extension == "pdf"
        with document.file.open("rb") as stored:
            data = stored.read()
        structure = pdf_structure(data)
        assert 1 <= structure["pages"] <= 2
        content = structure["content"]
        # The core fonts' text is stored as Latin-1 in (…) Tj strings: the first words of each are there.
        for text in (title, abstract):
            words = text.split()[:3]
            assert " ".join(words).encode("latin-1") in content.replace(b"\\(", b"(").replace(b"\\)", b")"), slug


def test_demo_pdf_of_any_title_is_a_real_pdf():
    from hub.demo.helpers import _pdf

    for title in [
        "Debunked claims about the G20, 2020–2025",
        "Déclaration « finale » (G20)",
        "日本語 🌍",
        "",
        "(" * 50,
    ]:
        content = _pdf(title, "An abstract – with “quotes”.")
        assert content.name.endswith(".pdf")
        assert pdf_structure(content.read())["pages"] == 1
