"""python-frontmatter interop, checked against python-frontmatter itself (and
PyYAML's BaseLoader, which keeps every scalar a string) on the real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import frontmatter
import pytest
import yaml

import seedcorpus
from seedcorpus import Limits, NewsArticle, ParseError, load, load_corpus
from seedcorpus import frontmatter as interop
from seedcorpus.frontmatter import SafeYAMLHandler, from_post, to_post

from .conftest import DATA, needs_shared, real_news_files

# The plain scalars YAML 1.1 reads as null (yaml.org/type/null.html), as the
# oracle sees them: PyYAML's BaseLoader keeps them as written.
YAML_NULLS = {"", "~", "null", "Null", "NULL"}


def _oracle(front_matter: str) -> Any:
    """PyYAML's reading with every scalar a string (BaseLoader), but the null
    spellings when written plain (unquoted), which YAML reads as null."""
    return _node_value(yaml.compose(front_matter, Loader=yaml.BaseLoader))


def _node_value(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {_node_value(key): _node_value(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_node_value(item) for item in node.value]
    plain = node.style is None
    return None if plain and node.value in YAML_NULLS else node.value


def _without_source(document: seedcorpus.Document) -> dict[str, Any]:
    return document.model_dump(exclude={"source"})


def test_to_post_gives_the_files_keys_and_the_body() -> None:
    article = load_corpus().news[0]
    post = article.to_post()
    assert isinstance(post, frontmatter.Post)
    assert to_post(article).metadata == post.metadata
    assert post.content == article.body
    assert list(post.metadata)[:4] == ["category", "title", "excerpt", "publishedDateTime"]
    assert post["publishedDateTime"] == "2021-04-14T12:55:00Z"
    assert post["provider"]["name"] == article.provider.name
    assert all(isinstance(topic, str) for topic in post["topics"])


def test_a_key_named_content_or_handler_is_metadata(tmp_path: Path) -> None:
    text = (DATA / "news_minimal.md").read_text(encoding="utf-8").replace(
        "---\n", "---\ncontent: a key\nhandler: another\n", 1)
    article = seedcorpus.loads(text)
    assert isinstance(article, NewsArticle)
    post = article.to_post()
    assert (post["content"], post["handler"]) == ("a key", "another")
    assert _without_source(from_post(post)) == _without_source(article)


def test_the_handler_keeps_strings_as_written() -> None:
    text = ("---\nquality: 080\npublished: yes\ndate: 2021-04-14\nempty:\ntilde: ~\n"
            "list: [a, '', null]\n---\nbody\n")
    post = frontmatter.loads(text, handler=SafeYAMLHandler())
    assert post.metadata == {"quality": "080", "published": "yes", "date": "2021-04-14",
                             "empty": None, "tilde": None, "list": ["a", "", None]}
    assert post.content == "body"
    assert frontmatter.loads(text).metadata["published"] is True  # the default guesses


def test_the_handler_is_safe_and_bounded() -> None:
    with pytest.raises(ParseError):
        frontmatter.loads("---\nx: !!python/object:os.system ls\n---\n",
                          handler=SafeYAMLHandler())
    deep = "---\n" + "".join("  " * level + f"k{level}:\n" for level in range(12)) + "---\n"
    assert frontmatter.loads(deep, handler=SafeYAMLHandler()).metadata
    with pytest.raises(ParseError, match="nest"):
        frontmatter.loads(deep, handler=SafeYAMLHandler(limits=Limits(max_depth=5)))


def test_the_handler_reads_what_yaml_refuses() -> None:
    text = "---\ntitle: a\x97b\x01c\n---\n"
    with pytest.raises(yaml.YAMLError):
        frontmatter.loads(text)
    assert frontmatter.loads(text, handler=SafeYAMLHandler())["title"] == "a\x97b\x01c"
    article_text = (DATA / "news_minimal.md").read_text(encoding="utf-8").replace(
        "title: ", "title: \x97", 1)
    article = from_post(frontmatter.loads(article_text, handler=SafeYAMLHandler()))
    assert article.title.startswith("\u2014")  # repaired as a file would be
    assert [repair.field for repair in article.source.repairs] == ["title"]


def test_from_post_of_a_post_that_is_no_article() -> None:
    with pytest.raises(ParseError) as caught:
        from_post(frontmatter.Post("body", title="no more"), name="bad.md")
    assert caught.value.stage == "validate"
    assert caught.value.path == "bad.md"


def test_from_post_refuses_another_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    page = load_corpus().wiki[0]
    monkeypatch.setattr(interop, "loads", lambda *args, **kwargs: page)
    with pytest.raises(ParseError, match="the post is a wiki document, not a news article"):
        from_post(frontmatter.Post("body"))


def test_without_python_frontmatter_the_extra_is_named(tmp_path: Path) -> None:
    (tmp_path / "frontmatter").mkdir()
    (tmp_path / "frontmatter" / "__init__.py").write_text(
        "raise ImportError('not installed here')\n", encoding="utf-8")
    script = ("import seedcorpus\n"
              "try:\n    seedcorpus.load_corpus().news[0].to_post()\n"
              "except ImportError as error:\n    print(error)\n"
              "try:\n    import seedcorpus.frontmatter\n"
              "except ImportError as error:\n    print(error)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(tmp_path)}, check=True,
                            timeout=60)
    assert result.stdout.splitlines() == [
        "NewsArticle.to_post needs frontmatter: pip install 'seedcorpus[frontmatter]'",
        "The python-frontmatter handler needs frontmatter: "
        "pip install 'seedcorpus[frontmatter]'"]


def test_round_trip_of_the_seeds() -> None:
    for article in load_corpus().news:
        assert _without_source(from_post(article.to_post())) == _without_source(article)
        text = frontmatter.dumps(article.to_post())
        assert _without_source(seedcorpus.loads(text)) == _without_source(article)


@needs_shared
def test_against_python_frontmatter_on_the_real_files() -> None:
    refused_by_default = []
    for path in real_news_files():
        ours = frontmatter.load(path, handler=SafeYAMLHandler())
        front_matter, _ = frontmatter.YAMLHandler().split(path.read_text(encoding="utf-8"))
        assert ours.metadata == _oracle(front_matter), path
        try:
            theirs = frontmatter.load(path)
        except yaml.YAMLError:  # a character YAML refuses (issue 19's C1 controls)
            refused_by_default.append(path.name)
            continue
        assert ours.content == theirs.content, path
        assert set(ours.metadata) == set(theirs.metadata), path
    assert len(refused_by_default) <= 2


@needs_shared
def test_every_real_article_through_a_post_and_back() -> None:
    count = 0
    for path in real_news_files():
        article = load(path)
        assert isinstance(article, NewsArticle)
        post = frontmatter.load(path, handler=SafeYAMLHandler())
        assert _without_source(from_post(post)) == _without_source(article), path
        assert _without_source(from_post(article.to_post())) == _without_source(article), path
        count += 1
    assert count > 500
