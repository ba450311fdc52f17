from hypothesis import given
from hypothesis import strategies as st

from telka.content.ical import escape, fold


def test_escape_follows_rfc_5545():
    assert escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


@given(st.text(min_size=0, max_size=400))
def test_folding_keeps_lines_within_75_octets_and_unfolds_to_the_original(text):
    folded = fold("DESCRIPTION:" + text.replace("\r", "").replace("\n", ""))
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert all(line.startswith(" ") for line in folded.split("\r\n")[1:])
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")


def test_folding_never_splits_a_lithuanian_letter():
    folded = fold("SUMMARY:" + "ž" * 80)
    for line in folded.split("\r\n"):
        line.encode().decode()  # would fail on half a character
        assert len(line.encode()) <= 75
