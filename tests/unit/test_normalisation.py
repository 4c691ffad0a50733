"""The French normaliser: what users type becomes what the models were trained on."""
import pytest

from nlu.normalisation import normalise


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("C KOI la Promo 16-18 stp", "c'est quoi la promo 16-18 s'il te plaît"),
        ("jveux une formtion", "je veux une formation"),
        ("chui refugie, g 17 ans", "je suis réfugié, j'ai 17 ans"),
        ("ouiiii merciiii", "oui merci"),
        ("J’ai arrêté l’école", "j'ai arrêté l'école"),
        ("c quoi prepa competences", "c'est quoi prépa compétences"),
        ("ca dure cb de temps", "ça dure combien de temps"),
        ("Quel âge faut-il ?", "quel âge faut-il ?"),
        ("jsp", "je sais pas"),
        ("«HOPE»", '"hope"'),
        ("c'est quoi ? t'es qui ?", "c'est quoi ? t'es qui ?"),
        ("C’est payé ?", "c'est payé ?"),
    ],
)
def test_rewrites_chat_french(typed, expected):
    assert normalise(typed).text == expected


def test_leaves_correct_french_unchanged_except_case():
    sentence = "Pourriez-vous m'indiquer la durée de la formation ?"
    assert normalise(sentence).text == sentence.lower()


def test_does_not_touch_ambiguous_words():
    # "a"/"à" and "ou"/"où" depend on context: rewriting them would break sentences.
    assert normalise("il a un rdv ou pas").text == "il a un rendez-vous ou pas"


@pytest.mark.parametrize(
    "typed, mention, expected",
    [
        ("chui refugie a Roubaix", "Roubaix", "roubaix"),
        ("chui refugie a Roubaix", "refugie", "réfugié"),
        ("g 17 ans jveux faire la promo", "17", "17"),
        ("g 17 ans jveux faire la promo", "promo", "promo"),
        ("c koi HOPE", "HOPE", "hope"),
    ],
)
def test_maps_entity_spans_to_the_new_text(typed, mention, expected):
    result = normalise(typed)
    start = typed.index(mention)
    new_start, new_end = result.map_span(start, start + len(mention))
    assert result.text[new_start:new_end] == expected


def test_digits_and_punctuation_are_kept():
    assert normalise("59100 ? 16-18 !").text == "59100 ? 16-18 !"
