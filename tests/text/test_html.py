"""Partner HTML keeps its text, emphasis and links, and loses everything that runs, styles or tracks."""

import pytest

from news.intake.ingest import body_blocks
from text.html import clean_html, plain_text, without_tracking_parameters

HOSTILE = """
<script>steal(document.cookie)</script>
<style>body { display: none }</style>
<p style="color: red" onclick="steal()" onmouseover="steal()" class="lead" id="x">Gales of
<strong onfocus="steal()">force nine</strong> are expected.</p>
<p><a href="javascript:steal()">map</a> <a href="JaVaScRiPt:steal()">map 2</a> <a href="data:text/html,<script>x</script>">data</a>
<a href="https://met.example/forecast?utm_source=partner&amp;utm_medium=rss&amp;zoom=4&amp;fbclid=abc" target="_blank" onclick="track()">forecast</a></p>
<img src="https://tracker.example/pixel.gif" width="1" height="1" onerror="steal()">
<iframe src="https://ads.example/slot"></iframe>
<svg onload="steal()"><circle r="1"/></svg>
<!-- tracking comment -->
"""


@pytest.fixture
def cleaned():
    return clean_html(HOSTILE, base_url="https://coastline.example/stories/gales")


@pytest.mark.parametrize(
    "forbidden",
    [
        "<script",
        "steal",
        "<style",
        "display: none",
        "style=",
        "onclick",
        "onmouseover",
        "onfocus",
        "onerror",
        "onload",
        "javascript",
        "data:",
        "<img",
        "tracker.example",
        "<iframe",
        "<svg",
        "class=",
        "id=",
        "target=",
        "utm_",
        "fbclid",
        "<!--",
    ],
)
def test_nothing_that_runs_styles_or_tracks_survives(cleaned, forbidden):
    assert forbidden.lower() not in cleaned.lower()


def test_text_emphasis_and_safe_links_survive(cleaned):
    assert "<strong>force nine</strong>" in cleaned
    assert '<a href="https://met.example/forecast?zoom=4">forecast</a>' in cleaned
    assert "map" in cleaned and "map 2" in cleaned, "the text of a dangerous link stays, without the link"


def test_relative_links_resolve_against_the_story_and_are_dropped_without_one():
    assert clean_html('<a href="/topics/sea">sea</a>', base_url="https://coastline.example/s/1") == (
        '<a href="https://coastline.example/topics/sea">sea</a>'
    )
    assert clean_html('<a href="/topics/sea">sea</a>') == "<a>sea</a>"


def test_cleaned_html_is_stored_as_rich_text_the_editor_would_produce(cleaned):
    blocks = body_blocks(cleaned)
    assert [b["type"] for b in blocks] == ["paragraph"]
    assert 'data-block-key="' in blocks[0]["value"]
    assert "<b>force nine</b>" in blocks[0]["value"], "the editor stores bold as <b>"


def test_plain_text_drops_tags_and_scripts_and_decodes_entities():
    assert plain_text("<b>Fish &amp; chips</b>\n<script>x()</script>  tonight") == "Fish & chips tonight"


def test_tracking_parameters_are_removed_and_others_kept():
    url = "https://a.example/p?utm_campaign=x&id=7&gclid=1&mc_eid=2"
    assert without_tracking_parameters(url) == "https://a.example/p?id=7"
