from .factchecks import DebunkPageFactory, add_debunk, translate_debunk
from .hub import ContentPageFactory, HomePageFactory, OrganisationFactory, TopicFactory
from .library import DocumentFactory, LibraryItemPageFactory, add_item
from .statements import StatementPageFactory, add_statement, translate_statement
from .users import UserFactory

__all__ = [
    "ContentPageFactory",
    "DebunkPageFactory",
    "DocumentFactory",
    "HomePageFactory",
    "LibraryItemPageFactory",
    "OrganisationFactory",
    "StatementPageFactory",
    "TopicFactory",
    "UserFactory",
    "add_debunk",
    "add_item",
    "add_statement",
    "translate_debunk",
    "translate_statement",
]
