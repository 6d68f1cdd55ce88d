"""Docs that the tests keep honest: examples run, every component and command is documented."""

from __future__ import annotations

import re

from unspun.cli.main import cli
from unspun.pipeline.registry import available_factories

from .helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONFIG_DOC = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


def test_readme_python_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)
    record = namespace["record"]
    assert [f.label for f in record.findings] == ["vague"]  # type: ignore[attr-defined]


def test_every_builtin_component_is_documented() -> None:
    for name in available_factories():
        if name.startswith("unspun."):
            assert f"`{name}`" in CONFIG_DOC, f"{name} is missing from docs/configuration.md"


def test_every_command_is_in_the_readme() -> None:
    for command in cli.commands:
        assert f"unspun {command}" in README, f"`unspun {command}` is missing from README.md"


def test_readme_gives_the_two_setup_commands() -> None:
    assert "./scripts/example.sh" in README and "./scripts/test.sh" in README
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
