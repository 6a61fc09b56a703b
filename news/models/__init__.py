"""The newsroom's content model; one module per concept."""

from .articles import ArticlePage, ArticlePageAuthor, ArticlePageTag, Origin
from .authors import Author
from .licensing import LicenceKind, LicensingNoticePage
from .partners import SearchEnginePolicy, SyndicationPartner
from .republications import Republication
from .sections import SectionPage, SectionPinnedArticle
from .site_settings import PublicationSettings
from .syndication import ImportedItem, ImportReport, ImportStatus, ItemOutcome

__all__ = [
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticlePageTag",
    "Author",
    "ImportReport",
    "ImportStatus",
    "ImportedItem",
    "ItemOutcome",
    "LicenceKind",
    "LicensingNoticePage",
    "Origin",
    "PublicationSettings",
    "Republication",
    "SearchEnginePolicy",
    "SectionPage",
    "SectionPinnedArticle",
    "SyndicationPartner",
]
