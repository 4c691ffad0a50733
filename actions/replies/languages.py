"""The answer to a message in another language (plain Python, no Rasa).

A short text in the person's language — English or Arabic, the two reviewed ones — says
that the assistant understands French only for now, what HOPE is in one sentence, and
how to reach a person; then the assistant goes on in simple French. Every fact comes
from the catalogue's own sentences (data/catalogue/programmes/hope.yml, contact.yml).

Arabic is right-to-left: each of its lines starts with an Arabic word, so that Telegram
and the web widget (``dir="auto"`` on each message) take the line as right-to-left; the
Latin names inside (HOPE, Afpa, OFII) are then shown as embedded left-to-right words.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

from actions.replies.reply import Reply, button

ENGLISH, ARABIC = "en", "ar"

TEXTS: Dict[str, Tuple[str, ...]] = {
    ENGLISH: (
        "Sorry, I only understand French for now.",
        "HOPE is an Afpa programme for refugees and people with subsidiary protection: French lessons "
        "for work, then training for a job in a work-study contract, with housing and meals included.",
        "To talk to a person: refugees can ask their OFII or France Travail adviser; anyone can go to the "
        "nearest Afpa centre (the list is on www.afpa.fr).",
        "I will go on in French, with simple words.",
    ),
    ARABIC: (
        "عذرًا، أنا أفهم اللغة الفرنسية فقط في الوقت الحالي.",
        "برنامج HOPE من Afpa موجّه للاجئين وللحاصلين على الحماية الفرعية: دروس في اللغة الفرنسية "
        "من أجل العمل، ثم تدريب على مهنة بعقد تناوب بين العمل والتدريب، مع السكن والوجبات.",
        "للتحدث مع شخص: يمكن للاجئين سؤال مستشارهم في OFII أو في France Travail، "
        "ويمكن للجميع التوجه إلى أقرب مركز Afpa، والقائمة على الموقع www.afpa.fr.",
        "سأكمل الآن بالفرنسية وبكلمات بسيطة.",
    ),
}

FRENCH_FOLLOW_UP = (
    "Je continue en français, avec des mots simples. "
    "Je peux vous présenter les programmes, vérifier ce qui est pour vous, ou vous dire qui contacter."
)


def other_language(language: str) -> List[Reply]:
    """The short text in ``language`` (English for any language without a reviewed text), then French."""
    text = "\n".join(TEXTS.get(language, TEXTS[ENGLISH]))
    follow_up = Reply(
        FRENCH_FOLLOW_UP,
        [
            button("Voir les programmes", "list_programmes"),
            button("Est-ce pour moi ?", "check_eligibility"),
            button("Parler à quelqu'un", "contact_human"),
        ],
    )
    return [Reply(text), follow_up]
