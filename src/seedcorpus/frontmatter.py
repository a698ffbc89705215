"""python-frontmatter interop: ``pip install 'seedcorpus[frontmatter]'``.

python-frontmatter reads a file into a ``Post`` (metadata and content);
seedcorpus reads it into a validated, repaired `NewsArticle`. The two meet
here:

```python
import frontmatter
from seedcorpus.frontmatter import SafeYAMLHandler, from_post

post = frontmatter.load("article.md", handler=SafeYAMLHandler())
article = from_post(post)           # a validated, repaired NewsArticle
post = article.to_post()            # and back: a frontmatter.Post
```

`SafeYAMLHandler` reads front matter with seedcorpus's YAML reader: safe (no
tags, no Python objects), every scalar kept as the exact string written (no
guessing of dates, numbers or booleans: ``quality: 080`` stays ``"080"``),
nesting bounded by `Limits.max_depth`, and characters YAML refuses (C0 and
C1 controls, U+FFFE...) kept rather than failing the file. It writes as
python-frontmatter's own ``YAMLHandler`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._document import RepairOption, loads
from ._errors import ParseError
from ._formats.news import NewsArticle
from ._formats.news.post import handler_class, read_front_matter
from ._limits import Limits
from ._optional import require

if TYPE_CHECKING:
    import frontmatter

__all__ = ["SafeYAMLHandler", "from_post", "read_front_matter", "to_post"]

SafeYAMLHandler: Any = handler_class()
"""python-frontmatter's ``YAMLHandler``, reading with seedcorpus's YAML reader.

``SafeYAMLHandler(limits=Limits(...))`` bounds the nesting it accepts."""


def to_post(article: NewsArticle) -> frontmatter.Post:
    """The same as `NewsArticle.to_post`."""
    return article.to_post()


def from_post(post: frontmatter.Post, *, name: str | None = None,
              repair: RepairOption = True, limits: Limits | None = None) -> NewsArticle:
    """A validated, repaired `NewsArticle` from a ``frontmatter.Post``.

    The post is written out as python-frontmatter writes it
    (``frontmatter.dumps``) and read as `seedcorpus.loads` reads a file, so
    the article is exactly what loading that file would give (with ``name``,
    if given, as its provenance). Raises `ParseError` if it is not a valid
    news article.
    """
    frontmatter_module = require("frontmatter", "frontmatter", "from_post")
    # The default handler (YAML) also for a post that has none of its own.
    handler = post.handler or frontmatter_module.YAMLHandler()
    text = frontmatter_module.dumps(post, handler=handler)
    document = loads(text, name=name, repair=repair, limits=limits)
    if not isinstance(document, NewsArticle):
        raise ParseError(f"the post is a {document.kind} document, not a news article",
                         stage="detect", path=name)
    return document
