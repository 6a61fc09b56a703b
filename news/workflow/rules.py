"""What a story must carry before it may go live."""

# (field name, how the editor knows it)
SYNDICATION_FIELDS = [
    ("partner", "partner"),
    ("original_url", "original URL"),
    ("licensing_notice", "licensing notice"),
]


def missing_syndication_fields(*, syndicated, partner, original_url, licensing_notice) -> list[str]:
    """Names of the fields a syndicated story lacks; empty for our own reporting or when nothing is missing.

    The licensing notice counts as present when the story has none of its own
    but its partner has a default one: ArticlePage.save() copies it over.
    """
    if not syndicated:
        return []
    missing = []
    if partner is None:
        missing.append("partner")
    if not (original_url or "").strip():
        missing.append("original_url")
    if licensing_notice is None and (partner is None or partner.default_licensing_notice_id is None):
        missing.append("licensing_notice")
    return missing


def article_missing_syndication_fields(article) -> list[str]:
    """The same check on a story as stored (a page or a revision's copy of one); other page types pass."""
    if not hasattr(article, "is_syndicated"):
        return []
    return missing_syndication_fields(
        syndicated=article.is_syndicated,
        partner=article.partner if article.partner_id else None,
        original_url=article.original_url,
        licensing_notice=article.licensing_notice if article.licensing_notice_id else None,
    )


def describe_missing(field_names) -> str:
    """“partner, original URL and licensing notice”: the missing fields as the editor knows them."""
    labels = [label for name, label in SYNDICATION_FIELDS if name in field_names]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def syndication_rule_message(field_names, doing="submitted for review") -> str:
    return f"A syndicated story cannot be {doing} without its {describe_missing(field_names)}."
