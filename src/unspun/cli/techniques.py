"""``unspun techniques``: list the techniques unspun can flag, with definitions and examples."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable

import click

from unspun import taxonomy
from unspun.taxonomy import Category, Technique

_WIDTH = 88
#: Kept literal so importing the CLI reads no files; a test pins it to ``taxonomy.schemes()``.
SCHEME_CHOICES = ("semeval2023", "ptc", "all")


@click.command("techniques")
@click.option(
    "--scheme",
    type=click.Choice(SCHEME_CHOICES),
    default="semeval2023",
    show_default=True,
    help="Which labelling scheme to list; 'all' lists every scheme.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Output format: readable text, a JSON list of techniques, or Markdown.",
)
@click.option(
    "--category",
    "category_name",
    metavar="TEXT",
    default=None,
    help="Only list one category, by id or title (e.g. 'distraction' or 'Attack on reputation').",
)
def techniques_cli(scheme: str, fmt: str, category_name: str | None) -> None:
    """List the persuasion techniques unspun labels, grouped by category."""
    category: Category | None = None
    if category_name is not None:
        category = taxonomy.find_category(category_name)
        if category is None:
            known = ", ".join(c.id for c in taxonomy.categories())
            raise click.BadParameter(
                f"unknown category {category_name!r}; known categories: {known}.",
                param_hint="'--category'",
            )
    selected = taxonomy.schemes() if scheme == "all" else [scheme]
    chosen = {
        name: taxonomy.techniques(name, category.id if category else None) for name in selected
    }
    if fmt == "json":
        records = [t.model_dump(mode="json") for found in chosen.values() for t in found]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo("\n".join(_markdown(name, found) for name, found in chosen.items()).rstrip())
    else:
        click.echo("\n".join(_text(name, found) for name, found in chosen.items()).rstrip())


#: The name the lead adds to the CLI group (``cli.add_command(techniques)``).
techniques = techniques_cli


def _grouped(found: list[Technique]) -> Iterable[tuple[Category, list[Technique]]]:
    for category in taxonomy.categories():
        members = [t for t in found if t.category == category.id]
        if members:
            yield category, members


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, _WIDTH, initial_indent=indent, subsequent_indent=indent)


def _text(scheme: str, found: list[Technique]) -> str:
    info = taxonomy.default_taxonomy().scheme(scheme)
    count = f"{len(found)} technique{'' if len(found) == 1 else 's'}"
    header = f"{scheme}: {info.title}, {count}"
    lines = [header, "-" * len(header), ""]
    for category, members in _grouped(found):
        lines += [category.title, "=" * len(category.title), _wrap(category.description, ""), ""]
        for t in members:
            lines.append(f"  {t.title} [{t.name}]")
            lines.append(_wrap(t.definition, "    "))
            lines.append(_wrap(f"Example: {t.example}", "    "))
            if t.maps_to:
                lines.append(_wrap(f"Maps to {info.maps_to}: {', '.join(t.maps_to)}", "    "))
            lines.append("")
    return "\n".join(lines)


def _markdown(scheme: str, found: list[Technique]) -> str:
    info = taxonomy.default_taxonomy().scheme(scheme)
    lines = [f"# {info.title} (`{scheme}`)", "", info.description, ""]
    for category, members in _grouped(found):
        lines += [f"## {category.title}", "", category.description, ""]
        for t in members:
            lines += [f"### {t.title} (`{t.name}`)", "", t.definition, ""]
            lines += [f"> Example: {t.example}", ""]
            if t.maps_to:
                targets = ", ".join(f"`{name}`" for name in t.maps_to)
                lines += [f"Maps to {info.maps_to}: {targets}", ""]
    return "\n".join(lines)
