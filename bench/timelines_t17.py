"""Timeline summarisation on Timeline17, scored with tilse (see storyline/evaluation/timelines.py).

    python bench/timelines_t17.py [--data ../shared/data/t17] [--topics A B ...]
                                  [--rouge original|reimpl] [--json results.json] [--raw]

Prints every timeline's AR1-F and date F1, then the averages of the concat,
agreement and align+ m:1 ROUGE-1/2 F1 and date F1 beside the published best on
T17 (Datewise, Ghalandari & Ifrim 2020), and the time taken.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = {"Datewise (published)": {"ar1": 0.120, "ar2": 0.035, "date": 0.544},
             "Clust (published)": {"ar1": 0.082, "ar2": 0.020, "date": 0.407}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "t17")
    parser.add_argument("--topics", nargs="*")
    parser.add_argument("--rouge", choices=("original", "reimpl"), default="original")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--raw", action="store_true",
                        help="score the raw texts, without cleaning (the numbers before "
                             "2026-11-23)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"T17 not found at {args.data}", file=sys.stderr)
        return 2
    from storyline.evaluation.timelines import METRICS, evaluate

    report = evaluate(args.data, args.topics, rouge=args.rouge,
                      progress=lambda line: print(line, flush=True), clean=not args.raw)
    avg = report.average
    print()
    print("| metric | ROUGE-1 F1 | ROUGE-2 F1 |")
    print("|---|---|---|")
    for metric in METRICS:
        print(f"| {metric} | {avg[metric]['rouge_1']['f_score']:.3f} | "
              f"{avg[metric]['rouge_2']['f_score']:.3f} |")
    print(f"| date F1 | {avg['date']['f_score']:.3f} (P {avg['date']['precision']:.3f}, "
          f"R {avg['date']['recall']:.3f}) | |")
    print()
    for name, ref in PUBLISHED.items():
        print(f"{name}: AR1-F {ref['ar1']:.3f}  AR2-F {ref['ar2']:.3f}  date F1 {ref['date']:.3f}")
    ar = avg[METRICS[2]]
    print(f"storyline ({args.rouge} ROUGE): AR1-F {ar['rouge_1']['f_score']:.3f}  "
          f"AR2-F {ar['rouge_2']['f_score']:.3f}  date F1 {avg['date']['f_score']:.3f}")
    print(f"{len(report.per_timeline)} timelines; {report.seconds:.1f} s in all, "
          f"{report.predict_seconds:.1f} s building timelines (the rest is scoring)")
    if args.json:
        args.json.write_text(json.dumps({"average": avg, "timelines": report.per_timeline,
                                         "seconds": report.seconds}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
