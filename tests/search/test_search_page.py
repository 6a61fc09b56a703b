"""What a reader finds on /search/: every indexed field, filters, order, counts and pages, and nothing unpublished."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, SectionPageFactory, publish
from tests.search.conftest import add_story


def headlines(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".search-result__headline a")]


def count_line(response):
    soup = BeautifulSoup(response.content, "html.parser")
    found = soup.select_one(".search-count")
    return found.get_text(" ", strip=True) if found else None


@pytest.fixture
def harbour_story(section):
    return add_story(
        section,
        "Harbour council approves new ferry",
        dek="Islanders welcome a quicker crossing.",
        body_text="The vote in Portmerrow was unanimous after the lighthouse inspection.",
        tags=["transport"],
        authors=["Ines Valgarde"],
    )


@pytest.mark.parametrize(
    "words",
    [
        "ferry",  # headline
        "islanders",  # dek
        "lighthouse",  # body
        "transport",  # tag
        "Valgarde",  # author
        "world",  # section title
    ],
)
def test_search_finds_a_story_by_each_indexed_field(client, harbour_story, article, words):
    response = client.get("/search/", {"q": words})
    assert response.status_code == 200
    assert "Harbour council approves new ferry" in "".join(headlines(response))


def test_search_marks_the_words_found_in_headline_and_excerpt(client, harbour_story):
    response = client.get("/search/", {"q": "ferry lighthouse"})
    html = response.content.decode()
    assert "new <mark>ferry</mark>" in html
    assert "<mark>lighthouse</mark> inspection" in html


def test_an_excerpt_is_the_bodys_text_without_markup_or_script(client, section):
    add_story(
        section,
        "Harbour toll rises",
        body_text="<script>alert('toll')</script>The <b>harbour</b> toll &amp; fees rise <em>again</em>.",
    )
    soup = BeautifulSoup(client.get("/search/", {"q": "harbour"}).content, "html.parser")
    excerpt = soup.select_one(".search-result__excerpt")
    assert excerpt.get_text() == "The harbour toll & fees rise again."
    assert [mark.get_text() for mark in excerpt.select("mark")] == ["harbour"]
    assert not soup.select(".search-results script")


def test_all_words_are_required(client, harbour_story, section):
    add_story(section, "Ferry timetable changes", slug="timetable")
    assert headlines(client.get("/search/", {"q": "ferry harbour"})) == ["Harbour council approves new ferry"]


def test_quoted_words_are_searched_as_a_phrase(client, harbour_story, section):
    add_story(section, "New council for the ferry port", slug="council-port")
    found = headlines(client.get("/search/", {"q": '"council approves"'}))
    assert found == ["Harbour council approves new ferry"]


def test_section_filter_narrows_results(client, section, politics):
    add_story(section, "Budget talks abroad", slug="abroad")
    add_story(politics, "Budget vote at home", slug="home-vote")
    response = client.get("/search/", {"q": "budget", "section": "politics"})
    assert headlines(response) == ["Budget vote at home"]
    assert count_line(response) == "1 story for “budget” in Politics"


def test_each_result_names_its_section(client, section, politics):
    add_story(section, "Budget talks abroad", slug="abroad", days_ago=1)
    add_story(politics, "Budget vote at home", slug="home-vote", days_ago=2)
    soup = BeautifulSoup(client.get("/search/", {"q": "budget", "sort": "newest"}).content, "html.parser")
    labels = [result.select_one(".card__section").get_text() for result in soup.select(".search-result")]
    assert labels == ["World News", "Politics"]


def section_choices(client):
    soup = BeautifulSoup(client.get("/search/", {"q": "budget"}).content, "html.parser")
    return [option.get_text() for option in soup.select("#search-section option")][1:]


def test_the_section_filter_follows_sections_published_renamed_moved_and_removed(client, home, section, politics):
    assert section_choices(client) == ["World News", "Politics"]  # remembered from here on
    sport = publish(SectionPageFactory(parent=home, title="Sport", slug="sport"))
    assert section_choices(client) == ["World News", "Politics", "Sport"]
    sport.title = "Sport and Games"
    publish(sport)
    assert section_choices(client) == ["World News", "Politics", "Sport and Games"]
    sport.move(section, pos="last-child")  # listed in tree order: now right after World News
    assert section_choices(client) == ["World News", "Sport and Games", "Politics"]
    politics.unpublish()
    assert section_choices(client) == ["World News", "Sport and Games"]
    SectionPageFactory._meta.model.objects.get(pk=sport.pk).delete()
    assert section_choices(client) == ["World News"]


def test_the_section_filter_is_not_read_from_the_database_on_every_search(client, section, politics):
    client.get("/search/", {"q": "budget"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "budget"})
    # Joined for the cards' section titles, but never read as a list.
    assert not [q for q in queries.captured_queries if 'FROM "news_sectionpage"' in q["sql"]]


def test_date_filters_keep_stories_of_those_days_inclusive(client, section):
    add_story(section, "Storm warning issued", slug="old-storm", days_ago=40)
    add_story(section, "Storm passes the coast", slug="new-storm", days_ago=2)
    today = timezone.localdate()
    two_days_ago = (today - datetime.timedelta(days=2)).isoformat()
    three_days_ago = (today - datetime.timedelta(days=3)).isoformat()
    assert headlines(client.get("/search/", {"q": "storm", "from": two_days_ago})) == ["Storm passes the coast"]
    assert headlines(client.get("/search/", {"q": "storm", "to": three_days_ago})) == ["Storm warning issued"]
    both = client.get("/search/", {"q": "storm", "from": two_days_ago, "to": two_days_ago})
    assert headlines(both) == ["Storm passes the coast"]


def test_newest_sort_orders_by_date_and_relevance_by_match(client, section):
    add_story(section, "Rail strike", body_text="Rail rail rail rail.", slug="rail-old", days_ago=10)
    add_story(section, "Commuters wait", body_text="A rail line closed.", slug="rail-new", days_ago=1)
    assert headlines(client.get("/search/", {"q": "rail", "sort": "newest"})) == ["Commuters wait", "Rail strike"]
    assert headlines(client.get("/search/", {"q": "rail"}))[0] == "Rail strike"


def test_count_is_of_all_results_and_pages_keep_the_query(client, section):
    for n in range(23):
        add_story(section, f"Election night {n}", slug=f"election-{n}", days_ago=n + 1)
    first = client.get("/search/", {"q": "election", "sort": "newest", "section": "world-news"})
    assert count_line(first) == "23 stories for “election” in World News"
    assert len(headlines(first)) == 20
    soup = BeautifulSoup(first.content, "html.parser")
    next_link = soup.select_one(".pagination a[rel=next]")["href"]
    assert next_link == "?q=election&section=world-news&sort=newest&page=2"
    second = client.get("/search/" + next_link)
    assert count_line(second) == "23 stories for “election” in World News"
    assert headlines(second) == ["Election night 20", "Election night 21", "Election night 22"]
    assert set(headlines(first)).isdisjoint(headlines(second))


def test_drafts_unpublished_and_private_stories_never_appear(client, section, home):
    add_story(section, "Glacier survey published", slug="glacier-live")
    ArticlePageFactory(parent=section, title="Glacier survey draft", slug="glacier-draft", live=False)
    add_story(section, "Glacier survey withdrawn", slug="glacier-withdrawn").unpublish()
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    add_story(members, "Glacier survey for members", slug="glacier-members")
    response = client.get("/search/", {"q": "glacier"})
    assert headlines(response) == ["Glacier survey published"]
    assert count_line(response) == "1 story for “glacier”"
    section_options = BeautifulSoup(response.content, "html.parser").select("#search-section option")
    assert "Members" not in [o.get_text() for o in section_options]


def test_search_page_is_not_indexed_by_search_engines(client, harbour_story):
    response = client.get("/search/", {"q": "ferry"})
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "Cache-Control" not in response or "public" not in response["Cache-Control"]


def test_promotions_for_the_query_are_shown_above_results(client, harbour_story, article):
    query = Query.get("ferry times")
    SearchPromotion.objects.create(query=query, page=article, description="Our guide", sort_order=0)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://timetables.example/", external_link_text="Timetables", sort_order=1
    )
    soup = BeautifulSoup(client.get("/search/", {"q": "Ferry  Times"}).content, "html.parser")
    promoted = [(a.get_text(), a["href"]) for a in soup.select(".search-promotion a")]
    assert promoted == [(article.title, article.url), ("Timetables", "https://timetables.example/")]


def test_promotion_of_an_unpublished_page_is_not_shown(client, harbour_story, article):
    SearchPromotion.objects.create(query=Query.get("ferry"), page=article, sort_order=0)
    article.unpublish()
    soup = BeautifulSoup(client.get("/search/", {"q": "ferry"}).content, "html.parser")
    assert soup.select(".search-promotion") == []


def promoted(client, q):
    soup = BeautifulSoup(client.get("/search/", {"q": q}).content, "html.parser")
    return [a.get_text() for a in soup.select(".search-promotion a")]


def test_a_promotion_shows_from_the_next_search_after_it_is_added_changed_or_removed(client, harbour_story):
    assert promoted(client, "ferry") == []  # remembered: "ferry" has no promotions
    promotion = SearchPromotion.objects.create(
        query=Query.get("ferry"), external_link_url="https://a.example/", external_link_text="Timetables"
    )
    assert promoted(client, "ferry") == ["Timetables"]
    promotion.external_link_text = "Ferry timetables"
    promotion.save()
    assert promoted(client, "ferry") == ["Ferry timetables"]
    promotion.delete()
    assert promoted(client, "ferry") == []


def test_a_search_without_promotions_does_not_ask_for_them_again(client, harbour_story):
    client.get("/search/", {"q": "ferry"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "ferry"})
    assert not [q for q in queries.captured_queries if "searchpromotions_searchpromotion" in q["sql"]]


def test_each_search_is_counted_for_the_popular_queries_report(client, harbour_story):
    client.get("/search/", {"q": "Ferry"})
    client.get("/search/", {"q": "ferry "})
    client.get("/search/", {"q": "ferry", "page": "2"})  # the same search, paged: not a new one
    assert list(Query.get_most_popular().values_list("query_string", "_hits")) == [("ferry", 2)]
    assert QueryDailyHits.objects.get().date == timezone.localdate()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="synchronous_commit is a PostgreSQL setting")
def test_counting_a_search_does_not_wait_for_the_disk(client, harbour_story):
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "ferry"})
    statements = [q["sql"] for q in queries.captured_queries]
    first_write = next(n for n, sql in enumerate(statements) if "searchpromotions_query" in sql)
    assert "SET LOCAL synchronous_commit TO OFF" in statements[first_write - 1]
    assert QueryDailyHits.objects.get().hits == 1


def test_a_search_counted_before_today_and_another_search_keep_their_own_counts(client, harbour_story):
    ferry = Query.objects.create(query_string="ferry")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    QueryDailyHits.objects.create(query=ferry, date=yesterday, hits=5)
    for q in ("ferry", "ferry", "harbour"):
        client.get("/search/", {"q": q})
    counts = QueryDailyHits.objects.values_list("query__query_string", "date", "hits")
    assert sorted(counts) == [
        ("ferry", yesterday, 5),
        ("ferry", timezone.localdate(), 2),
        ("harbour", timezone.localdate(), 1),
    ]


def test_searches_without_words_are_not_counted(client, db):
    client.get("/search/", {"q": "   "})
    client.get("/search/", {"q": "%%%"})
    assert not QueryDailyHits.objects.exists()


def test_every_page_has_a_labelled_search_box_that_works_without_javascript(client, article):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    form = soup.select_one("form[role=search]")
    assert form["action"] == "/search/" and form["method"] == "get"
    box = form.select_one("input[name=q]")
    assert soup.select_one(f"label[for={box['id']}]") is not None
    assert form["data-suggest-url"] == "/search/suggest/"


def test_broad_searches_on_the_database_backend_rank_only_a_window_of_matches(db):
    from search.fallback import search_backend
    from search.views import RELEVANCE_WINDOW, SQLITE_RELEVANCE_WINDOW, relevance_window

    expected = SQLITE_RELEVANCE_WINDOW if connection.vendor == "sqlite" else RELEVANCE_WINDOW
    assert relevance_window(search_backend()) == expected


@pytest.fixture
def five_rail_stories(section):
    """Newest first: the second newest says "rail" most, so it is the most relevant of the newest two."""
    add_story(section, "Rail news", slug="rail-1", days_ago=1, body_text="A short item.")
    add_story(section, "Rail rail rail strike", slug="rail-2", days_ago=2, body_text="Rail rail rail rail.")
    add_story(section, "Rail fares", slug="rail-3", days_ago=3)
    add_story(section, "Rail rail rail rail timetable", slug="rail-4", days_ago=4, body_text="Rail rail rail.")
    add_story(section, "Rail depot", slug="rail-5", days_ago=5)


def test_very_broad_searches_rank_the_newest_matches_then_list_the_rest_by_date(client, five_rail_stories, monkeypatch):
    monkeypatch.setattr("search.views.relevance_window", lambda backend: 2)
    response = client.get("/search/", {"q": "rail"})
    # The newest two by relevance, then the older three newest first: each story once,
    # even though "Rail rail rail rail timetable" scores higher than both of the newest.
    assert headlines(response) == [
        "Rail rail rail strike",
        "Rail news",
        "Rail fares",
        "Rail rail rail rail timetable",
        "Rail depot",
    ]
    assert count_line(response) == "5 stories for “rail”"
    notices = [p.get_text() for p in BeautifulSoup(response.content, "html.parser").select(".search-notices p")]
    assert notices == [
        "So many stories match that the best of the newest 2 come first, then older ones by date. "
        "Add a word to narrow the search."
    ]


def test_pages_past_the_ranked_window_continue_by_date_without_repeats(client, five_rail_stories, monkeypatch):
    monkeypatch.setattr("search.views.relevance_window", lambda backend: 3)
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 2)
    first, second, third = (headlines(client.get("/search/", {"q": "rail", "page": n})) for n in (1, 2, 3))
    # The window (the newest three, ranked) straddles pages one and two.
    assert first[0] == "Rail rail rail strike"
    assert {*first, second[0]} == {"Rail rail rail strike", "Rail news", "Rail fares"}
    assert second[1:] == ["Rail rail rail rail timetable"]
    assert third == ["Rail depot"]


def test_searches_within_the_window_are_ranked_in_full(client, five_rail_stories, monkeypatch):
    monkeypatch.setattr("search.views.relevance_window", lambda backend: 5)
    response = client.get("/search/", {"q": "rail"})
    assert headlines(response)[0] in {"Rail rail rail rail timetable", "Rail rail rail strike"}
    assert not BeautifulSoup(response.content, "html.parser").select(".search-notices p")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="on SQLite only: ranking there reads every match per story")
def test_on_sqlite_searches_matching_very_many_stories_are_listed_newest_first(client, five_rail_stories, monkeypatch):
    monkeypatch.setattr("search.views.relevance_window", lambda backend: 2)
    monkeypatch.setattr("search.views.SQLITE_RANKED_MATCHES", 4)
    response = client.get("/search/", {"q": "rail"})
    assert headlines(response) == [
        "Rail news",
        "Rail rail rail strike",
        "Rail fares",
        "Rail rail rail rail timetable",
        "Rail depot",
    ]
    notices = [p.get_text() for p in BeautifulSoup(response.content, "html.parser").select(".search-notices p")]
    assert notices == ["So many stories match that the newest come first. Add a word to narrow the search."]
