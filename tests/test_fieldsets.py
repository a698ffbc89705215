"""Documents of one shape share their model_fields_set, and pydantic cannot tell."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest
from pydantic import BaseModel

from seedcorpus import Corpus, NewsArticle, _accel, _document, load_corpus, parse_document
from seedcorpus._accel import fieldsets as _fieldsets
from seedcorpus._accel.fieldsets import SharedFieldsSet, share_fields_sets

from .conftest import DATA, SEEDS, real_news_files


@pytest.fixture(autouse=True)
def _shortcut_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are of the shortcut: on, even where SEEDCORPUS_PURE=1 runs the suite."""
    monkeypatch.setattr(_accel, "FIELDSETS", True)


def _models(model: BaseModel) -> list[BaseModel]:
    found = [model]
    for value in model.__dict__.values():
        if isinstance(value, BaseModel):
            found += _models(value)
        elif isinstance(value, list):
            found += [inner for item in value if isinstance(item, BaseModel)
                      for inner in _models(item)]
    return found


def _plain(path: Path, monkeypatch: pytest.MonkeyPatch) -> BaseModel:
    """The document of ``path`` as pydantic makes it, each model with a set of its own."""
    with monkeypatch.context() as patch:
        patch.setattr(_document, "share_fields_sets", lambda model: None)
        return parse_document(path.read_bytes(), name=path.name)


@pytest.mark.parametrize("workers", [1, 2])
def test_every_model_loaded_has_its_shapes_shared_set(workers: int) -> None:
    files = [*sorted(SEEDS.iterdir()), *real_news_files()[:200]]
    corpus = load_corpus(files, workers=workers)
    models = [model for document in corpus for model in _models(document)]
    assert all(type(model.__pydantic_fields_set__) is SharedFieldsSet for model in models)
    by_shape: dict[tuple[type, frozenset[str]], set[int]] = {}
    for model in models:
        key = (type(model), frozenset(model.model_fields_set))
        by_shape.setdefault(key, set()).add(id(model.__pydantic_fields_set__))
    assert all(len(ids) == 1 for ids in by_shape.values())
    assert len(by_shape) < len(models) / 10


def test_pydantic_reads_a_shared_set_as_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # What pydantic does with model_fields_set, against a document of plain sets.
    inputs = sorted(path for path in DATA.glob("[nw]*.*") if path.suffix != ".json")
    for path in inputs:
        document = parse_document(path.read_bytes(), name=path.name)
        plain = _plain(path, monkeypatch)
        assert type(plain.__pydantic_fields_set__) is set
        assert document == plain
        assert document.model_fields_set == plain.model_fields_set
        assert document.model_dump(exclude_unset=True) == plain.model_dump(exclude_unset=True)
        assert (document.model_dump_json(exclude_unset=True)
                == plain.model_dump_json(exclude_unset=True))
        assert repr(document) == repr(plain)


def test_copies_and_pickles_get_sets_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    article = load_corpus().news[0]
    shared = article.__pydantic_fields_set__
    changed = article.model_copy(update={"heat": 7})
    assert type(changed.__pydantic_fields_set__) is set
    assert "heat" in changed.model_fields_set
    assert article.__pydantic_fields_set__ is shared
    assert set(shared) == _plain(SEEDS / "000_b494c12b6cc522b8.txt",
                                 monkeypatch).model_fields_set
    for again in (copy.deepcopy(article), pickle.loads(pickle.dumps(article))):
        assert type(again.__pydantic_fields_set__) is set
        assert again == article
    for copied in (copy.copy(shared), copy.deepcopy(shared)):
        assert copied == set(shared)
        assert type(copied) is set
    assert repr(shared) == repr(set(shared))  # shown as any set


@pytest.mark.parametrize("change", [
    lambda fields: fields.add("x"), lambda fields: fields.discard("title"),
    lambda fields: fields.remove("title"), lambda fields: fields.pop(),
    lambda fields: fields.clear(), lambda fields: fields.update({"x"}),
    lambda fields: fields.difference_update({"title"}),
    lambda fields: fields.intersection_update(set()),
    lambda fields: fields.symmetric_difference_update({"x"}),
    lambda fields: fields.__ior__({"x"}), lambda fields: fields.__iand__(set()),
    lambda fields: fields.__isub__({"title"}), lambda fields: fields.__ixor__({"x"}),
])
def test_a_shared_set_cannot_be_changed(change: object) -> None:
    article = load_corpus().news[0]
    before = set(article.model_fields_set)
    with pytest.raises(TypeError, match="shared by every document of the same shape"):
        change(article.model_fields_set)  # type: ignore[operator]
    assert article.model_fields_set == before


def test_a_corpus_of_many_shapes_keeps_plain_sets_past_the_bound(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fieldsets, "_shapes", {})
    monkeypatch.setattr(_fieldsets, "_MAX_SHAPES", 2)
    article = parse_document((DATA / "news_extra_keys.md").read_bytes())
    kinds = {type(model.__pydantic_fields_set__) for model in _models(article)}
    assert kinds == {SharedFieldsSet, set}
    assert len(_fieldsets._shapes) == 2


def test_documents_read_back_from_json_lines_share_too(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    load_corpus().to_jsonl(path)
    again = Corpus.from_jsonl(path)
    assert all(type(model.__pydantic_fields_set__) is SharedFieldsSet
               for document in again for model in _models(document))


def test_sharing_twice_changes_nothing() -> None:
    article = load_corpus().news[0]
    before = [id(model.__pydantic_fields_set__) for model in _models(article)]
    share_fields_sets(article)
    assert [id(model.__pydantic_fields_set__) for model in _models(article)] == before
    assert isinstance(article, NewsArticle)


@pytest.mark.parametrize("workers", [1, 2])
def test_with_the_shortcut_off_every_model_has_a_set_of_its_own(
        monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    monkeypatch.setattr(_accel, "FIELDSETS", False)
    corpus = load_corpus(SEEDS, workers=workers)
    models = [model for document in corpus for model in _models(document)]
    assert {type(model.__pydantic_fields_set__) for model in models} == {set}
    assert len({id(model.__pydantic_fields_set__) for model in models}) == len(models)
