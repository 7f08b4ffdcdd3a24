"""The JSON Schema of dialog files, generated from the pydantic models.

Editors (VS Code with the YAML extension, JetBrains, Neovim with yaml-language-server)
read it through the `# yaml-language-server: $schema=dialog.schema.json` line at
the top of each dialog file, so a maintainer gets completion and errors while
typing. It is committed as `dialogs/dialog.schema.json`; CI fails when the
models change and the committed copy does not.
"""

from __future__ import annotations

import json
from typing import Any

from bot.core.content import MODELS

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def content_schema(kind: str = "dialog") -> dict[str, Any]:
    schema = MODELS[kind].model_json_schema()
    return {
        "$schema": DRAFT,
        "title": f"spasmbot {kind}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text(kind: str = "dialog") -> str:
    """The schema as committed: stable key order, one trailing newline."""
    return json.dumps(content_schema(kind), indent=2, ensure_ascii=False) + "\n"
