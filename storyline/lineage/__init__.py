"""Lineage: which articles copy, rewrite or cite the same original.

Aggregators count every reprint of a wire story as another source. This stage tells
copies (``shingles``/``minhash``: shared wording, MinHash LSH at scale), rewrites
(``align``: sentences that say the same thing in the same order) and cited origins
(``cues``: "according to Reuters", "(AP) —", "Reuters contributed to this report")
apart from independent reporting, and counts independent reports (``reports``).
``detect`` puts them together; see docs/lineage.md.
"""

from storyline.lineage.cues import Cue, find_cues, normalize_origin
from storyline.lineage.detect import LineageResult, detect_lineage
from storyline.lineage.minhash import ShingleIndex
from storyline.lineage.reports import independent_count, independent_weight

__all__ = ["Cue", "LineageResult", "ShingleIndex", "detect_lineage", "find_cues",
           "independent_count", "independent_weight", "normalize_origin"]
