from .hub import ContentPageFactory, HomePageFactory, OrganisationFactory, TopicFactory

__all__ = ["ContentPageFactory", "HomePageFactory", "OrganisationFactory", "TopicFactory"]
