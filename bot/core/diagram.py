"""A picture of a dialog: the very state machine the engine runs, drawn by `transitions`.

Questions and `finished` are its states, each arrow a transition with its
trigger (`answer [condition]`, `danger`, `possible_stroke`, `resume`,
`restart`). Two things make it readable without changing what it shows:

- a transition the machine has from (or to) every question is drawn once,
  from (or to) the box "any question";
- `finished` leads to the outcomes it may show, coloured by urgency: these
  arrows (`shows …`) are what the advice is chosen from, not transitions.

Mermaid needs no system package and renders on GitHub; DOT is Graphviz's text
format, written by the `graphviz` Python package without running anything;
only SVG and PNG need Graphviz itself (its `dot` program).
"""

from __future__ import annotations

import shutil
from typing import Any, Literal

from transitions.extensions import diagrams_graphviz, diagrams_mermaid

from bot.core.conversation import FINISHED
from bot.core.machine import ANSWER, DialogMachine
from bot.core.model import Dialog
from bot.core.render import URGENCY_MARKERS

FORMATS = ("mermaid", "svg", "png", "dot")
ANYWHERE = "any_question"


Element = dict[str, Any]
Engine = Literal["mermaid", "graphviz"]


class GraphvizMissing(RuntimeError):
    """SVG or PNG was asked for but Graphviz is not installed."""


def _plain(text: str) -> str:
    """Labels safe inside mermaid's quoted names and edge labels."""
    return " ".join(text.replace('"', "'").replace(":", " -").split())


def _outcome_state(outcome_id: str) -> str:
    return f"outcome_{outcome_id}"


def _labelled_states(dialog: Dialog, states: list[Element]) -> list[Element]:
    titles: dict[str, str] = {q.id: f"{q.title} ({q.id})" for q in dialog.questions}
    titles[FINISHED] = "finished (the outcomes are shown)"
    drawn = [{**s, "label": _plain(titles.get(s["name"]) or s["name"])} for s in states]
    return [*drawn, {"name": ANYWHERE, "label": "any question"}]


def _folded(questions: set[str], transitions: list[Element]) -> list[Element]:
    """One arrow from (or to) "any question" where a trigger joins every question
    (the dialog's own `answer` rules are always drawn one by one)."""
    sources: dict[tuple[str, str], set[str]] = {}
    dests: dict[tuple[str, str], set[str]] = {}
    for t in transitions:
        sources.setdefault((t["trigger"], t["dest"]), set()).add(t["source"])
        dests.setdefault((t["trigger"], t["source"]), set()).add(t["dest"])
    drawn: list[Element] = []
    for t in transitions:
        trigger, source, dest = t["trigger"], t["source"], t["dest"]
        if trigger != ANSWER and source in questions and questions <= sources[trigger, dest]:
            t = {**t, "source": ANYWHERE}
        elif trigger != ANSWER and dest in questions and questions <= dests[trigger, source]:
            t = {"trigger": trigger, "source": source, "dest": ANYWHERE}
        if t not in drawn:
            drawn.append(t)
    return drawn


def _readable(transitions: list[Element]) -> list[Element]:
    """Conditions as mermaid can show them; `otherwise` on a question's last rule."""
    guarded = {t["source"] for t in transitions if t["trigger"] == ANSWER and "conditions" in t}
    drawn = []
    for t in transitions:
        t = dict(t)
        if "conditions" in t:
            t["conditions"] = [_plain(c) for c in t["conditions"]]
        elif t["trigger"] == ANSWER and t["source"] in guarded:
            t["label"] = f"{ANSWER} otherwise"
        drawn.append(t)
    return drawn


def _outcomes(dialog: Dialog) -> tuple[list[Element], list[Element]]:
    """The outcomes `finished` may show, and the arrows that say when."""
    states: list[Element] = []
    arrows: list[Element] = []
    after_danger = {d.outcome: d.id for d in dialog.danger_signs}
    for outcome in dialog.outcomes:
        marker = URGENCY_MARKERS[outcome.urgency.key]
        label = f"{marker} {outcome.pattern} - {outcome.urgency.key.replace('_', '-')}"
        name = _outcome_state(outcome.id)
        states.append({"name": name, "label": _plain(label)})
        arrow: Element = {"trigger": "shows", "source": FINISHED, "dest": name}
        if outcome.id == dialog.fallback:
            # shown when nothing else fits, and also where its own `when` holds
            arrows.append({**arrow, "label": "shows when nothing else fits"})
        if outcome.id in after_danger:
            arrow["label"] = f"shows after danger {after_danger[outcome.id]}"
        elif outcome.when:
            arrow["conditions"] = [_plain(outcome.when)]
        elif outcome.id == dialog.fallback:
            continue  # drawn above
        arrows.append(arrow)
    return states, arrows


def _drawing(base: type[Any], flow: DialogMachine) -> Any:
    """`transitions`' graph of `flow.machine`, in `base`'s format, made readable."""

    class Drawing(base):  # type: ignore[misc]
        def _get_elements(self) -> tuple[list[Element], list[Element]]:
            states, transitions = super()._get_elements()
            dialog = flow.dialog
            outcome_states, outcome_arrows = _outcomes(dialog)
            questions = {q.id for q in dialog.questions}
            return (
                [*_labelled_states(dialog, states), *outcome_states],
                [*_readable(_folded(questions, transitions)), *outcome_arrows],
            )

    graph = Drawing(flow.machine)
    for outcome in flow.dialog.outcomes:
        graph.set_node_style(_outcome_state(outcome.id), outcome.urgency.key)
    graph.set_node_style(ANYWHERE, "danger")
    return graph.get_graph(title=_plain(flow.dialog.title))


def mermaid(flow: DialogMachine) -> str:
    text: str = _drawing(diagrams_mermaid.Graph, flow).source
    # Mermaid classes are case-sensitive ("Class" is transitions' spelling; GitHub wants "class").
    return (
        "\n".join(
            "  " + line.strip().replace("Class ", "class ", 1)
            if line.strip().startswith("Class ")
            else line
            for line in text.splitlines()
        )
        + "\n"
    )


#: What `spasmbot graph` says when SVG or PNG is asked for without Graphviz.
INSTALL_GRAPHVIZ = (
    "drawing {format} needs Graphviz, which is not installed: sudo apt install graphviz "
    "(Debian/Ubuntu) or brew install graphviz (macOS); --format mermaid and --format dot "
    "need nothing"
)


def graphviz_installed() -> bool:
    """Whether Graphviz's `dot` program, which draws SVG and PNG, is on the PATH."""
    return shutil.which("dot") is not None


def render(flow: DialogMachine, fmt: str) -> bytes:
    """The dialog's machine drawn as `fmt` (one of FORMATS)."""
    if fmt == "mermaid":
        return mermaid(flow).encode()
    graph = _drawing(diagrams_graphviz.Graph, flow)
    if fmt == "dot":
        return str(graph.source).encode()  # only text: Graphviz is not needed
    if not graphviz_installed():
        raise GraphvizMissing(INSTALL_GRAPHVIZ.format(format=fmt.upper()))
    data: bytes = graph.pipe(format=fmt)
    return data
