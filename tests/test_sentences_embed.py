import numpy as np
import pytest

from storyline.embed import get_embedder, register
from storyline.errors import StorylineError
from storyline.model import Article
from storyline.sentences import split_sentences


def test_sentences_keep_abbreviations_and_offsets():
    text = ("Gen. Alexander Dvornikov met U.S. officials on Feb. 24 in Washington. He left.\n\n"
            "A second paragraph starts here. It ends here.")
    a = Article(id="a", raw_text=text, text=text)
    sents = split_sentences(a)
    assert [s.text for s in sents] == [
        "Gen. Alexander Dvornikov met U.S. officials on Feb. 24 in Washington.", "He left.",
        "A second paragraph starts here.", "It ends here."]
    assert [s.paragraph for s in sents] == [0, 0, 1, 1]
    for s in sents:
        assert text[s.start:s.end] == s.text
    assert sents[2].id == "a#2"


def test_default_embedder_is_a_real_model():
    e = get_embedder()
    v = e.encode(["Russia will not pause its military operation during peace talks",
                  "Moscow says it will keep fighting while negotiations go on",
                  "The recipe needs two cups of flour and an egg"])
    assert v.shape == (3, e.dim) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3
    assert e.encode([]).shape == (0, e.dim)


def test_unknown_backend_is_a_user_error():
    with pytest.raises(StorylineError, match="unknown embedding backend 'nope'"):
        get_embedder("nope")


def test_backends_can_be_plugged_in():
    class Constant:
        name, dim = "constant", 2

        def encode(self, texts):
            return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))

    register("constant", Constant)
    assert get_embedder("constant").encode(["a", "b"]).shape == (2, 2)


def test_term_overlaps_dense_and_sparse_match_overlap(monkeypatch) -> None:
    """TermSets gives textutil.overlap's numbers, in its dense and its sparse form."""
    import numpy as np

    from storyline import termsets
    from storyline.textutil import overlap

    texts = ["Lavrov said Russia will not pause its operation during talks.",
             "Russia will not pause the military operation, Lavrov said on Monday.",
             "A storm closed every school in the county.", "", "Talks, talks and talks."]
    rows, cols = np.repeat(np.arange(5), 5), np.tile(np.arange(5), 5)
    expected = np.array([[overlap(a, b) if a and b else 0.0 for b in texts] for a in texts])
    for cells in (termsets.DENSE_CELLS, 0):  # dense, then sparse
        monkeypatch.setattr(termsets, "DENSE_CELLS", cells)
        sets = termsets.TermSets(texts)
        assert sets.dense == (cells > 0)
        assert np.allclose(sets.jaccard(0, 5), expected)
        assert np.allclose(sets.jaccard_pairs(rows, cols), expected.ravel())
        assert sets.shared(0, 2).dtype.kind == "i"


def test_a_quotation_split_across_sentences_is_one_sentence():
    """The second half would open mid-quote ("Talks have to be held,” Peskov said.")."""
    text = ("“Homework has to be done. Talks have to be held,” Peskov said. “No progress.”\n\n"
            'McConnell said, "She wants more. That is not a place we will go." He left. '
            '"One. Two. Three. Four," he said.')
    got = [s.text for s in split_sentences(Article("a", text, text))]
    assert got == ["“Homework has to be done. Talks have to be held,” Peskov said.",
                   "“No progress.”",
                   'McConnell said, "She wants more. That is not a place we will go."',
                   "He left.",  # a quotation of four sentences stays split: too long to join
                   '"One.', "Two.", "Three.", 'Four," he said.']
    for s in split_sentences(Article("a", text, text)):
        assert text[s.start:s.end].split() == s.text.split()


def test_a_piece_opening_with_a_closing_bracket_continues_the_sentence():
    """The splitter ends a sentence at "(D-W.Va." (NeuS train: "), another member ...")."""
    text = ("Sen. Joe Manchin (D-W.Va.), another member of the group, confirmed the deal. "
            "The vote is on Friday.")
    got = split_sentences(Article("a", text, text))
    assert [s.text for s in got] == [
        "Sen. Joe Manchin (D-W.Va.), another member of the group, confirmed the deal.",
        "The vote is on Friday."]
    assert all(text[s.start:s.end] == s.text for s in got)
