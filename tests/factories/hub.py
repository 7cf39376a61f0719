"""Factories for the core's pages and snippets."""

import datetime

import factory
import wagtail_factories
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from hub.models import ContentPage, HomePage, Organisation, OrganisationKind, Topic


def as_date(value: str | datetime.date | None) -> datetime.date | None:
    """An ISO date string as a date (dates and None pass through), for helpers that take either."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


class PublishablePageFactory(wagtail_factories.PageFactory):
    """Pages are created live without a revision; ``publish=True`` publishes a revision, as an editor would."""

    class Meta:
        abstract = True

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.save_revision().publish()


class HomePageFactory(PublishablePageFactory):
    title = "G20 Communications Hub"
    slug = factory.Sequence(lambda n: f"home-{n}")
    introduction = "The permanent home of the G20's public communication."

    class Meta:
        model = HomePage
        skip_postgeneration_save = True


class ContentPageFactory(PublishablePageFactory):
    title = factory.Sequence(lambda n: f"Content page {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    introduction = "A short summary shown in lists."

    class Meta:
        model = ContentPage
        skip_postgeneration_save = True


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda topic: slugify(topic.name))
    description = "A subject the G20 speaks on."
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Topic


class OrganisationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n:03d}")
    acronym = ""
    kind = OrganisationKind.INTERNATIONAL
    country = "FR"
    website = factory.LazyAttribute(lambda org: f"https://{slugify(org.name)}.example/")

    class Meta:
        model = Organisation
