"""Every sentence the Telegram bridge says by itself (the assistant's answers come from Rasa).

Plain text, sent without a parse mode: nothing here needs escaping.
Short, polite French (vouvoiement).
"""
from __future__ import annotations

HOW_TO_REACH_A_PERSON = (
    "Pour parler à quelqu'un : votre Mission locale, votre conseiller France Travail "
    "ou le centre Afpa le plus proche (www.afpa.fr)."
)

TECHNICAL_PROBLEM = (
    "Désolé, je rencontre un problème technique. Réessayez dans quelques minutes. " + HOW_TO_REACH_A_PERSON
)

WELCOME = (
    "Bienvenue ! Posez-moi vos questions avec vos mots, ou tapez « / » pour voir les commandes "
    "(par exemple /aide ou /conseiller)."
)

RATE_LIMITED = (
    "Vous m'envoyez beaucoup de messages à la suite. Attendez un petit moment avant le suivant, s'il vous plaît."
)
RATE_LIMITED_SHORT = "Un petit moment, s'il vous plaît."

MESSAGE_TOO_LONG = (
    "Votre message est très long. Pouvez-vous poser votre question en quelques phrases ? "
    "Par prudence, n'envoyez pas de documents personnels ici."
)

NOT_TEXT = "Je ne comprends que les messages écrits. Posez-moi votre question par écrit, ou tapez /aide."
STICKER = "Merci ! Je ne comprends que les messages écrits. Posez-moi votre question par écrit, ou tapez /aide."
VOICE = "Je ne peux pas écouter les messages vocaux ni les fichiers audio. Pouvez-vous écrire votre question ?"
MEDIA = (
    "Je ne peux pas lire les images, les vidéos ni les fichiers. Écrivez-moi votre question. "
    "Par prudence, n'envoyez pas de documents personnels ici."
)
CONTACT = "Merci, mais je n'ai pas besoin de coordonnées. Posez-moi votre question par écrit."
EDITED = (
    "J'ai vu que vous avez modifié un message, mais je ne peux pas en tenir compte. "
    "Envoyez plutôt un nouveau message."
)
LOCATION_NOT_AVAILABLE = (
    "La recherche par position n'est pas encore disponible. Écrivez plutôt le nom de votre ville "
    "ou votre code postal (par exemple « Roubaix » ou « 59100 »)."
)

BUTTON_EXPIRED = "Ce bouton n'est plus valable. Posez-moi à nouveau votre question, ou tapez /aide."
BUTTON_EXPIRED_SHORT = "Ce bouton n'est plus valable."
# Echo of a pressed button, so that the chat shows what was chosen.
BUTTON_ECHO = "› {label}"
# Text of a message that only carries buttons (Telegram needs a text).
CHOOSE = "Choisissez une option :"

UNKNOWN_COMMAND = "Je ne connais pas cette commande. Voici celles que je comprends :\n{commands}"

PRIVATE_CHAT_ONLY = (
    "Je réponds seulement en conversation privée, pour protéger vos informations. "
    "Écrivez-moi directement : https://t.me/{username}"
)
PRIVATE_CHAT_BUTTON = "Écrire à l'assistant"

DOCUMENT_UNAVAILABLE = (
    "Je n'ai pas pu joindre le document. Réessayez plus tard, ou demandez-le au centre Afpa."
)
