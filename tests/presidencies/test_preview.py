"""The page editor's live preview, as a presidency editor: the preview answer may be framed by the admin."""

from django.contrib.auth.models import Group

from presidencies.models import PresidencyStatementsPage
from tests.factories import UserFactory
from tests.factories.statements import add_statement
from tests.presidencies.test_isolation import edit_form_data


def policy_of(response) -> dict[str, list[str]]:
    return {
        name: sources
        for name, *sources in (part.split() for part in response.headers["Content-Security-Policy"].split(";"))
    }


def test_the_preview_answer_may_be_framed_by_the_admin_only(client, world, db):
    """Wagtail renders the preview with a stand-in request for the page's public address; it used to carry the
    public "frame-ancestors 'none'", and Chromium refused to show it in the preview panel."""
    editor = UserFactory(groups=[Group.objects.get(name="2026 United States editors")])
    statement = add_statement(
        PresidencyStatementsPage.objects.child_of(world.us).get(), "preview-frame", title="Preview me", publish=False
    )
    client.force_login(editor)
    url = f"/admin/pages/{statement.pk}/edit/preview/"
    assert client.post(url, edit_form_data(client, statement)).json()["is_valid"]

    response = client.get(url)

    assert response.status_code == 200
    assert "Preview me" in response.content.decode()
    policy = policy_of(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    # The page itself keeps the public policy: no inline scripts.
    assert policy["script-src"] == ["'self'"]
