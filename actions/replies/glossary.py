"""A word explained (« c'est quoi le CIR ? »), from data/catalogue/glossary.yml."""
from __future__ import annotations

from actions.catalogue import Catalogue
from actions.catalogue.models import Term
from actions.replies.reply import Reply, button
from actions.replies.sources import checked_words, site_names

# The words offered when the word asked is not in the glossary.
SUGGESTED = ("cir", "ofii", "qpv", "rqth", "cej", "bpi")


def explain(term: Term) -> Reply:
    """The plain explanation, then where it comes from."""
    sites = ", ".join(site_names(term.sources)) or "fiche de faits de l'assistant"
    text = f"{term.text}\nSource : {sites} ({checked_words(term.checked)})."
    return Reply(text, [button("Un autre mot", "ask_term"), button("Voir les programmes", "list_programmes")])


def unknown_term(catalogue: Catalogue) -> Reply:
    """A word the glossary does not have: say so, and offer the words it has."""
    return Reply(
        "Je ne connais pas ce mot. Je peux expliquer ces mots : "
        + ", ".join(catalogue.terms[t].name for t in SUGGESTED if t in catalogue.terms)
        + ". Lequel ?",
        [button(catalogue.terms[t].name, "ask_term", term=catalogue.terms[t].name) for t in SUGGESTED if t in catalogue.terms],
    )


def glossary_markdown(catalogue: Catalogue) -> str:
    """docs/glossary.md: every word of glossary.yml, as the assistant explains it, with sources."""
    lines = [
        "# Glossaire",
        "",
        "Les mots que l'assistant emploie, expliqués comme il les explique quand on lui demande",
        "(« c'est quoi le CIR ? », intent `ask_term`). Ce fichier est construit à partir de",
        "`data/catalogue/glossary.yml` par `python scripts/build_glossary.py` : modifiez le fichier",
        "YAML, puis relancez le script (un test vérifie que les deux concordent).",
        "",
    ]
    for term in sorted(catalogue.terms.values(), key=lambda t: t.name.lower()):
        others = [s for s in term.synonyms if s.lower() != term.name.lower()]
        lines += [f"## {term.name}", "", term.text, ""]
        if others:
            lines += [f"Aussi : {', '.join(others)}.", ""]
        lines += [f"Sources ({checked_words(term.checked)}, {term.confidence}) : " + " ; ".join(term.sources), ""]
    return "\n".join(lines)
