#!/usr/bin/env python3
"""Checks warraq's feeds and sitemaps with third-party clients.

Usage: check.py FOLDER [XSD_FOLDER]
       check.py --self-test [XSD_FOLDER]

FOLDER holds what the site served: rss.xml, atom.xml (and section-*.xml feeds),
sitemap.xml, articles-1.xml, news.xml. Feeds are parsed with feedparser (no bozo; every
entry with a title, a link, a date; Arabic text intact). Sitemaps are validated in full
with lxml: the sitemaps.org XSDs in XSD_FOLDER with our schemas of Google's news and image
extensions (schemas/, written from Google's documentation) imported, since sitemaps.org
admits other namespaces only strictly. Without XSD_FOLDER (../shared absent) the
sitemaps.org part is skipped, saying so, and the extension elements are validated against
our schemas alone. News entries must also be in Arabic (language ar, Arabic titles).
Exits 1 naming every problem.

--self-test feeds the sitemap check deliberately broken news entries (no publication
date, a wrong language...) and exits 1 unless it refuses every one.
"""

import copy
import pathlib
import re
import sys

import feedparser
from lxml import etree

ARABIC = re.compile("[\u0600-\u06FF]")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"

problems = []


def problem(text):
    problems.append(text)


def check_feed(path, version):
    feed = feedparser.parse(path.read_bytes())
    if feed.bozo:
        problem(f"{path.name}: not well-formed for feedparser: {feed.bozo_exception}")
    if not feed.version.startswith(version):
        problem(f"{path.name}: feedparser sees {feed.version!r}, expected {version}*")
    if not feed.feed.get("language", "").startswith("ar"):
        problem(f"{path.name}: feed language {feed.feed.get('language')!r}, expected ar")
    if not feed.entries:
        problem(f"{path.name}: no entries")
    for i, entry in enumerate(feed.entries):
        where = f"{path.name} entry {i}"
        if not ARABIC.search(entry.get("title", "")):
            problem(f"{where}: title missing or without Arabic: {entry.get('title')!r}")
        if not entry.get("link", "").startswith("http"):
            problem(f"{where}: link not absolute: {entry.get('link')!r}")
        if not entry.get("id"):
            problem(f"{where}: no guid/id")
        if not entry.get("published_parsed"):
            problem(f"{where}: no parseable publication date")
        if not entry.get("updated_parsed"):
            problem(f"{where}: no parseable update date")
        content = entry.get("content") or []
        if not content or "<p>" not in content[0].value:
            problem(f"{where}: no full text with paragraphs")
        if not ARABIC.search(entry.get("summary", "") + (content[0].value if content else "")):
            problem(f"{where}: text lost its Arabic")
    print(f"{path.name}: {feed.version}, {len(feed.entries)} entries")


SCHEMAS = pathlib.Path(__file__).resolve().parent / "schemas"
EXTENSIONS = {NEWS_NS: "sitemap-news.xsd", IMAGE_NS: "sitemap-image.xsd"}


def schema(xsd_dir, name):
    return etree.XMLSchema(etree.parse(str(xsd_dir / name)))


def combined_schema(parts):
    """One schema importing every (namespace, file) of `parts`: the sitemaps.org schema
    admits elements of other namespaces (`xsd:any namespace="##other"`,
    processContents="strict"), which then must match the imported extension schemas."""
    imports = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{path.resolve().as_uri()}"/>'
        for ns, path in parts
    )
    wrapper = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imports}</xsd:schema>'
    return etree.XMLSchema(etree.XML(wrapper.encode("utf-8")))


def site_rules(name, tree):
    """What the schemas cannot say: absolute image addresses, our language, Arabic titles."""
    for url in tree.getroot():
        for child in url:
            ns = etree.QName(child).namespace
            if ns == SITEMAP_NS:
                continue
            if ns not in EXTENSIONS:
                problem(f"{name}: unexpected element {child.tag}")
            elif ns == NEWS_NS:
                language = child.findtext(f"{{{NEWS_NS}}}publication/{{{NEWS_NS}}}language")
                if language != "ar":
                    problem(f"{name}: news:language {language!r}, expected ar")
                if not ARABIC.search(child.findtext(f"{{{NEWS_NS}}}title") or ""):
                    problem(f"{name}: news:news without an Arabic title")


def check_sitemap(name, tree, xsd_dir):
    """Validates a urlset in full: sitemaps.org's schema with our news and image extension
    schemas (tests/feeds/schemas) imported. Without the sitemaps.org schema (../shared
    absent) each extension element is validated against ours alone."""
    site_rules(name, tree)
    ours = [(ns, SCHEMAS / file) for ns, file in EXTENSIONS.items()]
    if xsd_dir is not None and (xsd_dir / "sitemap.xsd").exists():
        xsd = combined_schema([(SITEMAP_NS, xsd_dir / "sitemap.xsd")] + ours)
        if not xsd.validate(tree):
            problem(f"{name}: {xsd.error_log}")
        return
    xsd = combined_schema(ours)
    for url in tree.getroot():
        for child in url:
            if etree.QName(child).namespace in EXTENSIONS:
                alone = etree.ElementTree(copy.deepcopy(child))
                if not xsd.validate(alone):
                    problem(f"{name}: {xsd.error_log}")


def check_sitemaps(folder, xsd_dir):
    have_xsd = xsd_dir is not None and (xsd_dir / "sitemap.xsd").exists()
    if not have_xsd:
        print(
            f"sitemaps: SKIPPED the sitemaps.org schemas, not found in {xsd_dir} (../shared absent?);"
            " the news and image extensions are validated against tests/feeds/schemas alone"
        )
    index = etree.parse(str(folder / "sitemap.xml"))
    if have_xsd and not schema(xsd_dir, "siteindex.xsd").validate(index):
        problem(f"sitemap.xml: {schema(xsd_dir, 'siteindex.xsd').error_log}")
    for name in ["articles-1.xml", "news.xml"]:
        tree = etree.parse(str(folder / name))
        check_sitemap(name, tree, xsd_dir)
        print(f"{name}: {len(tree.getroot())} urls")


GOOD_NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/article/1/خبر</loc>
    <news:news>
      <news:publication><news:name>ورّاق</news:name><news:language>ar</news:language></news:publication>
      <news:publication_date>2026-03-01T10:00:00Z</news:publication_date>
      <news:title>قمة إقليمية في الرياض</news:title>
    </news:news>
  </url>
</urlset>"""

# Each bad document: what is changed in GOOD_NEWS, and a word the refusal must name.
BROKEN_NEWS = [
    ("no publication date",
     ("<news:publication_date>2026-03-01T10:00:00Z</news:publication_date>", ""), "publication_date"),
    ("a date that is not W3C date-time",
     ("2026-03-01T10:00:00Z", "1 March 2026"), "publication_date"),
    ("a time without a time zone", ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00"), "publication_date"),
    ("a language that is not an ISO 639 code", ("<news:language>ar<", "<news:language>Arabic<"), "[a-z]{2,3}"),
    ("another language than the site's", ("<news:language>ar<", "<news:language>en<"), "language"),
    ("no publication name", ("<news:name>ورّاق</news:name>", ""), "name"),
    ("an empty title", ("قمة إقليمية في الرياض", " "), "title"),
    ("an element Google does not document",
     ("<news:title>", "<news:keywords>قمة</news:keywords><news:title>"), "keywords"),
]


def self_test(xsd_dir):
    """The check refuses broken news entries (and accepts the good one), with and without
    the sitemaps.org schema. Exits 1 naming what it wrongly accepted or refused."""
    global problems
    failures = []
    for dirs in ([xsd_dir, None] if xsd_dir is not None and (xsd_dir / "sitemap.xsd").exists() else [None]):
        problems = []
        check_sitemap("good.xml", etree.ElementTree(etree.fromstring(GOOD_NEWS.encode())), dirs)
        if problems:
            failures.append(f"the good document was refused: {problems}")
        for what, (old, new), word in BROKEN_NEWS:
            assert old in GOOD_NEWS, what
            bad = GOOD_NEWS.replace(old, new, 1)
            problems = []
            check_sitemap("bad.xml", etree.ElementTree(etree.fromstring(bad.encode())), dirs)
            if not problems:
                failures.append(f"accepted a news entry with {what}")
            elif not any(word in p for p in problems):
                failures.append(f"refused {what} without naming {word}: {problems}")
            else:
                print(f"refused ({'with' if dirs else 'without'} sitemaps.org): {what}")
    for text in failures:
        print("SELF-TEST FAILED:", text)
    sys.exit(1 if failures else 0)


def main():
    if sys.argv[1] == "--self-test":
        self_test(pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    folder = pathlib.Path(sys.argv[1])
    xsd_dir = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else None
    for path in sorted(folder.glob("*rss.xml")):
        check_feed(path, "rss20")
    for path in sorted(folder.glob("*atom.xml")):
        check_feed(path, "atom10")
    check_sitemaps(folder, xsd_dir)
    for text in problems:
        print("PROBLEM:", text)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
