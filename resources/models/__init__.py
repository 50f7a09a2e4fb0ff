from resources.models.documents import DocumentPageText, DocumentText
from resources.models.pages import (
    ConceptPage,
    DossierPage,
    LibraryIndexPage,
    LibraryPage,
    NewsPage,
    ProjectPage,
    ThemeIndexPage,
    ThemePage,
)
from resources.models.snippets import Audience, LibraryPageTag, LibraryTag, Organisation, Territory

__all__ = [
    "Audience",
    "ConceptPage",
    "DocumentPageText",
    "DocumentText",
    "DossierPage",
    "LibraryIndexPage",
    "LibraryPage",
    "LibraryPageTag",
    "LibraryTag",
    "NewsPage",
    "Organisation",
    "ProjectPage",
    "Territory",
    "ThemeIndexPage",
    "ThemePage",
]
