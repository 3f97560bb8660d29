"""Front matter, Markdown, saved web pages, --title and --url (ledger/sources.py)."""

import sys

import pytest
from cli_helpers import DATE, GAO, invoke

from ledger import sources, store
from ledger.ingest import Decoded


def articles(tmp_path) -> list[dict]:
    db = store.open_ledger(tmp_path / "ledger.db")
    return list(
        db.query("SELECT file, title, published, published_from, url, text FROM articles ORDER BY id")
    )


def incidents(tmp_path) -> list[dict]:
    return store.list_incidents(store.open_ledger(tmp_path / "ledger.db"))


FRONT_MATTER_MD = """---
title: "Patrol ambushed outside Ménaka"
date: 2023-05-12T09:00:00+01:00
url: https://example.org/menaka-patrol
tags: sahel
---
# Patrol ambushed outside Ménaka

**Six Nigerien soldiers** were killed on Tuesday when a patrol was ambushed near
[Ménaka](https://example.org/places/menaka), Mali, officials said.
"""


def test_markdown_front_matter_gives_title_date_and_url(runner, article, tmp_path):
    result = invoke(runner, "ingest", article("patrol.md", FRONT_MATTER_MD))
    assert result.exit_code == 0, result.output
    [stored] = articles(tmp_path)
    assert stored["title"] == "Patrol ambushed outside Ménaka"
    assert (stored["published"], stored["published_from"]) == ("2023-05-12", "published-line")
    assert stored["url"] == "https://example.org/menaka-patrol"
    # The text the extractor read: header, then the body without front matter or markup.
    assert stored["text"].startswith("Patrol ambushed outside Ménaka\nPublished: 2023-05-12\n\nSix Nigerien")
    assert "---" not in stored["text"] and "**" not in stored["text"] and "](" not in stored["text"]
    [incident] = incidents(tmp_path)
    assert (incident["killed_low"], incident["date_start"]) == (6, "2023-05-09")  # Tuesday before


def test_a_front_matter_date_wins_over_the_date_option(runner, article, tmp_path):
    text = "---\ndate: 2024-02-02\n---\nAmbush near Gao\n12 soldiers were killed on Monday near Gao, Mali.\n"
    assert invoke(runner, "ingest", article("gao.txt", text), *DATE).exit_code == 0
    [stored] = articles(tmp_path)
    assert stored["published"] == "2024-02-02" and stored["title"] == "Ambush near Gao"
    assert stored["text"].startswith("Ambush near Gao\nPublished: 2024-02-02\n\n12 soldiers")


def test_a_bad_front_matter_date_is_a_warning(runner, article, tmp_path):
    text = "---\ndate: last spring\n---\nAmbush near Gao\n12 soldiers were killed on Monday near Gao, Mali.\n"
    result = invoke(runner, "ingest", article("gao.txt", text), *DATE)
    assert result.exit_code == 0
    assert "gao.txt: warning: front matter date 'last spring' is not a date; ignored" in result.stderr
    assert articles(tmp_path)[0]["published"] == "2024-11-22"


def test_front_matter_alone_is_refused(runner, article):
    result = invoke(runner, "ingest", article("empty.md", "---\ntitle: Nothing\n---\n\n"))
    assert result.exit_code == 1
    assert "empty.md: no article text left after the front matter" in result.stderr


def test_plain_text_without_front_matter_is_unchanged(runner, article, tmp_path):
    assert invoke(runner, "ingest", article("gao.txt", GAO), *DATE).exit_code == 0
    [stored] = articles(tmp_path)
    assert stored["text"] == GAO and stored["url"] is None


def test_title_and_url_options_are_kept(runner, article, tmp_path):
    url = "https://example.org/gao"
    result = invoke(runner, "ingest", article("gao.txt", GAO), *DATE, "--title", "Gao ambush", "--url", url)
    assert result.exit_code == 0, result.output
    [stored] = articles(tmp_path)
    assert (stored["title"], stored["url"]) == ("Gao ambush", url)
    assert stored["text"] == GAO  # the text itself is as given


def test_show_names_the_url_of_each_source(runner, article):
    invoke(runner, "ingest", article("gao.txt", GAO), *DATE, "--url", "https://example.org/gao")
    lines = invoke(runner, "show", "1").stdout.splitlines()
    assert lines[lines.index("    title: Ambush near Gao") + 1] == "    url: https://example.org/gao"


def test_title_and_url_name_one_article(runner, article, tmp_path):
    paths = article("a.txt", GAO), article("b.txt", "Other\n3 soldiers were killed on Monday in Gao.\n")
    result = invoke(runner, "ingest", *paths, *DATE, "--url", "https://example.org")
    assert result.exit_code == 2
    assert "--title and --url describe one article" in result.stderr
    assert invoke(runner, "ingest", tmp_path, *DATE, "--title", "T").exit_code == 2


# Web pages written for these tests: the article, a menu, teasers of other stories with their own
# figures, a footer; the publication date in a different place in each.
PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Convoy ambushed near Kidal | The Sahel Observer</title>
<meta property="og:title" content="Convoy ambushed near Kidal">
<link rel="canonical" href="https://observer.example/2024/kidal-convoy">
{head}
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<header><h1>Convoy ambushed near Kidal</h1>{byline}</header>
<article>
<p>Nine Malian soldiers were killed on Wednesday when gunmen ambushed a supply convoy north of
Kidal, the army said in a statement.</p>
<p>Another eleven soldiers were wounded in the attack, which no group has yet claimed.</p>
<p>The convoy was carrying fuel and food to a base near the Algerian border, a journey that
drivers say has become the most dangerous in the region since the rainy season ended.</p>
</article>
<aside><h2>Related stories</h2><ul>
<li><a href="/x">Forty villagers killed in attack on market</a></li>
<li><a href="/y">Drone strike kills 12 in Niger</a></li></ul></aside>
<footer>&copy; 2024 The Sahel Observer. All rights reserved. Cookie settings.</footer>
</body></html>
"""
META = '<meta property="article:published_time" content="2024-03-14T08:30:00+00:00">'
JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": '
    '"NewsArticle", "headline": "Convoy ambushed near Kidal", "datePublished": "2024-03-15T22:00:00Z"}]}'
    "</script>"
)
TIME = '<p class="byline">By A. Reporter, <time datetime="2024-03-16">16 March 2024</time></p>'


def page(head: str = "", byline: str = "") -> str:
    return PAGE.format(head=head, byline=byline)


@pytest.mark.parametrize(
    ("html", "published"),
    [
        (page(META + JSON_LD, TIME), "2024-03-14"),  # the meta tag first
        (page(JSON_LD, TIME), "2024-03-15"),  # then JSON-LD
        (page("", TIME), "2024-03-16"),  # then a <time> element
    ],
)
def test_a_saved_page_gives_body_title_and_date(runner, article, tmp_path, html, published):
    result = invoke(runner, "ingest", article("kidal.html", html))
    assert result.exit_code == 0, result.output
    [stored] = articles(tmp_path)
    assert stored["title"] == "Convoy ambushed near Kidal"
    assert stored["published"] == published
    assert stored["url"] == "https://observer.example/2024/kidal-convoy"
    text = stored["text"]
    assert text.startswith(f"Convoy ambushed near Kidal\nPublished: {published}\n\nNine Malian soldiers")
    for boilerplate in ("Related stories", "Forty villagers", "Drone strike", "Cookie", "Sport"):
        assert boilerplate not in text
    [incident] = incidents(tmp_path)  # none from the teasers
    assert (incident["killed_low"], incident["wounded_low"], incident["country"]) == (9, 11, "MLI")


def test_a_page_without_a_date_takes_the_date_option(runner, article, tmp_path):
    assert invoke(runner, "ingest", article("kidal.htm", page()), *DATE).exit_code == 0
    [stored] = articles(tmp_path)
    assert (stored["published"], stored["published_from"]) == ("2024-11-22", "option")


def test_a_page_on_stdin_and_in_a_folder(runner, article, tmp_path):
    result = invoke(runner, "ingest", "-", input=page(META).encode())
    assert result.exit_code == 0, result.output
    (tmp_path / "pages").mkdir()
    article("pages/kidal.html", page(JSON_LD))
    article("pages/gao.txt", GAO)
    result = invoke(runner, "ingest", tmp_path / "pages", *DATE)
    assert result.exit_code == 0, result.output
    assert [a["file"] for a in articles(tmp_path)] == ["<stdin>", "gao.txt", "kidal.html"]


def test_a_page_with_no_article_is_refused(runner, article):
    empty = "<!DOCTYPE html><html><head><title>Search</title></head><body><nav>Home</nav></body></html>"
    result = invoke(runner, "ingest", article("search.html", empty))
    assert result.exit_code == 1
    assert "search.html: no article text found in the web page" in result.stderr


def test_without_the_html_extra_a_page_is_refused_with_advice(runner, article, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as if not installed
    result = invoke(runner, "ingest", article("kidal.html", page(META)))
    assert result.exit_code == 1
    assert "kidal.html: reading web pages needs the html extra: pip install 'ledger[html]'" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-14T23:30:00-05:00", "2024-03-14"),
        ("14 March 2024", "2024-03-14"),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_date_keeps_the_day_as_written(value, expected):
    found = sources.parse_date(value)
    assert (found.isoformat() if found else None) == expected


def test_prepare_sniffs_html_on_stdin_only():
    as_text = sources.prepare("notes.txt", Decoded("<html><body><p>Not a page.</p></body></html>\n", "utf-8"))
    assert as_text.text.startswith("<html>")  # a .txt file is text, whatever it holds


def test_jobs_workers_keep_front_matter_title_date_and_url(runner, article, tmp_path):
    (tmp_path / "notes").mkdir()
    for n in (1, 2, 3):
        front = f"---\ntitle: Report {n}\ndate: 2024-0{n}-10\nurl: https://example.org/{n}\n---\n"
        article(f"notes/r{n}.md", front + f"{n + 2} soldiers were killed on Monday near Gao, Mali.\n")
    result = invoke(runner, "ingest", tmp_path / "notes", "--jobs", "2")
    assert result.exit_code == 0, result.output
    stored = [(a["title"], a["published"], a["url"]) for a in articles(tmp_path)]
    assert stored == [(f"Report {n}", f"2024-0{n}-10", f"https://example.org/{n}") for n in (1, 2, 3)]
