"""Inputs that are more than plain text: front matter, Markdown and saved web pages.

`prepare(path, decoded)` turns a decoded input into the article text the extractor reads, and finds
the address the article came from (`decoded.url`):

- Front matter (`---` lines around `key: value` lines) at the top of a .txt or .md file gives
  `title:`, `date:` (or `published:`) and `url:` (or `source:`).
- Markdown (.md) loses its markup where it would get in the extractor's way: heading marks,
  emphasis, links (their text stays) and images.
- A saved web page (.html, .htm, or stdin that starts like one) needs the optional `html` extra:
  trafilatura finds the article body and title and leaves out menus, teasers of other stories and
  footers (which would otherwise bring their own casualty figures). The publication date comes from,
  in order: an `article:published_time` meta tag (or a few common equivalents), JSON-LD
  `datePublished`, a `<time datetime>` element; nothing is guessed from the address or footer.

The title and date are written into the text as the header the extractor already reads (the title
on the first line, then `Published: YYYY-MM-DD`), so that every way in (ingest, --jobs workers,
reextract from the stored text) sees them, and a stated date wins over --date and over a dateline.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dateutil import parser as dateparser

from ledger.errors import InputError

HTML_SUFFIXES = (".html", ".htm")
_MIN_PAGE_WORDS = 8  # a page with less body text than this holds no article
_LOOKS_LIKE_HTML = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_KEYS = {"date": "published", "published": "published", "title": "title", "url": "url",
                      "source": "url"}  # fmt: skip
# Meta tags that carry a publication date, most specific first.
_DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publish-date", "publication_date", "dc.date.issued", "dc.date", "date",
)  # fmt: skip


@dataclass
class Page:
    """What a front matter block or a web page says about its article, and the body text."""

    body: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    warnings: list[str] = field(default_factory=list)


def prepare(path: str, decoded):
    """`decoded` (ingest.Decoded) with its text made ready for the extractor and `url` set."""
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in (".txt", ".md") and _LOOKS_LIKE_HTML.match(decoded.text)):
        page = _from_html(path, decoded.text)
    else:
        page = _from_front_matter(decoded.text)
        if suffix == ".md":
            page.body = _plain_markdown(page.body)
    if not page.body or page.body.isspace():  # not .strip(): that copies a large text whole
        raise InputError(path, "no article text left after the front matter")
    decoded.text = with_header(page)
    decoded.warnings = decoded.warnings + page.warnings
    decoded.url = page.url
    return decoded


def with_header(page: Page) -> str:
    """The body, headed by the title and a `Published:` line when the page gave them."""
    if not page.title and not page.published:
        return page.body
    lines = page.body.lstrip("\n").split("\n")
    title = page.title
    if not title or lines[0].strip() == title:  # the body's first line is its title already
        title, lines = lines[0].strip(), lines[1:]
    header = [title] + ([f"Published: {page.published.isoformat()}"] if page.published else [])
    return "\n".join(header) + "\n\n" + "\n".join(lines).lstrip("\n")


# ------------------------------------------------------------------------------------ front matter


def _from_front_matter(text: str) -> Page:
    match = _FRONT_MATTER.match(text)
    if not match:
        return Page(text)
    values = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        name = _FRONT_MATTER_KEYS.get(key.strip().lower())
        if sep and name and name not in values:
            values[name] = value.strip().strip("\"'")
    page = Page(text[match.end() :], values.get("title") or None, url=values.get("url") or None)
    if values.get("published"):
        page.published = parse_date(values["published"])
        if not page.published:
            page.warnings.append(f"front matter date {values['published']!r} is not a date; ignored")
    return page


def parse_date(value: str) -> date | None:
    """The calendar day of an ISO date or timestamp (as written, not converted to UTC) or of a
    written date ("22 November 2024"); None when it is not one."""
    value = value.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    try:
        if iso:
            return date(*map(int, iso.groups()))
        return dateparser.parse(value, fuzzy=False).date() if re.search(r"\d{4}", value) else None
    except (ValueError, OverflowError):
        return None


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_(?=\S))")


def _plain_markdown(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    return _MD_EMPHASIS.sub("", text)


# ------------------------------------------------------------------------------------------- html


def _from_html(path: str, html: str) -> Page:
    try:
        import trafilatura
        from lxml import html as lxml_html
    except ImportError:
        raise InputError(path, "reading web pages needs the html extra: pip install 'ledger[html]'") from None
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    body = (getattr(document, "text", None) or "") if document else ""
    if len(body.split()) < _MIN_PAGE_WORDS:  # trafilatura falls back to any text, a menu's even
        raise InputError(path, "no article text found in the web page")
    # Paragraphs apart, as the extractor expects of prose.
    body = "\n\n".join(line.strip() for line in body.splitlines() if line.strip()) + "\n"
    # bytes: lxml refuses a str that starts with an XML encoding declaration
    tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    title = (document.title or "").strip() or None
    return Page(body, title, _page_date(tree), getattr(document, "url", None) or None)


def _page_date(tree) -> date | None:
    """The page's publication date: the first of its meta tags, JSON-LD, <time>. Nothing is guessed
    from the address or a copyright line (trafilatura's date search makes "© 2024" 2024-01-01)."""
    for finder in (_meta_date, _json_ld_date, _time_date):
        for value in finder(tree):
            if found := parse_date(value):
                return found
    return None


def _meta_date(tree):
    metas = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _DATE_META and meta.get("content"):
            metas.setdefault(key, meta.get("content"))
    return [metas[key] for key in _DATE_META if key in metas]


def _json_ld_date(tree):
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        yield from _walk_json_ld(data)


def _walk_json_ld(node):
    if isinstance(node, list):
        for item in node:
            yield from _walk_json_ld(item)
    elif isinstance(node, dict):
        if isinstance(node.get("datePublished"), str):
            yield node["datePublished"]
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            yield from _walk_json_ld(node.get(key))


def _time_date(tree):
    times = [t for t in tree.iter("time") if t.get("datetime")]
    # A <time> marked as the publication date first, then the first one on the page.
    marked = [t for t in times if t.get("pubdate") is not None or t.get("itemprop") == "datePublished"]
    return [t.get("datetime") for t in marked + times]


# ------------------------------------------------------------------------------ --title and --url


def check_one_input(paths: list[str], title: str | None, url: str | None) -> str | None:
    """Why --title/--url cannot apply to `paths` (they describe one article), or None."""
    if (title or url) and (len(paths) != 1 or Path(paths[0]).is_dir()):
        return "--title and --url describe one article: give one file (or - for stdin)"
    return None


def labelled(db, outcomes, title: str | None, url: str | None):
    """Pass `outcomes` (ingest.Outcome) through, giving each article just stored the title and url
    given on the command line; an article already in the ledger is left as it was."""
    from ledger import store

    for outcome in outcomes:
        result = outcome.result
        if (title or url) and not outcome.error and result and result.status != "already":
            labels = {"title": title, "url": url}
            with store.write_transaction(db):
                store.label_article(db, result.article_id, {k: v for k, v in labels.items() if v})
        yield outcome
