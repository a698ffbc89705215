"""seedcorpus: load a mixed-format corpus of scraped documents into validated records.

```python
>>> from seedcorpus import load_corpus
>>> corpus = load_corpus()          # the seed files bundled with the package
>>> corpus
<Corpus: 2 news, 1 wiki, 0 errors>

```
"""

from ._corpus import Corpus, CorpusError
from ._document import dumps, load, loads, parse_document
from ._errors import ParseError, SeedCorpusError, SourceNotFoundError
from ._export import arrow_schema, json_schema
from ._formats import Format, Parsed, register_format, unregister_format
from ._formats.news import Image, NewsArticle, Provider, RelatedArticle
from ._formats.wiki import CachedContent, CitingPage, DataStatus, WikiResource
from ._limits import Limits
from ._load import CorpusIterator, iter_corpus, load_corpus
from ._models import Document, Repair, RepairStep, SourceInfo
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
    "Format",
    "Image",
    "Limits",
    "NewsArticle",
    "ParseError",
    "Parsed",
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
    "load",
    "load_corpus",
    "loads",
    "parse_document",
    "register_format",
    "unregister_format",
]
