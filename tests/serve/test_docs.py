"""docs/serve.md keeps up with the code: every setting, error code and endpoint."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT
from unspun.serve import errors
from unspun.serve.settings import ENV_PREFIX, Settings

DOC = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    variable = ENV_PREFIX + name.upper()
    short = "_" + name.upper().removeprefix("FETCH_") if name.startswith("fetch_") else None
    assert variable in DOC or (short and short in DOC), f"{variable} is missing from docs/serve.md"


def test_every_error_code_is_documented() -> None:
    codes = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.ServeError)
    }
    assert codes, "no error classes found"
    for code in sorted(codes):
        assert f"| {code} |" in DOC, f"{code} is missing from the error table of docs/serve.md"


def test_every_endpoint_is_documented(tmp_path: Path) -> None:
    from unspun.serve.app import create_app

    app = create_app(Settings(data_dir=tmp_path))
    paths = {p for p in app.openapi()["paths"] if p.startswith("/v1")}
    for path in sorted(paths):
        shown = path.replace("{analysis_id}", "{id}")
        assert shown in DOC, f"{path} is missing from docs/serve.md"
    app.state.service.store.close()
