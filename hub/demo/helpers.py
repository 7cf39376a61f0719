"""Helpers every domain's demo uses: locales, placeholder images and documents, sections and translations.

Each is idempotent: it finds what exists by a stable key and changes nothing on a second run.
"""

import colorsys
import datetime
import hashlib
import io
import math
from typing import TextIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.text import slugify
from fpdf import FPDF
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
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


# The PDF core fonts cover Latin-1 only: typographic punctuation is written in its plain form, and any
# other character outside Latin-1 as "?" (the demo's titles are English, French and Spanish).
_PLAIN_PUNCTUATION = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " "}
)
_DEMO_PDF_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _latin1(text: str) -> str:
    return text.translate(_PLAIN_PUNCTUATION).encode("latin-1", "replace").decode("latin-1")


def _pdf(title: str, abstract: str = "") -> ContentFile:
    """A real one-page PDF (made with fpdf2) with the title and abstract, so the demo file opens anywhere."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_author("G20 Communications Hub (demo)")
    pdf.set_creation_date(_DEMO_PDF_DATE)  # the same bytes on every run
    pdf.add_page()
    pdf.set_font("helvetica", "B", 20)
    pdf.multi_cell(0, 10, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", "", 12)
    if abstract:
        pdf.multi_cell(0, 7, _latin1(abstract), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.set_font("helvetica", "I", 10)
    pdf.multi_cell(
        0,
        6,
        "Demonstration file of the G20 Communications Hub. It is not an official G20 document.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return ContentFile(bytes(pdf.output()), name=f"{slugify(title) or 'document'}.pdf")


def _emblem_png(code: str, year: int) -> ContentFile:
    """A made-up emblem for a demo presidency: colours and shape from a hash of its country code and
    year, with the code and year written on it. No flag, no real logo; never the same for two presidencies."""
    digest = hashlib.sha256(f"{code.upper()}-{year}".encode()).digest()
    background = tuple(int(channel * 255) for channel in colorsys.hsv_to_rgb(digest[0] / 255, 0.55, 0.55))
    accent = tuple(int(channel * 255) for channel in colorsys.hsv_to_rgb(((digest[0] + 128) % 256) / 255, 0.45, 0.95))
    size = 480
    centre = size / 2
    image = PILImage.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    # A star or polygon of 3 to 10 points, turned by the hash, around a ring.
    points = 3 + digest[1] % 8
    inner = 0.45 + (digest[2] % 40) / 100 if digest[3] % 2 else 1.0  # a star, or a plain polygon
    turn = digest[4] / 255 * 2 * math.pi
    outline = []
    for step in range(points * 2):
        radius = (size * 0.42) * (1.0 if step % 2 == 0 else inner)
        angle = turn + step * math.pi / points
        outline.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    draw.polygon(outline, fill=accent)
    ring = size * (0.2 + (digest[5] % 10) / 100)
    draw.ellipse(
        (centre - ring, centre - ring, centre + ring, centre + ring), fill=background, outline="white", width=6
    )
    font = ImageFont.load_default(size=size // 8)
    for text, middle in ((code.upper(), centre - size * 0.05), (str(year), centre + size * 0.08)):
        draw.text((centre, middle), text, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"emblem-{slugify(code)}-{year}.png")


def ensure_emblem(title: str, code: str, year: int) -> Image:
    """The demo emblem of one presidency (see ``_emblem_png``), made once and found again by its title."""
    image = Image.objects.filter(title=title).first()
    if image is None:
        content = _emblem_png(code, year)
        image = Image(title=title)
        image.file.save(content.name, content, save=False)
        image._set_image_file_metadata()
        image.save()
    return image


def ensure_image(title: str, colour: str) -> Image:
    image = Image.objects.filter(title=title).first()
    if image is None:
        content = _png(title, colour)
        image = Image(title=title)
        image.file.save(content.name, content, save=False)
        image._set_image_file_metadata()
        image.save()
    return image


def ensure_document(title: str, abstract: str = "") -> Document:
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        content = _pdf(title, abstract)
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
