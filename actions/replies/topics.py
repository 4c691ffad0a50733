"""Staff questions answered from data/catalogue/topics.yml (issue #13): the Afpa –
Intercommunalités de France partnership, the programmes it names, apprentices in a local
authority, a company facing job cuts. A short plain first message with its source and date,
« En savoir plus » for the details, then who to ask and how to reach them."""
from __future__ import annotations

from typing import List, Optional

from actions.catalogue import Catalogue
from actions.catalogue.models import Topic
from actions.replies.contacts import contact_buttons, who_to_ask
from actions.replies.programmes import Nearest, more_button
from actions.replies.reply import Button, Reply, button
from actions.replies.sources import checked_words, source_line

PARTNERSHIP, PARTNERSHIP_PROGRAMMES = "partnership", "partnership_programmes"
LOCAL_APPRENTICESHIP, JOB_CUTS = "local_apprenticeship", "job_cuts"


def _related(catalogue: Catalogue, topic: Topic) -> List[Button]:
    """What a professional asks next about this topic."""
    if topic.id == PARTNERSHIP:
        return [
            button("Les programmes cités", "ask_more", topic=PARTNERSHIP_PROGRAMMES),
            button("Villages des solutions", "ask_programme_info", programme="village_solutions"),
            button("Apprentis en collectivité", "ask_local_apprenticeship"),
            button("Emplois menacés", "ask_job_cuts"),
            button("Chiffres clés", "ask_key_figures"),
        ]
    if topic.id == PARTNERSHIP_PROGRAMMES:
        return [button(catalogue.programmes[p].name, "ask_programme_info", programme=p) for p in topic.programmes]
    return [button(catalogue.programmes[p].name, "ask_programme_info", programme=p) for p in topic.programmes]


def summary(catalogue: Catalogue, topic: Topic) -> Reply:
    """The first message: plain words, then the source and its date."""
    text = f"{topic.summary}\n{source_line(topic.source, topic.source_date)}"
    buttons = [more_button(topic.id)] if topic.details else []
    return Reply(text, buttons + _related(catalogue, topic))


def details(catalogue: Catalogue, topic: Topic, nearest: Nearest = None) -> Reply:
    """« En savoir plus »: the details, the sources with when they were checked, who to ask."""
    sources = f"Sources ({checked_words(topic.checked)}) : " + " ; ".join(topic.sources)
    buttons = _related(catalogue, topic) + contact_buttons(topic.contacts, nearest is not None)
    return Reply(
        "Voici les détails.",
        buttons,
        ("\n".join(topic.details), sources, who_to_ask(catalogue, topic.contacts, nearest)),
    )


def topic_for(catalogue: Catalogue, topic_id: Optional[str]) -> Optional[Topic]:
    return catalogue.topics.get(topic_id or "")
