#!/usr/bin/env python3
"""Checks what warraq's tag and author distribution gives machines, with the clients that
consume it.

Usage: check.py FOLDER BASE_URL

FOLDER holds what the site served:
- feeds (`*rss.xml`, `*atom.xml`, the tag and author feeds), parsed with feedparser by
  tests/feeds/check.py's rules (no bozo, every entry with a title, a link, dates, the
  full text, Arabic intact);
- pages `article.html`, `home.html`, `tag.html`, `author.html`, read with extruct (JSON-LD
  and Open Graph): the schema.org types each page promises and the properties Google and
  social cards require of them.
Exits 1 naming every problem.
"""

import datetime
import pathlib
import re
import sys

import extruct

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "feeds"))
import check as feeds  # noqa: E402  (tests/feeds/check.py: the feed rules)

ARABIC = re.compile("[\u0600-\u06FF]")
problems = feeds.problems


def problem(text):
    problems.append(text)


def walk(node):
    """Every JSON-LD node (object) in `node`, nested ones included."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def of_type(docs, kind):
    found = []
    for node in walk(docs):
        types = node.get("@type")
        if types == kind or (isinstance(types, list) and kind in types):
            found.append(node)
    return found


def one(where, docs, kind):
    found = of_type(docs, kind)
    if not found:
        problem(f"{where}: no {kind} in the JSON-LD")
        return {}
    return found[0]


def absolute(value):
    return isinstance(value, str) and value.startswith("http")


def iso_date(where, value):
    try:
        datetime.datetime.fromisoformat(str(value))
    except ValueError:
        problem(f"{where}: not an ISO 8601 date: {value!r}")


def need(where, node, *keys):
    for key in keys:
        if node.get(key) in (None, "", []):
            problem(f"{where}: no {key}")


def sized_image(where, image):
    if not isinstance(image, dict) or not absolute(image.get("url")):
        problem(f"{where}: not an ImageObject with an absolute url: {image!r}")
        return 0
    for key in ("width", "height"):
        if not isinstance(image.get(key), int) or image[key] <= 0:
            problem(f"{where}: image without a {key}: {image!r}")
    return image.get("width") or 0


def breadcrumb(where, docs, length):
    trail = one(where, docs, "BreadcrumbList")
    items = trail.get("itemListElement") or []
    if len(items) != length:
        problem(f"{where}: breadcrumb of {len(items)} items, expected {length}")
    for i, item in enumerate(items):
        if item.get("@type") != "ListItem" or item.get("position") != i + 1:
            problem(f"{where}: breadcrumb item {i} is not ListItem at position {i + 1}")
        if not item.get("name") or not absolute(item.get("item")):
            problem(f"{where}: breadcrumb item {i} without a name and an absolute item")
    return items


def open_graph(where, data, kind, *required):
    props = {}
    for block in data.get("opengraph", []):
        for key, value in block.get("properties", []):
            props.setdefault(key, []).append(value)
    first = {key: values[0] for key, values in props.items()}
    if first.get("og:type") != kind:
        problem(f"{where}: og:type {first.get('og:type')!r}, expected {kind}")
    if first.get("og:locale") != "ar_AR":
        problem(f"{where}: og:locale {first.get('og:locale')!r}, expected ar_AR")
    for key in ("og:title", "og:url", "og:image", "og:description") + required:
        if not first.get(key):
            problem(f"{where}: no {key}")
    for key in ("og:url", "og:image"):
        if key in first and not absolute(first[key]):
            problem(f"{where}: {key} not absolute: {first[key]!r}")
    if not ARABIC.search(first.get("og:title", "")):
        problem(f"{where}: og:title without Arabic")
    return props


def extract(folder, name, base_url):
    html = (folder / name).read_text(encoding="utf-8")
    return extruct.extract(
        html, base_url=base_url, syntaxes=["json-ld", "opengraph"], uniform=False
    )


def check_article(data, base_url):
    where = "article.html"
    docs = data["json-ld"]
    article = one(where, docs, "NewsArticle")
    need(where, article, "headline", "datePublished", "dateModified", "image", "author", "publisher")
    for key in ("datePublished", "dateModified"):
        if key in article:
            iso_date(f"{where} {key}", article[key])
    images = article.get("image") or []
    widths = [sized_image(f"{where} image", image) for image in images]
    if not any(w >= 1200 for w in widths):
        problem(f"{where}: no image at least 1200 px wide among {widths}")
    for author in article.get("author") or []:
        if author.get("@type") != "Person" or not author.get("name") or "/author/" not in str(author.get("url")):
            problem(f"{where}: author is not a Person with a name and an author page url: {author!r}")
    publisher = article.get("publisher") or {}
    if publisher.get("@type") != "Organization" or not publisher.get("name"):
        problem(f"{where}: publisher is not a named Organization")
    sized_image(f"{where} publisher logo", publisher.get("logo"))
    url = article.get("url")
    if (article.get("mainEntityOfPage") or {}).get("@id") != url:
        problem(f"{where}: mainEntityOfPage is not the article's url")
    items = breadcrumb(where, docs, 3)
    if items and (items[0].get("item") != base_url + "/" or items[-1].get("item") != url):
        problem(f"{where}: breadcrumb does not run from the home page to the article")
    props = open_graph(
        where, data, "article",
        "og:image:width", "og:image:height", "article:published_time",
        "article:modified_time", "article:section", "article:tag",
    )
    if props.get("og:url", [None])[0] != url:
        problem(f"{where}: og:url is not the JSON-LD url")
    print(f"{where}: NewsArticle with {len(images)} images {widths}, {len(props.get('article:tag', []))} tags")


def check_home(data, base_url):
    where = "home.html"
    docs = data["json-ld"]
    site = one(where, docs, "WebSite")
    need(where, site, "name", "url", "potentialAction")
    action = site.get("potentialAction") or {}
    target = action.get("target")
    template = target.get("urlTemplate") if isinstance(target, dict) else target
    if action.get("@type") != "SearchAction" or "{search_term_string}" not in str(template) \
            or not str(template).startswith(base_url + "/search?q="):
        problem(f"{where}: no SearchAction on /search?q={{search_term_string}}: {action!r}")
    if "search_term_string" not in str(action.get("query-input")):
        problem(f"{where}: SearchAction without query-input")
    organization = one(where, docs, "Organization")
    need(where, organization, "name", "url", "logo")
    sized_image(f"{where} logo", organization.get("logo"))
    open_graph(where, data, "website")
    print(f"{where}: WebSite with SearchAction, Organization with logo")


def check_listing(name, data, page_type, og_type, entity):
    where = name
    docs = data["json-ld"]
    page = one(where, docs, page_type)
    need(where, page, "name", "url")
    breadcrumb(where, docs, 2)
    listed = one(where, docs, "ItemList").get("itemListElement") or []
    if not listed or not all(absolute(item.get("url")) for item in listed):
        problem(f"{where}: ItemList without absolute article urls")
    if entity:
        person = page.get("mainEntity") or {}
        if person.get("@type") != entity or not person.get("name") or not absolute(person.get("url")):
            problem(f"{where}: mainEntity is not a {entity} with a name and a url")
    open_graph(where, data, og_type)
    print(f"{where}: {page_type} listing {len(listed)} articles")


def main():
    folder = pathlib.Path(sys.argv[1])
    base_url = sys.argv[2].rstrip("/")
    for path in sorted(folder.glob("*rss.xml")):
        feeds.check_feed(path, "rss20")
    for path in sorted(folder.glob("*atom.xml")):
        feeds.check_feed(path, "atom10")
    check_article(extract(folder, "article.html", base_url), base_url)
    check_home(extract(folder, "home.html", base_url), base_url)
    check_listing("tag.html", extract(folder, "tag.html", base_url), "CollectionPage", "website", None)
    check_listing("author.html", extract(folder, "author.html", base_url), "ProfilePage", "profile", "Person")
    for text in problems:
        print("PROBLEM:", text)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
