"""Quality gate for HTML article extraction, on the ScrapingHub benchmark.

The floors are pinned a little under what we measured (2026-11-23: trafilatura alone
P 0.958 R 0.971 F1 0.964; storyline read_html + clean P 0.968 R 0.970 F1 0.969), so
a change to ``storyline.clean`` or to the trafilatura options that loses article text
or lets furniture back in fails here. The metric tests check that our implementation
of the benchmark's metric reproduces its published numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.evaluation.extraction import (
    Scores,
    corpus_scores,
    document_scores,
    load_ground_truth,
    published_outputs,
    run_benchmark,
    score,
    shingle_counts,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction-benchmark"

needs_data = pytest.mark.skipif(
    not (DATA / "ground-truth.json").is_file(),
    reason=f"extraction benchmark not found at {DATA} (research data, not shipped)",
)


# --- the metric, on tiny inline texts -------------------------------------------------


def test_identical_texts_score_one() -> None:
    text = "The minister met his counterpart in Geneva on Tuesday."
    assert document_scores(text, text) == (1.0, 0.0, 0.0)
    assert corpus_scores([(text, text)]) == Scores(1.0, 1.0, 1.0, 1)


def test_disjoint_texts_score_zero() -> None:
    scores = corpus_scores([("one two three four five", "six seven eight nine ten")])
    assert (scores.precision, scores.recall, scores.f1) == (0.0, 0.0, 0.0)


def test_shingles() -> None:
    assert shingle_counts("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingle_counts("Grüße aus Köln!") == {("Grüße", "aus", "Köln"): 1}  # one short
    assert shingle_counts("  ...  ") == {}
    assert shingle_counts("a b a b", n=1) == {("a",): 2, ("b",): 2}


def test_partial_case_by_hand() -> None:
    # truth has shingles abcd bcde cdef, prediction abcd bcde: tp 2, fp 0, fn 1 -> /3
    tp, fp, fn = document_scores("a b c d e f", "a b c d e")
    assert (tp, fp, fn) == pytest.approx((2 / 3, 0.0, 1 / 3))
    # a second page with no truth and a wrong prediction: precision 0, no recall term
    scores = corpus_scores([("a b c d e f", "a b c d e"), ("", "x y")])
    assert scores.precision == pytest.approx((1.0 + 0.0) / 2)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert scores.documents == 2


def test_token_variant_ignores_order() -> None:
    scores = corpus_scores([("a b c d e", "e d c b a")], n=1)
    assert scores.f1 == 1.0
    assert corpus_scores([("a b c d e", "e d c b a")]).f1 == 0.0


@pytest.mark.data
@needs_data
@pytest.mark.parametrize(("name", "f1"), [("goose3", 0.896), ("trafilatura", 0.958)])
def test_reproduces_published_numbers(name: str, f1: float) -> None:
    outputs = published_outputs(DATA)
    assert round(score(load_ground_truth(DATA), outputs[name]).f1, 3) == f1


# --- the quality gate on our HTML path ------------------------------------------------


@pytest.fixture(scope="module")
def benchmark() -> dict[str, Scores]:
    if not (DATA / "ground-truth.json").is_file():
        pytest.skip(f"extraction benchmark not found at {DATA} (research data, not shipped)")
    return run_benchmark(DATA)


def _row(name: str, s: Scores) -> str:
    return f"{name:<12} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  ({s.documents} pages)"


@pytest.mark.data
@pytest.mark.slow
def test_extraction_quality_floors(benchmark: dict[str, Scores]) -> None:
    ours, alone = benchmark["storyline"], benchmark["trafilatura"]
    rows = f"\n{_row('trafilatura', alone)}\n{_row('storyline', ours)}"
    print(rows)
    assert ours.f1 >= 0.965, rows
    assert ours.precision >= 0.963, rows
    assert ours.recall >= 0.966, rows
    assert ours.f1 >= alone.f1 - 0.002, f"our cleaning costs F1 against trafilatura alone:{rows}"
