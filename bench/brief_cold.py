#!/usr/bin/env python3
"""Cold-start time of ``storyline brief`` on the bundled example, against a named floor.

Each run is a fresh process (new interpreter, nothing cached in memory but the OS
page cache), as a user typing the command would see it:
``storyline brief examples/lavrov-talks --format json > /dev/null``. The baseline is
the unavoidable part of that: a cold process that only imports storyline's embedder
and encodes one sentence (loading the model dominates). The ratio brief/baseline
says how much the rest of the pipeline adds. One untimed run of each warms the page
cache first, so the first timed run is not a disk benchmark. Target: median <= 3 s.

    python bench/brief_cold.py [--examples examples/lavrov-talks] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 3.0
BASELINE_CODE = "from storyline.embed import get_embedder; get_embedder().encode(['x'])"


def _storyline_command() -> list[str]:
    """The console script of this interpreter's environment, else ``python -m storyline``."""
    script = Path(sys.executable).parent / "storyline"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "storyline"]


def time_runs(command: list[str], runs: int) -> list[float]:
    """Wall seconds of ``runs`` cold runs of ``command`` (after one untimed warm-up)."""
    out = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       cwd=ROOT, check=True)
        if i:  # run 0 warms the page cache
            out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=ROOT / "examples" / "lavrov-talks",
                        help="the folder to brief")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.examples.is_dir():
        print(f"example folder not found at {args.examples}", file=sys.stderr)
        return 2

    brief_cmd = [*_storyline_command(), "brief", str(args.examples.resolve()), "--format", "json"]
    results = {
        "storyline brief --format json": time_runs(brief_cmd, args.runs),
        "baseline: import embedder + encode 1": time_runs([sys.executable, "-c", BASELINE_CODE],
                                                          args.runs),
    }
    print(f"{args.runs} cold runs each, {args.examples}")
    for name, times in results.items():
        runs = " ".join(f"{t:.2f}" for t in times)
        print(f"{name:<38} median {statistics.median(times):5.2f} s   runs: {runs}")
    brief, base = (statistics.median(t) for t in results.values())
    verdict = "meets" if brief <= TARGET_S else "MISSES"
    print(f"ratio brief/baseline: {brief / base:.2f}x; target median <= {TARGET_S:.0f} s: "
          f"{verdict} ({brief:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
