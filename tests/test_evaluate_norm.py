"""Scoring compares text without width differences: gold copies the article's full-width brackets,
records carry the normalised (half-width) text."""
from pipeline.tools.evaluate import _subject_match, norm_text


def test_subject_match_ignores_width_and_quotes():
    assert norm_text("广义货币（M2）余额") == norm_text("广义货币(M2)余额")
    assert _subject_match("广义货币（M2）余额", "广义货币(M2)余额增长")
    assert not _subject_match("广义货币（M2）余额", "狭义货币(M1)余额")
    assert norm_text("“两个确立”") == "两个确立"
