"""`/corrections/`: the publication's recent corrections and updates, newest first, each linking to its story."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from corrections.models import StoryNote

PER_PAGE = 50


def corrections_list(request):
    """Notes on live, public stories only: a draft's note waits for review, a private story's stays private."""
    notes = (
        StoryNote.objects.filter(story__in=Page.objects.live().public().values("pk"))
        .select_related("story")
        .order_by("-noted_at", "-pk")
    )
    page = Paginator(notes, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "corrections/corrections_list.html", {"notes": page, "page_obj": page})
