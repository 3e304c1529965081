"""First names the NER model cut off a person's name ("Ane Lone Bagger" as "Lone Bagger").

spaCy's small English model leaves a given name it has rarely seen outside the
PERSON span that follows it: in NeuS and Timeline17 it tags "Lone Bagger" in "Ane
Lone Bagger told Reuters", "Cotton" in "presenter Fearne Cotton", "Lawrence" in
"Felicity Lawrence", "Fogh Rasmussen" in "Anders Fogh Rasmussen". The speaker of a
quote, and the entity, then lack the first name.

The word right before a PERSON span is taken into it when it is written like a given
name and can be nothing else. Far more often that word is a title or a role (on
NeuS val + 320 Timeline17 articles: "Senate Majority *Leader* Mitch McConnell",
"*Speaker* Nancy Pelosi", "*Corporal* Shaun Brierley", "*Host* Bill Hemmer") or
starts the sentence ("*But* Pelosi", "*Today* Obama"), so it must be:

- one capitalised word of letters ("Ane", not "CNN", "al-Jazeera/Reuters" or "Nomisma's"),
  tagged nothing by the model, not a stop word, not a title, rank, office or
  occupation (:data:`NOT_GIVEN`, the titles of :data:`storyline.mentions.PERSON_TITLES`),
  not a town or country of GeoNames ("in Cardiff Janet Jackson");
- inside a sentence: after a lower-case word, a comma, or a quote closed by a comma
  (“…,” Ane Lone Bagger told), never after a sentence end, a colon or a line break;
- not itself after another capitalised word, unless that word is a personal title
  ("Col Riyad al-Asaad"): a run of capitalised words before a name is a title
  ("House Speaker", "Flight Lieutenant"), or a name the model already split; not after
  "of" ("Secretary of Defense Mark Esper"); not a title in the plural ("Justices
  Sonia Sotomayor").
"""

from __future__ import annotations

import re
from typing import Any

from storyline.mentions import PERSON_TITLES
from storyline.places import is_place_name

# Titles, ranks, offices and occupations written capitalised before a name, and
# words that open a sentence or a heading: never a given name. Collected from the
# words before PERSON spans on NeuS val + 320 Timeline17 articles, and their kin.
NOT_GIVEN = frozenset("""
leader speaker director private corporal admiral representative staff officer major
sergeant executive counsel chief captain congressman congresswoman baroness baron sheikh
sheik miss hurricane storm fusilier engineer attorney administrator whip trooper
supervisor sultan specialist singer sapper rifleman reporter rating presidents senators
host meteorologist businesswoman businessman activist analyst choreographer doctor
musician manager dictator gunner piper father brother sister mother lieutenant
lieutenants class flight cpl lance marine marines airman seaman pilot detective inspector
constable superintendent sheriff deputy agent officer commissioner premier chairman
chairwoman chair coach striker midfielder defender goalkeeper actor actress star rapper
comedian presenter anchor correspondent editor columnist writer author poet artist
producer founder owner economist professor lawyer prosecutor judge magistrate justice
candidate nominee incumbent challenger delegate councillor councilman councilwoman
alderman assemblyman assemblywoman lawmaker legislator diplomat envoy consul emir emperor
empress tsar czar crown prince princess duke duchess earl count countess viscount lord
lady dame sir madam madame monsieur herr frau senor senora don dona saint st ayatollah
imam mullah rabbi pastor bishop archbishop cardinal pope reverend rev deacon monk nun
chancellor president secretary minister governor mayor senator general colonel col
commander commandant brigadier marshal warrant petty technician gen lt capt sgt adm maj
democrat democrats republican republicans independent conservative liberal labour tory
communist socialist nationalist loyalist separatist rebel rebels militant militants
mr mrs ms dr prof quote end thanks today yesterday tomorrow tonight meanwhile however
unlike like given because also then yes no well why what which who when where while
after before since during despite although though unless until whereas hence thus
breaking update updated exclusive watch video photo photos pictured picture caption
dear hello hi goodbye congratulations please sorry
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())
_WORD = re.compile(r"[A-Z][a-z]{1,14}")


def _is_title(word: str) -> bool:
    return word in NOT_GIVEN or word in PERSON_TITLES


def given_name_start(doc: Any, ent: Any) -> int | None:
    """The token index a PERSON span should start at to take back its cut-off given
    name, or None when the word before it is no given name (see the module doc)."""
    if ent.label_ != "PERSON" or ent.start == 0:
        return None
    word = doc[ent.start - 1]
    lower = word.text.lower()
    if (not _WORD.fullmatch(word.text) or word.ent_iob_ != "O" or word.whitespace_ != " "
            or word.is_stop or _is_title(lower) or (lower.endswith("s") and _is_title(
                lower[:-1])) or is_place_name(word.text)):
        return None  # "Justices Sonia Sotomayor"; "Cardiff Janet Jackson": a town
    if word.i == 0:
        return None  # the text opens with it: a heading or a sentence start
    before = doc[word.i - 1]
    if "\n" in before.text or before.is_space:
        return None
    text = before.text
    if text.lower() in ("of", "the"):
        return None  # "Secretary of Defense Mark Esper", "Minister of Health Hassan Hamad"
    if text in ("”", '"', "’", "'"):  # “…,” Ane Lone Bagger told
        inner = doc[word.i - 2].text if word.i >= 2 else ""
        return ent.start - 1 if inner == "," else None
    if text == ",":
        return ent.start - 1
    if text[:1].isupper():
        return ent.start - 1 if text.lower().rstrip(".") in PERSON_TITLES else None
    return ent.start - 1 if text[:1].islower() or text[:1].isdigit() else None
