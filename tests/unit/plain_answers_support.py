"""Every catalogue answer's first message, for the length and readability checks."""
from __future__ import annotations

from typing import Iterator, Tuple

from actions.answers.numbers import ANY, CENTRES, GROUP, OUTCOMES, PEOPLE, TERRITORIES
from actions.catalogue import Catalogue
from actions.replies import conversation, figures, glossary, programmes, topics
from actions.replies.reply import Reply

SITUATIONS = (None, "refugie", "demandeur_emploi", "decrocheur", "scolarise", "salarie", "rqth")
AGES = (None, 15, 17, 20, 30)
KINDS = (None, ANY, PEOPLE, OUTCOMES, CENTRES, GROUP, TERRITORIES)


def catalogue_answers(catalogue: Catalogue) -> Iterator[Tuple[str, Reply]]:
    """(what it answers, the reply) for every answer built from data/catalogue/."""
    for programme in catalogue.programmes.values():
        for audience in (None, "professional"):
            yield f"info {programme.id} {audience}", programmes.info(programme, audience=audience)
            yield f"details {programme.id} {audience}", programmes.details(catalogue, programme, audience=audience)
        yield f"duration {programme.id}", programmes.duration(catalogue, programme)
        yield f"pay {programme.id}", programmes.pay(catalogue, programme)
        yield f"contact {programme.id}", conversation.contact(catalogue, programme)
    yield "contact", conversation.contact(catalogue)
    for situation in SITUATIONS:
        for age in AGES:
            for audience in (None, "professional"):
                yield f"listing {situation} {age} {audience}", programmes.listing(
                    catalogue, situation, age, audience=audience
                )
    for topic in catalogue.topics.values():
        yield f"topic {topic.id}", topics.summary(catalogue, topic)
        yield f"details topic {topic.id}", topics.details(catalogue, topic)
    for about in (None, *catalogue.programmes):
        for kind in KINDS:
            yield f"figures {about} {kind}", figures.key_figures(catalogue, about, kind)
    yield "all figures", figures.all_figures(catalogue)
    yield "places", figures.places_where()
    for term in catalogue.terms.values():
        yield f"term {term.id}", glossary.explain(term)
    yield "unknown term", glossary.unknown_term(catalogue)
