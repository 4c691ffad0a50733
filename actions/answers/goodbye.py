"""Whether a message really says goodbye ("au revoir", "bye", "a+", "bonne journée").

The NLU may read junk as ``goodbye`` (the normaliser turns "AAAA…" into "a"): inside a
form, a ``goodbye`` that says none of these words is an answer to check, not a farewell.
"""

from __future__ import annotations

import re

from actions.text import fold

_GOODBYE = re.compile(
    r"(?<!\w)(?:au revoir|aurevoir|revoir|bye|bye bye|byebye|ciao|tchao|tchuss|adieu|a plus|a\+|a \+|a bientot"
    r"|a la prochaine|a demain|bonne (?:journee|soiree|nuit|fin de journee|continuation)|salut|bisous|good bye"
    r"|goodbye|see you|je m en vais|je vous laisse|je te laisse|on se reparle|a toute)(?!\w)"
)


def says_goodbye(text: object) -> bool:
    return isinstance(text, str) and bool(_GOODBYE.search(fold(text[:200]) + " " + text[:200].lower()))
