"""Tiny inline news for the live-mode tests: two stories, full-text and teaser entries.

Story "bridge": a bridge closure in a fictional city, three reports on one day and a
follow-up two days later. Story "rates": a central bank's rate decision. Texts are
long enough (>= 150 words) to count as full text where the feed carries them whole.
"""

from __future__ import annotations

BRIDGE = [
    "The Harlow River bridge in Westbrook was closed on Tuesday after engineers found deep "
    "cracks in two of its steel supports, city officials said.",
    "Mayor Elena Varga said the bridge, which carries about 40,000 vehicles a day, would "
    "stay closed until inspectors from the state transport department finish their review.",
    "Commuters faced long delays as traffic was diverted over the older Mill Street "
    "crossing, and the city added extra buses and ferry services to ease the pressure.",
    "Engineers said the cracks were discovered during a routine inspection and that there "
    "was no immediate danger of collapse, but that closing the bridge was the safe choice.",
    "The Harlow River bridge opened in 1968 and was last repaired eight years ago, when "
    "the deck was resurfaced and several joints were replaced at a cost of $12 million.",
    "Varga said the city would ask the state for emergency funding and that a first "
    "estimate of the repair costs would be published by the end of the week.",
    "Local businesses near the bridge said trade had already fallen sharply, and several "
    "shop owners called on the council to compensate them for the weeks of disruption.",
]
BRIDGE_FOLLOWUP = [
    "Westbrook officials said on Thursday that repairs to the cracked Harlow River bridge "
    "would cost at least $30 million and take up to six months.",
    "Mayor Elena Varga told reporters that the state transport department had confirmed "
    "the damage to the steel supports and agreed to share the cost of the repairs.",
    "The bridge will remain closed to all traffic while the supports are replaced, and "
    "the extra bus and ferry services will continue until it reopens.",
    "Engineers said the cracks were probably caused by corrosion and by the heavy trucks "
    "that use the crossing, and that other bridges in the region would be inspected.",
    "Business owners near the bridge welcomed the news of the funding but said six months "
    "of closure would push some small shops out of business before the summer season.",
    "The council will vote next week on a relief fund for traders affected by the "
    "closure, Varga said, adding that the city would publish weekly progress reports.",
]
RATES = [
    "The Central Bank of Norland raised its main interest rate by half a percentage point "
    "to 4.5 percent on Wednesday, its third increase this year, as inflation stayed high.",
    "Governor Tomas Lind said consumer prices had risen 6.8 percent over the past year, "
    "well above the bank's target of two percent, driven by energy and food costs.",
    "The decision was backed by five of the seven members of the bank's policy committee, "
    "while two members voted for a smaller increase of a quarter of a point.",
    "Lind said further increases could not be ruled out if price growth did not slow "
    "in the coming months, but that the bank would watch the labour market closely.",
    "The Norland crown rose against the euro after the announcement, and yields on "
    "government bonds climbed to their highest level in more than a decade.",
    "Economists said the higher borrowing costs would weigh on home buyers and on small "
    "firms, many of which had taken on debt when rates were at record lows.",
]


def variant(paragraphs: list[str], n: int) -> list[str]:
    """The same report as another outlet writes it: a different order and lead."""
    rotated = paragraphs[n % len(paragraphs):] + paragraphs[:n % len(paragraphs)]
    return rotated if n else list(paragraphs)


def html_paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)
