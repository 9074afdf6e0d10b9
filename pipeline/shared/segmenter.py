"""Word-boundary evidence from a real Chinese segmenter, run on a small window around a candidate.

A gazetteer hit without its suffix (大理, 惠民, 和安) or a name after a title (郑重) is only a place or
a person when it is a word in its context, not a piece of one (重大理论, 惠民生, 发展和安全). A
segmenter trained for Chinese decides that; a hand list of counter-examples never ends.

Two backends (GOVEXTRACT_SEGMENTER_BACKEND): `jieba` (default; its dictionary with the HMM off, which
measured better on real news, see docs/decisions.md) and `pkuseg`, spacy-pkuseg's CRF trained on UD
Chinese GSDSimp (models/segmenter-ud-gsdsimp, built by scripts/build_segmenter.py;
`GOVEXTRACT_SEGMENTER_MODEL=/path/to/model` points it at a better one, e.g. pkuseg's `news` model). Segmenting runs at tens of
thousands of characters per second, so only windows around candidates are segmented, and results
are cached per window: the text pass stays linear.
"""
from __future__ import annotations

import os
import zlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

WINDOW = 8   # characters of context on each side; pkuseg decides from a few characters around


def model_path() -> Path:
    configured = os.environ.get("GOVEXTRACT_SEGMENTER_MODEL")
    if configured:
        return Path(configured)
    return Path(str(resources.files("models") / "segmenter-ud-gsdsimp"))


BACKENDS = ("jieba", "pkuseg")


def backend() -> str:
    """`jieba` (default: its dictionary, HMM off) or `pkuseg` (the shipped UD GSDSimp model).
    GOVEXTRACT_SEGMENTER_BACKEND chooses; docs/decisions.md has the measurements behind the default."""
    name = os.environ.get("GOVEXTRACT_SEGMENTER_BACKEND", "jieba")
    if name not in BACKENDS:
        raise ValueError(f"GOVEXTRACT_SEGMENTER_BACKEND must be one of {BACKENDS}, not {name!r}")
    return name


class _Jieba:
    def __init__(self):
        import jieba
        jieba.setLogLevel(60)
        self._tok = jieba.Tokenizer()
        # now, not on the first cut: loading is part of building the pipeline
        if not _load_freq_cache(self._tok):
            self._tok.initialize()
            _save_freq_cache(self._tok)

    def cut(self, text: str):
        return self._tok.cut(text, HMM=False)

    def words(self) -> "_FreqWords":
        self._tok.check_initialized()
        return _FreqWords(self._tok.FREQ)


def _freq_cache_path() -> Path | None:
    """Where jieba's parsed dictionary is cached, keyed by the dictionary file's size and mtime.

    jieba's own cache (a marshalled dict of 500 000 entries) takes 0.7 s to load; the same data as
    one string of keys plus an array of counts loads in 0.2 s, which is most of the CLI's time to its
    first record. Data only (marshal of str/bytes/int), in the user's cache folder."""
    import jieba
    dict_file = Path(jieba.__file__).parent / "dict.txt"
    try:
        st = dict_file.stat()
    except OSError:
        return None
    try:
        base = os.environ.get("GOVEXTRACT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") \
            or str(Path.home() / ".cache")
    except (RuntimeError, KeyError):       # no home directory to be found: no cache, jieba's own load
        return None
    return Path(base) / "govextract" / f"jieba-freq-{st.st_size}-{st.st_mtime_ns}.marshal"


def _load_freq_cache(tok) -> bool:
    import array
    import marshal

    path = _freq_cache_path()
    if path is None or not path.is_file():
        return False
    try:
        with open(path, "rb") as fh:
            keys, counts, total = marshal.loads(fh.read())   # one read: load(fh) reads in small pieces (4× slower)
        values = array.array("q")
        values.frombytes(counts)
        words = keys.split("\n")
        if len(words) != len(values) or not isinstance(total, int):
            return False
    except (OSError, ValueError, EOFError, TypeError):
        return False
    tok.FREQ, tok.total = dict(zip(words, values)), total
    tok.initialized = True
    return True


def _save_freq_cache(tok) -> None:
    """Best effort: an unwritable cache folder only costs the slower load next time."""
    import array
    import marshal

    path = _freq_cache_path()
    if path is None:
        return
    words = list(tok.FREQ)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            marshal.dump(("\n".join(words), array.array("q", (tok.FREQ[w] for w in words)).tobytes(),
                          tok.total), fh)
        os.replace(tmp, path)
    except OSError:
        pass


class _FreqWords:
    """jieba's dictionary as a word set without copying it (FREQ also holds every prefix of a
    word, at frequency 0): building a frozenset of 350 000 words cost 0.5 s at start-up."""

    def __init__(self, freq: dict):
        self._freq = freq

    def __contains__(self, word: str) -> bool:
        return 2 <= len(word) <= 4 and self._freq.get(word, 0) > 0


def lexicon(name: str | None = None):
    """The active segmenter's own word list, 2–4 Han characters (jieba's dictionary, or the
    lexicon bundled with spacy-pkuseg): word evidence for extractors that need a lexicon beside
    the segmentation, loaded once with the segmenter instead of a second dictionary."""
    return _lexicon(name or backend())


@lru_cache(maxsize=2)
def _lexicon(name: str):
    if name == "jieba":
        return _segmenter(name).words()
    import pickle

    import spacy_pkuseg
    with open(Path(spacy_pkuseg.__file__).parent / "dicts" / "default.pkl", "rb") as fh:
        raw = pickle.load(fh)
    return _WordSet(set(raw.split("\n") if isinstance(raw, str) else raw))


class _WordSet:
    """A word list queried for 2–4 character words (no filtered copy: that cost 0.5 s at start-up)."""

    def __init__(self, words: set):
        self._words = words

    def __contains__(self, word: str) -> bool:
        return 2 <= len(word) <= 4 and word in self._words


@lru_cache(maxsize=2)
def _segmenter(name: str):
    """Loaded on first use (0.1–1 s), once per process."""
    if name == "jieba":
        return _Jieba()
    import spacy_pkuseg

    path = model_path()
    if not (path / "weights.npz").is_file():
        raise FileNotFoundError(f"segmenter model not found in {path} (set GOVEXTRACT_SEGMENTER_MODEL)")
    return spacy_pkuseg.pkuseg(model_name=str(path))


@lru_cache(maxsize=65536)
def _cuts(window: str, name: str) -> frozenset[int]:
    """Offsets inside `window` where the segmenter puts a word boundary."""
    cuts, pos = {0, len(window)}, 0
    for word in _segmenter(name).cut(window):
        pos += len(word)
        cuts.add(pos)
    return frozenset(cuts)


def word_cuts(text: str, name: str | None = None) -> frozenset[int]:
    """Offsets in a short text where a word begins or ends (cached; 0 and len included)."""
    return _cuts(text, name or backend())


def is_word_span(text: str, start: int, end: int, window: int = WINDOW, name: str | None = None) -> bool:
    """True when text[start:end] begins and ends at word boundaries of its context window.

    The span may hold several words (云南大理 → 云南|大理 is fine); what it must not do is begin or end
    inside a word (重大|理论 cuts 大理 in half). The window stops at line ends."""
    lo, cuts = _window_cuts(text, start, end, window, name)
    return (start - lo) in cuts and (end - lo) in cuts


def _window_cuts(text: str, start: int, end: int, window: int, name: str | None) -> tuple[int, frozenset[int]]:
    """The window's start offset and the word boundaries inside it (±`window`, not across lines)."""
    lo = max(0, start - window, text.rfind("\n", 0, start) + 1)
    nl = text.find("\n", end)
    hi = min(end + window, nl if nl != -1 else len(text), len(text))
    return lo, _cuts(text[lo:hi], name or backend())


def span_cuts(text: str, start: int, end: int, window: int = WINDOW,
              name: str | None = None) -> tuple[bool, bool, bool]:
    """(a word boundary at start, a word boundary at end, the word that begins at start runs past end).
    The third is a compound that begins with the span (香港回归, 天津港): the span is not cut in half."""
    lo, cuts = _window_cuts(text, start, end, window, name)
    s, e = start - lo, end - lo
    at_start = s in cuts
    longer = at_start and e not in cuts and min((c for c in cuts if c > s), default=e) > e
    return at_start, e in cuts, longer


def word_start_at_or_after(text: str, pos: int, end: int, window: int = WINDOW, name: str | None = None) -> int:
    """The first word boundary at or after `pos` (before `end`, else `end`): where a phrase cut at
    an arbitrary character really begins (`中国进出口银行` cut to `国进出口银行` → `进出口银行`)."""
    lo, cuts = _window_cuts(text, pos, min(end, pos + 1), window, name)
    return min((lo + c for c in cuts if pos <= lo + c <= end), default=end)


def word_length_at(text: str, pos: int, window: int = WINDOW, name: str | None = None) -> int:
    """Length of the word that begins at `pos` (0 when `pos` is inside a word): `杨随亭违规决策` → 2
    at 违 — a name guessed before it ends where a real word begins."""
    lo, cuts = _window_cuts(text, pos, min(len(text), pos + 1), window, name)
    if pos - lo not in cuts:
        return 0
    return min((c for c in cuts if c > pos - lo), default=pos - lo) - (pos - lo)


def word_tag(word: str) -> str | None:
    """The part-of-speech tag jieba's dictionary gives a 2–4 character word (`推广` → v, `骆驼` → n),
    or None for a word it does not list: lexicon evidence of what a word is, used where a name must
    not begin with a verb or a function word (`推广居家社区` is no community's name).

    Only the tags of KEPT_TAGS are stored (75 000 words: 0.02 s to load instead of 0.15 s for all
    330 000); any other listed word reads as `n` (nouns, names, idioms, numerals alike)."""
    tag = _word_tags().get(word)
    if tag is None and 2 <= len(word) <= 4 and word in lexicon():
        return "n"
    return tag


# Tags the rules ask about (rules/*.toml and the extractors' tag sets are subsets: tests check).
KEPT_TAGS = frozenset(["v", "vn", "vd", "a", "ad", "an", "d", "f", "q", "r", "c", "p", "u", "t", "nz", "ns", "s", "b",
                       "l"])


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """Read once, on first use, from jieba's dict.txt (0.3 s), then from a marshal cache (0.02 s)."""
    import marshal

    import jieba
    dict_file = Path(jieba.__file__).parent / "dict.txt"
    cache = _freq_cache_path()
    kept = zlib.crc32(" ".join(sorted(KEPT_TAGS)).encode())      # a new tag set is a new table
    cache = cache.with_name(cache.name.replace("jieba-freq-", f"jieba-tags-{kept:08x}-")) if cache else None
    if cache is not None and cache.is_file():
        try:
            with open(cache, "rb") as fh:
                table = marshal.loads(fh.read())   # one read: load(fh) reads in small pieces (4× slower)
            if isinstance(table, dict):
                return table
        except (OSError, ValueError, EOFError, TypeError):
            pass
    table: dict[str, str] = {}
    with open(dict_file, encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.rstrip("\n").partition(" ")
            if 2 <= len(word) <= 4 and rest.count(" ") == 1:
                tag = rest[rest.index(" ") + 1:]
                if tag in KEPT_TAGS:
                    table[word] = tag
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                marshal.dump(table, fh)
            os.replace(tmp, cache)
        except OSError:
            pass
    return table


def warm() -> None:
    """Load the backend now (the places component calls this when it is built, so worker processes
    forked afterwards share the loaded dictionary instead of each loading it on first use)."""
    _segmenter(backend())


def segment(text: str, name: str | None = None) -> list[str]:
    """Words of a short text (cached: extractors ask for the same short phrases again and again)."""
    return list(_segment(text, name or backend()))


@lru_cache(maxsize=65536)
def _segment(text: str, name: str) -> tuple[str, ...]:
    return tuple(_segmenter(name).cut(text))
