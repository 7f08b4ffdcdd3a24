"""The JSON Schema of each kind of content file, generated from the pydantic models.

Editors (VS Code with the YAML extension, JetBrains, Neovim with yaml-language-server)
read it through the `# yaml-language-server: $schema=dialog.schema.json` line at
the top of each file, so a maintainer gets completion and errors while typing.
Each is committed as `dialogs/<kind>.schema.json` (the stories under
`dialogs/tests/` point at `../story.schema.json`; the lexicons under
`dialogs/language/` at their own `language.schema.json` beside them); CI fails when the models
change and the committed copy does not.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from bot.core.content import MODELS
from bot.core.stories import StoryFile
from bot.core.understanding.lexicon import Lexicon

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Every kind of file a maintainer writes: the content files, the stories and the
#: languages' lexicons.
SCHEMA_MODELS: dict[str, type[BaseModel]] = {**MODELS, "story": StoryFile, "language": Lexicon}
#: Where each schema is committed, under `dialogs/`: beside the files it describes.
SCHEMA_FILES = {
    kind: f"language/{kind}.schema.json" if kind == "language" else f"{kind}.schema.json"
    for kind in SCHEMA_MODELS
}


def content_schema(kind: str = "dialog") -> dict[str, Any]:
    schema = SCHEMA_MODELS[kind].model_json_schema()
    return {
        "$schema": DRAFT,
        "title": f"spasmbot {kind}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text(kind: str = "dialog") -> str:
    """The schema as committed: stable key order, one trailing newline."""
    return json.dumps(content_schema(kind), indent=2, ensure_ascii=False) + "\n"
