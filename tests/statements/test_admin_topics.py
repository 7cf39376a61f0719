"""The topic picker in the page editor offers the page's language only, to the presidency editor who uses it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from hub.models import Topic
from tests.factories import UserFactory


@pytest.fixture
def editor(statements_world, db):
    return UserFactory(username="us-editor", groups=[Group.objects.get(name="2026 United States editors")])


def offered_topics(client, url: str) -> set[tuple[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser")
    ids = {int(box["value"]) for box in form.select('input[name="topics"]')}
    return set(Topic.objects.filter(pk__in=ids).values_list("locale__language_code", "slug"))


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_new_statement_offers_topics_in_its_section_language(client, editor, statements_world, language):
    from wagtail.models import Locale

    parent = statements_world.us_statements
    if language != "en":
        parent = parent.get_translation(Locale.objects.get(language_code=language))
    client.force_login(editor)

    offered = offered_topics(client, f"/admin/pages/add/statements/statementpage/{parent.pk}/")

    assert offered, "the picker offers the section language's topics"
    assert {code for code, _slug in offered} == {language}
    assert len(offered) == Topic.objects.filter(locale__language_code=language).count()


def test_editing_an_english_statement_offers_english_topics_only(client, editor, statements_world):
    client.force_login(editor)
    statement = statements_world.statements["us-finance"]

    offered = offered_topics(client, f"/admin/pages/{statement.pk}/edit/")

    assert {code for code, _slug in offered} == {"en"}
    assert ("en", "finance-track") in offered
