"""Scores understanding on the development set `utterances.yml`, per language and kind.

`python -m tests.core.understanding.dev_set [LANG] [-v]` prints the table and,
with -v, every miss: the loop a maintainer runs while extending a lexicon.
The thresholds are the product's: every danger found, no negated or
not-current danger taken as an emergency, answers ≥ 95%, story facts ≥ 90%.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.assistant import load_engine
from bot.core.engine import Engine
from bot.core.loader import load_dialog
from bot.core.understanding import Context, Reader, Understanding
from bot.core.understanding.languages import load_lexicons
from bot.i18n import Catalogs

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
THRESHOLDS = {
    "danger": 1.0,
    "uncertain_danger": 1.0,
    "negated_danger": 1.0,
    "not_current_danger": 1.0,
    "answer": 0.95,
    "story": 0.90,
}
LOCATION = {
    "one_eyelid": "one_eyelid",
    "one_side_spreading": "one_side",
    "both_eyes": "both_eyes",
    "linked_to_smile_or_blink": "linked",
    "face_weak": "face_weak",
    "other_spot": "elsewhere",
}
COURSE = {
    "comes_and_goes": "comes_and_goes",
    "stable": "stable",
    "slowly_spreading": "spreading_slowly",
    "spread_fast": "spread_suddenly",
    "worsening": "worsening",
}


@dataclass
class Score:
    passed: int = 0
    total: int = 0
    emergencies: int = 0  # negated or not-current danger read as affirmed
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 1.0


@cache
def engine() -> Engine:
    """The engine as the bot builds it: the lexicons, the dialog's danger words and
    their translations (the compiled catalogs, where `make` has built them)."""
    dialog = load_dialog(ROOT / "dialogs" / "consultation.yml")
    return load_engine(dialog, ROOT / "dialogs", Catalogs(ROOT / "locales"))


@cache
def readers() -> dict[str, Reader]:
    """Each language's reader, as the bot reads that language's messages."""
    languages = load_lexicons(ROOT / "dialogs" / "language")
    return {lang: engine().reader(lang) for lang in languages}


def items() -> list[dict[str, Any]]:
    data = yaml.safe_load((HERE / "utterances.yml").read_text(encoding="utf-8"))
    return list(data["items"])


def first(u: Understanding, question: str) -> str | None:
    options = u.answers.get(question)
    return options[0] if options else None


def answer_got(item: dict[str, Any], u: Understanding) -> dict[str, Any]:
    slot = item["question"]
    if slot == "duration":
        return {"duration_days": u.duration_days}
    if slot == "side":
        return {"side": first(u, "side")}
    if slot == "location":
        inverse = {v: k for k, v in LOCATION.items()}
        got = first(u, "location")
        return {"location": inverse.get(got or "", got)}
    if slot == "yes_no":
        return {"answer": u.polarity}
    if slot == "triggers":
        return {"triggers": sorted(o for o in u.answers.get("triggers", ()) if o != "none")}
    raise ValueError(slot)


def story_got(u: Understanding) -> dict[str, Any]:
    closure = set(u.answers.get("closure", ()))
    inverse_loc = {v: k for k, v in LOCATION.items()}
    inverse_course = {v: k for k, v in COURSE.items()}
    current = [s for s, c in u.dangers.items() if c is Context.AFFIRMED]
    palsy = first(u, "palsy_history")
    return {
        "location": inverse_loc.get(first(u, "location") or ""),
        "side": first(u, "side"),
        "duration_days": u.duration_days,
        "course": inverse_course.get(first(u, "course") or ""),
        "eye_closes": True if "eye_closes" in closure else None,
        "mouth_pulls": True if "mouth_pulls" in closure else None,
        "triggers": sorted(o for o in u.answers.get("triggers", ()) if o != "none"),
        "palsy_history": True if palsy in ("yes_past", "weak_now") else None,
        "linked_movements": True if first(u, "linked_movements") == "yes" else None,
        "danger": current[0] if current else None,
        "medicines": sorted(u.medicines),
    }


def story_expected(facts: dict[str, Any]) -> dict[str, Any]:
    out = {key: facts.get(key) for key in story_got(Understanding())}
    out["triggers"] = sorted(facts.get("triggers") or [])
    out["medicines"] = sorted(facts.get("medicines") or [])
    for key in ("eye_closes", "mouth_pulls", "palsy_history", "linked_movements"):
        out[key] = True if facts.get(key) else None
    return out


def score_all(language: str | None = None) -> dict[tuple[str, str], Score]:
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    for item in items():
        lang, kind = item["lang"], item["kind"]
        if language and lang != language:
            continue
        u = readers()[lang].understand(item["text"])
        score = scores[(lang, kind)]
        if kind == "story":
            expected, got = story_expected(item["facts"]), story_got(u)
            for key, value in expected.items():
                score.total += 1
                if got[key] == value:
                    score.passed += 1
                else:
                    score.misses.append(f"{item['id']} {key}: want {value!r}, got {got[key]!r}")
            continue
        score.total += 1
        ok: bool
        if kind in ("danger", "uncertain_danger"):
            ok = u.dangers.get(item["danger"], Context.NEGATED).current
        elif kind in ("negated_danger", "not_current_danger"):
            current = [s for s, c in u.dangers.items() if c.current]
            ok = not current
            score.emergencies += any(c is Context.AFFIRMED for c in u.dangers.values())
        else:
            expected = dict(item["expect"])
            if "triggers" in expected:
                expected["triggers"] = sorted(expected["triggers"])
            ok = answer_got(item, u) == expected
        if ok:
            score.passed += 1
        else:
            score.misses.append(f"{item['id']}: {u.to_dict()} | {item['text']}")
    return dict(scores)


def table(scores: dict[tuple[str, str], Score]) -> str:
    kinds = list(THRESHOLDS)
    languages = sorted({lang for lang, _ in scores})
    lines = ["understanding, development set: passed/total per language and kind"]
    lines.append("kind".ljust(20) + "".join(lang.rjust(12) for lang in languages))
    for kind in kinds:
        row = kind.ljust(20)
        for lang in languages:
            s = scores.get((lang, kind), Score())
            row += f"{s.passed}/{s.total} {s.rate:4.0%}".rjust(12)
        lines.append(row)
    emergencies = sum(
        s.emergencies
        for (_, k), s in scores.items()
        if k in ("negated_danger", "not_current_danger")
    )
    lines.append(f"negated or not-current danger read as an emergency: {emergencies}")
    return "\n".join(lines)


def below_threshold(scores: dict[tuple[str, str], Score]) -> list[str]:
    return [
        f"{lang} {kind}: {s.passed}/{s.total} < {THRESHOLDS[kind]:.0%}"
        for (lang, kind), s in sorted(scores.items())
        if s.rate < THRESHOLDS[kind]
    ]


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    found = score_all(args[0] if args else None)
    print(table(found))
    if "-v" in sys.argv:
        for (lang, kind), s in sorted(found.items()):
            for miss in s.misses:
                print(f"  [{lang} {kind}] {miss}")
