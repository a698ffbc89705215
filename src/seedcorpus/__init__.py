"""seedcorpus: load a mixed-format corpus of scraped documents into validated records.

    >>> from seedcorpus import load_corpus
    >>> corpus = load_corpus()          # the seed files bundled with the package
    >>> corpus
    <Corpus: 2 news, 1 wiki, 0 errors>
"""

from ._corpus import Corpus, CorpusIterator, iter_corpus, load_corpus
from ._document import dumps, parse_document
from ._errors import CorpusError, ParseError, SeedCorpusError, SourceNotFoundError
from ._export import arrow_schema, json_schema
from ._limits import Limits
from ._models import (
    CachedContent,
    CitingPage,
    DataStatus,
    Document,
    Image,
    NewsArticle,
    Provider,
    RelatedArticle,
    Repair,
    RepairStep,
    SourceInfo,
    WikiResource,
)
from ._repair import RepairConfig
from ._version import __version__

__all__ = [
    "CachedContent",
    "CitingPage",
    "Corpus",
    "CorpusError",
    "CorpusIterator",
    "DataStatus",
    "Document",
    "Image",
    "Limits",
    "NewsArticle",
    "ParseError",
    "Provider",
    "RelatedArticle",
    "Repair",
    "RepairConfig",
    "RepairStep",
    "SeedCorpusError",
    "SourceInfo",
    "SourceNotFoundError",
    "WikiResource",
    "__version__",
    "arrow_schema",
    "dumps",
    "iter_corpus",
    "json_schema",
    "load_corpus",
    "parse_document",
]
