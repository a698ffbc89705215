"""Writing a wiki resource page back in the saved-page layout."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .models import WikiResource
from .reader import HEADER, MONTHS, PREVIEW, TABLE_HEADER


def dump(page: WikiResource) -> str:
    """Write ``page`` in the saved-page layout (LF newlines, no final newline).

    Unknown sections (``extra_sections``) go where they read back as such:
    after a section whose content is one block (Key Points, else the last of
    description, Authors, Credibility Rating, Data Status and Metadata, else
    Cited by), never after Abstract, Summary or Review, which would take
    them in. A page with none of those cannot carry them, and ``dumps``
    says so.
    """
    head: list[list[str]] = []  # blocks, each a list of lines
    if page.description is not None:
        head.append([page.description])
    if page.authors:
        head += [["Authors" if len(page.authors) > 1 else "Author"], page.authors]
    if page.credibility_rating is not None:
        head += [["Credibility Rating"], [page.credibility_rating]]
    if page.data_status is not None:
        fetched = page.data_status.fetched_on
        head += [["Data Status"], [page.data_status.status,
                                   *([f"Fetched {_format_date(fetched)}"] if fetched else [])]]
    if page.importance is not None:
        head += [["Metadata"], [f"Importance: {page.importance}/100{''.join(page.labels)}"]]
    running = [[[heading], [text]] for heading, text in
               (("Abstract", page.abstract), ("Summary", page.summary)) if text is not None]
    key_points = ([["Key Points"], [f"  • {point}" for point in page.key_points]]
                  if page.key_points else [])
    review = [["Review"], [page.review]] if page.review is not None else []
    count = len(page.cited_by)
    cited_by = ([[f"Cited by {count} page{'s' if count != 1 else ''}"],
                 [TABLE_HEADER, *(f"{row.title}{row.entity_type or '--'}"
                                   f"{_format_quality(row.quality)}" for row in page.cited_by)]]
                if count else [])
    extra = [block for heading, text in page.extra_sections.items()
             for block in ([heading], [text]) if block != [""]]
    if key_points or not (head or cited_by):
        key_points += extra
    elif head:
        head += extra
    else:
        cited_by += extra
    blocks = [[page.title], [page.resource_type], *head,
              *(block for section in running for block in section), *key_points, *review,
              *cited_by]
    out: list[str] = list(HEADER)
    for lines in blocks:
        out += ["", *lines]
    cached = page.cached_content
    if cached is not None:
        out += ["", PREVIEW, "", f"HTTP {cached.http_status}Fetched "
                f"{_format_date(cached.fetched_on)}{cached.size_kb} KB", cached.text]
        if cached.truncated:
            out += ["", f"... (truncated, {cached.total_kb} KB total)"]
    stable = f" | Stable ID: {page.stable_id}" if page.stable_id is not None else ""
    out.append(f"Resource ID: {page.resource_id}{stable}")
    return "\n".join(out)


def _format_date(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _format_quality(quality: float | None) -> str:
    # Positional notation, exact: repr() would write 1e-05 for a tiny value.
    return "--" if quality is None else format(Decimal(repr(quality)), "f")
