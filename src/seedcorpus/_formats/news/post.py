"""News articles as python-frontmatter's ``Post`` objects, and a handler for
python-frontmatter that reads front matter as seedcorpus does.

python-frontmatter is imported only here, when one of these is used
(``pip install 'seedcorpus[frontmatter]'``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..._limits import Limits
from ..._optional import require
from .text import shield, split
from .writer import dump
from .yaml import load_mapping

if TYPE_CHECKING:
    import frontmatter


def read_front_matter(text: str, limits: Limits) -> dict[str, Any]:
    """The mapping of one front matter block (the text between the ``---``
    lines): safe (no tags, no objects), every scalar the string written, or
    ``None`` for a null; characters YAML refuses kept as they are."""
    shielded, restore = shield(text)
    data, _ = load_mapping(shielded, first_line=2, max_depth=limits.max_depth)
    return data if restore is None else dict(restore(data))


def handler_class() -> type[Any]:
    """python-frontmatter's ``YAMLHandler``, reading with seedcorpus's YAML reader."""
    frontmatter_module = require("frontmatter", "frontmatter", "The python-frontmatter handler")
    base: type[Any] = frontmatter_module.YAMLHandler

    class SafeYAMLHandler(base):  # type: ignore[misc]
        """Reads front matter as seedcorpus does (`read_front_matter`);
        writes it as python-frontmatter's own ``YAMLHandler`` does."""

        def __init__(self, limits: Limits | None = None) -> None:
            super().__init__()
            self.limits = limits or Limits()

        def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
            return read_front_matter(fm, self.limits)

    SafeYAMLHandler.__module__ = "seedcorpus.frontmatter"
    return SafeYAMLHandler


def to_post(article: BaseModel) -> frontmatter.Post:
    """``article`` as a ``frontmatter.Post``: its front matter as `dumps`
    writes it (the file's keys, string values), its body as the content."""
    frontmatter_module = require("frontmatter", "frontmatter", "NewsArticle.to_post")
    text = dump(article)
    front_matter, _ = split(text, None)
    metadata = read_front_matter(front_matter, Limits())
    # Not Post(content, **metadata): a key named "content" or "handler" would clash.
    post: frontmatter.Post = frontmatter_module.Post(getattr(article, "body", ""))
    post.metadata.update(metadata)
    return post
