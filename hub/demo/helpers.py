"""Helpers every domain's demo uses: locales, placeholder images and documents, sections and translations.

Each is idempotent: it finds what exists by a stable key and changes nothing on a second run.
"""

import io
from typing import TextIO

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page

from hub.models import HomePage


def ensure_locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}


def _png(text: str, colour: str) -> ContentFile:
    image = PILImage.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((450, 187, 750, 487), outline="white", width=12)
    draw.text((40, 600), text, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"{text.lower().replace(' ', '-')}.png")


def _pdf(title: str) -> ContentFile:
    # A minimal, valid one-page PDF, so the demo document downloads and opens.
    stream = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return ContentFile(out.getvalue(), name=f"{title.lower().replace(' ', '-')}.pdf")


def ensure_image(title: str, colour: str) -> Image:
    image = Image.objects.filter(title=title).first()
    if image is None:
        content = _png(title, colour)
        image = Image(title=title)
        image.file.save(content.name, content, save=False)
        image._set_image_file_metadata()
        image.save()
    return image


def ensure_document(title: str) -> Document:
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        content = _pdf(title)
        document.file.save(content.name, content, save=False)
        document._set_document_file_metadata()
        document.save()
    return document


def publish_translation(page: Page, locale: Locale, fields: dict) -> Page:
    """The page's translation in ``locale``, created from a copy when missing, with ``fields`` applied."""
    translation = page.get_translation_or_none(locale)
    if translation is not None and translation.live:
        # Editors may have changed it since: a second run leaves it alone.
        return translation.specific
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True)
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def ensure_section(page_class, slug: str, titles: dict, stdout: TextIO):
    """The office's section of ``page_class`` under the English home page, with its translations.

    ``titles`` maps a language code to ``(title, introduction)``; the section is created and published
    in English when missing, then translated into every other language ``titles`` names."""
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    home = HomePage.objects.get(locale=locales["en"])
    page = page_class.objects.filter(locale=locales["en"]).first()
    if page is None:
        title, intro = titles["en"]
        page = page_class(title=title, slug=slug, introduction=intro, show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
        stdout.write(f"Created {page.title}.\n")
    for code, locale in locales.items():
        if code != "en" and code in titles:
            title, intro = titles[code]
            publish_translation(page, locale, {"title": title, "introduction": intro})
    return page
