"""Citation export routes of a library item: <item>/cite/bibtex/ and <item>/cite/ris/."""

from email.message import Message

import pytest

from library.models import LibraryKind
from tests.factories.library import add_item

from .test_citations import bibtex_names, brace_balance, parse_bibtex, ris_lines, top_level_entries

BIBTEX_TYPE = "application/x-bibtex; charset=utf-8"
RIS_TYPE = "application/x-research-info-systems; charset=utf-8"


def get_bibtex(client, item):
    response = client.get(f"{item.url}cite/bibtex/")
    assert response.status_code == 200
    assert response["Content-Type"] == BIBTEX_TYPE
    return response, response.content.decode("utf-8")


def get_ris(client, item):
    response = client.get(f"{item.url}cite/ris/")
    assert response.status_code == 200
    assert response["Content-Type"] == RIS_TYPE
    return response, response.content.decode("utf-8")


def filename_of(response) -> str:
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    assert header.get_content_disposition() == "attachment"
    return header.get_filename()


@pytest.mark.parametrize(
    ("slug", "entry_type", "publisher_field", "publisher"),
    [
        ("office-report", "techreport", "institution", "G20"),
        ("office-dataset", "misc", "publisher", "Organisation for Economic Co-operation and Development"),
        ("za-study", "techreport", "institution", "G20 South Africa 2025 presidency"),
        ("us-paper", "misc", "publisher", "Government of the United States"),
    ],
)
def test_bibtex_route(library_world, db, client, slug, entry_type, publisher_field, publisher):
    item = library_world.items[slug]

    response, text = get_bibtex(client, item)

    assert response["Content-Disposition"] == f'attachment; filename="{slug}.bib"'
    found_type, key, fields = parse_bibtex(text)
    assert found_type == entry_type
    assert key == f"g20-{item.date.year}-{slug}"
    assert fields["title"] == item.title
    assert fields["url"] == f"http://testserver{item.url}"
    assert fields[publisher_field] == publisher
    assert fields["year"] == str(item.date.year)
    assert fields["language"] == item.language
    # "Family, Given" names are not braced, so citation tools split surname and given names;
    # an organisation is braced whole.
    names = [author.name if "," in author.name else "{" + author.name + "}" for author in item.authors.all()]
    assert names
    assert bibtex_names(fields["author"]) == names


@pytest.mark.parametrize(
    ("slug", "publisher"),
    [
        ("office-report", "G20"),
        ("office-dataset", "Organisation for Economic Co-operation and Development"),
        ("za-study", "G20 South Africa 2025 presidency"),
        ("us-paper", "Government of the United States"),
    ],
)
def test_ris_route(library_world, db, client, slug, publisher):
    item = library_world.items[slug]

    response, text = get_ris(client, item)

    assert response["Content-Disposition"] == f'attachment; filename="{slug}.ris"'
    lines = ris_lines(text)
    values = dict(lines)
    assert lines[0][0] == "TY" and lines[-1] == ("ER", "")
    assert values["TI"] == item.title
    assert values["UR"] == f"http://testserver{item.url}"
    assert values["PB"] == publisher
    assert values["PY"] == str(item.date.year)
    assert values["DA"] == item.date.strftime("%Y/%m/%d")
    assert values["LA"] == item.language
    assert [value for tag, value in lines if tag == "AU"] == [author.name for author in item.authors.all()]


def test_identifiers_in_the_exports(library_world, db, client):
    items = library_world.items

    assert parse_bibtex(get_bibtex(client, items["office-report"])[1])[2]["doi"] == "10.5555/g20hub.2026.042"
    assert dict(ris_lines(get_ris(client, items["office-report"])[1]))["DO"] == "10.5555/g20hub.2026.042"
    handle = "https://hdl.handle.net/20.500.12345/67890"
    assert parse_bibtex(get_bibtex(client, items["office-dataset"])[1])[2]["note"] == handle
    assert dict(ris_lines(get_ris(client, items["office-dataset"])[1]))["M1"] == handle
    za_fields = parse_bibtex(get_bibtex(client, items["za-study"])[1])[2]
    assert "doi" not in za_fields and "note" not in za_fields


def test_kinds_in_ris(library_world, db, client):
    kinds = {
        slug: dict(ris_lines(get_ris(client, library_world.items[slug])[1]))["TY"]
        for slug in ("office-report", "office-dataset", "za-study", "us-paper")
    }

    assert kinds == {"office-report": "RPRT", "office-dataset": "DATA", "za-study": "RPRT", "us-paper": "GEN"}


def test_the_url_follows_the_host_the_client_used(library_world, db, client):
    item = library_world.items["office-report"]

    response = client.get(f"{item.url}cite/ris/", secure=True, HTTP_HOST="localhost")

    assert response.status_code == 200
    assert dict(ris_lines(response.content.decode()))["UR"] == f"https://localhost{item.url}"


def test_the_citation_links_on_the_item_page_work(library_world, db, client):
    item = library_world.items["za-study"]

    page = client.get(item.url).content.decode()

    assert f'href="{item.url}cite/bibtex/"' in page
    assert f'href="{item.url}cite/ris/"' in page


def test_hostile_metadata_through_the_routes(library_world, db, client):
    hostile = 'Trade & {tariffs} 100% $5 #1 a_b ~ ^ \\ <script>alert(1)</script> "quoted" 🌍 تقرير'
    item = add_item(
        library_world.library,
        slug="hostile",
        title=hostile,
        kind=LibraryKind.PAPER,
        abstract="Line one.\r\nER  - \r\nTY  - GEN\r\n\tLine two}{",
        authors=(("O'Brien, {Seán}\n\\", "Trinity & Co"), ("محمد، أحمد", ""), ("}", "")),
        files=((library_world.documents.pdf, ""),),
        identifier="10.5555/a_b{c}",
    )

    _response, bibtex = get_bibtex(client, item)
    opening, closing, lowest = brace_balance(bibtex)
    assert opening == closing and lowest >= 0
    assert top_level_entries(bibtex) == 1
    _type, _key, fields = parse_bibtex(bibtex)
    assert fields["title"] == (
        r"Trade \& \{tariffs\} 100\% \$5 \#1 a\_b \textasciitilde{} \textasciicircum{} \textbackslash{} "
        r'<script>alert(1)</script> "quoted" 🌍 تقرير'
    )
    assert fields["doi"] == r"10.5555/a\_b\{c\}"

    _response, ris = get_ris(client, item)
    lines = ris_lines(ris)
    tags = [tag for tag, _value in lines]
    assert tags.count("TY") == 1 and tags.count("ER") == 1
    assert tags.count("AU") == 3
    assert dict(lines)["TI"] == hostile
    assert dict(lines)["AB"] == "Line one. ER - TY - GEN Line two}{"


@pytest.mark.parametrize("route", ["bibtex", "ris"])
def test_unicode_slug_in_the_download_name(library_world, db, client, route):
    item = add_item(library_world.library, slug="rapport-intégrité", files=((library_world.documents.pdf, ""),))

    response = client.get(f"{item.url}cite/{route}/")

    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.isascii(), header
    extension = "bib" if route == "bibtex" else "ris"
    assert filename_of(response) == f"rapport-intégrité.{extension}"


def test_no_citation_of_a_draft(library_world, db, client):
    draft = library_world.items["office-draft"]

    assert client.get(f"{draft.url}cite/bibtex/").status_code == 404
    assert client.get(f"{draft.url}cite/ris/").status_code == 404


@pytest.mark.parametrize("route", ["bibtex", "ris"])
def test_no_citation_of_a_private_item(library_world, db, client, route):
    private = library_world.items["us-private"]

    response = client.get(f"{private.url}cite/{route}/")

    assert response["Content-Type"].startswith("text/html")
    assert b"Private sherpa paper" not in response.content
    assert b"Confidential" not in response.content


def test_unknown_sub_route_is_404(library_world, db, client):
    item = library_world.items["office-report"]

    assert client.get(f"{item.url}cite/endnote/").status_code == 404
