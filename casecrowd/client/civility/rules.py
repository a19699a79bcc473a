"""Rules beyond "<target> is <insult>": name-calling by a noun, generalisations about
a group, dehumanising talk, sexist put-downs, threats, unmasking and dog whistles.

Each function returns regex sources for :func:`.patterns.scanner` to join into its
named groups; none of them compiles anything. Every rule needs a target or a
threatening frame, so swearing at a shift or an EHR still never fires.
"""

from __future__ import annotations

_YOU = r"(?:you|u)"
# Words that say a noun is about a person: "the schizo in bay 2", "lock the loony up".
_PERSON_END = (
    r"(?![\w-])(?!\s+(?:savants?|heaps?|tips?|wool|discharge|wound|fluid|collection|abscess|drainage|cat|willow|model"
    r"|study|studies|farm\w*|bite|venom|oil|water|milk|juice|bar|shark|oil)\b)"
)
# Qualifiers in front of a name: "you absolute thicko", "that stupid cunt", "obvious poof".
_QUALIFIER = (
    r"(?:absolute|total|complete|utter|proper|obvious|fat|ugly"
    r"|dumb|stupid|smug|dirty|filthy|lazy|useless|pathetic|thick|bloody|f[\w*@#]{0,3}king)"
)

_NOT_A_STATE = r"(?!(?:disgrace|embarrassment|scourge|plague|infestation|shambles)\w*\b)"


def name_calling(insult: str, person: str, adjective: str, not_animal: str) -> list[str]:
    """A person called by an insult noun: after a pointing word ("that stupid cunt",
    "what a pussy", "hey fatty", "the schizo"), after an insult adjective ("dirty
    bitch", "fat dumb slag"), or as a sentence of its own ("scumbag. snake. liar.").
    Invariant: an insult noun with no pointer, qualifier or sentence of its own does
    not fire, so "pig farmer" and "the rat study" stay clinical."""
    qualifier = rf"(?:{_QUALIFIER}|{adjective})"
    return [
        # Called out ("hey fatty", "what a pussy") or qualified ("dirty bitch"), though
        # not of a state of affairs ("this denial is a bloody disgrace").
        r"(?:(?:hey|oi|what\s+an?|such\s+an?|obvious|proper)\s*,?\s+"
        rf"|(?={qualifier}\s))(?:{qualifier}\s+)*{not_animal}{_NOT_A_STATE}{insult}"
        # A plural is left to the group rules: "lazy idiots" insults a group.
        rf"(?<![^s]s){_PERSON_END}",
        # Pointed at: only names that are never a thing ("a prick" may be a needle's).
        rf"(?:an?|the|that|this|some|you|ya)\s+(?:{qualifier}\s+)*{person}{_PERSON_END}",
        # A sentence that is only a name, then another short one: "scumbag. snake. liar."
        rf"(?:(?<=^)|(?<=[.!?]\s)|(?<=[.!?]))\s*{person}\.(?=\s*[a-z]+[.!?])",
        r"(?:pathetic|sorry|poor|sad|miserable|useless|disgrace\w*)\s+excuse\s+for\s+an?\s+"
        r"(?:doctor|human|person|man|woman|nurse|surgeon|clinician|physician|colleague)",
        r"stuff(?:s|ing)?\s+(?:her|his|your|their)\s+fat\s+face",
        # A person spoken of as a thing.
        r"(?:told|asked|made|got|let)\s+it\s+(?:to\s+)?(?:undress|strip|get\s+(?:changed"
        r"|undressed))",
    ]


def generalisations(group: str) -> list[str]:
    """A whole group given a shameful trait ("<group> are always drunk", "all <group>
    bought their degrees"), made less than human ("<group> are animals"), or blamed
    for harm ("<group> are draining the NHS"). Invariant: each needs a named group or
    "these people" and a predicate that is an accusation, never an observation such
    as "many smokers are anxious"."""
    these = r"(?:these|those|such)\s+(?:people|ones|types|sorts|lot)|that\s+lot|their\s+kind"
    who = rf"(?:all\s+|the\s+|these\s+|those\s+)?(?:{group}|{these})"
    where = r"(?:\s+(?:in|at|from|on)\s+(?:the\s+|this\s+|that\s+|my\s+)?[a-z0-9]+(?:\s+[a-z]+)?)?"
    predicates = [
        r"(?:are|r)\s+(?:all\s+|just\s+|basically\s+|literally\s+|nothing\s+but\s+"
        r"|no\s+better\s+than\s+)*(?:animals|vermin|subhuman|sub-human|parasites|cockroaches"
        r"|rats|savages|leeches|filth|scum|beasts|broken\s+humans|less\s+than\s+human"
        r"|not\s+(?:even\s+)?human)\b",
        r"(?:are|r)\s+(?:all\s+|just\s+)?(?:always|usually|forever|invariably|all)\s+"
        r"(?:drunk|pissed|stoned|dirty|filthy|violent|thieving|robbing|scrounging"
        r"|faking|lazy|aggressive|smelly|criminals|thieves|liars|drunks)\b",
        r"(?:(?:are|all|just|always)\s+)*(?:draining|bleeding|sponging\s+off|leeching\s+off"
        r"|overrunning|swamping|infesting|flooding|invading|ruining|destroying)"
        r"\s+(?:the\s+|our\s+)?\w+",
        r"(?:all\s+)?(?:bought|faked|cheated\s+(?:on|for|through))\s+(?:their|the)"
        r"\s+(?:degrees?|exams?|qualifications?|way)",
        r"(?:brought|bring)\s+(?:it|this|that|[a-z]+)\s+on\s+themselves",
        r"(?:secretly\s+)?(?:control|run|own)\s+(?:the\s+|all\s+the\s+)?(?:nhs|media"
        r"|banks|world|government|journals|press|money|trust\s+boards|pharma\w*)",
        r"(?:are\s+)?(?:only|just)\s+good\s+for\b",
        r"(?:always|all)\s+(?:exaggerat\w*|lie|moan|whinge|fake|complain)",
    ]
    # One copy of the (large) group alternation for every predicate keeps compiling fast.
    return [
        rf"{who}{where}\s+(?:{'|'.join(predicates)})",
        r"breed(?:s|ing)?\s+like\s+(?:rabbits|rats|animals|flies|vermin)",
        r"rest\s+of\s+(?:his|her|their|your)\s+(?:tribe|kind|ilk|breed|clan|sort)\b",
        r"(?:like\s+)?the\s+rest\s+of\s+the\s+(?:whales|animals|pigs|vermin|savages|scroungers)",
        r"(?:whatever|the)\s+(?:hole|rock|gutter|sewer|swamp|cave)\s+(?:s?he|they|you|u)"
        r"\s+crawled\s+(?:out\s+of|from)",
    ]


def put_downs() -> list[str]:
    """Sexist put-downs that send a colleague back to her place."""
    pet = r"(?:love|luv|sweetheart|sweetie|darling|hun|honey|princess|dear|babe)"
    return [
        rf"(?:nice\s+try|calm\s+down|settle\s+down|bless\s+(?:you|her)|aww+)\s*,?\s+{pet}\b",
        r"ask\s+(?:your|ur)\s+(?:husband|boyfriend|dad|daddy|father)\s+to\s+(?:explain|help"
        r"|read|do|check)",
        r"leave\s+(?:the\s+)?[a-z ]{0,30}?\bto\s+the\s+(?:men|boys|lads|grown[\s-]?ups"
        r"|real\s+doctors)\b",
        r"(?:go|get|run)\s+back\s+(?:to\s+)?[^.!?\n]{0,30}?\bwhere\s+(?:you|u|she|they)"
        r"\s+belongs?\b",
    ]


def threats() -> list[str]:
    """Threats, blackmail and unmasking. On a pseudonymous forum a threat to reveal
    who someone is, or to reach their home, family or employer, is harassment even
    when it is worded politely ("would be a shame if people turned up")."""
    close = r"(?:kids?|children|son|daughter|wife|husband|partner|family)"
    return [
        r"(?:would|'d|it'd)\s+be\s+a\s+(?:real\s+|terrible\s+|such\s+a\s+)?shame\s+if\s+"
        r"(?:someone|somebody|people|something|anyone|anything|your)",
        r"(?:your|ur)\s+(?:home\s+)?address\s+is\s+(?:public|online|easy|not\s+hard)",
        r"(?:send|post|share|leak|forward|publish|email|give)\w*\s+(?:out\s+)?(?:your|ur)\s+"
        r"(?:real\s+|full\s+|home\s+|actual\s+)?(?:name|address|identity|details|gmc\s+number)"
        r"(?:\s+and\s+(?:your\s+)?[a-z]+)?\s+to\b",
        rf"\bout\s+{_YOU}\s+to\b",
        rf"unless\s+{_YOU}\s+(?:delete|remove|apologi[sz]e|take\s+(?:it|that|this)\s+down"
        r"|shut\s+up)",
        r"one\s+more\s+(?:word|post|comment|reply)\s+(?:from\s+you\s+)?and\s+(?:i|we)\b",
        rf"(?:your|ur)\s+{close}\s+(?:go(?:es)?\s+to|attends?|works?\s+at|lives?\s+(?:at|on))",
        rf"until\s+(?:they|the\s+gmc|someone|somebody)\s+(?:suspend|sack|fire|strike|struck"
        rf"|remove|ban)\w*\s+(?:off\s+)?{_YOU}",
        r"(?:your|ur)\s+career\s+is\s+(?:over|finished|done|toast|ruined)",
        r"(?:i|we)\s+(?:all\s+)?know\s+(?:your|ur)\s+(?:gmc|registration|nmc)\s+number",
        rf"someone\s+(?:should|needs\s+to|ought\s+to)\s+run\s+{_YOU}\s+(?:over|down)",
        r"hope\s+(?:your|ur)\s+next\s+(?:pt|patient|baby|shift)\s+(?:dies|dies?\s|crashes)",
        rf"(?:i\s+)?hope\s+{_YOU}\s+(?:lose|get\s+(?:sacked|fired|struck\s+off|suspended"
        r"|what's\s+coming))",
    ]


def dog_whistles() -> list[str]:
    """Coded hate that names no group outright."""
    return [
        r"\(\(\(\s*[a-z ]*\s*\)\)\)",
        r"(?:14|fourteen)\s+words",
        r"great\s+replacement|white\s+genocide|being\s+replaced\s+from\s+within",
        r"know\s+what\s+['\"]?urban['\"]?\s+means",
        r"you\s+know\s+who\s+(?:runs|controls|owns)\b",
    ]
