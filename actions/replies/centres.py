"""Where the nearest Afpa centres are, how far, and how sure the list is (docs/reference-data.md)."""
from __future__ import annotations

from typing import Optional, Sequence, Tuple

from actions.catalogue import Catalogue
from actions.replies.contacts import who_to_ask
from actions.replies.reply import Reply, button
from actions.territory import Centre, Commune

# How sure the data is, in words (data/centres.csv, column confidence).
CONFIDENCE = {
    "sure": "centre cité sur le site de l'Afpa",
    "likely": "centre cité par la presse ou une source officielle, à vérifier",
    "unsure": "à confirmer : ce centre a peut-être fermé ou déménagé",
}
# Closer than this, a distance between two commune centres says nothing precise.
NEAR_KM = 2


def of_commune(name: str) -> str:
    """"de Roubaix", "d'Ajaccio", "du Havre", "des Ulis", "de La Rochelle"."""
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if name[:1].upper() in "AEIOUÉÈÊÂÎÔÛ":
        return f"d'{name}"
    return f"de {name}"


def near(commune: Commune) -> str:
    """"près de Roubaix (59)", "près du Havre (76)", "près d'Arras (62)"."""
    return f"près {of_commune(commune.name)} ({commune.department_code})"


def distance_words(km: Optional[float]) -> str:
    """"dans votre commune", "à moins de 2 km", "à 12 km" ("" when unknown)."""
    if km is None:
        return ""
    if km == 0:
        return "dans votre commune"
    if km < NEAR_KM:
        return f"à moins de {NEAR_KM} km"
    return f"à {round(km)} km"


def _address(centre: Centre) -> str:
    town = " ".join(part for part in (centre.postal_code, centre.city) if part)
    if not centre.address:
        return f"{town} (adresse exacte non connue)"
    unsure = " (adresse à vérifier)" if "address unsure" in (centre.note or "") else ""
    return f"{centre.address}, {town}{unsure}"


def nearest(
    commune: Commune,
    centres: Sequence[Tuple[Centre, float]],
    *,
    from_position: bool = False,
    catalogue: Optional[Catalogue] = None,
) -> Reply:
    """The nearest centres, each with its distance, address and how sure it is.

    ``centres``: (centre, km) pairs, nearest first; ``from_position``: the distances are
    measured from a shared position (Telegram), near ``commune``, rather than from the
    commune's centre; ``catalogue``: to say how to reach France Travail and the Mission
    locale when there is no centre (overseas).
    """
    if not centres:
        return Reply(
            f"L'Afpa n'a pas de centre en outre-mer : je n'en connais aucun près {of_commune(commune.name)}. "
            "Votre conseiller France Travail ou votre Mission locale peut vous orienter.",
            [button("Parler à quelqu'un", "contact_human")],
            (who_to_ask(catalogue, ("france_travail", "mission_locale")),) if catalogue is not None else (),
        )
    if from_position:
        lines = [f"Les centres Afpa les plus proches de votre position (près de {commune.name}, {commune.department_code}) :"]
    else:
        lines = [f"Les centres Afpa les plus proches {of_commune(commune.name)} ({commune.department_code}) :"]
    for centre, km in centres:
        # From a position, 0 km would read "dans votre commune": a position is never exactly there.
        distance = distance_words(max(km, 0.1) if from_position else km)
        confidence = CONFIDENCE.get(centre.confidence, CONFIDENCE["unsure"])
        lines.append(f"- {centre.name}, {distance} : {_address(centre)} – {confidence}.")
    origin = "votre position" if from_position else "le milieu de votre commune"
    lines.append(
        f"Distances à vol d'oiseau, depuis {origin}. Cette liste n'est pas officielle : "
        "vérifiez sur www.afpa.fr avant de vous déplacer."
    )
    return Reply(
        "\n".join(lines),
        [button("Réserver un atelier découverte", "book_workshop"), button("Parler à quelqu'un", "contact_human")],
    )
