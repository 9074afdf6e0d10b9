"""The shipped segmenter model loads offline and gives word-boundary evidence."""
from pipeline.shared.segmenter import is_word_span, model_path, segment, span_cuts


def _span(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


def test_shipped_model_is_present_with_its_licence():
    path = model_path()
    assert (path / "weights.npz").is_file() and (path / "LICENSE.txt").is_file() and (path / "SOURCE.md").is_file()


def test_piece_of_a_word_is_not_a_word():
    for text, part in [("推动重大理论创新", "大理"), ("坚持惠民生", "惠民"), ("统筹发展和安全", "和安"),
                       ("俄罗斯别尔哥罗德州", "德州")]:
        assert not is_word_span(text, *_span(text, part), name="pkuseg"), (text, part, segment(text, "pkuseg"))
    for text, part in [("推动重大理论创新", "大理"), ("统筹发展和安全", "和安"), ("俄罗斯别尔哥罗德州", "德州"),
                       ("我们隆重庆祝节日", "重庆"), ("纳入医保定点", "保定")]:
        assert not is_word_span(text, *_span(text, part), name="jieba"), (text, part, segment(text, "jieba"))


def test_whole_words_are_words():
    for name in ("pkuseg", "jieba"):
        for text, part in [("在云南大理调研", "大理"), ("前往达州", "达州"), ("市委书记李强宣布", "李强")]:
            assert is_word_span(text, *_span(text, part), name=name), (text, part, segment(text, name))


def test_a_compound_that_begins_with_the_span_is_not_a_cut():
    text = "学习遵义会议精神"
    at_start, at_end, compound = span_cuts(text, 2, 4, name="jieba")
    assert at_start and compound, segment(text, "jieba")


def test_jieba_dictionary_cache_round_trip(tmp_path, monkeypatch):
    """The parsed dictionary is cached as data (keys + counts) and reloads to the same FREQ; a
    damaged cache is ignored and rewritten, never trusted."""
    from pipeline.shared import segmenter

    monkeypatch.setenv("GOVEXTRACT_CACHE_DIR", str(tmp_path))
    first = segmenter._Jieba()
    cached = segmenter._freq_cache_path()
    assert cached is not None and cached.is_file() and cached.parent.parent == tmp_path
    second = segmenter._Jieba()
    assert second._tok.FREQ == first._tok.FREQ and second._tok.total == first._tok.total
    assert list(second.cut("重大理论")) == list(first.cut("重大理论"))
    cached.write_bytes(b"not a marshal stream")
    third = segmenter._Jieba()
    assert third._tok.FREQ == first._tok.FREQ
    assert segmenter._load_freq_cache(segmenter._Jieba()._tok)       # rewritten after the bad one


def test_no_home_directory_means_no_cache_not_a_crash(monkeypatch):
    from pathlib import Path

    from pipeline.shared import segmenter

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("GOVEXTRACT_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert segmenter._freq_cache_path() is None
    assert list(segmenter._Jieba().cut("重大理论")) == ["重大", "理论"]


def test_word_tags_from_the_lexicon_and_their_cache(tmp_path, monkeypatch):
    """Tags come from jieba's dictionary; the cache reloads the same table; a damaged cache is
    rebuilt; words with tags outside KEPT_TAGS read as `n`, unknown words as None."""
    from pipeline.shared import segmenter

    monkeypatch.setenv("GOVEXTRACT_CACHE_DIR", str(tmp_path))
    segmenter._word_tags.cache_clear()
    try:
        assert segmenter.word_tag("推广") == "v" and segmenter.word_tag("畅通") == "a"
        assert segmenter.word_tag("骆驼") == "n" and segmenter.word_tag("明星") == "n"     # nr reads as n
        assert segmenter.word_tag("骆驼湾哈") is None
        first = dict(segmenter._word_tags())
        caches = list(tmp_path.glob("govextract/jieba-tags-*"))
        assert len(caches) == 1
        segmenter._word_tags.cache_clear()
        assert segmenter._word_tags() == first
        caches[0].write_bytes(b"damaged")
        segmenter._word_tags.cache_clear()
        assert segmenter._word_tags() == first
    finally:
        segmenter._word_tags.cache_clear()


def test_every_tag_the_rules_ask_about_is_kept():
    from pipeline.extractors import officials, quantities, slogans_items
    from pipeline.shared.rules import load_toml
    from pipeline.shared.segmenter import KEPT_TAGS

    asked = set(load_toml("places_towns.toml")["core_first_word_not"])
    asked |= set(load_toml("places_zones.toml")["grammar"]["core_first_word_not"])
    asked |= set(load_toml("officials_names.toml")["accept"]["word_tags_not_names"])
    asked |= set(officials._PREDICATE_TAGS) | set(quantities._VERB_TAGS)
    subject = load_toml("quantities.toml")["subject"]
    asked |= (set(subject["after_noun_tags"]) | set(subject["after_noun_end_tags"])) - {"n"}
    asked |= {t for c in slogans_items._TAG_CLASSES for t in c} - {"n"}
    asked |= slogans_items._GOVERNS
    assert asked <= KEPT_TAGS, asked - KEPT_TAGS
