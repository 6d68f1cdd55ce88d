"""A small client for Label Studio's HTTP API: push tasks, pull a project's export.

Only what ``unspun label-studio push`` / ``pull`` need: create a project with unspun's
config, import tasks (with predictions), export the project as JSON. Standard library
only (``urllib``), so the feature needs no extra package.

Authentication: a legacy API token (``Authorization: Token ...``), or a personal access
token (a JWT), which is first exchanged for a short-lived access token at
``/api/token/refresh`` as Label Studio 1.17+ asks.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, ClassVar

from unspun.errors import ResourceError


class LabelStudioApiError(ResourceError):
    """Label Studio could not be reached, refused the token, or rejected a request."""

    code: ClassVar[str] = "E772"


def _looks_like_jwt(token: str) -> bool:
    return token.count(".") == 2 and token.startswith("eyJ")


class LabelStudioClient:
    """Calls one Label Studio server with one token."""

    def __init__(self, url: str, token: str, *, timeout: float = 120.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise LabelStudioApiError(
                f"{url!r} is not an http(s) address.",
                hint="Give the address you open Label Studio at, e.g. http://localhost:8080.",
            )
        if not token:
            raise LabelStudioApiError(
                "no API token was given.",
                hint="Copy it from Label Studio (Account & Settings) and pass --token or set "
                "LABEL_STUDIO_API_KEY.",
            )
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._authorization: str | None = None

    def _auth(self) -> str:
        if self._authorization is None:
            if _looks_like_jwt(self.token):
                access = self._call(
                    "POST", "/api/token/refresh", {"refresh": self.token}, auth=False
                )
                self._authorization = f"Bearer {access['access']}"
            else:
                self._authorization = f"Token {self.token}"
        return self._authorization

    def _call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: dict[str, str] | None = None,
        auth: bool = True,
    ) -> Any:
        url = self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if auth:
            headers["Authorization"] = self._auth()
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            hint = (
                "Check the token (Account & Settings in Label Studio)."
                if exc.code in (401, 403)
                else "Check the project id and that the project uses unspun's config."
            )
            raise LabelStudioApiError(
                f"Label Studio answered {exc.code} to {method} {path}: {detail}", hint=hint
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise LabelStudioApiError(
                f"cannot reach Label Studio at {self.url}: {reason}.",
                hint="Check that it is running and that the address and port are right.",
            ) from None
        return json.loads(payload.decode("utf-8")) if payload else None

    def create_project(self, title: str, label_config: str) -> dict[str, Any]:
        """A new project with this labelling config."""
        result: dict[str, Any] = self._call(
            "POST", "/api/projects", {"title": title, "label_config": label_config}
        )
        return result

    def import_tasks(self, project: int, tasks: list[dict[str, Any]]) -> dict[str, Any]:
        """Import tasks (with their predictions) into a project; Label Studio's counts."""
        result: dict[str, Any] = self._call("POST", f"/api/projects/{project}/import", tasks)
        return result

    def export(self, project: int) -> list[dict[str, Any]]:
        """Every task of a project, as the JSON export (annotations and predictions)."""
        result = self._call(
            "GET",
            f"/api/projects/{project}/export",
            params={"exportType": "JSON", "download_all_tasks": "true"},
        )
        if not isinstance(result, list):
            raise LabelStudioApiError(
                f"project {project}'s export is not a task list.",
                hint="Check the project id.",
            )
        return result
