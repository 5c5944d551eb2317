"""The phrasings of the dataset's questions: how a DM asks for a stat, a rule, or an entry's
attribute, by kind and attribute (`srd_samples` fills them in)."""

from __future__ import annotations

STAT_TEMPLATES = {
    "monster": [
        "What is the armor class of {a}?",
        "How many hit points does {a} have?",
        "{Name} AC?",
        "What's the challenge rating of {a}?",
        "How fast is {a}?",
        "What is {a} immune to?",
        "What damage does {a} resist?",
        "hp of {a}",
        "What senses does {a} have?",
        "Which languages does {a} speak?",
    ],
    "spell": [
        "What level is {name}?",
        "Does {name} need concentration?",
        "What's the range of {name}?",
        "What is the casting time of {name}?",
        "What school is {name}?",
        "What components does {name} need?",
        "How long does {name} last?",
        "Is {name} a ritual?",
    ],
    "class": [
        "What is the {name}'s hit die?",
        "Which saving throws is a {name} proficient in?",
        "What is the {name}'s spellcasting ability?",
        "{name} hit die?",
    ],
    "race": [
        "What is the base speed of {a}?",
        "What ability score increase does {a} get?",
        "What size is {a}?",
        "What languages does {a} know?",
    ],
}


RULE_TEMPLATES = [
    "What does the SRD say about {name}?",
    "How does {name} work?",
    "Explain {name}.",
    "Rules for {name}?",
    "Remind me how {name} works.",
    "What's the rule on {name}?",
    "Quick question: how does {name} work at the table?",
]


# A DM's own words for each attribute the fact engine answers, many of which its patterns miss
# ("what can't hurt {a}?"), and questions about an entry that ask for none of them: the "query"
# task teaches the model to read a question into an entry and attribute (`read_question`).
QUERY_TEMPLATES = {
    "monster": {
        "immunities": [
            "What can't hurt {a}?",
            "Which damage types does {a} shrug off completely?",
            "Is there anything {a} takes no damage from at all?",
            "What conditions don't work on {a}?",
            "{Name}: what won't affect it?",
            "Can you even poison {a}?",
        ],
        "resistances": [
            "Does {a} take half damage from anything?",
            "What does {a} only take half from?",
            "Which damage gets halved against {a}?",
            "Is {a} hard to hurt with cold?",
        ],
        "vulnerabilities": [
            "What does {a} take double damage from?",
            "What's super effective against {a}?",
            "Is {a} extra susceptible to any damage?",
            "Does fire hurt {a} more than normal?",
        ],
        "saving throws": [
            "Which saves is {a} good at?",
            "What are {a}'s save bonuses?",
            "What does {a} add to a Wisdom save?",
            "Is {a} proficient in any saves?",
        ],
        "hp": [
            "How much punishment can {a} take before dropping?",
            "How beefy is {a}?",
            "How much life does {a} have?",
            "What's {a}'s health pool?",
            "How long will {a} last in a fight?",
        ],
        "ac": [
            "How hard is {a} to hit?",
            "What do I need to roll to hit {a}?",
            "What's {a}'s defense?",
            "How well protected is {a}?",
            "Target number to land a blow on {a}?",
        ],
        "xp": [
            "How much is {a} worth when killed?",
            "What do players get for beating {a}?",
            "Exp for {a}?",
            "How many points does the party earn for {a}?",
        ],
        "cr": [
            "How dangerous is {a}?",
            "What level party can handle {a}?",
            "Rating of {a}?",
            "Is {a} too much for a level 3 party?",
        ],
        "initiative": [
            "What does {a} add when rolling to go first?",
            "{Name} init bonus?",
            "Does {a} usually act early in a fight?",
        ],
        "speed": [
            "How far can {a} move in a turn?",
            "Can {a} fly?",
            "How quick is {a}?",
            "Can the party outrun {a}?",
            "Does {a} swim?",
        ],
        "abilities": [
            "What are {a}'s ability scores?",
            "How strong is {a}?",
            "How smart is {a}?",
            "What's {a}'s Dex mod?",
        ],
        "senses": [
            "Can {a} see in the dark?",
            "What's {a}'s passive Perception?",
            "How does {a} perceive things?",
            "Will {a} notice an invisible rogue?",
        ],
        "languages": [
            "Can my players talk to {a}?",
            "What tongues does {a} understand?",
            "Does {a} understand Common?",
            "Can you negotiate with {a}?",
        ],
        "actions": [
            "What can {a} do on its turn?",
            "How does {a} fight?",
            "What attacks does {a} get?",
            "What's in {a}'s stat block for attacking?",
        ],
        "size/type": [
            "What kind of creature is {a}?",
            "How big is {a}?",
            "Is {a} undead?",
            "What's {a}'s alignment?",
        ],
        "legendary": [
            "What can {a} do at the end of other creatures' turns?",
            "Does {a} get extra moves outside its turn?",
            "Does {a} have lair-boss actions?",
        ],
        "none": [
            "What is {a}?",
            "Tell me about {a}.",
            "Describe {a} for my players.",
            "Where would I find {a}?",
            "What's the lore behind {a}?",
            "Good tactics for running {a}?",
        ],
    },
    "spell": {
        "concentration": [
            "Do I have to keep focus on {name}?",
            "Will taking damage end {name}?",
            "Can I cast something else while {name} is up?",
            "Does {name} drop if I get hit?",
        ],
        "ritual": [
            "Can {name} be cast without a slot if I take my time?",
            "Can I cast {name} without using a spell slot?",
            "Does {name} have the ten-minute option?",
        ],
        "save": [
            "What do targets roll against {name}?",
            "Which ability resists {name}?",
            "How do you avoid {name}?",
            "Is {name} Dex or Con to resist?",
        ],
        "casting time": [
            "How long to get {name} off?",
            "How quickly can I cast {name}?",
            "What does {name} cost me in action economy?",
            "Can I cast {name} mid-fight?",
        ],
        "range": [
            "How far away can I target with {name}?",
            "How close do I need to be for {name}?",
            "Is {name} touch only?",
            "What's the reach on {name}?",
        ],
        "components": [
            "What do I need in hand to cast {name}?",
            "Can I cast {name} while gagged?",
            "Does {name} need a focus?",
            "Does {name} use up anything when cast?",
        ],
        "duration": [
            "How long does {name} stick around?",
            "When does {name} wear off?",
            "How many rounds is {name} up?",
            "Is {name} instant or does it linger?",
        ],
        "damage": [
            "How hard does {name} hit?",
            "What dice does {name} roll?",
            "What does {name} deal?",
            "Is {name} good damage?",
        ],
        "school": [
            "What kind of magic is {name}?",
            "Is {name} necromancy or evocation?",
            "What tradition is {name} from?",
        ],
        "level": [
            "What slot does {name} need at minimum?",
            "How high a spell is {name}?",
            "Is {name} a cantrip?",
            "When can a caster first learn {name}?",
        ],
        "classes": [
            "Who gets {name} on their list?",
            "Can a bard learn {name}?",
            "Which casters have access to {name}?",
            "Can my warlock pick up {name}?",
        ],
        "none": [
            "What does {name} do?",
            "How does {name} work?",
            "Explain {name} to me.",
            "Tell me about {name}.",
            "Is {name} worth taking?",
            "Describe what happens when {name} goes off.",
        ],
    },
    "class": {
        "hit die": [
            "What die does {a} roll for health on level up?",
            "How many HP does {a} gain per level?",
            "How sturdy is {a} compared to other classes?",
        ],
        "saving throws": [
            "What saves is {a} good at?",
            "Which saves does {a} get proficiency in?",
            "Is {a} proficient in Wisdom saves?",
        ],
        "spellcasting": [
            "What stat does {a} cast from?",
            "Which ability powers {a}'s spells?",
            "What should {a} max for magic?",
        ],
        "skills": [
            "What can {a} be trained in?",
            "Which skills can {a} choose from?",
            "Can {a} pick Stealth?",
        ],
        "proficiencies": [
            "What armor can {a} wear?",
            "Can {a} use a longbow?",
            "What gear is {a} trained with?",
            "Is {a} allowed heavy armor?",
        ],
        "subclasses": [
            "What specializations does {a} get?",
            "Which {name} paths are in the SRD?",
            "What are the {name} subclass options?",
        ],
        "multiclass": [
            "What do I need to dip into {name}?",
            "Requirements to take a level of {name}?",
            "Can I add {name} to my character?",
        ],
        "none": [
            "What is {a}?",
            "Is {a} a good pick for a new player?",
            "How do I play {a}?",
            "Tell me about the {name}.",
        ],
    },
    "race": {
        "ability bonuses": [
            "What stats go up for {a}?",
            "Which scores does being {a} boost?",
            "What does {a} add to abilities?",
        ],
        "resistances": [
            "Does {a} shrug off any damage type?",
            "Is {a} tough against poison?",
            "What can't hurt {a} as much?",
        ],
        "darkvision": [
            "Can {a} see without light?",
            "How well does {a} see at night?",
            "Does {a} need a torch?",
        ],
        "speed": ["How far can {a} walk in a round?", "Is {a} slow?", "What's {a}'s movement?"],
        "size": ["How tall is {a}?", "Is {a} Small or Medium?", "How much does {a} weigh?"],
        "languages": ["What does {a} speak?", "Which tongues does {a} know?", "Can {a} read Elvish?"],
        "subraces": ["What kinds of {name} are there?", "Which {name} variants can I pick?"],
        "traits": [
            "What do you get for playing {a}?",
            "What racial abilities does {a} have?",
            "What's special about {a}?",
        ],
        "none": ["What is {a} like?", "Where do people like {a} come from?", "Tell me about {a}."],
    },
}
