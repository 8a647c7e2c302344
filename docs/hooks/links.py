"""MkDocs hook: curated external links kept as data and rendered into pages.

Every external URL on the site lives in one file, `docs/data/links.yml`; pages never type
one. This hook loads and validates that file once per build (`on_config`) and expands
these shortcodes in page Markdown (`on_page_markdown`):

    {{ further_reading("loudness") }}   a topic's entries as a Markdown list: title linked,
                                        author, kind and the "why" sentence; beginner first
    {{ links_by_kind() }}               every entry, one collapsed block per kind
                                        (`??? note "Papers (15)"`, pymdownx.details)
    {{ links_by_topic() }}              one collapsed block per topic, opening with a link
                                        to the topic's page (left out while that page is
                                        absent), listing titles and kinds
    {{ learning_path() }}               a short numbered "where to start" path (titles and
                                        kinds): the `level: beginner` entries, then the
                                        `level: practitioner` ones, each in file order
    {{ hf_course_map() }}               a table of the HF Audio Course units (entries with
                                        `unit:`) and the site pages that deepen each one

Validation (a bad data file fails the build with a `PluginError` naming the entry id and
the field):

- every entry has exactly the known fields, and the required ones: `id`, `title`, `url`,
  `author`, `kind`, `topics`, `why`, `verified`; optional `level`, `unit`, `deepened_by`;
- `id` is kebab-case; `url` is an https URL that parses (scheme, host, no spaces);
- no two entries share an id or a URL;
- `kind` is one of `KINDS`; `level` one of `LEVELS`; `verified` is a date (YYYY-MM-DD);
- every tag in `topics` is a key of `TOPIC_PAGES`, the fixed tag -> page map;
- every topic in `TOPICS_NEEDING_ENTRIES` (the topics with a concept page) has at least
  `MIN_ENTRIES_PER_TOPIC` entries;
- `unit` (0-8, unique) is only for `course-unit` entries and comes with `deepened_by`, a
  non-empty list of page paths, each a page of the tag map or a page that exists in docs/.

The tag -> page map is fixed here, not derived from the docs folder: pages are written by
different people at different times. A tag whose page does not exist yet is still valid and
never breaks the build; the page is simply not linked (and an info line is logged) until it
exists. A page listed in `FUTURE_PAGES` (planned for later) is logged at debug level only.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.links")

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "docs" / "data" / "links.yml"
DATA_NAME = "docs/data/links.yml"

# Fixed tag -> page map (paths relative to docs/). Keep in step with the nav.
TOPIC_PAGES: dict[str, str] = {
    "loudness": "hearing/loudness.md",
    "pitch": "hearing/pitch.md",
    "stft-phase": "architectures/stft-and-phase.md",
    "phase-reconstruction": "architectures/phase-reconstruction.md",
    "setting-1": "architectures/setting-1.md",
    "setting-2": "architectures/setting-2.md",
    "setting-3": "architectures/setting-3.md",
    "architectures": "architectures/index.md",
    "losses": "losses/index.md",
    "foundations": "index.md",
}
TOPIC_TITLES: dict[str, str] = {
    "loudness": "Loudness",
    "pitch": "Pitch",
    "stft-phase": "STFT and phase",
    "phase-reconstruction": "Phase reconstruction",
    "setting-1": "Setting 1: reuse the phase",
    "setting-2": "Setting 2: rebuild the phase",
    "setting-3": "Setting 3: end to end",
    "architectures": "Model architectures",
    "losses": "Learning from loss",
    "foundations": "Foundations",
}
# How a page is named when a table links to it (the nav titles).
PAGE_TITLES: dict[str, str] = {
    "index.md": "Home",
    "hearing/loudness.md": "Loudness",
    "hearing/pitch.md": "Pitch",
    "architectures/index.md": "Model architectures",
    "architectures/stft-and-phase.md": "STFT and phase",
    "architectures/phase-reconstruction.md": "Phase reconstruction",
    "architectures/setting-1.md": "Setting 1",
    "architectures/setting-2.md": "Setting 2",
    "architectures/setting-3.md": "Setting 3",
    "losses/index.md": "Learning from loss",
    "losses/catalogue.md": "The loss catalogue",
    "losses/atlas.md": "The loss atlas",
    "losses/choosing.md": "Choosing a loss",
    "learn-more/index.md": "Where to learn more",
}
# Pages planned but not written yet: their absence is expected, not news.
FUTURE_PAGES: frozenset[str] = frozenset()
# Topics with a concept page (which prints `further_reading`) need enough entries.
TOPICS_NEEDING_ENTRIES = (
    "loudness",
    "pitch",
    "stft-phase",
    "phase-reconstruction",
    "setting-1",
    "setting-2",
    "setting-3",
    "architectures",
    "losses",
)
MIN_ENTRIES_PER_TOPIC = 3

# Kinds in display order, with their section titles.
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
KIND_LABELS: dict[str, str] = {
    "course-unit": "course unit",
    "tutorial": "tutorial",
    "notebook": "notebook",
    "book-chapter": "book chapter",
    "article": "article",
    "library-docs": "library docs",
    "paper": "paper",
    "standard": "standard",
}
LEVELS = ("beginner", "practitioner", "researcher")
# Sort rank: beginner first, unlevelled entries between practitioner and researcher.
LEVEL_RANK = {"beginner": 0, "practitioner": 1, None: 2, "researcher": 3}
UNITS = range(0, 9)

REQUIRED = ("id", "title", "url", "author", "kind", "topics", "why", "verified")
OPTIONAL = ("level", "unit", "deepened_by")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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


class LinksError(PluginError):
    """The links data file is invalid (message names the entry and the field)."""


# --------------------------------------------------------------------------------------
# Loading and validation


def _fail(where: str, field: str, problem: str) -> LinksError:
    return LinksError(f"{DATA_NAME}: {where}: field {field!r}: {problem}")


def _text(raw: dict, where: str, field: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, field, f"must be a non-empty string, got {value!r}")
    return " ".join(value.split())


def _https_url(value: str, where: str) -> str:
    if any(ch.isspace() for ch in value):
        raise _fail(where, "url", f"contains whitespace: {value!r}")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError as exc:
        raise _fail(where, "url", f"does not parse ({exc}): {value!r}") from None
    if parts.scheme != "https":
        raise _fail(where, "url", f"must use https, got {value!r}")
    if not parts.hostname or "." not in parts.hostname:
        raise _fail(where, "url", f"has no valid host: {value!r}")
    return value


def _date(value, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _fail(where, "verified", f"must be a date (YYYY-MM-DD), not a time: {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(where, "verified", f"must be a date (YYYY-MM-DD), got {value!r}")


def _entry(raw, index: int, known_pages: set[str]) -> Link:
    if not isinstance(raw, dict):
        raise _fail(f"entry #{index + 1}", "id", f"entry must be a mapping, got {raw!r}")
    raw_id = raw.get("id")
    where = f"entry {raw_id!r}" if isinstance(raw_id, str) else f"entry #{index + 1}"
    for field in REQUIRED:
        if field not in raw:
            raise _fail(where, field, "is required")
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise _fail(where, unknown[0], f"is not a known field (known: {REQUIRED + OPTIONAL})")

    entry_id = _text(raw, where, "id")
    if not ID_RE.match(entry_id):
        raise _fail(where, "id", f"must be kebab-case (a-z, 0-9, single hyphens): {entry_id!r}")
    title = _text(raw, where, "title")
    url = _https_url(_text(raw, where, "url"), where)
    author = _text(raw, where, "author")
    kind = _text(raw, where, "kind")
    if kind not in KINDS:
        raise _fail(where, "kind", f"{kind!r} is not one of {tuple(KINDS)}")

    topics = raw["topics"]
    if not isinstance(topics, list) or not topics:
        raise _fail(where, "topics", f"must be a non-empty list of tags, got {topics!r}")
    for tag in topics:
        if tag not in TOPIC_PAGES:
            raise _fail(where, "topics", f"tag {tag!r} has no page; tags: {tuple(TOPIC_PAGES)}")
    if len(set(topics)) != len(topics):
        raise _fail(where, "topics", f"lists a tag twice: {topics!r}")

    why = _text(raw, where, "why")
    if not why.endswith("."):
        raise _fail(where, "why", "must be one sentence ending with a full stop")
    verified = _date(raw["verified"], where)

    level = raw.get("level")
    if level is not None and level not in LEVELS:
        raise _fail(where, "level", f"{level!r} is not one of {LEVELS}")

    unit = raw.get("unit")
    deepened_by = raw.get("deepened_by")
    if unit is not None:
        if kind != "course-unit":
            raise _fail(where, "unit", f"only course-unit entries have a unit (kind is {kind!r})")
        if not isinstance(unit, int) or isinstance(unit, bool) or unit not in UNITS:
            raise _fail(where, "unit", f"must be an integer 0-8, got {unit!r}")
        if deepened_by is None:
            raise _fail(where, "deepened_by", "is required with 'unit'")
    if deepened_by is not None:
        if unit is None:
            raise _fail(where, "deepened_by", "only entries with a 'unit' have it")
        if not isinstance(deepened_by, list) or not deepened_by:
            raise _fail(where, "deepened_by", f"must be a non-empty list, got {deepened_by!r}")
        for page in deepened_by:
            if page not in known_pages:
                raise _fail(where, "deepened_by", f"{page!r} is not a page of this site")

    return Link(
        id=entry_id,
        title=title,
        url=url,
        author=author,
        kind=kind,
        topics=tuple(topics),
        why=why,
        verified=verified,
        level=level,
        unit=unit,
        deepened_by=tuple(deepened_by or ()),
    )


def validate(data, existing_pages: set[str]) -> list[Link]:
    """Validate the parsed YAML (`{"links": [...]}`); return the entries in file order.

    `existing_pages` are the Markdown pages present in docs/ (paths relative to it); a
    `deepened_by` page must be one of them or a page of the fixed tag map.
    """
    if not isinstance(data, dict) or not isinstance(data.get("links"), list):
        raise LinksError(f"{DATA_NAME}: the file must be a mapping with a 'links' list")
    known_pages = set(existing_pages) | set(TOPIC_PAGES.values())
    links = [_entry(raw, i, known_pages) for i, raw in enumerate(data["links"])]

    seen_ids: dict[str, str] = {}
    seen_urls: dict[str, str] = {}
    seen_units: dict[int, str] = {}
    for link in links:
        if link.id in seen_ids:
            raise _fail(f"entry {link.id!r}", "id", "is used by two entries")
        seen_ids[link.id] = link.id
        if link.url in seen_urls:
            raise _fail(f"entry {link.id!r}", "url", f"is also used by {seen_urls[link.url]!r}")
        seen_urls[link.url] = link.id
        if link.unit is not None:
            if link.unit in seen_units:
                other = seen_units[link.unit]
                raise _fail(f"entry {link.id!r}", "unit", f"{link.unit} is also {other!r}")
            seen_units[link.unit] = link.id

    for topic in TOPICS_NEEDING_ENTRIES:
        count = sum(topic in link.topics for link in links)
        if count < MIN_ENTRIES_PER_TOPIC:
            raise LinksError(
                f"{DATA_NAME}: topic {topic!r} (field 'topics') has {count} entries; "
                f"its page needs at least {MIN_ENTRIES_PER_TOPIC}"
            )
    return links


def markdown_pages(docs_dir: Path) -> set[str]:
    """The Markdown pages under docs_dir, as POSIX paths relative to it."""
    return {p.relative_to(docs_dir).as_posix() for p in Path(docs_dir).rglob("*.md")}


def load(path: Path, docs_dir: Path) -> list[Link]:
    """Read and validate the data file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LinksError(f"{DATA_NAME}: cannot be read: {exc}") from None
    return validate(data, markdown_pages(Path(docs_dir)))


# --------------------------------------------------------------------------------------
# Rendering (pure functions of the entries; `page_uri` is the page being rendered)


def sort_key(link: Link) -> tuple:
    """Beginner first, then by kind (courses and tutorials before papers), unit, title."""
    unit = -1 if link.unit is None else link.unit
    return (LEVEL_RANK[link.level], list(KINDS).index(link.kind), unit, link.title.lower())


def kind_sort_key(link: Link) -> tuple:
    """Within one kind: course units in unit order, then the rest beginner first."""
    return (link.unit is None, link.unit or 0, *sort_key(link))


def _item(link: Link) -> str:
    return (
        f"- **[{link.title}]({link.url})**. {link.author}; *{KIND_LABELS[link.kind]}*. {link.why}"
    )


def _short_item(link: Link) -> str:
    return f"- [{link.title}]({link.url}) (*{KIND_LABELS[link.kind]}*)"


def further_reading(links: list[Link], topic: str) -> str:
    """The Markdown list of a topic's entries, beginner first."""
    if topic not in TOPIC_PAGES:
        raise LinksError(f"further_reading: unknown topic {topic!r}; topics: {tuple(TOPIC_PAGES)}")
    chosen = sorted((link for link in links if topic in link.topics), key=sort_key)
    if not chosen:
        raise LinksError(f"further_reading: no entry in {DATA_NAME} has topic {topic!r}")
    return "\n".join(_item(link) for link in chosen)


def page_link(target: str, page_uri: str, existing_pages: set[str], text: str) -> str:
    """A Markdown link from page_uri to target, or plain text while target does not exist."""
    if target not in existing_pages:
        return text
    rel = posixpath.relpath(target, posixpath.dirname(page_uri) or ".")
    return f"[{text}]({rel})"


def details(summary: str, body: str) -> str:
    """A collapsed pymdownx.details block (`??? note "summary"`) holding Markdown `body`."""
    if '"' in summary:
        raise LinksError(f"details: a summary cannot contain a double quote: {summary!r}")
    indented = "\n".join(f"    {line}" if line else "" for line in body.splitlines())
    return f'??? note "{summary}"\n\n{indented}'


def links_by_kind(links: list[Link]) -> str:
    """Every entry, in one collapsed block per kind ("Papers (15)"), beginner first in each."""
    blocks = []
    for kind, heading in KINDS.items():
        chosen = sorted((link for link in links if link.kind == kind), key=kind_sort_key)
        if chosen:
            items = "\n".join(_item(link) for link in chosen)
            blocks.append(details(f"{heading} ({len(chosen)})", items))
    return "\n\n".join(blocks)


def links_by_topic(links: list[Link], page_uri: str, existing_pages: set[str]) -> str:
    """One collapsed block per topic: a link to its page (when it exists), then the titles."""
    blocks = []
    for topic, target in TOPIC_PAGES.items():
        chosen = sorted((link for link in links if topic in link.topics), key=sort_key)
        if not chosen:
            continue
        title = TOPIC_TITLES[topic]
        items = "\n".join(_short_item(link) for link in chosen)
        if target in existing_pages:  # a page that does not exist yet is simply not named
            page = page_link(target, page_uri, existing_pages, page_title(target))
            items = f"Explained on this site: {page}.\n\n{items}"
        blocks.append(details(f"{title} ({len(chosen)})", items))
    return "\n\n".join(blocks)


def learning_path(links: list[Link]) -> str:
    """A numbered path: beginner entries, then practitioner entries, each in file order."""
    steps = []
    for level in ("beginner", "practitioner"):
        chosen = [link for link in links if link.level == level]
        for link in chosen:
            kind = KIND_LABELS[link.kind]
            steps.append(f"1. **{level.capitalize()}:** [{link.title}]({link.url}) (*{kind}*)")
    if not steps:
        raise LinksError(
            f"learning_path: no entry in {DATA_NAME} has a beginner/practitioner level"
        )
    return "\n".join(steps)


def hf_course_map(links: list[Link], page_uri: str, existing_pages: set[str]) -> str:
    """A table: course unit, what it teaches, the site pages that deepen it."""
    units = sorted((link for link in links if link.unit is not None), key=lambda link: link.unit)
    if not units:
        raise LinksError(f"hf_course_map: no entry in {DATA_NAME} has a 'unit'")
    rows = ["| Unit | What it teaches | Go deeper here |", "|---|---|---|"]
    for link in units:
        pages = ", ".join(
            page_link(page, page_uri, existing_pages, page_title(page)) for page in link.deepened_by
        )
        name = link.title.split(": ", 1)[-1]
        rows.append(f"| [{link.unit}: {name}]({link.url}) | {link.why} | {pages} |")
    return "\n".join(rows)


def page_title(page: str) -> str:
    """The name a page path is shown under in tables (its nav title where known)."""
    if page in PAGE_TITLES:
        return PAGE_TITLES[page]
    stem = page.removesuffix(".md").removesuffix("/index")
    return stem.rsplit("/", 1)[-1].replace("-", " ").capitalize()


# --------------------------------------------------------------------------------------
# MkDocs events

_state: dict = {"links": None, "pages": set()}


def on_config(config):
    """Load and validate docs/data/links.yml once per build."""
    docs_dir = Path(config["docs_dir"])
    links = load(DATA, docs_dir)
    pages = markdown_pages(docs_dir)
    for topic, page in TOPIC_PAGES.items():
        if page in pages:
            continue
        if page in FUTURE_PAGES:
            log.debug("links: %s (topic %r) is a planned page; not linked yet", page, topic)
        else:
            log.info("links: %s (topic %r) does not exist yet; not linked", page, topic)
    _state["links"] = links
    _state["pages"] = pages
    return config


def expand(markdown: str, page_uri: str, links: list[Link], pages: set[str]) -> str:
    """Replace this hook's shortcodes in one page's Markdown."""

    def replace(match: re.Match) -> str:
        name, arg = match.groups()
        try:
            if name == "further_reading":
                if arg is None:
                    raise LinksError('further_reading needs a topic: further_reading("pitch")')
                return further_reading(links, arg)
            if arg is not None:
                raise LinksError(f"{name}() takes no argument, got {arg!r}")
            if name == "links_by_kind":
                return links_by_kind(links)
            if name == "links_by_topic":
                return links_by_topic(links, page_uri, pages)
            if name == "learning_path":
                return learning_path(links)
            return hf_course_map(links, page_uri, pages)
        except LinksError as exc:
            raise LinksError(f"{page_uri}: {exc}") from None

    return SHORTCODE.sub(replace, markdown)


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Expand further_reading, links_by_kind, links_by_topic, learning_path, hf_course_map."""
    if _state["links"] is None:  # on_config always runs first; this guards direct use
        on_config(config)
    return expand(markdown, page.file.src_uri, _state["links"], _state["pages"])
