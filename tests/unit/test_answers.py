"""The shared answer parsers (actions/answers/): yes/no/don't know, and ordinals."""
import pytest

from actions.answers import DONT_KNOW, NO, YES, is_dont_know, ordinal_index, parse_yes_no, read_yes_no

# --- yes / no / don't know ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "oui", "Oui !", "OUI", "ouiii", "ouais", "ouai", "ouep", "wi", "ok", "okay", "oké", "okk", "d'accord", "dac",
        "bien sûr", "carrément", "grave", "grave !", "wallah", "wallah oui", "vas-y", "vasy", "go", "si", "si si",
        "je crois que oui", "ouais pas de souci", "yes", "yeah", "c'est ça", "exactement", "tout à fait",
        "je confirme", "j'accepte", "c'est bon", "ça marche", "parfait", "volontiers", "bien sûr que oui",
        "mais oui", "da",
    ],
)
def test_yes_in_the_words_people_use(text):
    assert read_yes_no(text) == YES and parse_yes_no(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "non", "NON", "nonnn", "nan", "non merci", "no", "nope", "niet", "pas du tout", "absolument pas",
        "bien sûr que non", "pas encore", "jamais", "jamais de la vie", "même pas", "mais non", "pas question",
        "surtout pas", "je refuse", "pas vraiment", "pas trop", "nan nan", "hors de question",
    ],
)
def test_no_in_the_words_people_use(text):
    assert read_yes_no(text) == NO and parse_yes_no(text) is False


@pytest.mark.parametrize(
    "text",
    ["je sais pas", "Je ne sais pas", "jsp", "chais pas", "aucune idée", "peut-être", "pas sûr", "bof",
     "je me souviens plus", "je connais pas", "idk"],
)
def test_dont_know(text):
    assert read_yes_no(text) == DONT_KNOW and is_dont_know(text)
    assert parse_yes_no(text) is None


@pytest.mark.parametrize("text", ["oui et non", "banane", "", "   ", None, 42, "/affirm", "Roubaix"])
def test_neither(text):
    assert read_yes_no(text) is None and parse_yes_no(text) is None


def test_a_bare_negation_is_a_no_only_when_not_asked_for_explicit_words():
    # "je ne vais plus à l'école": the negation is about going to school, not an answer.
    assert parse_yes_no("je ne vais plus à l'école") is False
    assert parse_yes_no("je ne vais plus à l'école", explicit=True) is None
    assert parse_yes_no("non, je ne vais plus à l'école", explicit=True) is False
    assert parse_yes_no("rien", explicit=True) is None


# --- ordinals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, count, expected",
    [
        ("1", 5, 0), ("2", 5, 1), ("le 2", 5, 1), ("le deuxième", 5, 1), ("la deuxième", 5, 1), ("deuxieme", 5, 1),
        ("la 2e", 5, 1), ("le 2ème", 5, 1), ("2nd", 5, 1), ("le second", 5, 1), ("la première", 5, 0),
        ("1er", 5, 0), ("la 1re", 5, 0), ("numéro 3", 5, 2), ("n°3", 5, 2), ("le 3 svp", 5, 2),
        ("je prends le troisième", 5, 2), ("plutôt la cinquième", 5, 4), ("le dernier", 3, 2),
        ("la dernière", 5, 4), ("l'avant-dernier", 5, 3), ("trois", 5, 2), ("celui-ci le 4", 5, 3),
        ("oui le premier", 5, 0), ("le 2e choix", 5, 1),
    ],
)
def test_ordinals(text, count, expected):
    assert ordinal_index(text, count) == expected


@pytest.mark.parametrize(
    "text, count",
    [
        ("6", 5), ("le sixième", 5), ("0", 5), ("le 2 décembre", 5), ("mardi 2", 5), ("à 14h", 5),
        ("une autre date", 5), ("le 1 ou le 2", 5), ("la deuxième semaine de janvier", 5), ("", 5), (None, 5),
        ("2", 0), ("/book_workshop", 5), ("Marie", 5), ("06 12 34 56 78", 5),
    ],
)
def test_not_an_ordinal(text, count):
    assert ordinal_index(text, count) is None


@pytest.mark.parametrize("text", ["pourquoi pas", "pas de souci", "pas de problème", "ça me va", "avec plaisir"])
def test_yes_phrases_with_a_negative_word(text):
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text, expected", [("au revoir", True), ("bye", True), ("a+", True), ("bonne journée", True),
                                            ("a", False), ("A" * 500, False), ("Marie", False)])
def test_says_goodbye(text, expected):
    from actions.answers.goodbye import says_goodbye

    assert says_goodbye(text) is expected


@pytest.mark.parametrize("text, asked", [
    ("j'ai 19 ans, je suis à Roubaix, réfugié, et la paie ça donne quoi ?", "ask_programme_pay"),
    ("j'ai 20 ans, demandeur d'emploi, c'est payé ?", "ask_programme_pay"),
    ("moi 25 ans, réfugié, ça dure combien ?", "ask_programme_duration"),
    ("je suis payé au SMIC, je peux faire quoi ?", None),  # a fact about pay, then a check
    ("j'ai 17 ans et j'ai quitté le lycée, je peux faire quoi ?", None),
    ("on est payé ?", None),  # no fact before: the NLU's reading stands
    (None, None),
])
def test_the_programme_question_closing_a_message_of_facts(text, asked):
    from actions.answers.programme_question import closing_question

    assert closing_question(text) == asked
