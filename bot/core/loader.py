"""Load a dialog file and report every problem in it at once, by line.

Maintainers may not be programmers: an invalid dialog must never start, and
each problem is reported as `file:line:column: message` together with what
would fix it. Schema problems come from pydantic; cross-references (unknown
states, unreachable questions, conditions over unknown answers, missing
templates, ...) are checked here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from jinja2 import Environment, FileSystemLoader, TemplateNotFound, TemplateSyntaxError, nodes
from pydantic import BaseModel, ValidationError
from yaml.constructor import SafeConstructor

from bot.core.conditions import ConditionError, compile_condition
from bot.core.flow_checks import flow_problems
from bot.core.model import END, NOT_SURE, Dialog, Urgency
from bot.core.problems import Path_, Positions, Problem, did_you_mean, display_path

TEMPLATE_MACROS = ("fits", "explain", "todo", "warnings", "doctor")
M = TypeVar("M", bound=BaseModel)


class DialogError(Exception):
    """The dialog is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


#: libyaml's parser where PyYAML was built with it (it is, in its wheels): the same
#: nodes and marks, several times faster on a dialog file.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(yaml.MarkedYAMLError):
    """A mapping gives the same key twice."""

    def __init__(self, key: Any, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(
            problem=f"{key!r} is given twice (first on line {first_line})", problem_mark=mark
        )


def to_data(node: yaml.Node, path: Path_, positions: Positions) -> Any:
    """The node's data as `yaml.safe_load` gives it, with every node's position recorded."""
    return _to_data(node, path, positions, SafeConstructor())


def _to_data(node: yaml.Node, path: Path_, positions: Positions, scalars: SafeConstructor) -> Any:
    positions.record(path, node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = scalars.construct_object(key_node, deep=True)
            if key in result:
                # yaml.safe_load keeps the last silently: half a list would be lost.
                # The first key's line, not its value's (a block starts on the next line).
                first, _column = positions.key_at((*path, key))
                raise DuplicateKey(key, first, key_node.start_mark)
            positions.record_key((*path, key), key_node)
            positions.record((*path, key), value_node)
            result[key] = _to_data(value_node, (*path, key), positions, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, (*path, i), positions, scalars) for i, item in enumerate(node.value)]
    return scalars.construct_object(node)


def load_dialog(path: Path, templates: Path | None = None) -> Dialog:
    """Load and check `path`; raise `DialogError` listing every problem."""
    dialog, problems = check_dialog(path, templates)
    errors = [p for p in problems if p.severity == "error"]
    if errors or dialog is None:
        raise DialogError(errors)
    return dialog


#: More checks for a dialog that loaded without errors (e.g. in every language).
ExtraChecks = Callable[[Dialog, Positions], Iterable[Problem]]


def read_yaml(path: Path) -> tuple[Any, Positions, list[Problem]]:
    """The file's data with the position of every node; problems if it does not parse."""
    positions = Positions(display_path(path))
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        unreadable = Problem(positions.file, 1, 1, f"cannot read the file: {exc.strerror}")
        return None, positions, [unreadable]
    except UnicodeDecodeError as exc:
        # saved as Windows-1252 ("Müller" in a story): named where it is, not as a
        # traceback on /reload
        before = path.read_bytes()[: exc.start]
        line, column = _line_and_column(before.decode("utf-8", errors="replace"), len(before))
        not_utf8 = Problem(
            positions.file,
            line,
            column,
            f"this is not UTF-8 text (byte 0x{exc.object[exc.start]:02x})",
            "save the file as UTF-8",
        )
        return None, positions, [not_utf8]
    return read_yaml_text(text, positions)


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    """The 1-based line and column of the character at `position` in `text`."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def read_yaml_text(text: str, positions: Positions) -> tuple[Any, Positions, list[Problem]]:
    """`read_yaml` of text already read (a file a teacher sent the bot)."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = None if node is None else to_data(node, (), positions)
    except yaml.reader.ReaderError as exc:
        # a control character pasted from a word processor: YAML refuses the whole file
        line, column = _line_and_column(text, exc.position)
        control = Problem(
            positions.file,
            line,
            column,
            f"a character YAML does not allow (U+{exc.character:04X})",
            "delete it: it is invisible, often pasted from a word processor",
        )
        return None, positions, [control]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        duplicate = isinstance(exc, DuplicateKey)
        problem = Problem(
            positions.file,
            line,
            column,
            str(exc.problem) if duplicate else f"YAML syntax: {exc.problem}",
            "merge the two into one" if duplicate else "check indentation and quoting on this line",
        )
        return None, positions, [problem]
    if node is None:
        empty = Problem(positions.file, 1, 1, "the file is empty", "start from an existing file")
        return None, positions, [empty]
    return data, positions, []


def validate_model(
    model: type[M], data: Any, positions: Positions
) -> tuple[M | None, list[Problem]]:
    """The pydantic model of `data`, or every schema problem at its line."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_schema_problem(positions, err, data) for err in exc.errors()]


def check_dialog(
    path: Path, templates: Path | None = None, extra: ExtraChecks | None = None
) -> tuple[Dialog | None, list[Problem]]:
    """Return the dialog (None if it does not parse) and all problems found."""
    data, positions, problems = read_yaml(path)
    if problems:
        return None, problems
    dialog, problems = validate_model(Dialog, data, positions)
    if dialog is None:
        return None, problems
    templates = templates or path.parent / "templates"
    problems = list(_semantic_problems(dialog, positions, templates))
    if not any(p.severity == "error" for p in problems):  # the flow checks need a sound dialog
        problems.extend(flow_problems(dialog, positions))
    if extra is not None and not any(p.severity == "error" for p in problems):
        problems.extend(extra(dialog, positions))
    return dialog, list(dict.fromkeys(problems))  # once each: outcomes share templates


#: Fields that hold an urgency; a typo there gets the list of urgencies as its fix.
URGENCY_FIELDS = ("urgency", "floor")


def _schema_problem(positions: Positions, err: Any, data: Any) -> Problem:
    kind = err["type"]
    loc = _data_path(tuple(err["loc"]), data, kind)
    where = ".".join(str(part) for part in loc) or "(top level)"
    fixes = {
        "missing": "add this field",
        "extra_forbidden": "remove this field or check its spelling",
        "string_pattern_mismatch": "use lower-case letters, digits and _ (start with a letter)",
        "string_too_long": "shorten it",
        "too_short": "add more entries",
        "string_type": 'put the text in quotes, e.g. "no" (YAML reads no/yes/on/off as true/false)',
    }
    message, fix = err["msg"], fixes.get(kind, "")
    if kind == "value_error":  # our own validators: their message without pydantic's prefix
        message = str(err["ctx"]["error"])
        if loc and loc[-1] in URGENCY_FIELDS:
            message = f"unknown urgency {err['input']!r}"
            fix = "use one of: " + ", ".join(u.key for u in Urgency)
    return positions.problem(loc, f"{where}: {message}", fix)


def _data_path(loc: Path_, data: Any, kind: str) -> Path_:
    """The error's location without pydantic's names for the branches of a union.

    pydantic names the branch (`str`, a tag) after the index of a list item; a
    maintainer knows only the keys they wrote. A name there that is not a key of
    the item is a branch, unless it is the field the error says is missing.
    """
    path: list[str | int] = []
    for i, part in enumerate(loc):
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_list or (isinstance(data, dict) and part in data):
            data = data[part]
        elif path and isinstance(path[-1], int) and isinstance(part, str):
            if i < len(loc) - 1 or kind != "missing":
                continue
            data = None
        else:
            data = None
        path.append(part)
    return tuple(path)


def _repeats(ids: list[str]) -> list[int]:
    """The positions of ids already used earlier in the list: where the fix goes."""
    seen: set[str] = set()
    repeats = []
    for index, item in enumerate(ids):
        if item in seen:
            repeats.append(index)
        seen.add(item)
    return repeats


def _semantic_problems(dialog: Dialog, pos: Positions, templates: Path) -> Iterator[Problem]:
    question_ids = [q.id for q in dialog.questions]
    outcome_ids = {o.id for o in dialog.outcomes}
    danger_ids = {d.id for d in dialog.danger_signs}
    source_ids = {s.id for s in dialog.sources}
    options = {q.id: {o.id for o in q.options} for q in dialog.questions}

    for kind, section, ids in (
        ("question", "questions", question_ids),
        ("outcome", "outcomes", [o.id for o in dialog.outcomes]),
        ("danger sign", "danger_signs", [d.id for d in dialog.danger_signs]),
    ):
        for index in _repeats(ids):
            yield pos.problem(
                (section, index, "id"),
                f"{kind} id {ids[index]!r} is used more than once",
                "rename this one",
            )
    for qi, q in enumerate(dialog.questions):
        option_ids = [o.id for o in q.options]
        for oi in _repeats(option_ids):
            yield pos.problem(
                ("questions", qi, "options", oi, "id"),
                f"option id {option_ids[oi]!r} repeats in {q.id!r}",
                "rename this one",
            )

    for ci, concern in enumerate(dialog.concerns):
        for si, source in enumerate(concern.sources):
            if source not in source_ids:
                yield pos.problem(
                    ("concerns", ci, "sources", si),
                    f"unknown source {source!r}",
                    "add it under `sources:` or fix the id",
                )
        for question, ruled_out in concern.rules_out.items():
            path = ("concerns", ci, "rules_out", question)
            if question not in options:
                yield pos.problem(
                    path, f"question {question!r} does not exist", "name a question id"
                )
                continue
            for unknown in sorted(set(ruled_out) - options[question]):
                yield pos.problem(
                    path,
                    f"{unknown!r} is not an option of question {question!r}",
                    "name one of: " + ", ".join(sorted(options[question])),
                )

    if dialog.start not in options:
        yield pos.problem(
            ("start",),
            f"start question {dialog.start!r} does not exist",
            "name one of: " + ", ".join(question_ids),
        )
    if dialog.fallback not in outcome_ids:
        yield pos.problem(
            ("fallback",),
            f"fallback outcome {dialog.fallback!r} does not exist",
            "name an outcome id",
        )

    def check_condition(path: Path_, source: str, where: str) -> Iterator[Problem]:
        try:
            condition = compile_condition(source)
        except ConditionError as exc:
            yield pos.problem(
                path,
                f"{where}: the condition does not compile: {exc}",
                'write it like: location == "one_eyelid" and duration != "not_sure"',
            )
            return
        for name in sorted(condition.names - options.keys()):
            yield pos.problem(
                path,
                f"{where}: the condition uses unknown answer {name!r}",
                did_you_mean(name, question_ids) + "use a question id: " + ", ".join(question_ids),
            )
        for cmp in condition.comparisons:
            known = options.get(cmp.name)
            if known is not None and cmp.value is not None and cmp.value not in known:
                yield pos.problem(
                    path,
                    f"{where}: {cmp.name!r} has no option {cmp.value!r}",
                    did_you_mean(str(cmp.value), known) + "use one of: " + ", ".join(sorted(known)),
                )

    for qi, q in enumerate(dialog.questions):
        here: Path_ = ("questions", qi)
        if NOT_SURE not in options[q.id]:
            yield pos.problem(
                (*here, "options"),
                f"question {q.id!r} has no 'not sure' option",
                f"add an option with id: {NOT_SURE}",
            )
        if q.dates is not None and q.dates.option not in options.get(q.dates.question, ()):
            yield pos.problem(
                (*here, "dates"),
                f"no question {q.dates.question!r} with an option {q.dates.option!r}",
                "name a question id and one of its option ids",
            )
        for oi, option in enumerate(q.options):
            if option.danger and option.danger not in danger_ids:
                yield pos.problem(
                    (*here, "options", oi, "danger"),
                    f"unknown danger sign {option.danger!r}",
                    "use one of: " + ", ".join(sorted(danger_ids)),
                )
            if option.tells_apart is not None and (
                option.danger or option.tells_apart not in q.signs
            ):
                yield pos.problem(
                    (*here, "options", oi, "tells_apart"),
                    f"question {q.id!r} does not ask about {option.tells_apart!r}, or this "
                    "answer fires a danger sign itself",
                    "name a danger sign another option of this question fires",
                )
            for ci, covered in enumerate(option.covers):
                if covered not in options[q.id] or covered == option.id:
                    yield pos.problem(
                        (*here, "options", oi, "covers", ci),
                        f"question {q.id!r} has no other option {covered!r}",
                        "use another option id of this question",
                    )
            if option.floor is not None and option.floor_reason is None:
                yield pos.problem(
                    (*here, "options", oi),
                    "an option with a floor needs a floor_reason",
                    "explain to the user why the urgency is raised",
                )
        for ri, rule in enumerate(q.next):
            rule_path = (*here, "next", ri)
            if rule.goto != END and rule.goto not in options:
                yield pos.problem(
                    (*rule_path, "goto"),
                    f"unknown question {rule.goto!r}",
                    did_you_mean(rule.goto, question_ids) + f"use {END!r} or a question id",
                )
            if rule.when is not None:
                yield from check_condition((*rule_path, "when"), rule.when, q.id)
        if q.next[-1].when is not None:
            yield pos.problem(
                (*here, "next", len(q.next) - 1),
                f"question {q.id!r} is a dead end when no rule matches",
                "end the list with a rule without `when`",
            )

    # With a `goto` to an unknown question, everything behind it looks unreachable:
    # the typo is the one problem worth reporting.
    targets = {rule.goto for q in dialog.questions for rule in q.next}
    known_targets = targets <= {END, *options}
    reachable = _reachable(dialog)
    for qi, q in enumerate(dialog.questions):
        if known_targets and q.id not in reachable:
            yield pos.problem(
                ("questions", qi, "id"),
                f"question {q.id!r} can never be reached",
                "point a `goto` at it or remove it",
            )

    env = Environment(loader=FileSystemLoader(templates), extensions=["jinja2.ext.i18n"])
    for oi, outcome in enumerate(dialog.outcomes):
        here = ("outcomes", oi)
        if outcome.when is not None:
            yield from check_condition((*here, "when"), outcome.when, outcome.id)
        if outcome.leads_when is not None:
            yield from check_condition((*here, "leads_when"), outcome.leads_when, outcome.id)
        for si, source in enumerate(outcome.sources):
            if source not in source_ids:
                yield pos.problem(
                    (*here, "sources", si),
                    f"unknown source {source!r}",
                    "add it under `sources:` or fix the id",
                )
        yield from _template_problems(env, outcome.template, pos, (*here, "template"))
    for di, danger in enumerate(dialog.danger_signs):
        fires = danger.check in options and any(
            o.danger == danger.id for o in dialog.question(danger.check).options
        )
        if danger.check is not None and not fires:
            yield pos.problem(
                ("danger_signs", di, "check"),
                f"check question {danger.check!r} does not exist or has no answer "
                f"with danger: {danger.id}",
                "name a question whose 'yes' answer fires this sign",
            )
        if danger.outcome not in outcome_ids:
            yield pos.problem(
                ("danger_signs", di, "outcome"),
                f"unknown outcome {danger.outcome!r}",
                "name an outcome id",
            )
    for ti, topic in enumerate(dialog.learn):
        if topic.outcome not in outcome_ids:
            yield pos.problem(
                ("learn", ti, "outcome"), f"unknown outcome {topic.outcome!r}", "name an outcome id"
            )


def _template_problems(
    env: Environment, name: str, pos: Positions, path: Path_
) -> Iterator[Problem]:
    try:
        source, filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except TemplateNotFound:
        yield pos.problem(
            path,
            f"template {name!r} does not exist",
            "create it under dialogs/templates/ or fix the name",
        )
        return
    try:
        tree = env.parse(source, name, filename)
    except TemplateSyntaxError as exc:  # at its line in the template, where the fix goes
        yield Problem(
            display_path(filename or name),
            exc.lineno,
            1,
            f"template {name!r}: {exc.message or type(exc).__name__}",
            _syntax_fix(exc.message or "", _in_trans(source, exc.lineno)),
        )
        return
    # jinja2 looks up a filter or test only when its branch runs: a misspelt one in a
    # branch the sample answers do not take would pass every check and fail for the
    # people whose answers take it.
    for kind, nodes_, known in (
        ("filter", tree.find_all(nodes.Filter), env.filters),
        ("test", tree.find_all(nodes.Test), env.tests),
    ):
        for node in nodes_:
            if node.name not in known:
                yield Problem(
                    display_path(filename or name),
                    node.lineno,
                    1,
                    f"template {name!r}: unknown {kind} {node.name!r}",
                    did_you_mean(node.name, known) + f"use one of jinja2's built-in {kind}s",
                )
    missing = [m for m in TEMPLATE_MACROS if f"macro {m}()" not in source]
    if missing:
        yield pos.problem(
            path,
            f"template {name!r} lacks macros: {', '.join(missing)}",
            "define {% macro NAME() %}...{% endmacro %} for each",
        )


def _in_trans(source: str, line: int) -> bool:
    """Whether `line` of the template is in a {% trans %} block, or opens one."""
    lines = source.splitlines()
    before = "\n".join(lines[: line - 1])
    opened = len(re.findall(r"{%-?\s*trans\b", before))
    if opened > len(re.findall(r"{%-?\s*endtrans\b", before)):
        return True
    return 0 < line <= len(lines) and re.search(r"{%-?\s*trans\b", lines[line - 1]) is not None


def _syntax_fix(message: str, in_trans: bool) -> str:
    """What fixes a template syntax error; inside {% trans %} the rules are narrower."""
    if in_trans or "translatable section" in message:
        return (
            "close each {% trans %} with {% endtrans %} (check the spelling); inside, write "
            "only text and plain {{ name }} placeholders: compute a value first with "
            "{% trans name=... %}"
        )
    return "fix the template's syntax on this line"


def _reachable(dialog: Dialog) -> set[str]:
    seen: set[str] = set()
    todo = [dialog.start]
    known = {q.id for q in dialog.questions}
    while todo:
        qid = todo.pop()
        if qid in seen or qid not in known:
            continue
        seen.add(qid)
        todo.extend(rule.goto for rule in dialog.question(qid).next)
    return seen
