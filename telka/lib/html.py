"""Cleaning HTML written by editors and users (nh3, an allow-list sanitiser).

nh3 is imported by the first clean, not by every worker at start (it maps 1.4 MiB).
"""

TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def clean_html(value: str) -> str:
    """Keep structure and links; drop scripts, styles, event handlers and unknown tags."""
    import nh3

    return nh3.clean(
        value or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
