def test_article_page_renders_headline(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert "Bridge reopens after flood" in response.content.decode()
