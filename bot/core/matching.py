"""Free text: which option did the user type, and does it mention a danger sign?

People type "my left eye", "Not sure!", "cant speak properly" or "2". Matching
is done on a normal form — case, accents, punctuation and apostrophes folded —
so the same rules serve every language and every input method.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from bot.i18n import N_

#: Longest input compared with an answer's words: whole answers are short. Longer
#: messages are read by `bot.core.understanding`, whole.
MAX_INPUT = 2000
_NOT_WORD = re.compile(r"[^\w]+")
#: Typed anywhere in an answer, these mean "not sure" (in English and the user's language).
NOT_SURE_PHRASES = (
    # TRANSLATORS: words a user may type to mean "I am not sure"; lower case, as people type.
    N_("not sure"),
    # TRANSLATORS: words a user may type to mean "I am not sure"; lower case, as people type.
    N_("unsure"),
    # TRANSLATORS: words a user may type to mean "I am not sure"; lower case, as people type.
    N_("don't know"),
    # TRANSLATORS: words a user may type to mean "I am not sure"; lower case, as people type.
    N_("no idea"),
    # TRANSLATORS: words a user may type to mean "I am not sure"; lower case, as people type.
    N_("can't say"),
)

#: The button that answers a choose-all question with what is ticked; typed as words
#: ("done", "готово"), it does the same.
DONE_BUTTON = N_("Done ✔")


def normalize(text: str) -> str:
    """Fold text to lower-case words without accents, apostrophes or punctuation."""
    text = unicodedata.normalize("NFKD", text[:MAX_INPUT])
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("'", "").replace("’", "").replace("`", "")
    return _NOT_WORD.sub(" ", text).replace("_", " ").strip()


class OptionIndex:
    """Normalized phrases of one question's options, for typed answers."""

    def __init__(
        self,
        options: Iterable[tuple[str, Iterable[str]]],
        not_sure: str | None,
        not_sure_phrases: Iterable[str] = NOT_SURE_PHRASES,
        ordinals: Mapping[str, int] | None = None,
        option_words: Iterable[str] = (),
        conjunctions: Iterable[str] = (),
        replies: Iterable[str] = (),
        labels: Iterable[tuple[str, str]] = (),
    ) -> None:
        """`ordinals` and `option_words` pick an answer by its place: "the second one",
        "второй вариант", "option 2"; with `conjunctions`, several: "the first and third".
        `labels`: (option, button label) of answers that may also be typed as the first or
        last words of their label ("another spot" for "Another spot (lip, cheek)", "weak
        right now" for "It is weak right now"), at least two words that no other label
        begins or ends with."""
        unsure = {normalize(p) for p in not_sure_phrases} - {""}
        self._ordinals = {normalize(w): n for w, n in (ordinals or {}).items()}
        self._option_words = {normalize(w) for w in option_words}
        self._conjunctions = {normalize(w) for w in conjunctions} | {"and"}
        #: One-word replies ("yes", «нет»): a number before one names a place ("2 нет").
        self._replies = {normalize(w) for w in replies} - {""}
        self._by_phrase: dict[str, str] = {}
        self._by_number: list[str] = []
        for option_id, phrases in options:
            self._by_number.append(option_id)
            for phrase in (option_id, *phrases):
                key = normalize(phrase)
                if key:
                    self._by_phrase.setdefault(key, option_id)
        self._by_part: dict[str, str | None] = {}
        for option_id, label in labels:
            words = normalize(label).split()
            for n in range(2, len(words)):
                for part in (" ".join(words[:n]), " ".join(words[-n:])):
                    shared = self._by_part.get(part, option_id) != option_id
                    self._by_part[part] = None if shared else option_id
        if not_sure is not None:
            self._by_phrase.setdefault("?", not_sure)
            for key in unsure:
                self._by_phrase.setdefault(key, not_sure)

    def places(self, text: str) -> list[str]:
        """The answers a reply picks by their places, several at once: "the first and
        third", «первое и третье», "la primera y la tercera", "1 und 3"; none if it says
        anything else."""
        words = [
            w
            for w in normalize(text).split()
            if w not in self._option_words and w not in self._conjunctions
        ]
        numbers = [int(w) if w.isdigit() else self._ordinals.get(w) for w in words]
        if len(numbers) < 2 or not all(
            n is not None and 0 < n <= len(self._by_number) for n in numbers
        ):
            return []
        return [self._by_number[n - 1] for n in numbers if n is not None]

    def named_places(self, text: str) -> list[str]:
        """The answers a reply names by their places anywhere in it, whatever else it
        says: "la primera, las demás no", «первое, остальное нет», "the second no, the
        fourth neither", «2 нет, 3 нет». A number counts among other places or before a
        reply word ("1, 3 and the rest no", "2 no"), never as a count ("2 days ago",
        "~1 год")."""
        words = normalize(text).split()
        named: list[str] = []
        for at, word in enumerate(words):
            following = words[at + 1] if at + 1 < len(words) else ""
            if word in self._ordinals:
                place = self._ordinals[word]
            elif word.isdigit() and (
                not following
                or following in self._conjunctions
                or following in self._option_words
                or following.isdigit()
                or following in self._ordinals
                or following in self._replies
            ):
                place = int(word)
            else:
                continue
            if 0 < place <= len(self._by_number) and self._by_number[place - 1] not in named:
                named.append(self._by_number[place - 1])
        return named

    def match(self, text: str) -> str | None:
        stripped = text.strip()
        if stripped == "?":
            return self._by_phrase.get("?")
        key = normalize(text)
        if key.isdigit():
            index = int(key) - 1
            return self._by_number[index] if 0 <= index < len(self._by_number) else None
        # Only whole answers here: "… but I'm not sure" inside a longer message is read by
        # understanding, where a danger sign it also mentions is not lost.
        found = self._by_phrase.get(key)
        if found is None:
            place = [w for w in key.split() if w not in self._option_words]
            if len(place) == 1 and (place[0].isdigit() or place[0] in self._ordinals):
                index = int(place[0]) if place[0].isdigit() else self._ordinals[place[0]]
                if 0 < index <= len(self._by_number):
                    return self._by_number[index - 1]
            return self._by_part.get(key)
        return found
