"""The plain data that flows between stages.

Every stage takes and returns these frozen dataclasses (or lists of them), so the
same code runs in a loop, in tests and inside a Ray ``map_batches`` call, and any
intermediate result can be serialised, stored and audited. Nothing here knows how
it is computed; the stages live in their own modules (see docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Why a span of the raw text is not part of the cleaned body. The values are the
# reasons shown to readers in the audit; the keys are the stable rule ids.
REMOVAL_REASONS: dict[str, str] = {
    "title": "title line (kept as metadata)",
    "repeated-title": "repeated title",
    "byline": "byline/metadata line (kept as metadata)",
    "date-line": "byline/metadata line (kept as metadata)",
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
}


@dataclass(frozen=True)
class RemovedSpan:
    """A piece of the raw text that is not in the cleaned body, and why.

    ``start``/``end`` are character offsets into ``Article.raw_text`` so that a UI
    can show the span struck out in place. ``kept_as`` names the metadata field the
    span was moved to (``"title"``, ``"author"``, ``"published"``), or is None when
    the span was dropped as page furniture.
    """

    text: str
    rule: str
    start: int
    end: int
    kept_as: str | None = None

    @property
    def reason(self) -> str:
        return REMOVAL_REASONS.get(self.rule, self.rule)


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
    """Why an article belongs to an event: the auditable clustering decision."""

    article_id: str
    reason: str
    similarity: float | None = None


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
    article_id: str
    text: str


@dataclass(frozen=True)
class Quote:
    """One statement by one speaker, with each outlet's wording of it."""

    speaker: str | None
    variants: tuple[QuoteVariant, ...]


@dataclass(frozen=True)
class Entity:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """A dated happening; ``date`` is ISO, or ``start/end`` for a vague period."""

    date: str
    text: str
    citations: tuple[str, ...]
    sentence_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineageGroup:
    """Articles that copy, rewrite or cite the same original."""

    origin: str | None
    kind: str  # copy | rewrite | cites
    article_ids: tuple[str, ...]
    evidence: tuple[str, ...] = ()


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
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return self.story.id

    @property
    def title(self) -> str:
        return self.story.title
