"""The committed JSON Schema: current, and it accepts what the loader accepts."""

from __future__ import annotations

import json

import jsonschema
import yaml

from bot.core.content import kind_of
from bot.core.schema import SCHEMA_FILES, schema_text
from tests.conftest import DIALOGS


def test_committed_schemas_are_current() -> None:
    for kind, name in SCHEMA_FILES.items():
        assert (DIALOGS / name).read_text(encoding="utf-8") == schema_text(kind), name


def test_content_files_point_editors_at_their_schema() -> None:
    for path in DIALOGS.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        kind = kind_of(yaml.safe_load(text))
        first = text.splitlines()[0]
        assert first == f"# yaml-language-server: $schema={SCHEMA_FILES[kind]}", path.name
        jsonschema.validate(yaml.safe_load(text), json.loads(schema_text(kind)))


def test_consultation_validates_and_a_long_label_is_flagged() -> None:
    schema = json.loads(schema_text())
    data = yaml.safe_load((DIALOGS / "consultation.yml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)

    data["questions"][0]["options"][0]["label"] = "A label far too long for a phone screen"
    data["outcomes"][0]["urgency"] = "whenever"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert {e.validator for e in errors} == {"maxLength", "enum"}


def test_story_files_point_editors_at_the_story_schema() -> None:
    """Story files had no schema: a misspelt key showed up only when the stories ran."""
    schema = json.loads(schema_text("story"))
    for path in (DIALOGS / "tests").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../{SCHEMA_FILES['story']}", path.name
        jsonschema.validate(yaml.safe_load(text), schema)

    data = yaml.safe_load((DIALOGS / "tests" / "consultation.yml").read_text(encoding="utf-8"))
    data["stories"][0]["steps"][1] = {"tap": "one_eyelid", "expect": {"stat": "duration"}}
    data["stories"][0]["outcome"]["urgency"] = "soon"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert {tuple(e.absolute_path) for e in errors} == {
        ("stories", 0, "steps", 1),
        ("stories", 0, "outcome"),
    }


def test_language_files_have_the_schema_their_first_line_names() -> None:
    """Regression: the lexicons named `language.schema.json`, which did not exist, so an
    editor showed an error on the first line instead of completing the keys."""
    schema = json.loads(schema_text("language"))
    assert SCHEMA_FILES["language"] == "language/language.schema.json"
    for path in (DIALOGS / "language").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == "# yaml-language-server: $schema=language.schema.json"
        jsonschema.validate(yaml.safe_load(text), schema)
