#!/usr/bin/env python3
"""tables.py PAGE [TABLE-ID] - check an rv-report page (not a case: no cmd).

Without TABLE-ID: checks that the page is self-contained (no http, src=,
<script, <link, url( or @import), that every <svg> is well-formed XML, and
prints the section ids in order, then "ok". With TABLE-ID: prints that
table's rows as TSV (header first), cell text with inner tags dropped.
"""
import re
import sys
import xml.dom.minidom
from html.parser import HTMLParser


class Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.cur, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.cur = a.get("id")
            self.tables[self.cur] = []
        elif tag == "tr" and self.cur is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.cur].append(self.row)
            self.row = None
        elif tag == "table":
            self.cur = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


page = open(sys.argv[1], encoding="utf-8").read()
if len(sys.argv) > 2:
    t = Tables()
    t.feed(page)
    for row in t.tables.get(sys.argv[2], []):
        print("\t".join(row))
    sys.exit(0)
bad = [w for w in ("http", "src=", "<script", "<link", "url(", "@import", "<iframe", "<img")
       if w in page.lower()]
if bad:
    sys.exit("external references: " + ", ".join(bad))
svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
for s in svgs:
    xml.dom.minidom.parseString(s.encode("utf-8"))
print("sections:", " ".join(re.findall(r'<section id="([a-z]+)"', page)))
print("left out:", " ".join(re.findall(r'<p class="note" id="([a-z]+)"', page)))
print("charts:", len(svgs), "well-formed")
print("ok")
