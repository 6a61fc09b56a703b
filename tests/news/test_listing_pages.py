"""Author pages and licence pages list their stories."""

from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, AuthorFactory, publish


def test_author_page_lists_their_live_stories_newest_first(client, section):
    author = AuthorFactory(name="Priya Halvorsen", slug="priya-halvorsen", bio="Writes about work.")
    titles = []
    for i in range(3):
        story = ArticlePageFactory(parent=section, title=f"Work story {i}", slug=f"work-{i}")
        story.authors.create(author=author)
        publish(story)
        titles.append(story.title)
    draft = ArticlePageFactory(parent=section, title="Draft by Priya", slug="draft-priya", live=False)
    draft.authors.create(author=author)
    response = client.get("/authors/priya-halvorsen/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Priya Halvorsen"
    assert "Writes about work." in response.content.decode()
    assert [a.get_text() for a in soup.select("h3 a")] == list(reversed(titles))


def test_unknown_author_is_not_found(client, db):
    assert client.get("/authors/nobody/").status_code == 404


def test_author_page_with_junk_page_number_shows_first_page(client, section):
    author = AuthorFactory(name="Kofi Adebayo", slug="kofi-adebayo")
    story = ArticlePageFactory(parent=section, title="Ferry fares frozen", slug="ferry-fares")
    story.authors.create(author=author)
    publish(story)
    response = client.get("/authors/kofi-adebayo/?page=x%00")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Kofi Adebayo"
    assert [a.get_text() for a in soup.select("h3 a")] == ["Ferry fares frozen"]


def test_licence_page_lists_the_stories_published_under_it(client, section, partner, partner_licence):
    story = ArticlePageFactory(
        parent=section, title="Partner story", slug="partner-story", origin="syndicated", partner=partner
    )
    publish(story)
    html = client.get(partner_licence.url).content.decode()
    assert "Stories published under this licence" in html
    assert "Partner story" in html
    assert "mailto:licensing@coastline.example" in html
