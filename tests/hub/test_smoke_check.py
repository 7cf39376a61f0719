"""``smoke_check``: the command the restore drill runs against a restored copy. The full URL list is
exercised by .ci/restore-drill on the whole demo; here the mechanics, on the core demo."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.documents.models import Document

from hub import registry
from hub.management.commands import smoke_check

CORE_URLS = ["/en/", "/fr/", "/en/about/", "/api/v1/", "/healthz", "/sitemap.xml"]


@pytest.fixture
def core_urls(monkeypatch):
    monkeypatch.setattr(smoke_check, "smoke_urls", lambda: CORE_URLS)


def test_every_counted_model_exists():
    from django.apps import apps

    for label in registry.counted_models():
        assert apps.get_model(label)._meta.label == label


def test_passes_and_writes_counts(demo_pages, core_urls, tmp_path, capsys):
    counts_file = tmp_path / "counts.json"
    call_command("smoke_check", write_counts=str(counts_file))
    out = capsys.readouterr().out
    assert "Smoke check passed." in out
    assert "200  /en/about/" in out
    counts = json.loads(counts_file.read_text())
    assert counts["wagtaildocs.Document"] == Document.objects.count() >= 1
    assert counts["wagtailcore.Page"] > 3


def test_a_failing_page_fails_the_check(demo_pages, monkeypatch, capsys):
    monkeypatch.setattr(smoke_check, "smoke_urls", lambda: [*CORE_URLS, "/en/no-such-page/"])
    with pytest.raises(CommandError, match="/en/no-such-page/ answered 404"):
        call_command("smoke_check")


def test_a_missing_media_file_fails_the_check(demo_pages, core_urls):
    document = Document.objects.first()
    storage, name = document.file.storage, document.file.name
    with storage.open(name, "rb") as stored:
        content = stored.read()
    storage.delete(name)
    try:
        with pytest.raises(CommandError, match=f"missing file: wagtaildocs.Document {document.pk}"):
            call_command("smoke_check")
    finally:
        # Stored files outlive the test's transaction: put it back for the tests after this one.
        storage.save(name, ContentFile(content))


def test_counts_that_differ_fail_the_check(demo_pages, core_urls, tmp_path):
    expected = tmp_path / "expected.json"
    call_command("smoke_check", write_counts=str(expected))
    data = json.loads(expected.read_text())
    data["hub.Topic"] += 1
    expected.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=r"hub.Topic: \d+ now, \d+ expected"):
        call_command("smoke_check", expect_counts=str(expected))
