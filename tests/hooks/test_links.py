"""Curated links: the data file, its validation, the shortcodes, the offline link checker.

The hook (docs/hooks/links.py, with docs/data/links.schema.json) and the maintainers'
checker (scripts/linkcheck_external.py). Nothing here uses the network.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import linkcheck_external as linkcheck
import pytest
import yaml
from mkdocs.exceptions import PluginError

from hooks import links

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


SEED_URLS = {
    "https://huggingface.co/learn/audio-course/en/chapter0/introduction",
    "https://www.audiolabs-erlangen.de/fau/professor/mueller",
    "https://www.audiolabs-erlangen.de/resources/MIR/PCP/PCP.html",
    "https://www.audiolabs-erlangen.de/resources/MIR/FMP/C0/C0.html",
    "https://www.soundsandwords.io/audio-loss-functions/",
}
PAGES = {"index.md", "learn-more/index.md", "hearing/pitch.md", "losses/index.md"}
TITLES = {"index.md": "Home", "hearing/pitch.md": "Pitch", "losses/index.md": "Learning from loss"}


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: custom tags (!ENV, !!python/name:...) become None."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def raw_data() -> dict:
    return yaml.safe_load((DOCS / "data" / "links.yml").read_text(encoding="utf-8"))


def real_links() -> links.Links:
    return links.validate(raw_data(), links.markdown_pages(DOCS))


def real_titles() -> dict[str, str]:
    return links.nav_titles(mkdocs_config()["nav"])


def good() -> dict:
    """A small valid data set: three topics, three entries covering them, one course unit."""
    entries = [
        {
            "id": f"entry-{i}",
            "title": "A title",
            "url": f"https://example.org/{i}",
            "author": "An Author",
            "kind": "paper",
            "topics": ["foundations", "pitch", "losses"],
            "why": "It explains the thing.",
            "verified": dt.date(2026, 11, 24),
        }
        for i in range(3)
    ]
    entries[0].update(kind="course-unit", unit=1, deepened_by=["hearing/pitch.md"])
    entries[1]["level"] = "practitioner"
    entries[2]["level"] = "beginner"
    topics = {
        "foundations": {"page": "index.md", "title": "Foundations"},
        "pitch": {"page": "hearing/pitch.md"},
        "losses": {"page": "losses/index.md"},
    }
    return {"topics": topics, "links": entries}


def check(data: dict) -> links.Links:
    return links.validate(data, PAGES)


def bad(mutate, match: str) -> None:
    """Apply mutate to a copy of good()'s entries and expect a PluginError matching `match`."""
    data = copy.deepcopy(good())
    mutate(data["links"])
    with pytest.raises(PluginError, match=match):
        check(data)


# --------------------------------------------------------------------------------------
# The real data file


def test_real_data_file_is_valid_and_large_enough():
    data = real_links()
    assert len(data.entries) >= 40
    assert {entry.kind for entry in data.entries} == set(links.KINDS), "every kind is used"
    for topic in data.topics:
        assert sum(topic in e.topics for e in data.entries) >= links.MIN_ENTRIES_PER_TOPIC, topic


def test_real_data_contains_the_seed_links_exactly():
    assert {entry.url for entry in real_links().entries} >= SEED_URLS


def test_real_data_has_the_course_units_0_to_8_each_deepened():
    units = {entry.unit: entry for entry in real_links().entries if entry.unit is not None}
    assert sorted(units) == list(range(9))
    for number, entry in units.items():
        assert entry.url.startswith("https://huggingface.co/learn/audio-course/en/chapter")
        assert f"chapter{number}/" in entry.url
        assert entry.deepened_by


def test_real_data_why_is_a_single_sentence():
    for entry in real_links().entries:
        # one full stop at the end, none in the middle followed by a capital letter
        assert not re.search(r"\.\s+[A-Z]", entry.why), entry.id


def test_every_topic_shown_on_a_page_renders_from_the_real_data():
    """Each `further_reading("tag")` on a page expands (>= 3 entries) and every topic page
    and course-unit page has a nav title."""
    data, titles = real_links(), real_titles()
    shown = set()
    for path in DOCS.rglob("*.md"):
        shown |= set(re.findall(r'further_reading\("([^"]+)"\)', path.read_text("utf-8")))
    assert shown >= {"audio-data", "loudness", "losses"}
    for topic in shown:
        lines = links.further_reading(data, topic).splitlines()
        assert len(lines) >= 3, topic
        assert all(line.startswith("- **[") for line in lines), topic
    text = links.links_by_topic(data, "learn-more/index.md", titles)
    assert "[Audio as data](../audio-as-data/index.md)" in text
    assert '??? note "Foundations (' in text


# --------------------------------------------------------------------------------------
# Validation: each rule fails on bad data, naming the entry id and the field


def test_good_fixture_is_valid():
    data = check(good())
    assert [entry.id for entry in data.entries] == ["entry-0", "entry-1", "entry-2"]
    assert data.topics["pitch"] == ("hearing/pitch.md", None)
    assert data.entries[0].verified == dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    "field", ["id", "title", "url", "author", "kind", "topics", "why", "verified"]
)
def test_missing_required_field(field):
    def mutate(entries):
        del entries[1][field]

    where = "entry #2" if field == "id" else "entry 'entry-1'"
    bad(mutate, f"{where}: field '{field}': is required")


@pytest.mark.parametrize("field", ["title", "author", "why", "url", "kind"])
def test_empty_text_field(field):
    bad(lambda e: e[1].update({field: "  "}), f"entry 'entry-1': field '{field}'")


def test_unknown_field_is_rejected():
    bad(lambda e: e[1].update(tpoics=["pitch"]), "entry 'entry-1': field 'tpoics': is not a known")


@pytest.mark.parametrize("value", ["Entry_1", "entry--1", "-entry", "entry 1"])
def test_id_must_be_kebab_case(value):
    bad(lambda e: e[1].update(id=value), f"field 'id': {value!r} is invalid")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x",  # not https
        "ftp://example.org/x",
        "https:///no-host",
        "https://localhost/x",  # no dotted host
        "https://example.org/a b",  # whitespace
        "https://example.org:port/x",  # does not parse
        "example.org/x",
    ],
)
def test_url_must_be_https_and_parse(url):
    bad(lambda e: e[1].update(url=url), "entry 'entry-1': field 'url': .*https, a dotted host")


def test_duplicate_id_url_and_unit():
    bad(lambda e: e[2].update(id="entry-1"), "entry 'entry-1': field 'id': 'entry-1' is also used")
    bad(
        lambda e: e[2].update(url="https://example.org/1"),
        "entry 'entry-2': field 'url': 'https://example.org/1' is also used by 'entry-1'",
    )

    def two_unit_ones(entries):
        entries[1].update(kind="course-unit", unit=1, deepened_by=["index.md"])

    bad(two_unit_ones, "entry 'entry-1': field 'unit': 1 is also used by 'entry-0'")


def test_unknown_tag():
    bad(lambda e: e[1]["topics"].append("timbre"), "entry 'entry-1': field 'topics': tag 'timbre'")


def test_topics_must_be_a_non_empty_list_of_distinct_tags():
    bad(lambda e: e[1].update(topics=[]), "entry 'entry-1': field 'topics'")
    bad(lambda e: e[1].update(topics="pitch"), "entry 'entry-1': field 'topics'")
    bad(lambda e: e[1].update(topics=["pitch", "pitch"]), "entry 'entry-1': field 'topics'")


def test_a_topic_page_must_exist():
    data = good()
    data["topics"]["pitch"]["page"] = "hearing/timbre.md"
    with pytest.raises(PluginError, match=r"topics: 'pitch': page 'hearing/timbre\.md' does not"):
        check(data)
    data["topics"]["pitch"] = {"page": "hearing/pitch.md", "colour": "red"}
    with pytest.raises(PluginError, match=r"topics/pitch: field 'colour': is not a known field"):
        check(data)


def test_kind_must_be_allowed():
    bad(lambda e: e[1].update(kind="video"), "entry 'entry-1': field 'kind': 'video' is invalid")


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", 20261124, dt.datetime(2026, 1, 1)])
def test_verified_must_be_a_date(value):
    bad(lambda e: e[1].update(verified=value), "entry 'entry-1': field 'verified'")


def test_verified_accepts_an_iso_string():
    data = good()
    data["links"][1]["verified"] = "2026-11-24"
    assert check(data).entries[1].verified == dt.date(2026, 11, 24)


def test_level_must_be_allowed():
    bad(lambda e: e[1].update(level="expert"), "entry 'entry-1': field 'level'")


def test_why_must_end_a_sentence():
    bad(lambda e: e[1].update(why="no full stop"), "entry 'entry-1': field 'why'")


def test_unit_rules():
    bad(lambda e: e[0].update(unit=9), "entry 'entry-0': field 'unit': 9 is invalid")
    bad(lambda e: e[0].update(unit=True), "entry 'entry-0': field 'unit': True is invalid")
    bad(lambda e: e[0].pop("deepened_by"), "entry 'entry-0': field 'deepened_by': is required")
    bad(lambda e: e[1].update(unit=2, deepened_by=["index.md"]), "field 'kind': only course-unit")
    bad(lambda e: e[1].update(deepened_by=["index.md"]), "field 'unit': is required with")
    bad(lambda e: e[0].update(deepened_by=["nope.md"]), "'nope.md' is not a page of this site")


def test_file_must_have_topics_and_a_links_list():
    with pytest.raises(PluginError, match="'links' list"):
        check({"entries": []})
    with pytest.raises(PluginError, match="'topics' is a required property"):
        check({"links": good()["links"]})


def test_unreadable_yaml_fails_the_build(tmp_path):
    path = tmp_path / "links.yml"
    path.write_text("links: [\n", encoding="utf-8")
    with pytest.raises(PluginError, match="cannot be read"):
        links.load(path, tmp_path)


# --------------------------------------------------------------------------------------
# Titles from the nav


def test_nav_titles_take_section_titles_for_untitled_pages():
    nav = [
        {"Home": "index.md"},
        {"Hearing": ["hearing/index.md", {"Pitch": "hearing/pitch.md"}]},
        "about.md",
    ]
    assert links.nav_titles(nav) == {
        "index.md": "Home",
        "hearing/index.md": "Hearing",
        "hearing/pitch.md": "Pitch",
        "about.md": "about.md",
    }
    titles = real_titles()
    assert titles["architectures/index.md"] == "Model architectures"
    assert titles["architectures/setting-1.md"] == "Setting 1: reuse the phase"
    with pytest.raises(PluginError, match=r"'nope\.md' is not in the nav"):
        links.page_title("nope.md", titles)


# --------------------------------------------------------------------------------------
# Rendering


def test_further_reading_lists_topic_entries_beginner_first():
    lines = links.further_reading(check(good()), "pitch").splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("- **[A title](https://example.org/2)**")  # beginner
    assert "https://example.org/1" in lines[1]  # practitioner
    assert lines[2].endswith("*course unit*. It explains the thing.")  # no level


def test_further_reading_needs_three_entries_of_a_known_topic():
    data = good()
    data["links"][2]["topics"].remove("losses")
    with pytest.raises(PluginError, match=r"topic 'losses' has 2 entries.*at least 3"):
        links.further_reading(check(data), "losses")
    with pytest.raises(PluginError, match="unknown topic 'timbre'"):
        links.further_reading(check(good()), "timbre")


def test_links_by_kind_groups_every_entry_once():
    data = real_links()
    text = links.links_by_kind(data)
    for entry in data.entries:
        assert text.count(f"]({entry.url})") == 1, entry.id
    headings = re.findall(r'^\?\?\? note "(.+) \((\d+)\)"$', text, flags=re.M)
    assert [h for h, _ in headings] == list(links.KINDS.values())
    assert sum(int(n) for _, n in headings) == len(data.entries)
    chapters = re.findall(r"audio-course/en/chapter(\d)/introduction", text)
    assert chapters == [str(n) for n in range(9)], "course units in unit order"
    assert "*library docs*" in text
    assert "*book chapter*" in text


def test_links_by_topic_links_each_topic_page_relative():
    text = links.links_by_topic(check(good()), "learn-more/index.md", TITLES)
    blocks = dict(re.findall(r'^\?\?\? note "(.+?) \(3\)"\n\n((?:    .*\n?|\n)+)', text, re.M))
    assert list(blocks) == ["Foundations", "Pitch", "Learning from loss"], "data order, nav titles"
    assert blocks["Pitch"].startswith("    Explained on this site: [Pitch](../hearing/pitch.md).")
    assert blocks["Foundations"].startswith("    Explained on this site: [Home](../index.md).")
    # every line of a block's body is indented, so the list stays inside the details block
    assert all(line.startswith("    ") for b in blocks.values() for line in b.splitlines() if line)


def test_details_indents_the_body_and_rejects_a_quote_in_the_summary():
    assert (
        links.details("Papers (2)", "- a\n\n- b") == '??? note "Papers (2)"\n\n    - a\n\n    - b'
    )
    with pytest.raises(PluginError, match="double quote"):
        links.details('Say "hi"', "- a")


def test_learning_path_goes_beginner_then_practitioner():
    text = links.learning_path(real_links())
    levels = re.findall(r"^1\. \*\*(Beginner|Practitioner):\*\*", text, flags=re.M)
    assert levels
    assert levels == sorted(levels)
    assert "Researcher" not in text
    assert len(levels) <= 12, "the path fits on one screen"


def test_hf_course_map_has_one_row_per_unit_with_relative_page_links():
    text = links.hf_course_map(real_links(), "learn-more/hf-audio-course.md", real_titles())
    rows = text.splitlines()[2:]
    assert len(rows) == 9
    assert rows[0].startswith("| [0: Welcome to the course](https://huggingface.co/")
    assert "[Pitch](../hearing/pitch.md)" in text
    assert "[Where to learn more](index.md)" in rows[8]
    assert "[Choosing a loss](../losses/choosing.md)" in rows[6], "TTS unit points to losses"


def test_expand_replaces_shortcodes_and_names_the_page_on_error():
    data = check(good())
    out = links.expand(
        'A\n\n{{ further_reading("pitch") }}\n\n{{ links_by_kind() }}\n',
        "hearing/pitch.md",
        data,
        TITLES,
    )
    assert "{{" not in out
    assert "https://example.org/0" in out
    with pytest.raises(PluginError, match=r"hearing/pitch.md: .*unknown topic 'nope'"):
        links.expand('{{ further_reading("nope") }}', "hearing/pitch.md", data, TITLES)
    with pytest.raises(PluginError, match="takes no argument"):
        links.expand('{{ links_by_kind("x") }}', "a.md", data, TITLES)
    # the figure/clip shortcodes belong to the other hook and are left alone
    assert links.expand('{{ figure("x") }}', "a.md", data, TITLES) == '{{ figure("x") }}'


def test_hook_is_registered_and_data_is_not_a_page():
    config = mkdocs_config()
    assert "docs/hooks/links.py" in config["hooks"]
    assert "/data/" in config["exclude_docs"].split()


# --------------------------------------------------------------------------------------
# No URL typed into any page

URL = re.compile(r"https?://")
ALLOWED = re.compile(r"http://127\.0\.0\.1\b")
SKIPPED = {"data", "hooks", "overrides"}


def typed_urls(docs: Path) -> list[str]:
    problems = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs)
        if rel.parts[0] in SKIPPED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if URL.search(ALLOWED.sub("", line)):
                problems.append(f"docs/{rel.as_posix()}:{number}: {line.strip()}")
    return problems


def test_no_url_is_typed_into_a_page():
    problems = typed_urls(DOCS)
    assert not problems, "URLs belong in docs/data/links.yml:\n" + "\n".join(problems)


def test_url_scan_finds_urls_and_allows_the_local_server(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.md").write_text(
        "ok\nserve at <http://127.0.0.1:8000>\nsee https://example.org\n", encoding="utf-8"
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.md").write_text("https://example.org\n", encoding="utf-8")
    assert typed_urls(tmp_path) == ["docs/a/page.md:3: see https://example.org"]


# --------------------------------------------------------------------------------------
# The external link checker, offline


def test_read_entries_returns_ids_and_urls_in_order():
    entries = linkcheck.read_entries(DOCS / "data" / "links.yml")
    assert entries[0] == (
        "hf-audio-course-unit-0",
        "https://huggingface.co/learn/audio-course/en/chapter0/introduction",
    )
    assert len(entries) == len(raw_data()["links"])


def test_fetch_uses_head_then_falls_back_to_get():
    calls = []

    def request(url, method, timeout):
        calls.append(method)
        if method == "HEAD":
            return 405, url
        return 200, url + "?final"

    assert linkcheck.fetch("https://a.org/x", request=request) == (
        200,
        "https://a.org/x?final",
        "GET",
        "",
    )
    assert calls == ["HEAD", "GET"]


def test_fetch_keeps_a_good_head_and_reports_network_errors():
    assert linkcheck.fetch("https://a.org", request=lambda u, m, t: (200, u + "/")) == (
        200,
        "https://a.org/",
        "HEAD",
        "",
    )

    def down(url, method, timeout):
        raise TimeoutError("timed out")

    status, final, method, error = linkcheck.fetch("https://a.org", request=down)
    assert (status, final, method) == (None, None, "GET")
    assert "HEAD: TimeoutError" in error
    assert "GET: TimeoutError" in error


def test_check_all_spaces_requests_to_one_host_by_at_least_the_interval():
    now = [0.0]
    fetched = []

    def fake_fetch(url):
        fetched.append((url, now[0]))
        now[0] += 0.2  # each request takes 0.2 s
        return 200, url, "HEAD", ""

    def sleep(seconds):
        assert seconds > 0
        now[0] += seconds

    entries = [("a", "https://x.org/1"), ("b", "https://y.org/1"), ("c", "https://x.org/2")]
    results = linkcheck.check_all(
        entries, fetch=fake_fetch, min_interval=1.0, clock=lambda: now[0], sleep=sleep
    )
    assert [r.id for r in results] == ["a", "b", "c"]
    times = dict((url, t) for url, t in fetched)
    # x.org's first request ended at 0.2 s; the next one to x.org starts >= 1 s later
    assert times["https://x.org/2"] >= 0.2 + 1.0 - 1e-12
    assert times["https://y.org/1"] == pytest.approx(0.2)  # another host: no wait


def test_format_table_marks_failures_and_redirects():
    results = [
        linkcheck.Result("a", "https://a.org", 200, "https://a.org", "HEAD"),
        linkcheck.Result("b", "https://b.org", 301 - 1, "https://b.org/new", "GET"),
        linkcheck.Result("c", "https://c.org", None, None, "GET", "GET: URLError: down"),
        linkcheck.Result("d", "https://d.org", 404, "https://d.org", "GET", "HEAD: 404"),
    ]
    table = linkcheck.format_table(results)
    lines = table.splitlines()
    assert lines[1].startswith("ok  200 HEAD")
    assert lines[1].endswith("(same)")
    assert lines[2].endswith("https://b.org/new")
    assert lines[3].startswith("FAIL ERR GET")
    assert lines[3].endswith("GET: URLError: down")
    assert lines[4].startswith("FAIL 404 GET")
    assert table.endswith("4 URLs checked, 2 failed.")


def test_main_exit_status_and_the_data_file_is_never_modified(tmp_path, capsys):
    data = tmp_path / "links.yml"
    data.write_text(
        "links:\n  - {id: a, url: 'https://a.org'}\n  - {id: b, url: 'https://b.org'}\n",
        encoding="utf-8",
    )
    before = data.read_bytes()
    ok = linkcheck.main(
        ["--data", str(data)], fetch_fn=lambda u: (200, u, "HEAD", ""), sleep=lambda s: None
    )
    assert ok == 0
    broken = linkcheck.main(
        ["--data", str(data)],
        fetch_fn=lambda u: (404, u, "GET", "HEAD: 404") if "b.org" in u else (200, u, "HEAD", ""),
        sleep=lambda s: None,
    )
    assert broken == 1
    out = capsys.readouterr().out
    assert "2 URLs checked, 1 failed." in out
    assert data.read_bytes() == before


def test_main_refuses_an_impolite_interval(tmp_path):
    with pytest.raises(SystemExit):
        linkcheck.main(["--min-interval", "0.1"], fetch_fn=lambda u: (200, u, "HEAD", ""))
