"""Every sentence the web server says by itself (the assistant's answers come from Rasa).

Short, polite French (vouvoiement). The relay sends them as JSON ``message``
fields; the widget shows them as text (never as HTML). The widget's own
interface texts (button names, notes) are in bot/web/widget/widget.js.
"""
from __future__ import annotations

from bot.telegram.messages import HOW_TO_REACH_A_PERSON  # one wording for every channel

ASSISTANT_UNAVAILABLE = (
    "Désolé, l'assistant ne répond pas pour le moment. Réessayez dans quelques minutes. " + HOW_TO_REACH_A_PERSON
)
TECHNICAL_PROBLEM = (
    "Désolé, je rencontre un problème technique. Réessayez dans quelques minutes. " + HOW_TO_REACH_A_PERSON
)

RATE_LIMITED = (
    "Vous m'envoyez beaucoup de messages à la suite. Attendez un petit moment avant le suivant, s'il vous plaît."
)
ADDRESS_RATE_LIMITED = (
    "Beaucoup de messages arrivent de votre connexion en ce moment. Réessayez dans une minute, s'il vous plaît."
)

MESSAGE_EMPTY = "Votre message est vide. Écrivez votre question, puis envoyez-la."
MESSAGE_TOO_LONG = (
    "Votre message est trop long ({limit} caractères au maximum). Pouvez-vous poser votre question "
    "en quelques phrases ? Par prudence, n'envoyez pas de documents personnels ici."
)
BODY_TOO_LARGE = "La demande est trop grosse. Envoyez un message plus court."
NOT_JSON = "La demande n'est pas au bon format (JSON attendu)."
BAD_REQUEST = "La demande n'est pas au bon format : envoyez « text » (votre message) ou « button »."
BUTTON_UNKNOWN = "Ce bouton n'est plus valable. Posez-moi à nouveau votre question."

TOKEN_MISSING = "Conversation introuvable : rechargez la page pour en commencer une."
TOKEN_INVALID = "Cette conversation n'est pas reconnue. Une nouvelle conversation va commencer."
TOKEN_EXPIRED = "Votre conversation a expiré. Une nouvelle conversation va commencer."

ORIGIN_NOT_ALLOWED = (
    "Ce site n'est pas autorisé à utiliser l'assistant. Son administrateur peut l'ajouter à WEB_ALLOWED_ORIGINS."
)
NOT_FOUND = "Cette page n'existe pas."
METHOD_NOT_ALLOWED = "Cette adresse n'accepte pas cette méthode."
