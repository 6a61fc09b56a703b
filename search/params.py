"""What a reader asked for on /search/, read from the address whatever they typed.

Nothing here raises on bad input: a query that is too long is shortened, one
made of symbols or unreadable bytes is emptied, an unknown section or a date
that is not a date is ignored, and each of those leaves a notice that the
page shows, so the reader knows what was searched.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone
from modelsearch.query import And, Phrase, PlainText

MAX_QUERY_LENGTH = 200
MAX_TERMS = 16
MAX_PARAM_LENGTH = 64

# Words a reader's query is cut into. Everything else (quotes aside) is
# punctuation or search-engine syntax and is dropped, so no backend ever
# sees an operator, a field prefix or an unbalanced bracket.
WORD = re.compile(r"\w+")
QUOTED = re.compile(r'"([^"]*)"')

# Dropped from a query when other words remain: they are in almost every
# story, so requiring them narrows nothing and slows the full-text engines.
STOPWORDS = frozenset(
    "a an and are as at be but by for from has have in into is it its of on or that the their this to was were "
    "will with".split()
)

# Typed in capitals these are search-engine syntax, which reader search does not offer.
OPERATORS = frozenset({"AND", "OR", "NOT"})
# Characters that mean something to Elasticsearch's or SQLite's query syntax
# (grouping, field prefixes, wildcards, boosts); their presence earns a notice.
SYNTAX = re.compile(r"[(){}\[\]^~*:\\/|&+<>=]")

SORTS = {"relevance": "Relevance", "newest": "Newest first"}
DEFAULT_SORT = "relevance"

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def printable(text: str) -> str:
    """`text` without control characters, unassigned or private code points, or the undecodable-byte marker."""
    kept = []
    for char in text:
        if char == "\ufffd":
            kept.append(" ")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(" ")
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


@dataclass(frozen=True)
class ReaderQuery:
    """A reader's search words, cleaned: `text` is what the page shows back, `terms` and `phrases` what is searched."""

    text: str = ""
    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    shortened: bool = False
    unreadable: bool = False
    simplified: bool = False

    @classmethod
    def parse(cls, raw: str, max_length: int = MAX_QUERY_LENGTH) -> "ReaderQuery":
        text = printable(raw)
        unreadable = bool(raw.strip()) and text != " ".join(raw.split())
        shortened = len(text) > max_length
        if shortened:
            cut = text[:max_length]
            # End on a whole word when there is one to end on.
            text = cut.rsplit(" ", 1)[0] if " " in cut else cut
        phrases = []
        for quoted in QUOTED.findall(text):
            words = WORD.findall(quoted)
            if len(words) > 1:
                phrases.append(" ".join(words))
        loose = QUOTED.sub(lambda m: m.group(0) if len(WORD.findall(m.group(1))) <= 1 else " ", text)
        all_words = WORD.findall(loose)
        words = [w for w in all_words if w not in OPERATORS]
        simplified = len(words) < len(all_words) or bool(SYNTAX.search(text))
        meaningful = [w for w in words if w.lower() not in STOPWORDS]
        terms = tuple(dict.fromkeys(meaningful or words))[:MAX_TERMS]
        return cls(
            text=text,
            terms=terms,
            phrases=tuple(dict.fromkeys(phrases))[:MAX_TERMS],
            shortened=shortened,
            unreadable=unreadable,
            simplified=simplified,
        )

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable is left (no words, only symbols or unreadable bytes)."""
        return not self.terms and not self.phrases

    @property
    def words(self) -> list[str]:
        """Every searched word, phrases included, for highlighting matches."""
        return [*self.terms, *(w for phrase in self.phrases for w in phrase.split())]

    def as_search_query(self):
        """The modelsearch query: all words required, quoted phrases matched as phrases."""
        parts = []
        if self.terms:
            parts.append(PlainText(" ".join(self.terms), operator="and"))
        parts += [Phrase(phrase) for phrase in self.phrases]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)


def _parse_date(raw: str):
    """A YYYY-MM-DD date, or None for anything else (including dates outside 1900-2199)."""
    try:
        value = datetime.date.fromisoformat(raw)
    except ValueError:
        return None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return value


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class SearchParams:
    """The search page's query string, validated: `?q=&section=&from=&to=&sort=&page=`."""

    query: ReaderQuery
    section: object = None  # the chosen SectionPage, or None for all sections
    section_slug: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = DEFAULT_SORT
    notices: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request, sections) -> "SearchParams":
        """Read the page's parameters; `sections` is the list of SectionPage a reader may filter on."""
        get = request.GET
        query = ReaderQuery.parse(get.get("q", ""))
        notices = []
        if query.shortened:
            notices.append(
                f"Your search was longer than {MAX_QUERY_LENGTH} characters, so we searched for its beginning only."
            )
        if query.unreadable:
            notices.append("Some characters in your search could not be read and were left out.")
        if query.simplified:
            notices.append("Search operators and symbols are not supported, so we searched for the words only.")

        params = cls(query=query, notices=notices)

        slug = get.get("section", "").strip()[:MAX_PARAM_LENGTH]
        if slug:
            params.section = next((s for s in sections if s.slug == slug), None)
            if params.section is None:
                notices.append("We have no section by that name, so we searched every section.")
            else:
                params.section_slug = slug

        for name, label in (("from", "from"), ("to", "to")):
            raw = get.get(name, "").strip()[:MAX_PARAM_LENGTH]
            if not raw:
                continue
            value = _parse_date(raw)
            if value is None:
                notices.append(f"The “{label}” date was not a date we understand (use YYYY-MM-DD), so we ignored it.")
            elif name == "from":
                params.date_from = value
            else:
                params.date_to = value
        if params.date_from and params.date_to and params.date_from > params.date_to:
            params.date_from, params.date_to = params.date_to, params.date_from
            notices.append("The dates were the wrong way round, so we swapped them.")

        sort = get.get("sort", "").strip()[:MAX_PARAM_LENGTH]
        if sort in SORTS:
            params.sort = sort
        elif sort:
            notices.append("We can sort by relevance or by newest first; we used relevance.")
        return params

    def date_bounds(self):
        """`(earliest, before)`: the first moment of the "from" day and the first moment after the "to" day, or None."""
        earliest = start_of_day(self.date_from) if self.date_from else None
        before = start_of_day(self.date_to + datetime.timedelta(days=1)) if self.date_to else None
        return earliest, before

    def filter_stories(self, stories):
        """`stories` narrowed to the chosen section and dates (each a FilterField on ArticlePage)."""
        if self.section is not None:
            stories = stories.filter(section_id=self.section.pk)
        earliest, before = self.date_bounds()
        if earliest:
            stories = stories.filter(display_date__gte=earliest)
        if before:
            stories = stories.filter(display_date__lt=before)
        return stories

    def as_query_string(self) -> str:
        """The accepted parameters, for pagination links (the page number is added by the template)."""
        pairs = [("q", self.query.text)]
        if self.section is not None:
            pairs.append(("section", self.section_slug))
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        if self.sort != DEFAULT_SORT:
            pairs.append(("sort", self.sort))
        return urlencode(pairs)
