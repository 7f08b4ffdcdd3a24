"""A picture of a dialog, drawn with `transitions`' diagram support.

Questions are states and each `next` rule is an edge labelled with its
condition; `end` leads to the outcomes, coloured by urgency; danger signs show
where they interrupt (a danger answer, or danger words typed at any question).
Mermaid needs no system package and renders on GitHub; DOT is Graphviz's
text format, written by the `graphviz` Python package without running
anything; only SVG and PNG need Graphviz itself (its `dot` program).
"""

from __future__ import annotations

import shutil
from typing import Any, Literal

from bot.core.model import END, Dialog

FORMATS = ("mermaid", "svg", "png", "dot")
ANYWHERE = "any_question"

#: Fill and border per urgency; the same colours as the 🟢🟡🟠🔴 markers the bot shows.
STYLES: dict[str, dict[str, str]] = {
    "self_care": {"fillcolor": "#d4edda", "color": "#28a745", "style": "filled"},
    "routine": {"fillcolor": "#fff3cd", "color": "#d4a017", "style": "filled"},
    "urgent": {"fillcolor": "#ffe0b2", "color": "#fd7e14", "style": "filled"},
    "emergency": {"fillcolor": "#f8d7da", "color": "#dc3545", "style": "filled"},
    "danger": {"fillcolor": "#ffffff", "color": "#dc3545", "style": "filled"},
}
_MARKERS = {"self_care": "🟢", "routine": "🟡", "urgent": "🟠", "emergency": "🔴"}


class GraphvizMissing(RuntimeError):
    """SVG or PNG was asked for but Graphviz is not installed."""


def _plain(text: str) -> str:
    """Labels safe inside mermaid's quoted names and edge labels."""
    return " ".join(text.replace('"', "'").replace(":", " -").split())


def _outcome_state(outcome_id: str) -> str:
    return f"outcome_{outcome_id}"


Engine = Literal["mermaid", "graphviz"]


def build_machine(dialog: Dialog, engine: Engine = "mermaid") -> Any:
    """A `GraphMachine` whose graph is the dialog (never run: it only draws)."""
    from transitions import State
    from transitions.extensions import GraphMachine

    class LabelledState(State):
        """A state drawn with a readable name; transitions' markup reads `label`."""

        def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.label = label or self.name

    class DialogGraph(GraphMachine):
        state_cls = LabelledState

    states: list[dict[str, Any]] = [
        {"name": q.id, "label": _plain(f"{q.title} ({q.id})")} for q in dialog.questions
    ]
    states.append({"name": END, "label": "end: show the outcomes"})
    states.append({"name": ANYWHERE, "label": "any question: danger words typed"})
    for outcome in dialog.outcomes:
        marker = _MARKERS[outcome.urgency.key]
        label = f"{marker} {outcome.pattern} - {outcome.urgency.key.replace('_', '-')}"
        states.append({"name": _outcome_state(outcome.id), "label": _plain(label)})

    transitions: list[dict[str, Any]] = []
    for question in dialog.questions:
        for rule in question.next:
            condition = {"conditions": [_plain(rule.when)]} if rule.when else {}
            trigger = "if" if rule.when else "otherwise" if len(question.next) > 1 else "next"
            transitions.append(
                {"trigger": trigger, "source": question.id, "dest": rule.goto, **condition}
            )
        for option in question.options:
            if option.danger:
                danger = dialog.danger_sign(option.danger)
                transitions.append(
                    {
                        "trigger": _plain(f"danger: {option.id}"),
                        "source": question.id,
                        "dest": _outcome_state(danger.outcome),
                    }
                )
    for danger in dialog.danger_signs:
        transitions.append(
            {
                "trigger": _plain(f"danger: {danger.id}"),
                "source": ANYWHERE,
                "dest": _outcome_state(danger.outcome),
            }
        )
    interrupts = {d.outcome for d in dialog.danger_signs}
    for outcome in dialog.outcomes:
        if outcome.id in interrupts:
            continue
        condition = {"conditions": [_plain(outcome.when)]} if outcome.when else {}
        trigger = "if" if outcome.when else "when nothing else fits"
        transitions.append(
            {"trigger": trigger, "source": END, "dest": _outcome_state(outcome.id), **condition}
        )

    class Drawing:
        """The model the graph belongs to."""

    machine = DialogGraph(
        model=Drawing(),
        states=states,
        transitions=transitions,
        initial=dialog.start,
        auto_transitions=False,
        show_conditions=True,
        title=_plain(dialog.title),
        graph_engine=engine,
    )
    node_styles: dict[str, Any] = machine.style_attributes["node"]  # type: ignore[assignment]
    node_styles.update(STYLES)
    # The drawing's model sits in the start state; do not paint it as "active".
    node_styles["active"] = node_styles["default"]
    graph = machine.model_graphs[id(machine.models[0])]
    for outcome in dialog.outcomes:
        graph.set_node_style(_outcome_state(outcome.id), outcome.urgency.key)
    graph.set_node_style(ANYWHERE, "danger")
    return machine


def mermaid(dialog: Dialog) -> str:
    machine = build_machine(dialog, "mermaid")
    text: str = machine.models[0].get_graph().source
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


def render(dialog: Dialog, fmt: str) -> bytes:
    """The dialog drawn as `fmt` (one of FORMATS)."""
    if fmt == "mermaid":
        return mermaid(dialog).encode()
    graph = build_machine(dialog, "graphviz").models[0].get_graph()
    if fmt == "dot":
        return str(graph.source).encode()  # only text: Graphviz is not needed
    if not graphviz_installed():
        raise GraphvizMissing(INSTALL_GRAPHVIZ.format(format=fmt.upper()))
    data: bytes = graph.pipe(format=fmt)
    return data
