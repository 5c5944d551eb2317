"""The capitalized words of a sentence that may name someone or somewhere: the checkers of the
model's words ask whether a story names someone besides its character, or a summary someone its
notes never mention. A sentence's first word is capitalized anyway, so it counts only when it is
not one of the words that commonly open a sentence.
"""

from __future__ import annotations

import re

OPENERS = frozenset(
    """he she they it its his her their the a an this that these those then when after before as
    at in on by from with without for now once one years but and yet so there here while though although since
    until every each all some many most few no nobody everyone someone long only still even soon later today
    born
    raised left driven trained haunted despite because if where what how never always we our you your
    finally meanwhile together next first last session""".split()
)


def proper_names(sentence: str) -> list[tuple[str, str]]:
    """Each capitalized word that may be a name, with the word before it (lowercased; "" for the
    first), so a caller can tell "in Waterdeep" (a place) from "met Torvald"."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", sentence)
    return [
        (w, words[i - 1].lower() if i else "")
        for i, w in enumerate(words)
        if w[0].isupper() and len(w) > 1 and not w.isupper() and (i or w.lower() not in OPENERS)
    ]
