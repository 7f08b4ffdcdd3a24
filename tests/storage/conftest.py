from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.storage.backends import BACKENDS, Backend


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """Each backend in turn: SQLite, and PostgreSQL when a server is given."""
    chosen = Backend(request.param, tmp_path)
    yield chosen
    await chosen.drop()
