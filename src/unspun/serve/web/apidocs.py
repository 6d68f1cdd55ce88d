"""The OpenAPI document as a readable list of operations (for ``/docs``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[tuple[str, str, bool, str]] = field(default_factory=list)
    body: str | None = None
    response: str | None = None


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return str(schema.get("type", "any"))


def _content_type(content: dict[str, Any] | None) -> str | None:
    if not content:
        return None
    media, spec = next(iter(content.items()))
    return f"{_type(spec.get('schema', {}))} ({media})"


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of ``spec``, in path order."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                (
                    p["name"],
                    _type(p.get("schema", {})),
                    bool(p.get("required")),
                    p.get("description", "") or p.get("schema", {}).get("description", ""),
                )
                for p in op.get("parameters", [])
            ]
            ok: dict[str, Any] = next(
                (r for code, r in op.get("responses", {}).items() if code.startswith("2")), {}
            )
            out.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    parameters=params,
                    body=_content_type(op.get("requestBody", {}).get("content")),
                    response=_content_type(ok.get("content")),
                )
            )
    return out
