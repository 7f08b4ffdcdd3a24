"""Conditions in dialog files: jinja2 sandboxed expressions over the answers.

A maintainer writes `side == "one" and course == "spreading_slowly"`; we compile
it with jinja2's sandbox (no `eval`, no parser of our own) and, for the
validator, read which answers and option ids it mentions from jinja2's AST.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from bot.core.model import JOIN

_ENV = SandboxedEnvironment()

Predicate = Callable[[Mapping[str, str | None]], bool]


class Choices(str):
    """The answers of a choose-all-that-apply question, as conditions and templates see them.

    Stored as "caffeine+sleep"; compared, it is the set of answers: `== "sleep"` and
    `in ["sleep", "stress"]` hold when sleep was among them, so a maintainer writes
    the same conditions as for a single answer.
    """

    __slots__ = ()

    @property
    def chosen(self) -> tuple[str, ...]:
        return tuple(self.split(JOIN))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other in self.chosen

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __contains__(self, item: object) -> bool:
        return item in self.chosen

    __hash__ = str.__hash__


class ConditionError(ValueError):
    """The expression does not compile."""


@dataclass(frozen=True)
class Comparison:
    """`name == "value"` or `name in ["a", "b"]`, as found in a condition."""

    name: str
    value: object


@dataclass(frozen=True)
class Condition:
    source: str
    names: frozenset[str]
    comparisons: tuple[Comparison, ...]
    _compiled: Callable[..., object]
    #: The names read outside any `not (...)`: what can make it hold. A name read only
    #: in an exclusion ("and not (other_signs == "urge" ...)") is no reason for it.
    reasons: frozenset[str]

    def __call__(self, answers: Mapping[str, str | None]) -> bool:
        """Whether it holds. The expression is given only the answers it names (each
        unanswered one as none), not every answer of the consultation."""
        return bool(self._compiled(**{name: answers.get(name) for name in self.names}))


def compile_condition(source: str) -> Condition:
    try:
        compiled = _ENV.compile_expression(source, undefined_to_none=True)
        tree = _ENV.parse("{{ (" + source + ") }}")
    except TemplateSyntaxError as exc:
        raise ConditionError(exc.message or str(exc)) from exc
    names = frozenset(n.name for n in tree.find_all(nodes.Name) if n.ctx == "load")
    reasons = frozenset(_names_outside_not(tree))
    return Condition(source, names, tuple(_comparisons(tree)), compiled, reasons)


def _names_outside_not(node: nodes.Node) -> Iterator[str]:
    """The names read in `node` outside any `not (...)`."""
    if isinstance(node, nodes.Not):
        return
    if isinstance(node, nodes.Name) and node.ctx == "load":
        yield node.name
    for child in node.iter_child_nodes():
        yield from _names_outside_not(child)


def _comparisons(tree: nodes.Node) -> Iterator[Comparison]:
    for compare in tree.find_all(nodes.Compare):
        operands = [compare.expr, *(op.expr for op in compare.ops)]
        for left, right in itertools.pairwise(operands):
            for name_node, value_node in ((left, right), (right, left)):
                if isinstance(name_node, nodes.Name):
                    for value in _constants(value_node):
                        yield Comparison(name_node.name, value)


def _constants(node: nodes.Node) -> Iterator[object]:
    if isinstance(node, nodes.Const):
        yield node.value
    elif isinstance(node, nodes.List | nodes.Tuple):
        for item in node.items:
            if isinstance(item, nodes.Const):
                yield item.value
