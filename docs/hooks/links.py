"""MkDocs hook: curated external links kept as data and rendered into pages.

Every external URL on the site lives in one file, `docs/data/links.yml`; pages never type
one. This hook loads and validates that file once per build (`on_config`) and expands
these shortcodes in page Markdown (`on_page_markdown`):

    {{ further_reading("loudness") }}   a topic's entries as a Markdown list: title linked,
                                        author, kind and the "why" sentence; beginner first
    {{ links_by_kind() }}               every entry, one collapsed block per kind
    {{ links_by_topic() }}              one collapsed block per topic, opening with a link
                                        to the topic's page
    {{ learning_path() }}               a numbered "where to start" path: the beginner
                                        entries, then the practitioner ones, in file order
    {{ hf_course_map() }}               a table of the HF Audio Course units (entries with
                                        `unit:`) and the site pages that deepen each one

The file's shape (fields, types, kinds, levels, https URLs, dates, units) is declared in
`docs/data/links.schema.json` and checked with jsonschema; this hook adds the rules that
relate entries to each other: unique ids, URLs and units, topic tags declared under
`topics:`, `deepened_by` pages that exist, and at least `MIN_ENTRIES_PER_TOPIC` entries
for every topic a page shows with `further_reading`. A bad file fails the build with a
`PluginError` naming the entry and the field. Page names come from the nav in mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "docs" / "data" / "links.yml"
SCHEMA = ROOT / "docs" / "data" / "links.schema.json"
DATA_NAME = "docs/data/links.yml"
MIN_ENTRIES_PER_TOPIC = 3

# Kinds in display order, with their section titles and inline labels.
KINDS: dict[str, str] = {
    "course-unit": "Course units",
    "tutorial": "Tutorials",
    "notebook": "Notebooks",
    "book-chapter": "Book chapters",
    "article": "Articles",
    "library-docs": "Library documentation",
    "paper": "Papers",
    "standard": "Standards",
}
# Sort rank: beginner first, unlevelled entries between practitioner and researcher.
LEVEL_RANK = {"beginner": 0, "practitioner": 1, None: 2, "researcher": 3}
SHORTCODE = re.compile(
    r"\{\{\s*(further_reading|links_by_kind|links_by_topic|learning_path|hf_course_map)"
    r"\(\s*(?:\"([^\"]*)\"\s*)?\)\s*\}\}"
)


@dataclass(frozen=True)
class Link:
    """One validated entry of the data file."""

    id: str
    title: str
    url: str
    author: str
    kind: str
    topics: tuple[str, ...]
    why: str
    verified: dt.date
    level: str | None = None
    unit: int | None = None
    deepened_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Links:
    """The validated file: topic tag -> (page, title or None), and the entries in order."""

    topics: dict[str, tuple[str, str | None]]
    entries: list[Link]


class LinksError(PluginError):
    """The links data file is invalid (message names the entry and the field)."""


# --------------------------------------------------------------------------------------
# Loading and validation


def _fail(where: str, field: str, problem: str) -> LinksError:
    return LinksError(f"{DATA_NAME}: {where}: field {field!r}: {problem}")


def _where(data, index: int) -> str:
    raw_id = data["links"][index].get("id") if isinstance(data["links"][index], dict) else None
    return f"entry {raw_id!r}" if isinstance(raw_id, str) else f"entry #{index + 1}"


def _schema_error(data, error: jsonschema.ValidationError) -> LinksError:
    path = list(error.absolute_path)
    if error.validator in ("required", "dependentRequired"):  # "'x' is a ... 'y'"
        field = re.match(r"'([^']+)'", error.message).group(1)
        problem = "is required"
        if error.validator == "dependentRequired":
            problem += f" with {error.message.rsplit(' ', 1)[-1]}"
    elif error.validator == "additionalProperties":
        field = re.search(r"'([^']+)' was unexpected", error.message).group(1)
        problem = "is not a known field"
    else:
        field = next((p for p in path[2:] if isinstance(p, str)), path[-1] if path else "")
        value = error.instance
        hint = error.schema.get("description") or error.message
        problem = f"{value!r} is invalid: {hint}"
        if error.validator == "const":
            problem = f"only course-unit entries have a unit (kind is {value!r})"
    if len(path) >= 2 and path[0] == "links":
        return _fail(_where(data, path[1]), str(field), problem)
    if not path:
        return LinksError(f"{DATA_NAME}: {error.message}")
    return _fail("/".join(str(p) for p in path), str(field), problem)


def validate(data, existing_pages: set[str]) -> Links:
    """Validate the parsed YAML (`{"topics": {...}, "links": [...]}`).

    `existing_pages` are the Markdown pages present in docs/ (paths relative to it): every
    topic page and every `deepened_by` page must be one of them.
    """
    if not isinstance(data, dict) or not isinstance(data.get("links"), list):
        raise LinksError(f"{DATA_NAME}: the file must be a mapping with a 'links' list")
    # YAML reads `2026-11-24` as a date; the schema checks it as text (`format: date`)
    data = json.loads(json.dumps(data, default=str))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise _schema_error(data, error)

    topics = {tag: (t["page"], t.get("title")) for tag, t in data["topics"].items()}
    for tag, (page, _) in topics.items():
        if page not in existing_pages:
            raise LinksError(f"{DATA_NAME}: topics: {tag!r}: page {page!r} does not exist")
    entries: list[Link] = []
    seen: dict[str, dict] = {"id": {}, "url": {}, "unit": {}}
    for index, raw in enumerate(data["links"]):
        where = _where(data, index)
        for tag in raw["topics"]:
            if tag not in topics:
                raise _fail(where, "topics", f"tag {tag!r} is not under topics: {tuple(topics)}")
        for page in raw.get("deepened_by", ()):
            if page not in existing_pages:
                raise _fail(where, "deepened_by", f"{page!r} is not a page of this site")
        for field in ("id", "url", "unit"):
            value = raw.get(field)
            if value is None:
                continue
            if value in seen[field]:
                raise _fail(where, field, f"{value!r} is also used by {seen[field][value]!r}")
            seen[field][value] = raw["id"]
        # the schema allows exactly Link's fields; text is whitespace-normalised
        fields = {f: " ".join(raw[f].split()) for f in ("title", "author", "why")}
        fields.update(topics=tuple(raw["topics"]), deepened_by=tuple(raw.get("deepened_by", ())))
        fields["verified"] = dt.date.fromisoformat(raw["verified"])
        entries.append(Link(**{**raw, **fields}))
    return Links(topics, entries)


def markdown_pages(docs_dir: Path) -> set[str]:
    """The Markdown pages under docs_dir, as POSIX paths relative to it."""
    return {p.relative_to(docs_dir).as_posix() for p in Path(docs_dir).rglob("*.md")}


def load(path: Path, docs_dir: Path) -> Links:
    """Read and validate the data file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LinksError(f"{DATA_NAME}: cannot be read: {exc}") from None
    return validate(data, markdown_pages(Path(docs_dir)))


def nav_titles(nav, section: str | None = None) -> dict[str, str]:
    """Page path -> its title in the nav; a section's untitled page takes the section's."""
    titles: dict[str, str] = {}
    for item in nav or ():
        if isinstance(item, str):
            titles.setdefault(item, section or item)
            continue
        for title, value in item.items():
            if isinstance(value, str):
                titles.setdefault(value, title)
            else:
                titles.update(
                    {k: v for k, v in nav_titles(value, title).items() if k not in titles}
                )
    return titles


# --------------------------------------------------------------------------------------
# Rendering (pure functions of the data; `page_uri` is the page being rendered, `titles`
# maps page paths to their nav titles)


def sort_key(link: Link) -> tuple:
    """Beginner first, then by kind (courses and tutorials before papers), unit, title."""
    unit = -1 if link.unit is None else link.unit
    return (LEVEL_RANK[link.level], list(KINDS).index(link.kind), unit, link.title.lower())


def _label(link: Link) -> str:
    return KINDS[link.kind].lower().removesuffix("s").replace("documentation", "docs")


def _item(link: Link) -> str:
    return f"- **[{link.title}]({link.url})**. {link.author}; *{_label(link)}*. {link.why}"


def further_reading(data: Links, topic: str) -> str:
    """The Markdown list of a topic's entries, beginner first (at least three)."""
    if topic not in data.topics:
        raise LinksError(f"further_reading: unknown topic {topic!r}; topics: {tuple(data.topics)}")
    chosen = sorted((link for link in data.entries if topic in link.topics), key=sort_key)
    if len(chosen) < MIN_ENTRIES_PER_TOPIC:
        raise LinksError(
            f"further_reading: topic {topic!r} has {len(chosen)} entries in {DATA_NAME}; "
            f"a page needs at least {MIN_ENTRIES_PER_TOPIC}"
        )
    return "\n".join(_item(link) for link in chosen)


def page_link(target: str, page_uri: str, text: str) -> str:
    """A relative Markdown link from page_uri to target."""
    return f"[{text}]({posixpath.relpath(target, posixpath.dirname(page_uri) or '.')})"


def details(summary: str, body: str) -> str:
    """A collapsed pymdownx.details block (`??? note "summary"`) holding Markdown `body`."""
    if '"' in summary:
        raise LinksError(f"details: a summary cannot contain a double quote: {summary!r}")
    indented = "\n".join(f"    {line}" if line else "" for line in body.splitlines())
    return f'??? note "{summary}"\n\n{indented}'


def links_by_kind(data: Links) -> str:
    """Every entry, in one collapsed block per kind ("Papers (15)"); course units in order."""
    blocks = []
    for kind, heading in KINDS.items():
        chosen = [link for link in data.entries if link.kind == kind]
        chosen.sort(key=lambda link: (link.unit is None, link.unit or 0, *sort_key(link)))
        if chosen:
            items = "\n".join(_item(link) for link in chosen)
            blocks.append(details(f"{heading} ({len(chosen)})", items))
    return "\n\n".join(blocks)


def links_by_topic(data: Links, page_uri: str, titles: dict[str, str]) -> str:
    """One collapsed block per topic: a link to its page, then the entries' titles."""
    blocks = []
    for topic, (page, title) in data.topics.items():
        chosen = sorted((link for link in data.entries if topic in link.topics), key=sort_key)
        if not chosen:
            continue
        items = "\n".join(f"- [{link.title}]({link.url}) (*{_label(link)}*)" for link in chosen)
        here = page_link(page, page_uri, page_title(page, titles))
        name = title or page_title(page, titles)
        blocks.append(
            details(f"{name} ({len(chosen)})", f"Explained on this site: {here}.\n\n{items}")
        )
    return "\n\n".join(blocks)


def learning_path(data: Links) -> str:
    """A numbered path: beginner entries, then practitioner entries, each in file order."""
    steps = [
        f"1. **{level.capitalize()}:** [{link.title}]({link.url}) (*{_label(link)}*)"
        for level in ("beginner", "practitioner")
        for link in data.entries
        if link.level == level
    ]
    if not steps:
        raise LinksError(
            f"learning_path: no entry in {DATA_NAME} has a beginner/practitioner level"
        )
    return "\n".join(steps)


def hf_course_map(data: Links, page_uri: str, titles: dict[str, str]) -> str:
    """A table: course unit, what it teaches, the site pages that deepen it."""
    units = sorted((link for link in data.entries if link.unit is not None), key=lambda x: x.unit)
    if not units:
        raise LinksError(f"hf_course_map: no entry in {DATA_NAME} has a 'unit'")
    rows = ["| Unit | What it teaches | Go deeper here |", "|---|---|---|"]
    for link in units:
        pages = ", ".join(page_link(p, page_uri, page_title(p, titles)) for p in link.deepened_by)
        name = link.title.split(": ", 1)[-1]
        rows.append(f"| [{link.unit}: {name}]({link.url}) | {link.why} | {pages} |")
    return "\n".join(rows)


def page_title(page: str, titles: dict[str, str]) -> str:
    """A page's nav title; a page outside the nav is a build error."""
    if page not in titles:
        raise LinksError(f"{page!r} is not in the nav of mkdocs.yml, so it has no title")
    return titles[page]


# --------------------------------------------------------------------------------------
# MkDocs events

_state: dict = {"data": None, "titles": {}}


def on_config(config):
    """Load and validate docs/data/links.yml once per build; read page titles from the nav."""
    _state["data"] = load(DATA, Path(config["docs_dir"]))
    _state["titles"] = nav_titles(config["nav"])
    return config


def expand(markdown: str, page_uri: str, data: Links, titles: dict[str, str]) -> str:
    """Replace this hook's shortcodes in one page's Markdown."""

    def replace(match: re.Match) -> str:
        name, arg = match.groups()
        try:
            if name == "further_reading":
                if arg is None:
                    raise LinksError('further_reading needs a topic: further_reading("pitch")')
                return further_reading(data, arg)
            if arg is not None:
                raise LinksError(f"{name}() takes no argument, got {arg!r}")
            if name == "links_by_kind":
                return links_by_kind(data)
            if name == "links_by_topic":
                return links_by_topic(data, page_uri, titles)
            if name == "learning_path":
                return learning_path(data)
            return hf_course_map(data, page_uri, titles)
        except LinksError as exc:
            raise LinksError(f"{page_uri}: {exc}") from None

    return SHORTCODE.sub(replace, markdown)


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Expand further_reading, links_by_kind, links_by_topic, learning_path, hf_course_map."""
    return expand(markdown, page.file.src_uri, _state["data"], _state["titles"])
