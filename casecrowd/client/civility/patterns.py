"""The one regular expression a draft is scanned with, built from the word lists.

It is an alternation of named groups, tried in this order at each position:
``clinical`` (a look-alike phrase, consumed so nothing inside it fires), ``slur``,
``aimed`` (an insult predicated of a person or a group), ``harassment``, ``group``.
Insults and profanity never fire alone: only a slur does. An insult needs a
target, an addressed person ("you idiot", "you're a moron", "OP is a clown") or a
group ("nurses are lazy", "lazy nurses"), which is why "this fucking EHR" and "what
a shit shift" are not findings. Name-calling, generalisations about a group,
put-downs, threats and dog whistles come from :mod:`.rules` and join the
``harassment`` and ``group`` groups.
"""

from __future__ import annotations

import re
from functools import cache

from casecrowd.client.civility.lexicon import AFTER, BEFORE, alternation, clinical, literal, words
from casecrowd.client.civility.rules import (
    dog_whistles,
    generalisations,
    name_calling,
    put_downs,
    threats,
)

# Words that may sit between a target and an insult: "you're such a fucking idiot".
_FILLER = (
    r"(?:(?:just|such|so|a|an|the|one|total|complete|absolute|utter|real|really|proper"
    r"|f[\w*@#]{0,3}k(?:ing|in'?|en|n)|fkn|effing|freaking|bloody|damn|goddamn|little|big|sad|all"
    r"|literally|basically|mostly|always|nothing\s+but|a\s+bunch\s+of|bunch\s+of|like)\s+)*"
)
_PROFANE = r"(?:f[\w*@#]{0,3}k(?:ing|in'?|en|n)|fkn|effing|goddamn|goddamned|damn|bloody)"
_YOU_ARE = r"(?:you(?:'re|\s+are|\s+r|re)|youre|ur|u\s+r|u(?:'re|\s+are))"
# After a bare insult noun: words that keep it a noun phrase about a person, so that
# "pig farmer", "animal model" and "rat study" are not insults.
_NOUN_END = (
    r"(?=\s*(?:$|[^\w\s'*@$!]|!|(?:and|or|but|who|that|like|to|for|with|at|in|on|of|if|as"
    r"|lol|lmao|tbh|honestly|seriously|because|cause|cuz|you|u|ever|alive|here|there|again|all"
    r"|everywhere|always|never|too|are|is|was|were|have|has|should|will|would|can|can't|keep"
    r"|who|which|when|then|now|mate|m8|pal|buddy|bro|dude|sunshine|love|sweetheart|x)\b))"
)
# "incompetent to consent" is about capacity and "ignorant of the risks" about
# knowledge, not insults.
_ADJ_END = r"(?!\s+(?:to|for|by|of|about)\b|-)"
_DETERMINER = (
    r"(?:a|the|that|this|some|same|you|useless|fucking|stupid|little|bloody|old|fat|typical)"
)
_PEOPLE = r"(?:people|folks?|men|women|guys|doctors|docs|nurses|patients|pts|kids|ones)"
_PERSON = (
    # Not "they": in notes it is as often the new glucometers as people.
    r"(?:op|the\s+op|he|she|dr\.?\s+[a-z]+|@\w+|whoever\s+[a-z]+(?:\s+[a-z]+)?\s+(?:this|that)"
    r"|(?:this|that|the\s+new)\s+(?:guy|dude|person|poster|woman|man|girl|lady|doc|doctor|nurse"
    r"|surgeon|resident|intern|attending|consultant|registrar|reg|f1|f2|fy1|fy2|sho|locum|hca)"
    r"|(?:my|our|the|your|his|her|their)\s+(?:attending|consultant|registrar|resident|intern"
    r"|charge\s+nurse|nurse|boss|chair|chief|program\s+director|pd|colleague|partner|surgeon"
    r"|anesthesiologist|anaesthetist|radiologist|hospitalist|np|pa|pharmacist|manager|ceo))"
)
# Words that are insults only as the last word of a clause: "you're mental." but not
# "mental foramen" or "mental health".
_UNHINGED = r"(?:mental|unhinged|deranged|insane)(?=\s*(?:$|[^\w\s'-]))"
_IS = r"(?:is|'s|s|was|=)"  # after \s*, so "he's" and "OP is" alike
_VIOLENCE = (
    r"(?:deported|shot|killed|gassed|hanged|hung|lynched|sterili[sz]ed|exterminated|wiped\s+out"
    r"|locked\s+up|put\s+down|die|go\s+back|burn|rot|banned\s+from\s+medicine)"
)


# Nouns that are as often things as people: "dogs, cats, rats.", "crap jokes".
_NOT_ANIMAL = (
    r"(?!(?:animal|pig|rat|ape|monkey|cockroach|cow|vermin|parasite|leech|vector|hack|joke"
    r"|trash|garbage|plague|thie)\w*(?:$|[^\w]))"
)
# Up to two unknown words may qualify an insult noun ("arrogant pricks"), but not a negation.
_ANY_WORD = r"(?:(?!(?:not|never|no|nor|neither)\b)[a-z'-]+\s+){0,2}"


def _harassment(insult: str, adjective: str) -> list[str]:
    return [
        # Telling someone to kill themselves, or wishing them harm.
        r"kys|kill\s+(?:your\s*self|ur\s*self|yo\s*self|urslf)|neck\s+yourself|hang\s+yourself"
        r"|drink\s+bleach|(?:die|rot|burn)\s+in\s+hell"
        r"|go\s+(?:and\s+)?(?:die|jump\s+off|throw\s+yourself|hang|step\s+in\s+front)"
        r"|(?:i\s+)?hope\s+(?:you|u)\s+(?:die|rot|burn"
        r"|get\s+(?:cancer|aids|raped|shot|hit|struck\s+off))"
        r"|(?:you|u)\s+(?:should|deserve\s+to|ought\s+to)\s+(?:just\s+)?(?:die|be\s+(?:dead|shot"
        r"|killed|raped)|kill\s+yourself)"
        r"|someone\s+(?:should|needs\s+to|ought\s+to)\s+(?:punch|smack|slap|hit|stab|shoot|kill"
        r"|strangle|beat|kick)\s+(?:you|u)"
        r"|i\s*(?:'ll|will|'m\s+gonna|'m\s+going\s+to|wanna|want\s+to)\s+(?:punch|smack|slap|hit"
        r"|stab|shoot|kill|strangle|beat|kick|break|smash)\s+(?:you|u|your)\b"
        r"|nobody\s+(?:would\s+)?(?:miss|cares?\s+about|likes?|wants?)\s+(?:you|u)",
        # Threats and unmasking: on a pseudonymous forum, knowing who someone is, is a threat.
        r"(?:i|we)\s+(?:all\s+)?know\s+(?:where\s+(?:you|u)\s+(?:work|live|practi[cs]e|sleep|park)"
        r"|who\s+(?:you|u)\s+(?:really\s+)?are|your\s+(?:real\s+)?(?:name|address|hospital))"
        r"|(?:we|i)\s*(?:'ll|will|am\s+going\s+to|'m\s+going\s+to|'m\s+gonna|m\s+gonna|gonna)\s+"
        r"(?:find\s+out\s+who\s+(?:you|u)\s+are|find\s+(?:you|u)(?=\s*(?:$|[.!,]))|dox+|expose"
        r"|unmask|hunt\s+(?:you|u)\s+down|come\s+for|hurt|ruin|destroy|end"
        r"|make\s+(?:you|u)\s+(?:pay|regret))\s*(?:you|u|your\s+(?:career|life|reputation))?"
        r"|watch\s+your\s+back|(?:you|u)(?:'ll|\s+will)\s+(?:regret|pay\s+for)\s+(?:this|that|it)"
        r"|dox+(?:ed|ing)?\s+(?:you|u)|your\s+real\s+name\s+is"
        r"|i\s*(?:'ll|will|'ve|\s+have|'m\s+going\s+to|'m\s+gonna)\s+"
        r"(?:find|found|post|share)\s+(?:out\s+)?your\s+(?:home|address|real\s+name|name"
        r"|instagram|facebook|kids?|children|family|wife|husband|car|school|house)"
        r"|(?:your|ur)\s+(?:kids?|children|son|daughter)(?:'?s)?\s+school"
        r"|think\s+(?:very\s+)?(?:carefully|hard)\s+about\s+your\s+next\s+"
        r"(?:reply|post|move|comment)"
        r"|i\s*(?:'ll|will)\s+be\s+waiting\s+for\s+(?:you|u)"
        r"|i\s*(?:'ll|will|'m\s+gonna|'m\s+going\s+to)\s+(?:come|turn\s+up|show\s+up)\s+"
        r"(?:to|at)\s+(?:your|ur)\s+(?:hospital|house|home|work|clinic|practice|office|door|trust)"
        r"|shut\s+(?:your|ur)\s+(?:fucking\s+|stupid\s+)?(?:mouth|face|trap|gob)"
        r"|hope\s+(?:your|ur)\s+(?:family|kids?|children|wife|husband|mum|mom|dad|patients)\s+"
        r"(?:dies?|get\s+cancer|suffer\w*|rot)"
        r"|(?:make\s+sure|see\s+to\s+it\s+that)\s+(?:you|u)\b[^.!?\n]{0,50}\b(?:stretcher"
        r"|body\s*bag|coffin|wheelchair|ambulance)",
        # Profanity aimed at the reader.
        r"shut\s+(?:the\s+fuck|the\s+f|tf|the\s+hell)\s+up|stfu|gtfo|go\s+f\S*\s+yourself"
        r"|f(?:uck|\*ck|\*\*k|ck|k|u)\s+(?:you|u|ya|off)(?!\s+(?:know|see|guys\s+know))"
        r"|screw\s+(?:you|u)|up\s+yours|eat\s+shit|suck\s+my\s+(?:dick|cock|balls)",
        # Calling the reader a name: "you idiot", "you stupid fuck", "idiots like you".
        rf"(?:you|u|ya)\s+(?:(?:{_PROFANE}|{adjective}|little|old|big|lying|sad|absolute|total"
        r"|complete|utter|fat|ugly)\s+)*"
        rf"(?:{insult}|fuck(?:e?r?s)?|shit)"
        rf"{_NOUN_END}",
        # A name after a comma that ends the sentence: "nobody asked, moron."
        rf"(?:(?<=,\s)|(?<=,)|shut\s+up,?\s*)(?:you\s+)?(?:{adjective}\s+)?{_NOT_ANIMAL}"
        rf"{insult}(?=\s*(?:$|[.!?]))",
        rf"{insult}\s+like\s+(?:you|u)\b|(?:you|u)\s+people\s+(?:are|should|need|can'?t|always"
        r"|never|make|ruin)|people\s+like\s+(?:you|u)\s+(?:should|shouldn'?t|are|don'?t|need"
        r"|have\s+no|make|ruin|give|belong|can'?t|will\s+never)|(?:your|ur)\s+kind\b"
        r"|go\s+back\s+(?:to\s+)?where\s+(?:you|u|they)\s+came\s+from",
    ]


def _group(insult: str, adjective: str, group: str, identity: str, one: str) -> list[str]:
    """``one`` is a single member of a group ("jew", "surgeon"); ``identity`` an
    adjective for who people are."""
    return [
        # "typical jew," "typical polish pt." stereotypes a person by their group; a
        # clause must end there, so "typical patient is a 60yo smoker" is clinical.
        rf"typical\s+(?:{one}|{identity}\s+(?:{one}|pt|patient|man|woman|guy|lady|family|lot))"
        r"(?:\s+(?:behaviou?r|mentality|attitude))?(?=\s*(?:$|[.,!;:]))",
        # In the plural or as a mass noun ("junkie scum"), so "silly old fool" is not.
        rf"(?:{identity}|junkie|druggie|crackhead|immigrant)\s+"
        rf"(?:{insult}(?<=s)|scum|trash|filth|vermin){_NOUN_END}",
        # An insult in the plural names a group even when the group goes unnamed.
        rf"(?:{adjective}|{_PROFANE})\s+(?:{_PROFANE}\s+)?{_NOT_ANIMAL}{insult}(?<=s)"
        rf"{_NOUN_END}",
        r"belong\s+in\s+(?:the\s+kitchen|a\s+(?:cage|zoo)|the\s+zoo)",
        rf"{group}\s+(?:(?:are\s+)?(?:all|only|just|always|never)\s+)+(?:exaggerat\w*|lie|lying"
        r"|liars|steal\w*|beg\w*|cheat\w*|scam\w*|fake|faking|milk\w*|scroung\w*|spong\w*"
        r"|breed\w*|here\s+for|come\s+here)",
        rf"{group}\s+(?:(?:are|all|only|just)\s+)*(?:here|come\s+here)\s+(?:for|to\s+(?:get|claim"
        r"|milk|scrounge|sponge))\s+(?:the\s+)?(?:free|benefits|handouts)",
        rf"(?:{adjective}|{_PROFANE})\s+(?:{_PROFANE}\s+|ass\s+)?{group}",
        rf"{group}\s+(?:should|need\s+to|ought\s+to|must|deserve\s+to)\s+(?:all\s+)?(?:be\s+)?"
        rf"{_VIOLENCE}",
        rf"(?:deport|exterminate|gas|kill\s+all|shoot\s+all|get\s+rid\s+of\s+all)\s+(?:the\s+|"
        rf"these\s+|those\s+)?{group}",
        rf"{group}\s+(?:are|r)\s+(?:ruining|destroying|infesting|invading|polluting|flooding"
        r"|taking\s+over)",
        # Patients are told what they should not be doing all the time; groups are not.
        rf"(?!(?:patients|pts)\b){group}\s+(?:don'?t|do\s+not|shouldn'?t|should\s+not)\s+"
        r"(?:belong\s+(?:in|here)|be\s+(?:allowed|doing|practi[sc]ing|working|in\s+medicine"
        r"|doctors|surgeons|physicians|nurses))",
        rf"(?:bunch|pack|gang|herd|load|horde|room\s*full)\s+of\s+{_FILLER}{_ANY_WORD}{insult}"
        rf"{_NOUN_END}",
        r"go\s+back\s+to\s+(?:(?:your|their)\s+(?:own\s+)?(?:country|countries|village|desert"
        r"|jungle|cave|hut)|africa|asia|india|pakistan|china|poland|romania|mexico|nigeria"
        r"|bangladesh|syria|somalia|iraq|iran|afghanistan|jamaica|the\s+jungle|the\s+desert)\b",
        rf"{group}\s+are\s+(?:just\s+|only\s+|basically\s+|all\s+)*(?:glorified|failed)\s+[a-z]+",
        # "patients are too weak to mobilise" is an observation; of a group it is a slight.
        rf"(?!(?:patients|pts)\b){group}\s+are\s+(?:all\s+|just\s+)?too\s+(?:emotional|weak"
        rf"|soft|fragile|hormonal|sensitive|{adjective})\s+to\b",
        r"let\s+(?:them|em)\s+(?:all\s+)?(?:die|rot|starve)(?!\s+(?:peacefully|with|at|in"
        r"|comfortably))",
    ]


def _aimed(insult: str, adjective: str, group: str) -> str:
    """An insult predicated of a target ("OP is a clown", "nurses are lazy"); the
    ``person`` group matches when the target is a person rather than a group."""
    return (
        rf"(?:(?P<person>{_YOU_ARE}|are\s+(?:you|u)|{_PERSON}\s*{_IS})"
        rf"|{group}\s+(?:are|r|is))\s+{_FILLER}"
        rf"(?:{_ANY_WORD}{insult}{_NOUN_END}|{adjective}{_ADJ_END}|{_UNHINGED})"
    )


@cache
def slur_words() -> frozenset[str]:
    """Every listed slur, written plainly, lower case."""
    return frozenset(words("slurs.txt") + words("slurs_curated.txt"))


@cache
def scanner() -> re.Pattern[str]:
    """The compiled scanner. ``match.lastgroup`` is ``clinical``, ``slur``,
    ``harassment``, ``group`` or ``aimed``; an ``aimed`` match is harassment when
    its ``person`` group matched and a group insult otherwise."""
    slurs = alternation(words("slurs.txt") + words("slurs_curated.txt"))
    insult = alternation(words("insult_nouns.txt") + words("insults.txt"))[: -len(AFTER)]
    adjective = alternation(words("insult_adjectives.txt") + words("slurs_curated.txt"), False)
    identity = literal(words("identities.txt"))
    person = alternation(words("person_nouns.txt"))[: -len(AFTER)]
    groups = literal(words("groups.txt"))
    # "female registrars", "Irish pts": who people are, then what they are.
    group = f"(?:(?:{identity}\\s+)?{groups}|{identity}\\s+{_PEOPLE}{AFTER})"
    singular = [g[:-1] for g in words("groups.txt") if g.endswith("s") and not g.endswith("ss")]
    one = literal(tuple(g for g in singular if g not in ("patient", "pt")) + ("woman", "man"))
    parts = {
        "clinical": [clinical()],
        # "spastic" and "cripple" are clinical words and verbs; a slur only as a noun.
        "slur": [slurs, rf"{_DETERMINER}\s+(?:spastic|cripple)s?{_NOUN_END}|spastics"],
        "aimed": [_aimed(insult, adjective, group)],
        "harassment": _harassment(insult, adjective)
        + name_calling(insult, person, adjective, _NOT_ANIMAL)
        + put_downs()
        + threats(),
        "group": _group(insult, adjective, group, identity, one)
        + generalisations(group)
        + dog_whistles(),
    }
    source = "|".join(
        f"(?P<{name}>{BEFORE}(?:{'|'.join(f'(?:{p})' for p in body)}){AFTER})"
        for name, body in parts.items()
    )
    return re.compile(source, re.IGNORECASE)
