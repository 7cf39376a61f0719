from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from feeds.fetching import FetchError, FetchPolicy, check_url, system_resolver
from feeds.models import Source, SourceKind
from hub.models import Organisation


class Command(BaseCommand):
    help = "Add a partner feed. The address is checked at once: private, local or non-http(s) ones are refused."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--name", help="Default: the feed's host name.")
        parser.add_argument("--kind", choices=SourceKind.values, default=SourceKind.INSTITUTION)
        parser.add_argument("--country", default="", help="ISO 3166 code, e.g. FR.")
        parser.add_argument("--language", default="", help="Default language of its items, e.g. en.")
        parser.add_argument("--site", default="", help="The partner's website.")
        parser.add_argument("--organisation", default="", help="Name of an existing organisation.")

    def handle(self, *args, url: str, name=None, kind=SourceKind.INSTITUTION, **options):
        try:
            check_url(url, FetchPolicy.from_settings(), system_resolver)
        except FetchError as error:
            raise CommandError(f"Refused: {error.message}") from None
        if Source.objects.filter(feed_url=url).exists():
            raise CommandError(f"{url} is already a source.")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(name=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"There is no organisation named {options['organisation']!r}.")
        source = Source(
            name=name or urlsplit(url).hostname or url,
            feed_url=url,
            site_url=options["site"],
            kind=kind,
            country=options["country"].upper(),
            default_language=options["language"],
            organisation=organisation,
        )
        source.full_clean()
        source.save()
        self.stdout.write(self.style.SUCCESS(f"Added source {source.pk}: {source.name} ({source.feed_url})."))
