"""Where the nearest Afpa centres are, and how sure the list is (docs/reference-data.md)."""
from __future__ import annotations

from typing import Sequence

from actions.replies.reply import Reply, button
from actions.territory import Centre, Commune

# How sure the data is, in words (data/centres.csv, column confidence).
CONFIDENCE = {
    "sure": "centre cité sur le site de l'Afpa",
    "likely": "centre cité par la presse ou une source officielle, à vérifier",
    "unsure": "à confirmer : ce centre a peut-être fermé ou déménagé",
}


def _address(centre: Centre) -> str:
    town = " ".join(part for part in (centre.postal_code, centre.city) if part)
    if not centre.address:
        return f"{town} (adresse exacte non connue)"
    unsure = " (adresse à vérifier)" if "address unsure" in (centre.note or "") else ""
    return f"{centre.address}, {town}{unsure}"


def nearest(commune: Commune, centres: Sequence[Centre]) -> Reply:
    """The nearest centres with their address and how sure each one is."""
    if not centres:
        return Reply(
            f"L'Afpa n'a pas de centre en outre-mer : je n'en connais aucun près de {commune.name}. "
            "Votre conseiller France Travail ou votre Mission locale peut vous orienter.",
            [button("Parler à quelqu'un", "contact_human")],
        )
    lines = [f"Les centres Afpa les plus proches de {commune.name} ({commune.department_code}) :"]
    for centre in centres:
        lines.append(f"- {centre.name} : {_address(centre)} – {CONFIDENCE.get(centre.confidence, CONFIDENCE['unsure'])}.")
    lines.append(
        "Cette liste n'est pas officielle et je classe les centres par département et par région, pas "
        "par distance. Vérifiez sur www.afpa.fr avant de vous déplacer."
    )
    return Reply(
        "\n".join(lines),
        [button("Réserver un atelier découverte", "book_workshop"), button("Parler à quelqu'un", "contact_human")],
    )
