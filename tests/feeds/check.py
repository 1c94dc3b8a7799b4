#!/usr/bin/env python3
"""Checks warraq's feeds and sitemaps with third-party clients.

Usage: check.py FOLDER [XSD_FOLDER]

FOLDER holds what the site served: rss.xml, atom.xml (and section-*.xml feeds),
sitemap.xml, articles-1.xml, news.xml. Feeds are parsed with feedparser (no bozo; every
entry with a title, a link, a date; Arabic text intact). Sitemaps are validated with lxml
against the sitemaps.org XSDs in XSD_FOLDER (skipped, with a message, when it is absent).
The XSDs accept other namespaces only strictly, so the image and news extension elements
are checked here by shape and removed before validating the sitemaps.org part.
Exits 1 naming every problem.
"""

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


def schema(xsd_dir, name):
    return etree.XMLSchema(etree.parse(str(xsd_dir / name)))


def strip_extensions(tree, allowed):
    """Checks the extension elements' shape, then removes them."""
    for url in tree.getroot():
        for child in list(url):
            ns = etree.QName(child).namespace
            if ns == SITEMAP_NS:
                continue
            if ns not in allowed:
                problem(f"unexpected element {child.tag}")
            elif ns == IMAGE_NS:
                loc = child.find(f"{{{IMAGE_NS}}}loc")
                if loc is None or not (loc.text or "").startswith("http"):
                    problem("image:image without an absolute image:loc")
            elif ns == NEWS_NS:
                pub = child.find(f"{{{NEWS_NS}}}publication")
                if pub is None or pub.findtext(f"{{{NEWS_NS}}}language") != "ar" or not pub.findtext(f"{{{NEWS_NS}}}name"):
                    problem("news:news without a publication name and language ar")
                if not ARABIC.search(child.findtext(f"{{{NEWS_NS}}}title") or ""):
                    problem("news:news without an Arabic title")
                if not child.findtext(f"{{{NEWS_NS}}}publication_date"):
                    problem("news:news without a publication date")
            url.remove(child)


def check_sitemaps(folder, xsd_dir):
    have_xsd = xsd_dir is not None and (xsd_dir / "sitemap.xsd").exists()
    if not have_xsd:
        print(f"sitemaps: XSDs not found in {xsd_dir}; sitemaps checked for shape only (../shared absent?)")
    index = etree.parse(str(folder / "sitemap.xml"))
    if have_xsd and not schema(xsd_dir, "siteindex.xsd").validate(index):
        problem(f"sitemap.xml: {schema(xsd_dir, 'siteindex.xsd').error_log}")
    for name, allowed in [("articles-1.xml", {IMAGE_NS}), ("news.xml", {NEWS_NS})]:
        tree = etree.parse(str(folder / name))
        count = len(tree.getroot())
        strip_extensions(tree, allowed)
        if have_xsd:
            xsd = schema(xsd_dir, "sitemap.xsd")
            if not xsd.validate(tree):
                problem(f"{name}: {xsd.error_log}")
        print(f"{name}: {count} urls")


def main():
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
