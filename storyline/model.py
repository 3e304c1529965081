"""The plain data that flows between stages.

Every stage takes and returns these frozen dataclasses (or lists of them), so the
same code runs in a loop, in tests and inside a Ray ``map_batches`` call, and any
intermediate result can be serialised, stored and audited. Nothing here knows how
it is computed; the stages live in their own modules (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Why a span of the raw text is not part of the cleaned body. The values are the
# reasons shown to readers in the audit; the keys are the stable rule ids.
REMOVAL_REASONS: dict[str, str] = {
    "title": "title line (kept as metadata)",
    "repeated-title": "repeated title",
    "byline": "byline/metadata line (kept as metadata)",
    "date-line": "byline/metadata line (kept as metadata)",
    "page-stamp": "page date stamp (its date kept as metadata)",
    "promo-headline": "promo headline",
    "read-more": "read-more link",
    "comment-form": "comment form",
    "author-bio": "author bio",
    "social-handle": "social handle",
    "related-topics": "related-topics list",
    "photo-caption": "photo caption",
    "duplicated-caption": "duplicated caption",
    "duplicated-paragraph": "duplicated paragraph",
    "share-buttons": "share buttons",
    "newsletter-promo": "newsletter promo",
    "copyright": "copyright line",
    "credit-line": "contributor credit (kept as lineage evidence)",
    "site-notice": "site notice or disclaimer",
    "promo": "outlet promotion",
    "social-feed": "embedded social-media feed",
    "reader-comments": "reader comment thread (from the first comment to the end of the text)",
    "news-links": "other sites' headlines box (\"From other news sites\")",
    "story-highlights": "story highlights (the page's summary bullets)",
    "outlet-boilerplate": "outlet boilerplate",
    "template-residue": "unrendered page template (\"BACK {current} of {total} NEXT\")",
    "player-notice": "media player notice (\"You must enable javascript to play content\")",
}


@dataclass(frozen=True)
class RemovedSpan:
    """A piece of the raw text that is not in the cleaned body, and why.

    ``start``/``end`` are character offsets into ``Article.raw_text`` so that a UI
    can show the span struck out in place. ``kept_as`` names the metadata field the
    span was moved to (``"title"``, ``"author"``, ``"published"``), or is None when
    the span was dropped as page furniture. ``detail`` says what a batch rule saw
    ("repeated in 24 articles of BBC"); it is part of the reason shown.
    """

    text: str
    rule: str
    start: int
    end: int
    kept_as: str | None = None
    detail: str | None = None

    @property
    def reason(self) -> str:
        base = REMOVAL_REASONS.get(self.rule, self.rule)
        return f"{base}: {self.detail}" if self.detail else base


@dataclass(frozen=True)
class Evidence:
    """Why a field holds its value: the method and the words that support it."""

    method: str
    detail: str
    confidence: float = 1.0


@dataclass(frozen=True)
class Article:
    """One news article, as read and (after the cleaning stage) cleaned.

    Readers fill ``raw_text`` and leave ``text`` equal to it; the cleaning stage
    sets ``text`` to the body and lists in ``removed`` everything it took out.
    ``id`` is stable across runs: the file name stem for a file, the ``id`` field
    of a JSON record, a content hash otherwise.
    """

    id: str
    raw_text: str
    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    origin: str = ""
    format: str = "text"
    removed: tuple[RemovedSpan, ...] = ()
    source_evidence: Evidence | None = None
    published_evidence: Evidence | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """An input that could not be read (``skipped``) or was read with a caveat."""

    origin: str
    reason: str
    skipped: bool = True


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article's cleaned body, with its place in it."""

    article_id: str
    index: int
    text: str
    start: int
    end: int
    paragraph: int = 0

    @property
    def id(self) -> str:
        return f"{self.article_id}#{self.index}"


@dataclass(frozen=True)
class Membership:
    """Why an article belongs to an event: the auditable clustering decision.

    ``similarity`` is the TF-IDF cosine with the event when it was placed,
    ``probability`` the clusterer's likelihood that it reports that event,
    ``shared_names`` how many proper names they shared, ``gap_days`` how many
    days it lies outside the event's dates (None: time unknown).
    """

    article_id: str
    reason: str
    similarity: float | None = None
    probability: float | None = None
    shared_names: int = 0
    gap_days: float | None = None


@dataclass(frozen=True)
class Event:
    """One happening, reported by one or more articles."""

    id: str
    title: str
    date: str | None
    article_ids: tuple[str, ...]
    members: tuple[Membership, ...] = ()


@dataclass(frozen=True)
class Story:
    """A thread of events about the same subject (what a brief is written for)."""

    id: str
    title: str
    events: tuple[Event, ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(a for e in self.events for a in e.article_ids)


@dataclass(frozen=True)
class ClaimSource:
    """One article's wording of a claim or summary sentence."""

    article_id: str
    sentence_id: str
    text: str


@dataclass(frozen=True)
class SummarySentence:
    """A sentence of the summary and every article that reports its content.

    ``sources`` holds, for each cited article, the sentence it was taken from or
    matched against (with its id ``article#index``), so a reader can check each
    citation against the words of the source.
    """

    text: str
    citations: tuple[str, ...]
    sources: tuple[ClaimSource, ...] = ()
    # cuts or substitutions made to the source wording (storyline.compress), as
    # readable notes; empty when the sentence is the source's words unchanged
    edits: tuple[str, ...] = ()
    # the verifier's verdict (storyline.verify.Verdict.as_dict()), None if not checked
    verification: dict[str, object] | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Claim:
    """A statement aligned across articles with its agreement status."""

    text: str
    status: str  # agreed | partial | single | conflict
    supporting: tuple[str, ...]
    conflicting: tuple[str, ...] = ()
    sources: tuple[ClaimSource, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class QuoteVariant:
    """One outlet's wording of a quote, and how its speaker was found.

    ``text`` is the quoted words, or for a partial quote (a few quoted words inside
    reported speech) the whole sentence, quote marks kept. ``speaker`` is this
    article's own attribution (resolved to the merged entity name) and
    ``attribution`` the words it rests on; both are empty when none was found.
    """

    article_id: str
    text: str
    speaker: str | None = None
    attribution: str = ""
    partial: bool = False
    sentence_id: str | None = None


@dataclass(frozen=True)
class Quote:
    """One statement by one speaker, with each outlet's wording of it."""

    speaker: str | None
    variants: tuple[QuoteVariant, ...]
    note: str = ""


@dataclass(frozen=True)
class Entity:
    """A person, place or organisation, merged across spellings (``evidence`` says how)."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()
    mentions: int = 0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """A dated happening; ``date`` is ISO, or ``start/end`` for a vague period."""

    date: str
    text: str
    citations: tuple[str, ...]
    sentence_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineageEvidence:
    """One reason for a lineage group, checkable against the articles' words.

    ``type`` is ``cue`` (words of ``article_id`` that name ``origin``; ``start``/``end``
    are offsets in its raw text, ``cue`` the kind of cue), ``aligned`` (sentence
    ``sentence_id`` of one article says what ``other_sentence_id`` of the other says;
    ``score`` is their cosine) or ``overlap`` (how much two articles share: for a
    copy the share of the shorter one's wording, for a rewrite the share of its
    sentences aligned in order, as ``score``). ``detail`` says it in words.
    """

    type: str  # cue | aligned | overlap
    article_id: str
    detail: str
    text: str | None = None
    other_article_id: str | None = None
    other_text: str | None = None
    sentence_id: str | None = None
    other_sentence_id: str | None = None
    score: float | None = None
    origin: str | None = None
    cue: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class LineageGroup:
    """Articles that copy, rewrite or cite the same original."""

    origin: str | None
    kind: str  # copy | rewrite | cites
    article_ids: tuple[str, ...]
    evidence: tuple[LineageEvidence | str, ...] = ()


@dataclass(frozen=True)
class LineageNote:
    """Why one article is, or is not, in a copy or rewrite group."""

    article_id: str
    status: str  # copy | rewrite | independent | not-compared
    reason: str


@dataclass(frozen=True)
class Brief:
    """Everything storyline says about one story."""

    story: Story
    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    lineage: tuple[LineageGroup, ...] = ()
    independent_count: int | None = None
    lineage_notes: tuple[LineageNote, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return self.story.id

    @property
    def title(self) -> str:
        return self.story.title

    def independent_weight(self, article_ids: Iterable[str]) -> float:
        """How many independent reports ``article_ids`` are: copies and rewrites of
        one original count once (see ``storyline.lineage.reports``)."""
        from storyline.lineage.reports import independent_weight

        return independent_weight(self.lineage, article_ids)
