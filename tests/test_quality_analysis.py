"""Quality gate: quote speakers against our hand labels on NeuS (bench/labels/).

The labels are 60 random quotes of NeuS train clusters 600-899, judged by hand
(bench/README.md). Only the ~55 labelled clusters are analysed, to keep the gate
at a few seconds. Measured: 49 of 51 named speakers correct (0.96); the floor is
0.90 so that a regression fails and noise from a model update does not.
"""

from __future__ import annotations

import pytest

from tests.quote_labels import attributed_quotes, speaker_labels

LABELS = "neus_train600-900_seed11_speakers.tsv"


@pytest.mark.data
@pytest.mark.slow
def test_speaker_precision_on_hand_labels():
    labels = speaker_labels(LABELS)
    found = attributed_quotes(labels)
    judged = [(found[(a, s)], truth) for a, s, truth in labels if (a, s) in found]
    assert len(judged) >= 55, "the labelled quotes are still found"
    named = [(f, truth) for f, truth in judged if f.speaker]
    correct = sum(f.speaker == truth for f, truth in named)
    assert len(named) >= 45
    assert correct / len(named) >= 0.90, [(f.text[:60], f.speaker, t) for f, t in named
                                          if f.speaker != t]
