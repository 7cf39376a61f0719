"""Demo content for the core: home page, about and legal pages, topics and organisations.

Every function here is idempotent: it finds what exists by a stable key and
changes nothing on a second run. Domain apps add their own ``demo.py`` with a
``load(stdout)`` function and register it (``hub.registry.demo``); ``load_demo`` calls them in order.
"""

from typing import TextIO
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Site

from hub.models import ContentPage, HomePage, HubSettings, Organisation, OrganisationKind, Topic

from .helpers import ensure_document, ensure_image, ensure_locales, publish_translation

HOME = {
    "en": {
        "title": "G20 Communications Hub",
        "introduction": "The permanent home of the G20's public communication: statements, reports, "
        "fact-checks and the dialogue with platforms, across every presidency.",
        "body": "<p>Every year the G20 presidency moves to another country. This hub stays: it keeps "
        "what each presidency published, lists the official accounts you can trust, and answers "
        "disinformation about the G20 in public.</p>",
        "callout_heading": "Is that account official?",
        "callout": "<p>Check any social-media account claiming to speak for the G20 against our registry: "
        '<a href="/en/accounts/verify/">is this account official?</a></p>',
    },
    "fr": {
        "title": "Plateforme de communication du G20",
        "introduction": "La maison permanente de la communication publique du G20 : déclarations, "
        "rapports, vérifications des faits et dialogue avec les plateformes, d'une présidence à l'autre.",
        "body": "<p>Chaque année, la présidence du G20 change de pays. Cette plateforme demeure : elle "
        "conserve ce que chaque présidence a publié, recense les comptes officiels fiables et répond "
        "publiquement à la désinformation visant le G20.</p>",
        "callout_heading": "Ce compte est-il officiel ?",
        "callout": "<p>Vérifiez tout compte se réclamant du G20 dans notre registre : "
        '<a href="/fr/accounts/verify/">ce compte est-il officiel ?</a></p>',
    },
    "es": {
        "title": "Centro de Comunicación del G20",
        "introduction": "La casa permanente de la comunicación pública del G20: declaraciones, informes, "
        "verificaciones y el diálogo con las plataformas, presidencia tras presidencia.",
        "body": "<p>Cada año la presidencia del G20 pasa a otro país. Este centro permanece: conserva lo "
        "que publicó cada presidencia, enumera las cuentas oficiales de confianza y responde en público "
        "a la desinformación sobre el G20.</p>",
        "callout_heading": "¿Es oficial esa cuenta?",
        "callout": "<p>Compruebe en nuestro registro cualquier cuenta que diga hablar en nombre del G20: "
        '<a href="/es/accounts/verify/">¿es oficial esta cuenta?</a></p>',
    },
}

ABOUT = {
    "en": {
        "title": "About the hub",
        "introduction": "Who runs this site, and why it outlives each presidency.",
        "body": "<h2>One voice, every year</h2><p>The G20 Communication Office maintains this hub with the "
        "communication team of each presidency. Presidencies publish in their own section; when the "
        "presidency rotates, their pages stay online, marked as archived.</p>",
        "quote": "Nothing the G20 has published should disappear when a presidency ends.",
        "attribution": "G20 Communication Office",
    },
    "fr": {
        "title": "À propos de la plateforme",
        "introduction": "Qui gère ce site, et pourquoi il survit à chaque présidence.",
        "body": "<h2>Une seule voix, chaque année</h2><p>Le Bureau de communication du G20 gère cette "
        "plateforme avec l'équipe de chaque présidence. Les présidences publient dans leur propre "
        "section ; à la rotation, leurs pages restent en ligne, marquées comme archivées.</p>",
        "quote": "Rien de ce que le G20 a publié ne doit disparaître à la fin d'une présidence.",
        "attribution": "Bureau de communication du G20",
    },
    "es": {
        "title": "Acerca del centro",
        "introduction": "Quién gestiona este sitio y por qué sobrevive a cada presidencia.",
        "body": "<h2>Una sola voz, cada año</h2><p>La Oficina de Comunicación del G20 mantiene este centro "
        "con el equipo de cada presidencia. Las presidencias publican en su propia sección; cuando la "
        "presidencia rota, sus páginas siguen en línea, marcadas como archivadas.</p>",
        "quote": "Nada de lo que el G20 ha publicado debe desaparecer cuando termina una presidencia.",
        "attribution": "Oficina de Comunicación del G20",
    },
}

LEGAL = {
    "en": {
        "title": "Legal notice",
        "introduction": "Publisher, re-use of content and privacy.",
        "body": "<h2>Re-use</h2><p>Unless stated otherwise, texts on this site may be re-used with "
        "attribution to the G20. Feeds and the API are open to everyone.</p><h2>Privacy</h2><p>We set "
        "no tracking cookies. Server logs are kept for 30 days for security.</p>",
    },
    "fr": {
        "title": "Mentions légales",
        "introduction": "Éditeur, réutilisation des contenus et vie privée.",
        "body": "<h2>Réutilisation</h2><p>Sauf mention contraire, les textes de ce site peuvent être "
        "réutilisés en citant le G20. Les flux et l'API sont ouverts à tous.</p><h2>Vie privée</h2>"
        "<p>Aucun cookie de suivi. Les journaux du serveur sont conservés 30 jours.</p>",
    },
    "es": {
        "title": "Aviso legal",
        "introduction": "Editor, reutilización de contenidos y privacidad.",
        "body": "<h2>Reutilización</h2><p>Salvo indicación contraria, los textos de este sitio pueden "
        "reutilizarse citando al G20. Los canales y la API están abiertos a todos.</p><h2>Privacidad</h2>"
        "<p>No usamos cookies de seguimiento. Los registros del servidor se guardan 30 días.</p>",
    },
}

TOPICS = [
    (
        "information-integrity",
        {"en": "Information integrity", "fr": "Intégrité de l'information", "es": "Integridad de la información"},
    ),
    ("digital-economy", {"en": "Digital economy", "fr": "Économie numérique", "es": "Economía digital"}),
    ("climate-and-energy", {"en": "Climate and energy", "fr": "Climat et énergie", "es": "Clima y energía"}),
    ("global-health", {"en": "Global health", "fr": "Santé mondiale", "es": "Salud mundial"}),
    ("finance-track", {"en": "Finance track", "fr": "Volet financier", "es": "Vía financiera"}),
    (
        "artificial-intelligence",
        {"en": "Artificial intelligence", "fr": "Intelligence artificielle", "es": "Inteligencia artificial"},
    ),
]

ORGANISATIONS = [
    ("European Union", "EU", OrganisationKind.MEMBER_GOVERNMENT, "", "https://european-union.europa.eu/"),
    ("Government of South Africa", "", OrganisationKind.MEMBER_GOVERNMENT, "ZA", "https://www.gov.za/"),
    ("Government of the United States", "", OrganisationKind.MEMBER_GOVERNMENT, "US", "https://www.usa.gov/"),
    ("Government of the United Kingdom", "", OrganisationKind.MEMBER_GOVERNMENT, "GB", "https://www.gov.uk/"),
    (
        "Organisation for Economic Co-operation and Development",
        "OECD",
        OrganisationKind.INTERNATIONAL,
        "",
        "https://www.oecd.org/",
    ),
    (
        "United Nations Educational, Scientific and Cultural Organization",
        "UNESCO",
        OrganisationKind.INTERNATIONAL,
        "",
        "https://www.unesco.org/",
    ),
    ("Meta Platforms", "", OrganisationKind.PLATFORM, "US", "https://about.meta.com/"),
    ("Google", "", OrganisationKind.PLATFORM, "US", "https://about.google/"),
    ("TikTok", "", OrganisationKind.PLATFORM, "SG", "https://www.tiktok.com/about"),
    (
        "International Fact-Checking Network",
        "IFCN",
        OrganisationKind.CIVIL_SOCIETY,
        "US",
        "https://www.poynter.org/ifcn/",
    ),
    ("European Digital Media Observatory", "EDMO", OrganisationKind.ACADEMIA, "IT", "https://edmo.eu/"),
    ("Civil 20", "C20", OrganisationKind.ENGAGEMENT_GROUP, "", ""),
    ("Think 20", "T20", OrganisationKind.ENGAGEMENT_GROUP, "", ""),
]


# Names in French and Spanish, in the field's own format (hub.pages.translated_names).
ORGANISATION_NAMES = {
    "European Union": "fr: Union européenne | UE\nes: Unión Europea | UE",
    "Government of South Africa": "fr: Gouvernement de l'Afrique du Sud\nes: Gobierno de Sudáfrica",
    "Government of the United States": "fr: Gouvernement des États-Unis\nes: Gobierno de los Estados Unidos",
    "Government of the United Kingdom": "fr: Gouvernement du Royaume-Uni\nes: Gobierno del Reino Unido",
    "Organisation for Economic Co-operation and Development": (
        "fr: Organisation de coopération et de développement économiques | OCDE\n"
        "es: Organización para la Cooperación y el Desarrollo Económicos | OCDE"
    ),
    "United Nations Educational, Scientific and Cultural Organization": (
        "fr: Organisation des Nations unies pour l'éducation, la science et la culture\n"
        "es: Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura"
    ),
    "International Fact-Checking Network": (
        "fr: Réseau international de vérification des faits\nes: Red Internacional de Verificación de Datos"
    ),
    "European Digital Media Observatory": (
        "fr: Observatoire européen des médias numériques\nes: Observatorio Europeo de Medios Digitales"
    ),
}
PUBLISHER_NAMES = "fr: Bureau de communication du G20\nes: Oficina de Comunicación del G20"


def _streams(kind: str, text: dict, image: Image, document: Document) -> list:
    if kind == "home":
        return [
            ("text", text["body"]),
            ("callout", {"tone": "important", "heading": text["callout_heading"], "text": text["callout"]}),
        ]
    if kind == "about":
        return [
            ("text", text["body"]),
            ("image", {"image": image, "alt_text": "", "caption": text["title"], "credit": "G20"}),
            ("quote", {"quote": text["quote"], "attribution": text["attribution"], "role": ""}),
            ("document", {"document": document, "title": "", "description": ""}),
        ]
    return [("text", text["body"])]


def _page_fields(kind: str, text: dict, image: Image, document: Document) -> dict:
    return {
        "title": text["title"],
        "introduction": text["introduction"],
        "body": _streams(kind, text, image, document),
    }


def ensure_home(stdout: TextIO) -> HomePage:
    image = ensure_image("G20 summit hall", "#0b3d91")
    document = ensure_document("G20 Communication Charter")
    locales = ensure_locales()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locales["en"]).first()
    if home is None:
        # Wagtail's "Welcome to your new Wagtail site!" placeholder holds the slug "home".
        for placeholder in root.get_children().filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if not placeholder.get_children().exists():
                placeholder.delete()
        home = HomePage(slug="home", **_page_fields("home", HOME["en"], image, document))
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write("Created the English home page.\n")
    # The main site answers where the admin says the hub lives (WAGTAILADMIN_BASE_URL),
    # so canonical and feed links are right on a developer's machine too.
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    hostname = base.hostname or "localhost"
    port = base.port or (443 if base.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="G20")
    elif site.root_page_id != home.pk or (site.hostname, site.port) == ("localhost", 80):
        site.root_page = home
        site.hostname, site.port = hostname, port
        site.save()
    home = home.specific

    about = ContentPage.objects.filter(locale=locales["en"], slug="about").first()
    if about is None:
        about = ContentPage(slug="about", show_in_menus=True, **_page_fields("about", ABOUT["en"], image, document))
        home.add_child(instance=about)
        about.save_revision().publish()
    legal = ContentPage.objects.filter(locale=locales["en"], slug="legal").first()
    if legal is None:
        legal = ContentPage(slug="legal", **_page_fields("legal", LEGAL["en"], image, document))
        home.add_child(instance=legal)
        legal.save_revision().publish()

    for code in locales:
        if code == "en" or code not in HOME:
            continue
        for page, kind, texts in ((home, "home", HOME), (about, "about", ABOUT), (legal, "legal", LEGAL)):
            publish_translation(page, locales[code], _page_fields(kind, texts[code], image, document))

    hub_settings = HubSettings.load()
    if hub_settings.about_page_id is None:
        hub_settings.organisation_name = "G20 Communication Office"
        hub_settings.organisation_name_translations = PUBLISHER_NAMES
        hub_settings.contact_email = "press@g20-hub.example"
        hub_settings.about_page = about
        hub_settings.legal_page = legal
        hub_settings.save()
    return home


def ensure_topics(stdout: TextIO) -> None:
    locales = ensure_locales()
    for slug, names in TOPICS:
        topic, created = Topic.objects.get_or_create(locale=locales["en"], slug=slug, defaults={"name": names["en"]})
        for code, locale in locales.items():
            if code == "en" or code not in names:
                continue
            if not Topic.objects.filter(translation_key=topic.translation_key, locale=locale).exists():
                translated = topic.copy_for_translation(locale)
                translated.name = names[code]
                translated.save()


def ensure_organisations(stdout: TextIO) -> None:
    for name, acronym, kind, country, website in ORGANISATIONS:
        organisation, _created = Organisation.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "kind": kind, "country": country, "website": website}
        )
        translated = ORGANISATION_NAMES.get(name)
        if translated and not organisation.translated_names:
            organisation.translated_names = translated
            organisation.save(update_fields=["translated_names"])


@transaction.atomic
def load(stdout: TextIO) -> None:
    ensure_home(stdout)
    ensure_topics(stdout)
    ensure_organisations(stdout)
