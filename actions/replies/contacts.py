"""Who to ask, and how to reach them: never a bare « renseignez-vous » (issue #13).

Every answer that sends the person to someone names who (contact.yml ``people``) and how
to reach them; the nearest Afpa centre with its address (data/centres.csv) and, when the
fact sheet has them, its phone and e-mail (contact.yml ``centres``, « à vérifier »).
"""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from actions.catalogue import Catalogue
from actions.replies.reply import Button, button
from actions.territory import Centre

AFPA_CENTRE = "afpa_centre"


def centre_line(catalogue: Catalogue, centre: Centre, km: Optional[float] = None) -> str:
    """« Centre Afpa d'Amiens (à 12 km) : 30 rue de Poulainville, 80000 Amiens (adresse à vérifier).
    Tél. 09 72 72 39 36, à vérifier. »"""
    from actions.replies.centres import _address, distance_words  # centres.py imports this module

    distance = f" ({distance_words(km)})" if km is not None and distance_words(km) else ""
    line = f"{centre.name}{distance} : {_address(centre)}."
    known = catalogue.centre_contacts.get(centre.id)
    if known is not None:
        ways = [f"tél. {known.phone}" if known.phone else "", f"e-mail {known.email}" if known.email else ""]
        line += " " + ", ".join(way for way in ways if way).capitalize()
        line += " (vu dans des sources non officielles, à vérifier)." if known.confidence == "unsure" else "."
    return line


def who_to_ask(
    catalogue: Catalogue,
    contact_ids: Sequence[str],
    nearest: Optional[Tuple[Centre, Optional[float]]] = None,
    *,
    intro: str = "À qui vous adresser :",
) -> str:
    """One line per person to ask, with how to reach them; the nearest centre by name and
    address when the person's commune is known."""
    lines: List[str] = [intro]
    for contact_id in contact_ids:
        person = catalogue.people[contact_id]
        if contact_id == AFPA_CENTRE and nearest is not None:
            lines.append(f"- {centre_line(catalogue, *nearest)}")
        else:
            lines.append(f"- {person.who} : {person.how}")
    return "\n".join(lines)


def contact_buttons(contact_ids: Sequence[str], nearest_known: bool) -> List[Button]:
    """« Trouver un centre » when the nearest centre is to be found, and « Parler à quelqu'un »."""
    buttons = []
    if AFPA_CENTRE in contact_ids and not nearest_known:
        buttons.append(button("Trouver un centre", "find_centre"))
    buttons.append(button("Parler à quelqu'un", "contact_human"))
    return buttons
