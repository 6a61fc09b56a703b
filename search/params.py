"""What a reader asked for on /search/: what cannot be used is cut or ignored with a notice, never an error."""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
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

# Dates outside these years are taken for typing errors.
DATE_RANGE = [MinValueValidator(datetime.date(1900, 1, 1)), MaxValueValidator(datetime.date(2199, 12, 31))]
NOTICES = {
    "shortened": f"Your search was longer than {MAX_QUERY_LENGTH} characters, so we searched for its beginning only.",
    "unreadable": "Some characters in your search could not be read and were left out.",
    "simplified": "Search operators and symbols are not supported, so we searched for the words only.",
    "section": "We have no section by that name, so we searched every section.",
    "from": "The “from” date was not a date we understand (use YYYY-MM-DD), so we ignored it.",
    "to": "The “to” date was not a date we understand (use YYYY-MM-DD), so we ignored it.",
    "sort": "We can sort by relevance or by newest first; we used relevance.",
}


def printable(text: str) -> str:
    """`text` without control characters, unassigned or private code points, or the undecodable-byte marker."""
    unprintable = ("Cc", "Cf", "Cs", "Co", "Cn")
    kept = (" " if char == "\ufffd" or unicodedata.category(char) in unprintable else char for char in text)
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
        phrases = [" ".join(words) for words in map(WORD.findall, QUOTED.findall(text)) if len(words) > 1]
        loose = QUOTED.sub(lambda m: m.group(0) if len(WORD.findall(m.group(1))) <= 1 else " ", text)
        all_words = WORD.findall(loose)
        words = [w for w in all_words if w not in OPERATORS]
        simplified = len(words) < len(all_words) or bool(SYNTAX.search(text))
        meaningful = [w for w in words if w.lower() not in STOPWORDS]
        terms = tuple(dict.fromkeys(meaningful or words))[:MAX_TERMS]
        phrases = tuple(dict.fromkeys(phrases))[:MAX_TERMS]
        return cls(text, terms, phrases, shortened, unreadable, simplified)

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable is left (no words, only symbols or unreadable bytes)."""
        return not self.terms and not self.phrases

    @property
    def words(self) -> list[str]:
        """Every searched word, phrases included, for highlighting matches."""
        return [*self.terms, *(w for phrase in self.phrases for w in phrase.split())]

    def as_search_query(self):
        """The modelsearch query of a query that is not empty: all words required, quoted phrases as phrases."""
        parts = [PlainText(" ".join(self.terms), operator="and")] if self.terms else []
        parts += [Phrase(phrase) for phrase in self.phrases]
        return parts[0] if len(parts) == 1 else And(parts)


class Filters(forms.Form):
    """The section, dates and order, stripped and cut to MAX_PARAM_LENGTH; a value that does not fit is an error."""

    section = forms.ChoiceField(required=False)
    sort = forms.ChoiceField(choices=SORTS.items(), required=False)

    def __init__(self, data, sections):
        super().__init__({name: value.strip()[:MAX_PARAM_LENGTH] for name, value in data.items()})
        self.fields["section"].choices = [(section.slug, section.title) for section in sections]
        for name in ("from", "to"):  # not Python names, so not declared above
            self.fields[name] = forms.DateField(required=False, input_formats=["%Y-%m-%d"], validators=DATE_RANGE)


class SearchParams:
    """The search page's query string, validated: `?q=&section=&from=&to=&sort=&page=`; `sections` those offered."""

    def __init__(self, data, sections):
        self.query = ReaderQuery.parse(data.get("q", ""))
        form = Filters(data, sections)
        form.is_valid()  # fills cleaned_data with the values that fit, errors with the others
        chosen = form.cleaned_data
        self.section = next((s for s in sections if s.slug == chosen.get("section")), None)
        self.date_from, self.date_to = chosen.get("from"), chosen.get("to")
        self.sort = chosen.get("sort") or DEFAULT_SORT
        self.notices = [
            text for name, text in NOTICES.items() if getattr(self.query, name, False) or name in form.errors
        ]
        if self.date_from and self.date_to and self.date_from > self.date_to:
            self.date_from, self.date_to = self.date_to, self.date_from
            self.notices.append("The dates were the wrong way round, so we swapped them.")

    def date_lookups(self) -> dict:
        """Lookups on `display_date`: from the first moment of the "from" day to before the day after "to"."""
        days = {"gte": self.date_from, "lt": self.date_to and self.date_to + datetime.timedelta(days=1)}
        return {
            f"display_date__{lookup}": timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
            for lookup, day in days.items()
            if day
        }

    def filter_stories(self, stories):
        """`stories` narrowed to the chosen section and dates (each a FilterField on ArticlePage)."""
        if self.section is not None:
            stories = stories.filter(section_id=self.section.pk)
        return stories.filter(**self.date_lookups())

    def as_query_string(self) -> str:
        """The accepted parameters, for pagination links (the page number is added by the template)."""
        section = self.section.slug if self.section is not None else None
        sort = self.sort if self.sort != DEFAULT_SORT else None
        others = {"section": section, "from": self.date_from, "to": self.date_to, "sort": sort}
        return urlencode({"q": self.query.text, **{name: value for name, value in others.items() if value}})
