"""The newsroom's content model; one module per concept."""

from .articles import ArticlePage, ArticlePageAuthor, ArticlePageTag, Origin
from .authors import Author
from .licensing import LicenceKind, LicensingNoticePage
from .partners import SearchEnginePolicy, SyndicationPartner
from .sections import SectionPage, SectionPinnedArticle
from .site_settings import PublicationSettings

__all__ = [
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticlePageTag",
    "Author",
    "LicenceKind",
    "LicensingNoticePage",
    "Origin",
    "PublicationSettings",
    "SearchEnginePolicy",
    "SectionPage",
    "SectionPinnedArticle",
    "SyndicationPartner",
]
