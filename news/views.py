from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from news.models import ArticlePage, Author
from news.models.articles import prefetch_card_renditions
from news.pagination import page_of

AUTHOR_ARTICLES_PER_PAGE = 20


def author_detail(request, slug):
    """An author's page: who they are and their stories, newest first."""
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    stories = ArticlePage.objects.cards().filter(authors__author=author).distinct()
    articles_page = page_of(Paginator(stories, AUTHOR_ARTICLES_PER_PAGE), request)
    prefetch_card_renditions(articles_page)
    return render(request, "news/author_page.html", {"author": author, "articles_page": articles_page})
