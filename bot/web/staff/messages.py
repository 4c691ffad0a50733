"""Every sentence of the staff page (French, vouvoiement); the business modules' own refusals are shown as they are."""
from __future__ import annotations

SIGN_IN_TITLE = "Connexion"
SIGN_IN_INTRO = (
    "Cet espace est réservé au personnel des intercommunalités partenaires et des centres Afpa. "
    "Connectez-vous avec votre adresse e-mail et votre mot de passe, ou avec le lien de connexion "
    "que l'administrateur vous a envoyé."
)
SIGN_IN_REFUSED = "Adresse e-mail ou mot de passe incorrect."
SIGN_IN_RATE_LIMITED = (
    "Trop de tentatives de connexion. Attendez quelques minutes avant de réessayer, s'il vous plaît."
)
LINK_TITLE = "Lien de connexion"
LINK_CONFIRM = "Pour ouvrir votre session, confirmez avec le bouton ci-dessous. Ce lien ne sert qu'une fois."
LINK_REFUSED = (
    "Ce lien de connexion n'est plus valable : il a déjà servi ou il a expiré (30 minutes). "
    "Demandez-en un nouveau à l'administrateur, ou connectez-vous avec votre mot de passe."
)
SIGNED_OUT = "Vous êtes déconnecté."
SESSION_ENDED = "Votre session a pris fin. Connectez-vous à nouveau, s'il vous plaît."
NOT_SIGNED_IN = "Connectez-vous pour accéder à l'espace du personnel."
CSRF_REFUSED = (
    "Ce formulaire n'est plus valable (il vient d'une autre page ou d'une session terminée). "
    "Rechargez la page, puis recommencez."
)
ORIGIN_REFUSED = "Cette demande ne vient pas de l'espace du personnel : elle est refusée."
FORBIDDEN = "Vous n'avez pas accès à cette page : elle concerne un autre centre ou un autre territoire."
NOT_FOUND = "Cette page n'existe pas."
UNAVAILABLE = "Cette partie de l'espace du personnel n'est pas encore disponible."
DATABASE_DOWN = "La base de données ne répond pas pour le moment. Réessayez dans quelques minutes."
FORM_TOO_LARGE = "Le formulaire est trop gros (512 Ko au plus). Importez le fichier en plusieurs fois."
SESSION_CREATED = "La séance est enregistrée."
SESSION_UPDATED = "La séance est modifiée."
SESSION_CANCELLED = "La séance est annulée. Les personnes inscrites sont prévenues sur leur canal."
CANCEL_NOT_CONFIRMED = "Cochez la case de confirmation pour annuler la séance."
REQUEST_HANDLED = "La demande est marquée comme traitée. La personne en est informée."
BAD_DATE = "La date n'est pas valable : utilisez le format jj/mm/aaaa."
BAD_TIME = "L'heure n'est pas valable : utilisez le format hh:mm."
BAD_NUMBER = "« {field} » doit être un nombre entier positif."
MISSING_FIELD = "« {field} » est obligatoire."
