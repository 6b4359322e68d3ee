"""Helpers for the tests of ``plans site``: build the fixture repository's site once, read its pages."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

AS_OF = "01/07/2026"  # after the sample reports of 2026-H1 (signed 10–11/06/2026)


class Page(HTMLParser):
    """The parts of a page the tests look at: links (href, src), ids, <html lang>, img alts, text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (attribute, value)
        self.ids: set[str] = set()
        self.imgs: list[dict] = []
        self.html_lang = None
        self.anchors: list[tuple[str, str]] = []  # (href, text)
        self._a: list | None = None
        self.chunks: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        for k in ("href", "src", "action"):
            if a.get(k) is not None:
                self.links.append((k, a[k]))
        if tag == "img":
            self.imgs.append(a)
        if tag == "a" and "href" in a:
            self._a = [a["href"], ""]

    def handle_endtag(self, tag):
        if tag == "a" and self._a is not None:
            self.anchors.append((self._a[0], " ".join(self._a[1].split())))
            self._a = None

    def handle_data(self, data):
        self.chunks.append(data)
        if self._a is not None:
            self._a[1] += data

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    def links_to(self, target: str) -> list[str]:
        return [text for href, text in self.anchors if href.split("#")[0].endswith(target)]


def page(root: Path, rel: str) -> Page:
    return Page((root / rel).read_text(encoding="utf-8"))


def table_rows(html: str, start_marker: str) -> list[list[str]]:
    """Rows (cell texts) of the first table after ``start_marker`` in ``html``."""
    i = html.index(start_marker)
    j = html.index("</table>", i)
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html[i:j], re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows
