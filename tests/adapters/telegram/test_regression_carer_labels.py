"""A parent or carer taps answers about the person they help, in every language.

The English labels of these answers are worded for anyone ("Eating very little"), so
they carry no carer's variant; their Russian, Spanish and German labels said "I" ("Como
muy poco", "Ich esse sehr wenig"), and a mother writing about her son was offered, and
then shown in the edited question and /summary, answers about herself.
"""

from __future__ import annotations

import pytest

from tests.adapters.telegram.harness import BotHarness, ChatUser

#: (language, a carer's story, taps to the question of eating and fainting, its labels)
MINERALS = {
    "ru": (
        "Мой сын, ему 10 лет, у него дёргается левое веко уже неделю",
        ["Ничего из этого", "Нет", "Ничего из этого", "Ничего из этого"],
        "Судороги, подёргивания в теле",
        ["Ничего из этого"],
    ),
    "es": (
        "Mi hijo de 8 años tiene el párpado izquierdo que le tiembla desde hace una semana",
        ["Nada de esto", "No", "Nada de esto", "Nada de esto"],
        "Calambres o contracciones",
        ["Nada de esto"],
    ),
    "de": (
        "Mein Sohn ist 10, sein linkes Augenlid zuckt seit einer Woche",
        ["Nichts davon", "Nein", "Nichts davon", "Nichts davon"],
        "Krämpfe/Zucken anderswo",
        ["Nichts davon"],
    ),
}
#: Words of a label that speaks for the writer ("I eat", "me cuesta", "ich esse").
FIRST_PERSON = {
    "ru": ("Ем ", "читаю", "сижу"),
    "es": ("me ", "Me ", "Como ", "empecé", "levantarme"),
    "de": ("Ich ", "ich "),
}
DONE = {"ru": "Готово ✔", "es": "Listo ✔", "de": "Fertig ✔"}


async def _story(user: ChatUser, story: str, taps: list[str]) -> None:
    await user.send("/start")
    await user.send(story)
    for label in taps:
        await user.click(label)


def _first_person(language: str, labels: list[str]) -> list[str]:
    return [label for label in labels if any(w in label for w in FIRST_PERSON[language])]


@pytest.mark.parametrize("language", sorted(MINERALS))
async def test_regression_a_carers_buttons_spoke_for_the_carer(
    harness: BotHarness, language: str
) -> None:
    story, taps, cramps, risks = MINERALS[language]
    mother = harness.user(1001, language)
    await _story(mother, story, taps)
    asked = mother.keyboard()  # the other features fitting them, then the body's signs
    await mother.click(cramps)
    await mother.click(DONE[language])
    for label in risks:
        await mother.click(label)
    minerals = mother.keyboard()  # with the cramps: heart, fainting, vomiting, eating
    assert len(minerals) > 5, mother.texts()[-1]
    assert _first_person(language, asked + minerals) == []
    await mother.click(minerals[3])  # eating very little: the edited question echoes it
    await mother.click(DONE[language])
    echoed = [e["text"] for e in harness.telegram.edits(1001) if "→" in e["text"]]
    assert _first_person(language, [echoed[-1].split("→")[-1]]) == []
    assert _first_person(language, mother.keyboard()) == []  # then the triggers


async def test_regression_a_spanish_carer_was_offered_i_started_the_medicine(
    harness: BotHarness,
) -> None:
    """The medicine's time and the red eye's signs, for a Spanish-speaking parent."""
    story, taps, _cramps, _risks = MINERALS["es"]
    mother = harness.user(1001, "es")
    await _story(mother, story, taps[:3])
    await mother.click("Empezó tras un medicamento")
    await mother.click("Listo ✔")
    assert _first_person("es", mother.keyboard()) == [], mother.keyboard()

    father = harness.user(1002, "es")
    await _story(father, story, taps[:3])
    await father.click("Ojo rojo o doloroso")
    await father.click("Listo ✔")
    assert _first_person("es", father.keyboard()) == [], father.keyboard()
