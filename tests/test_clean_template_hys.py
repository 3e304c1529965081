"""Unrendered template labels and BBC "Have your say" comment lists, on tiny articles."""

from storyline.clean import clean_article
from storyline.model import Article

LEAD = ("BP lowered a new cap onto the leaking well on Saturday, and engineers said the "
        "tests could take two days.")
MORE = "The company said it would resume work on the relief well on Monday."


def clean(text: str) -> Article:
    return clean_article(Article("t", text, text))


def test_an_unrendered_pager_label_is_cut_from_inside_a_paragraph():
    label = "BACK {current} of {total} NEXT"
    raw = f"{LEAD} {label} {MORE}"
    out = clean(raw)
    [cut] = out.removed
    assert (cut.rule, cut.text) == ("template-residue", label)
    assert raw[cut.start:cut.end] == label
    assert cut.reason.startswith("unrendered page template")
    assert out.text == f"{LEAD} {MORE}"
    alone = clean(f"{LEAD}\n\n{label}\n\n{MORE}")  # a line of its own goes whole
    assert alone.text == f"{LEAD}\n\n{MORE}"
    assert [s.rule for s in alone.removed] == ["template-residue"]


def test_other_template_syntaxes_in_a_pager_are_cut():
    from storyline.clean.template_residue import template_spans

    for label in ("Image {{ index }} of {{ count }}", "PREV %(n)s / %(total)s NEXT",
                  "Photo ${current} of ${total}", "{current} of {total}"):
        assert [label] == [f"{LEAD} {label} {MORE}"[a:b]
                           for a, b in template_spans(f"{LEAD} {label} {MORE}")], label


def test_braces_in_real_text_stay():
    keep = [
        LEAD,
        "The memo said the flow could be as high as {tilde} 100,000 barrels per day.",
        "I'm no fan of Ghadaffi {sp} but the attacks must stop.",
        "Reduce CO {2} in the atmosphere ({?} 40 {?}) before it is too late.",
        'The script printed f"{done} of {total}" every minute, the engineer said.',
        "The set {x} / {y} is written \\frac{a}{b} in the paper.",
        MORE,
    ]
    out = clean(" ".join(keep))
    assert out.removed == ()
    assert out.text == " ".join(keep)


HYS_INTRO = ("The UN's health agency has raised the alert over swine flu to level five. "
             "Are you taking more precautions?")
HYS_LIST = ("This debate is now closed. The media has hyped this out of proportion. "
            "Andy Craddock, St Austell, Cornwall Basic hygiene is all it takes. "
            "Joe Thorpe, New York, USA")


def test_a_have_your_say_list_is_cut_from_its_heading_to_the_end():
    raw = f"{HYS_INTRO} {HYS_LIST}"
    out = clean(raw)
    [cut] = out.removed
    assert (cut.rule, cut.text) == ("reader-comments", HYS_LIST)
    assert raw[cut.start:cut.end] == HYS_LIST
    assert out.text == HYS_INTRO
    selection = (f"{HYS_INTRO} Below is a selection of your comments. I am not worried. "
                 "Samantha Mace, Mexico City, Mexico It is mild.")
    assert clean(selection).text == HYS_INTRO


def test_a_have_your_say_heading_without_signed_comments_is_kept():
    """A closed debate's introduction, with no reader's sign-off after it, is reporting."""
    raw = (f"This debate is now closed. {HYS_INTRO} Senegal has offered free land to "
           "people affected by the disaster, its president said.")
    out = clean(raw)
    assert "reader-comments" not in {s.rule for s in out.removed}
    assert HYS_INTRO in out.text


def test_have_your_say_comments_stamped_added_are_a_thread():
    thread = ("Added: Tuesday, 19 January, 2010, 18:32 GMT 18:32 UK Lagos has launched an "
              "appeal fund. Added: Tuesday, 19 January, 2010, 18:16 GMT 18:16 UK Good "
              "comments so far.")
    raw = f"{HYS_INTRO} {thread}"
    out = clean(raw)
    assert [(s.rule, s.text) for s in out.removed] == [("reader-comments", thread)]
    assert out.text == HYS_INTRO
