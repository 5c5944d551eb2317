"""The words of a DM's sentence that say what changes: each condition's words, the words that say
a condition ends, the words of each op (healing, temporary hit points, death saves) and of harm. `translate`
reads a sentence with them; they live apart so that each list has one home and grows in one place.
"""

from __future__ import annotations

import re

from dm_companion.srd.tables import DAMAGE_TYPES

# Getting up: it ends prone, so it is both a word of the condition and a word of its ending.
GETS_UP = r"(?:stands?|gets?|got|stood|scrambl\w*|clamber\w*|push\w* \w+sel(?:f|ves)) (?:back )?up"
# Landing on one's back (or rear) knocks one prone: a word of the condition that only starts it.
ON_ITS_BACK = (
    r"(?:knock\w*|thr[eo]w\w*|lands?|landed|lies|lying|sprawl\w*)(?: \w+)? on (?:its|his|her|their) "
    r"(?:back|rear|backside|behind|butt)\b"
)
CONDITION_WORDS = {
    "blinded": r"blind|can see again|regains? (?:\w+ )?sight|sight (?:comes |came |is )?(?:return\w*|back)",
    "charmed": r"charm",
    "deafened": r"deafen|deafness|can hear again|regains? (?:\w+ )?hearing|"
    r"hearing (?:comes |came |is )?(?:return\w*|back)",
    "exhaustion": r"exhaust",
    # losing one's nerve is no condition; regaining it ends one
    "frightened": r"frighten|scare|terrif|\bterror\b|\bfear\b|\bafraid\b|\bcower|"
    r"regains? (?:\w+ )?(?:courage|nerve|composure)|(?:courage|nerve|composure) returns",
    "grappled": r"grappl|grab|\bhold\b(?! (?:person|monster))|\bgrip\b|lets? go|releases?\b(?! from)|"
    r"\bseiz|\bclutch|bear ?hug|headlock|(?<!shocking )\bgrasp\b|"
    r"\bpin(?:s|ning)? (?:\w+ ){0,2}(?:down|under|beneath|to the (?:ground|floor))",  # not "to the wall"
    "incapacitated": r"incapacitat",
    "invisible": r"invisib|becomes? visible|visible again|reappears?",
    "paralyzed": r"paraly|hold (?:person|monster)",
    "petrified": r"petrif|turn(s|ed)? to stone",
    "poisoned": r"poison",
    "prone": r"prone|knock(s|ed)? (\w+ )?(?:down|flat)|\bflat on (?:its|his|her|their) back|trip|\btopple|"
    r"\b(?:falls?|fell|tumbles?|tumbled|tips?|tipped) over\b(?! (?:the|an?)\b)|"
    rf"{ON_ITS_BACK}|"
    rf"{GETS_UP}|"
    r"picks? (?:him|her|it|them)sel(?:f|ves) up|(?:on|to|off) (?:its|his|her|their) feet",
    # not "tangles with the ogre"
    "restrained": r"restrain|tangl(?!\w* with\b)|web|\bnet(?:s|ted)?\b|\b(?:en)?snared?\b|\bvines\b",
    "stunned": r"stun",
    "unconscious": r"unconscious|consciousness|knock(s|ed)? out|comes? to\b|wakes? up|asleep|\bto sleep\b|"
    r"\bnap\b|\bdoz(?:es|ed|ing)? off|\bnods? off|\bawake|\bwakes?\b|\bwoke\b",
}


# Words that say a condition ends ("Tor is no longer grappled", "the charm breaks", "can see again").
REGAINED_NOT_HP = r"(?:sight|hearing|courage|nerve|composure|consciousness)"  # regained, they end a condition
ENDS = (
    r"no longer",
    r"any ?more\b",
    r"no more\b",
    r"any longer",
    GETS_UP,
    r"escapes?(?! *dc)",  # "escape DC 14" is what it takes, not an escape
    r"wears? off",
    r"ends\b",
    r"ended",
    r"passes",
    r"fades?\b",
    r"breaks? (?:free|out)",
    r"breaks?(?= *(?:$|[.,;!]|when|as|after))",
    r"breaks? (?:the |its |his |her |their )?(?:\w*'s )?(?:grapple|grip|hold|web|net|charm)",
    r"cured\b",
    r"is broken",
    r"(?:wriggles?|slips?|squirms?|pulls?|cuts?|twists?|wrenches?|struggles?) (?:\w+sel(?:f|ves) )?"
    r"(?:out|free|loose)",  # "cuts himself loose"
    r"\b(?:un|dis)(?:en)?tangl",  # "untangles itself", "disentangles himself"
    r"(?:shakes?|shrugs?) off",
    r"lets? go",
    r"los(?:es|t|ing) (?:its|his|her|their) (?:grip|hold)(?= on\b(?! the\b| an?\b))",  # not "on the rope"
    r"released?",
    r"comes? to\b",
    r"wakes? up",
    r"(?<!stays )(?<!stay )(?<!remains )\bawake",  # "shakes him awake"; "stays awake" is no end
    r"\bwakes?\b(?! (?:of|from))",
    r"\bwoke\b",
    r"snaps? out",
    r"frees?\b",
    r"freed\b",
    r"stop(?:s|ped)? (?:being|\w+ing)\b",
    r"cease[sd]? to be",
    r"lift(?:s|ed)?\b",
    r"dispell?ed",
    r"drops(?= *(?:$|[.,;!]|when|as|after))",
    r"burn(?:s|ed|t)? away",
    r"(?:sight|hearing) (?:comes |came |is )?back",
    r"(?:tears?|tore|rips?|ripped|hacks?|hacked|claws?|clawed|chews?|chewed|burns?|burned)"
    r" (?:(?:the|its|his|her|their) \w+ )?(?:through|apart|free|loose|out of)",  # "tears through the webbing"
    r"picks? (?:him|her|it|them)sel(?:f|ves) up",
    r"(?:back )?(?:on|to) (?:its|his|her|their) feet",
    r"can (?:see|hear|move|act) again",
    rf"regains? (?:\w+ )?{REGAINED_NOT_HP}",
    rf"{REGAINED_NOT_HP} return(?:s|ing|ed)",
    r"becomes? visible",
    r"visible again",
    r"reappears?",
    r"\bgone\b",
    r"recover(?:s|ed)? from\b",  # "recovers from being stunned"; "recovers 5 hp" heals
)
OP_WORDS = {
    "death_save": r"death sav|\brolls?(?: an?)?(?: \d{1,2})? to stabili[sz]e",  # a dying creature's own roll
    "temp_hp": r"temp(orary)?\b|temp hp|\bthp\b|false life|heroism",
    "heal": rf"\bheal(?!th)|regain(?!s? (?:\w+ )?{REGAINED_NOT_HP})|regenerat|\bcure(?!d)"
    r"|recover(?!\w* from\b)|potion|hp back|(?:wounds?|cuts|injur(?:y|ies)) (?:close|knit|mend|seal)"
    r"|\b(?:gets?|got|gains?) back (?:\d|hp|hit points)|hit points back"
    r"|lay(?:s)?(?: on)? hands|second wind|healing|wholeness of body|hit di(?:e|ce)\b"
    r"|\bpatch\w*(?: \w+)? up\b|\bbandag\w*|\bstitch\w*(?: \w+)? up\b"  # "patches Tor up for 6"
    r"|^\W*\+\s?\d{1,3}\b(?!\s*(?:to hit|vs\b|bonus))|\+\s?\d{1,3}\s*(?:hp|hit points?)\b"
    r"|\bhp\s*\+\s?\d{1,3}\b",  # "!i hp Wiz +5": the chat bot's command to add hit points
    "condition_remove": "|".join(ENDS),
}
# Temporary hit points spent ("soak the 5 damage"), not given: the line tells of damage.
SPENT_TEMP = re.compile(r"\b(?:soak\w*|absorb\w*|los[est]+|damage|dmg|eats?|blocks?|takes?)\b")
GIVEN = re.compile(r"\b(?:gains?|gets?|grants?|gives?|receives?)\b")
HARM = (  # words that say harm was done
    rf"\b(?:takes?|took|hits?|damage|dmg|deals?|dealt|loses?|lost|{'|'.join(DAMAGE_TYPES)})\b|^\W*-\s?\d|"
    r"\bhp\s*-\s?\d"
)
# What a creature's wounds are called: whose they are is who is hurt or healed ("Tor's wounds close").
WOUNDS = r"(?:wounds?|injur(?:y|ies)|cuts|bruises|burns)\b"
# A condition's name as a thing ("the charm", "the grapple on Kobold 2"): alone it says nothing of
# the condition starting ("the charm breaks"), and what it is "on" is the one it holds.
CONDITION_NOUNS = frozenset(
    "charm web stun hold fear poison grapple grip net invisibility paralysis blindness deafness".split()
)
