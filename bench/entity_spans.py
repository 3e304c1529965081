#!/usr/bin/env python3
"""Entity-span repairs (storyline.entity_spans), institution owners (storyline.institutions)
and surname variants (storyline.name_variants) on real stories: what changes, for hand-checking.

Stories: the bundled example, every NeuS val cluster (3 excerpts each) and a sample of
Timeline17 (per topic, the ``--t17-days`` busiest publication days, up to 8 articles
each). NER mentions are computed once and cached in ``--cache`` (spaCy is the slow part).
For each story the entities are extracted twice, without and with the repairs, and:

* the suspects of each error class are counted before and after, by shape only (most
  are legitimate names, so the repairs are also read one by one): a name led by a place
  of the story or of GeoNames and two more capitalised words (broad); a non-person name
  made of a place and a word that ends a person's name of the story; a mention ending
  in a capitalised plural right after "X and"; two organisations that are word-order
  variants ("X Ministry" / "Ministry of X"); a name made of a place and an acronym
  organisation of the story ("Ireland BP"); two person entities whose surnames are
  spelling variants (storyline.name_variants.surname_variant: "Zelensky" /
  "Zelenskiy", but also "Harman" / "Hanman", two people);
* every repair the stage made is printed (``--show``), and scored against the hand
  check in ``bench/labels/entity_spans_handcheck.tsv``; ``--suspects`` prints the
  suspects left.

    python bench/entity_spans.py [--data ../shared/data] [--show]
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline import entity_spans  # noqa: E402
from storyline.entities import extract_entities  # noqa: E402
from storyline.mentions import find_mentions  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.name_variants import surname_variant  # noqa: E402
from storyline.names import TITLES  # noqa: E402
from storyline.places import is_place_name  # noqa: E402


def stories(data: Path, t17_days: int) -> list[tuple[str, list[Article]]]:
    from storyline.ingest import read_paths
    from storyline.pipeline import prepare

    out = [("example", prepare(read_paths([ROOT / "examples" / "lavrov-talks"]).articles))]
    for line in (data / "neus" / "val.clusters.jsonl").open():
        row = json.loads(line)
        out.append((row["id"], [Article(a["id"], a["text"], a["text"])
                                for a in row["articles"] if a.get("text")]))
    return out + t17_day_stories(data, t17_days)


def t17_day_stories(data: Path, days: int, topics: tuple[str, ...] | None = None
                    ) -> list[tuple[str, list[Article]]]:
    """Per Timeline17 topic (all, or ``topics``), its ``days`` busiest publication days,
    up to 8 articles each drawn with a fixed seed: one story per day (also the sample
    of bench/entity_quality.py)."""
    rng = random.Random(7)
    out = []
    for topic in sorted((data / "t17").iterdir()):
        path = topic / "articles.json.gz"
        if not path.exists() or (topics and topic.name not in topics):
            continue
        by_day: dict[str, list[dict]] = defaultdict(list)
        with gzip.open(path) as fh:
            for a in json.load(fh):
                by_day[a["dct"][:10]].append(a)
        for day in sorted(by_day, key=lambda d: (-len(by_day[d]), d))[:days]:
            arts = by_day[day]
            rng.shuffle(arts)
            out.append((f"t17-{topic.name}-{day}",
                        [Article(f"{topic.name}-{a['uid']}", a["text"], a["text"])
                         for a in arts[:8]]))
    return out


def mentions_of(all_stories, cache: Path):
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    articles = [a for _, arts in all_stories for a in arts]
    found = find_mentions(articles)
    cache.write_bytes(pickle.dumps(found))
    return found


PLURAL_TAIL = re.compile(r"(?:\b(?:and|or|&)\s+|,\s*)$")


def suspects(index, articles, show: list | None = None) -> Counter:
    """Counts of each error class among a story's entities and mentions."""
    texts = {a.id: a.text for a in articles}
    out: Counter = Counter()
    named = {e.name.casefold(): e.type for e in index.entities}
    person_words = {f.split()[-1].casefold() for e in index.entities if e.type == "person"
                    for f in (e.name, *e.aliases)}
    for e in index.entities:
        words = e.name.split()
        for k in range(1, len(words)):
            head, rest = " ".join(words[:k]), [w for w in words[k:]
                                                 if w.lower().rstrip(".") not in TITLES]
            if not rest or rest[-1].casefold() not in person_words:
                continue
            place_here = named.get(head.casefold()) == "place"
            if (e.type != "person" and (place_here or is_place_name(head))) or \
                    (e.type == "person" and place_here and len(rest) >= 2):
                out["place+person"] += 1
                if show is not None:
                    show.append(("place+person", e.type, e.name))
                break
        words = e.name.split()
        for k in range(1, len(words) - 1):
            head, rest = " ".join(words[:k]), words[k:]
            if (named.get(head.casefold()) == "place" or is_place_name(head)) and \
                    len(rest) >= 2 and all(w[:1].isupper() for w in rest) and \
                    named.get(" ".join(rest).casefold()) in ("person", None):
                out["place-led (broad)"] += 1
                if show is not None:
                    show.append(("place-led (broad)", e.type, e.name))
                break
    seen = set()
    for ms in index.mentions.values():
        for m in ms:
            last = m.text.split()[-1]
            if len(m.text.split()) >= 2 and last[:1].isupper() and last.endswith("s") and \
                    PLURAL_TAIL.search(texts[m.article_id][max(0, m.start - 40):m.start]) and \
                    (m.name, m.article_id) not in seen:
                seen.add((m.name, m.article_id))
                out["plural after and"] += 1
                if show is not None:
                    show.append(("plural after and", m.type, texts[m.article_id][
                        max(0, m.start - 40):m.end].replace("\n", " ")))
    org_names = {e.name for e in index.entities if e.type == "organization"}
    for e in index.entities:  # a place run into an organisation of the story ("Ireland BP")
        words = e.name.split()
        for k in range(1, len(words)):
            head, rest = " ".join(words[:k]), " ".join(words[k:])
            if rest in org_names and rest.isupper() and \
                    (named.get(head.casefold()) == "place" or is_place_name(head)):
                out["place+organisation"] += 1
                if show is not None:
                    show.append(("place+organisation", e.type, e.name))
                break
    persons = [e for e in index.entities if e.type == "person" and len(e.name.split()) >= 1]
    for i, a in enumerate(persons):  # two person entities whose surnames are spelling variants
        for b in persons[i + 1:]:
            sa, sb = a.name.casefold().split()[-1], b.name.casefold().split()[-1]
            if sa[:1] == sb[:1] and surname_variant(sa, sb):
                out["surname variants apart"] += 1
                if show is not None:
                    show.append(("surname variants apart", a.name, b.name))
    orgs = [e for e in index.entities if e.type == "organization"]
    keys = Counter(entity_spans.word_order_key(e.name) for e in orgs)
    out["word-order pairs"] += sum(n - 1 for k, n in keys.items() if k and n > 1)
    return out


def read_labels(path: Path) -> dict[tuple[str, str, str], str]:
    """(story, kind, subject) -> right|wrong, from the hand-check TSV."""
    out = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if line and not line.startswith("#"):
                story, kind, subject, verdict = line.split("\t")[:4]
                out[story, kind, subject] = verdict
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--t17-days", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/storyline-entity-spans.pkl"))
    parser.add_argument("--show", action="store_true", help="print every repair")
    parser.add_argument("--labels", type=Path,
                        default=ROOT / "bench" / "labels" / "entity_spans_handcheck.tsv")
    parser.add_argument("--suspects", action="store_true",
                        help="print the suspects left after the repairs")
    args = parser.parse_args()
    all_stories = stories(args.data, args.t17_days)
    found = mentions_of(all_stories, args.cache)
    labels = read_labels(args.labels)
    before, after, changes, checked = Counter(), Counter(), Counter(), Counter()
    for sid, arts in all_stories:
        known = {a.id: found[a.id] for a in arts}
        old = extract_entities(arts, known, repair=False)
        new = extract_entities(arts, known)
        part = "neus" if sid.startswith("neus") else "t17" if sid.startswith("t17") else sid
        for k, n in suspects(old, arts).items():
            before[part, k] += n
        left: list = []
        for k, n in suspects(new, arts, left).items():
            after[part, k] += n
        if args.suspects:
            for row in left:
                print(f"  suspect [{sid}] {row}")
        for e in new.entities:
            for ev in e.evidence:
                kind = next((k for k, words in entity_spans.KINDS.items() if words in ev), None)
                if kind:
                    changes[part, kind] += 1
                    if args.show:
                        print(f"[{sid}] {e.type} {e.name!r}: {ev}")
                    labelled = labels.get((sid, kind, ev.split(": ")[0]))
                    if labelled:
                        checked[part, labelled] += 1
                    elif args.show:
                        print("  ^ not hand-checked yet: add it to", args.labels)
    print(f"{len(all_stories)} stories, {sum(len(a) for _, a in all_stories)} articles")
    print("suspects before -> after")
    for key in sorted(set(before) | set(after)):
        print(f"  {key[0]:8s} {key[1]:20s} {before[key]:4d} -> {after[key]:4d}")
    print("repair notes (one per entity touched)")
    for key in sorted(k for k in changes if changes[k]):
        print(f"  {key[0]:8s} {key[1]:30s} {changes[key]:4d}")
    print("hand-checked notes")
    for key in sorted(checked):
        print(f"  {key[0]:8s} {key[1]:30s} {checked[key]:4d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
