"""Reading a Longterm Wiki resource page, as saved by a browser's "save as text".

Block elements sit on their own lines, separated by blank lines; inline
elements run together with no separator, which is why several lines below are
split with the help of known vocabularies (entity types, label badges).
docs/wiki.md gives the grammar in full.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from ..._errors import ParseError
from ..._types import FieldPattern, Positions

HEADER = ("Skip to content", "Longterm Wiki", "Back")

ENTITY_TYPES = (
    "Risk", "Risk Factor", "Capability", "Safety Agenda", "Approach", "Project", "Policy",
    "Organization", "Crux", "Concept", "Case Study", "Person", "Resource", "Funder",
    "Historical", "Analysis", "Parameter", "Argument", "Table", "Diagram", "Insight",
    "Event", "Debate", "Overview", "Intelligence Paradigm", "Internal", "AI Model",
    "Benchmark", "Research Area",
)
"""Types a citing page can carry; no one of them ends another, so a row splits
in exactly one way."""

KNOWN_LABELS = ("organizational report", "commentary")
"""Label badges known to run together after ``Importance: N/100``."""

_LONGEST_TYPES_FIRST = sorted(ENTITY_TYPES, key=len, reverse=True)
_LONGEST_LABELS_FIRST = sorted(KNOWN_LABELS, key=len, reverse=True)

_FOOTER = re.compile(r"Resource ID: (\S*)(?: \| Stable ID: (\S+))?")
_IMPORTANCE = re.compile(r"Importance: (\d+)/100(.*)")
_CITED_BY = re.compile(r"Cited by (\d+) pages?")
TABLE_HEADER = "PageTypeQuality"
_ROW_QUALITY = re.compile(r"(?:(\d+(?:\.\d+)?)|--)\Z")
_KEY_POINT = re.compile(r" *• (.*)")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = r"(" + "|".join(MONTHS) + r") (\d{1,2}), (\d{4})"
_STATUS = re.compile(r"HTTP (\d{3})Fetched " + _DATE + r"(\d+) KB")
_DATA_STATUS = re.compile(r"(Full text fetched|Metadata only|Not fetched)"
                          r"(?:\n?Fetched " + _DATE + r")?")
_TRUNCATED = re.compile(r"\n\n\.\.\. \(truncated, (\d+) KB total\)\Z")
PREVIEW = "Cached Content Preview"

# Sections whose content is one block; what follows it belongs to the next
# heading. ("Cited by N pages" is one-block too, but recognised by its
# pattern: a bare "Cited by" line is not a heading.)
_ONE_BLOCK = {"Author", "Authors", "Credibility Rating", "Data Status", "Metadata",
              "Key Points"}
# Sections the site renders from one markdown text each, which may hold
# paragraphs, lists and lines such as "To analyse it I would need:": they run
# on, block after block, up to the next known heading.
_RUNNING = {"Abstract", "Summary", "Review"}

TEXT_FIELDS: tuple[FieldPattern, ...] = (
    ("title",), ("resource_type",), ("description",), ("authors", "*"),
    ("credibility_rating",), ("labels", "*"), ("abstract",), ("summary",),
    ("key_points", "*"), ("review",), ("cited_by", "*", "title"), ("extra_sections", "*"),
)


class _Block:
    """Consecutive non-blank lines; ``line`` is the file line of the first."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int, lines: list[str]) -> None:
        self.line = line
        self.lines = lines

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def heading(self) -> str | None:
        return section_heading(self.lines[0]) if len(self.lines) == 1 else None


def section_heading(line: str) -> str | None:
    """The known section a one-line block opens (``"Cited by"`` for any count), or None."""
    if line in _ONE_BLOCK or line in _RUNNING:
        return line
    return "Cited by" if _CITED_BY.fullmatch(line) else None


def read(text: str, path: str | None) -> tuple[dict[str, Any], Positions]:
    """A page's model-ready data, and where each value of it is written."""
    return _PageParser(text, path).parse()


class _PageParser:
    def __init__(self, text: str, path: str | None) -> None:
        # The saved page has no final newline; tolerate one added by an editor.
        self.lines = (text[:-1] if text.endswith("\n") else text).split("\n")
        self.path = path
        self.data: dict[str, Any] = {}
        self.positions: Positions = {}
        self.seen: dict[str, int] = {}

    def error(self, message: str, line: int | None, column: int | None = 1) -> ParseError:
        return ParseError(message, stage="parse", path=self.path, line=line, column=column)

    def put(self, field: str, value: Any, line: int, column: int = 1) -> None:
        self.data[field] = value
        self.positions[(field,)] = (line, column)

    def parse(self) -> tuple[dict[str, Any], Positions]:
        footer_line = len(self.lines)
        self.parse_footer(self.lines[-1], footer_line)
        for number, expected in enumerate(HEADER, start=1):
            found = self.lines[number - 1] if number < footer_line else None
            if found != expected:
                raise self.error(f"expected the page header line {expected!r}, "
                                 f"found {found!r}", number)
        upper_end = footer_line - 1  # index of the footer line
        try:
            preview = self.lines.index(PREVIEW, len(HEADER), upper_end)
        except ValueError:
            preview = upper_end
        else:
            self.parse_preview(preview, upper_end)
        self.parse_blocks(list(_blocks(self.lines, len(HEADER), preview)))
        return self.data, self.positions

    def parse_footer(self, line: str, number: int) -> None:
        match = _FOOTER.fullmatch(line)
        if match is None:
            raise self.error("the last line must be 'Resource ID: <16 hex digits>' "
                             "(optionally ' | Stable ID: <id>')", number)
        self.put("resource_id", match.group(1), number, 14)
        self.put("stable_id", match.group(2), number, match.start(2) + 1 if match.group(2) else 1)

    def parse_preview(self, heading: int, footer: int) -> None:
        status_index = heading + 2
        if status_index >= footer or self.lines[heading + 1] != "":
            raise self.error("'Cached Content Preview' must be followed by a blank line "
                             "and a status line", heading + 1)
        status = self.lines[status_index]
        match = _STATUS.fullmatch(status)
        if match is None:
            raise self.error("status line does not read 'HTTP <code>Fetched <Mon D, YYYY>"
                             f"<size> KB': {status!r}", status_index + 1)
        code, month, day, year, size = match.groups()
        fetched_on = self.date(month, day, year, status_index + 1)
        region = "\n".join(self.lines[status_index + 1 : footer])
        truncated = _TRUNCATED.search(region)
        self.put("cached_content", {
            "http_status": code,
            "fetched_on": fetched_on,
            "size_kb": size,
            "text": region[: truncated.start()] if truncated else region,
            "truncated": truncated is not None,
            "total_kb": truncated.group(1) if truncated else None,
        }, status_index + 1)

    def date(self, month: str, day: str, year: str, line: int) -> dt.date:
        try:
            return dt.date(int(year), MONTHS.index(month) + 1, int(day))
        except ValueError:
            raise self.error(f"no such date: {month} {day}, {year}", line) from None

    def parse_blocks(self, blocks: list[_Block]) -> None:
        if len(blocks) < 2:
            raise self.error("the page must give a title and a resource type after its "
                             "header", blocks[0].line if blocks else len(HEADER) + 1)
        for field, block in (("title", blocks[0]), ("resource_type", blocks[1])):
            if len(block.lines) != 1:
                raise self.error(f"the {field.replace('_', ' ')} must be one line",
                                 block.line + 1)
            self.put(field, block.lines[0], block.line)
        index = 2
        if index < len(blocks) and blocks[index].heading is None:
            self.put("description", blocks[index].text, blocks[index].line)
            index += 1
        while index < len(blocks):
            block = blocks[index]
            heading = block.heading
            end = index + 1
            if heading is None:
                while end < len(blocks) and blocks[end].heading is None:
                    end += 1
                self.parse_unknown(blocks[index:end])
            else:
                if heading in self.seen:
                    raise self.error(f"section {heading!r} appears twice (first on line "
                                     f"{self.seen[heading]})", block.line)
                self.seen[heading] = block.line
                if heading in _RUNNING:
                    while end < len(blocks) and blocks[end].heading is None:
                        end += 1
                elif end < len(blocks) and blocks[end].heading is None:
                    end += 1
                content = blocks[index + 1 : end]
                if not content:
                    raise self.error(f"section {block.lines[0]!r} has no content", block.line)
                self.parse_section(heading, block, content)
            index = end

    def parse_section(self, heading: str, block: _Block, content: list[_Block]) -> None:
        first = content[0]
        if heading in _RUNNING:
            self.put(heading.lower(), "\n\n".join(part.text for part in content), first.line)
        elif heading == "Credibility Rating":
            self.put("credibility_rating", first.text, first.line)
        elif heading in ("Author", "Authors"):
            self.put("authors", list(first.lines), first.line)
        elif heading == "Data Status":
            self.parse_data_status(first)
        elif heading == "Metadata":
            self.parse_metadata(first)
        elif heading == "Key Points":
            self.parse_key_points(first)
        else:
            self.parse_cited_by(block, first)

    def parse_data_status(self, block: _Block) -> None:
        match = _DATA_STATUS.fullmatch(block.text)
        if match is None:
            raise self.error("Data Status must read 'Full text fetched', 'Metadata only' or "
                             "'Not fetched', optionally with 'Fetched <Mon D, YYYY>'",
                             block.line)
        status, month, day, year = match.groups()
        fetched_on = self.date(month, day, year, block.line) if month else None
        self.put("data_status", {"status": status, "fetched_on": fetched_on}, block.line)

    def parse_metadata(self, block: _Block) -> None:
        match = _IMPORTANCE.fullmatch(block.text)
        if match is None:
            raise self.error(f"Metadata must read 'Importance: <N>/100<labels>', "
                             f"found {block.text!r}", block.line)
        self.put("importance", match.group(1), block.line, match.start(1) + 1)
        self.put("labels", split_labels(match.group(2)), block.line, match.start(2) + 1)

    def parse_key_points(self, block: _Block) -> None:
        points = []
        for offset, line in enumerate(block.lines):
            match = _KEY_POINT.fullmatch(line)
            if match is None:
                raise self.error(f"a key point must read '  • <text>', found {line!r}",
                                 block.line + offset)
            points.append(match.group(1))
            self.positions[("key_points", offset)] = (block.line + offset, match.start(1) + 1)
        self.put("key_points", points, block.line)

    def parse_cited_by(self, heading: _Block, table: _Block) -> None:
        match = _CITED_BY.fullmatch(heading.lines[0])
        assert match is not None
        if table.lines[0] != TABLE_HEADER:
            raise self.error(f"the 'Cited by' table must start with {TABLE_HEADER!r}, "
                             f"found {table.lines[0]!r}", table.line)
        rows = []
        for offset, row in enumerate(table.lines[1:], start=1):
            rows.append(self.split_row(row, table.line + offset))
            self.positions[("cited_by", offset - 1)] = (table.line + offset, 1)
        if len(rows) != int(match.group(1)):
            raise self.error(f"{heading.lines[0]!r} but the table has {len(rows)} "
                             f"row{'s' if len(rows) != 1 else ''}", heading.line)
        self.put("cited_by", rows, heading.line)

    def split_row(self, row: str, line: int) -> dict[str, Any]:
        quality = _ROW_QUALITY.search(row)
        rest = row[: quality.start()] if quality else ""
        entity_type = next((kind for kind in _LONGEST_TYPES_FIRST
                            if rest.endswith(kind) and len(rest) > len(kind)), None)
        if quality is None or not (entity_type or (rest.endswith("--") and len(rest) > 2)):
            raise self.error("cannot split 'Cited by' row into page, type and quality "
                             f"(type must be a known entity type or '--'): {row!r}", line)
        title = rest[: -len(entity_type or "--")]
        return {"title": title, "entity_type": entity_type, "quality": quality.group(1)}

    def parse_unknown(self, blocks: list[_Block]) -> None:
        sections = self.data.setdefault("extra_sections", {})
        for heading, content in _unknown_sections(blocks):
            if heading.lines[0] in sections:
                raise self.error(f"section {heading.lines[0]!r} appears twice", heading.line)
            text = "\n\n".join(part for part in content if part)
            sections[heading.lines[0]] = text
            self.positions[("extra_sections", heading.lines[0])] = (heading.line, 1)


def _blocks(lines: list[str], start: int, end: int) -> Iterator[_Block]:
    current: list[str] = []
    first = start
    for index in range(start, end):
        line = lines[index]
        if line.strip():
            if not current:
                first = index
            current.append(line)
        elif current:
            yield _Block(first + 1, current)
            current = []
    if current:
        yield _Block(first + 1, current)


def _unknown_sections(blocks: list[_Block]) -> Iterator[tuple[_Block, list[str]]]:
    """Split blocks under no known heading into (heading, paragraphs) pairs.

    The first block's first line is a heading; a later one-line block that
    looks like a heading (short, no closing punctuation) and is followed by
    more text starts another section. Every line lands in some section.
    """
    heading = _Block(blocks[0].line, blocks[0].lines[:1])
    content = ["\n".join(blocks[0].lines[1:])]
    for position, block in enumerate(blocks[1:], start=1):
        has_text = any(content)
        followed = position + 1 < len(blocks)
        if has_text and followed and _looks_like_heading(block):
            yield heading, content
            heading, content = block, []
        else:
            content.append(block.text)
    yield heading, content


def _looks_like_heading(block: _Block) -> bool:
    line = block.lines[0]
    return len(block.lines) == 1 and len(line) <= 60 and line[-1] not in ".!?:;,\"')…"


def split_labels(run: str) -> list[str]:
    """Split badge texts that were run together (``organizational reportcommentary``).

    Known labels are matched longest first; any other text is cut where a lower
    case letter meets an upper case one, and otherwise kept whole.
    """
    labels: list[str] = []
    pending = ""
    index = 0
    while index < len(run):
        known = next((label for label in _LONGEST_LABELS_FIRST
                      if run.startswith(label, index)), None)
        if known is not None:
            labels.extend([pending] if pending else [])
            labels.append(known)
            pending = ""
            index += len(known)
            continue
        if pending and pending[-1].islower() and run[index].isupper():
            labels.append(pending)
            pending = ""
        pending += run[index]
        index += 1
    labels.extend([pending] if pending else [])
    return labels
