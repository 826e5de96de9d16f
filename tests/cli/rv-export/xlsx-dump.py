#!/usr/bin/env python3
"""xlsx-dump.py FILE.xlsx - print what an .xlsx holds, one line per fact,
for golden tests of rv-export (stdlib only: zipfile + ElementTree).

    sheet NAME
    freeze ROWS          the frozen top rows (pane ySplit), if any
    filter REF           the auto-filter range, if any
    width COL W          column widths
    CELL TYPE STYLE VALUE
where TYPE is n (number), s (shared string), str (inline string), blank,
STYLE lists bold, wrap and the number format of the cell's style, and
VALUE is the number as stored or the text (LF shown as \\n).
Exits 1 when the file is not a zip or an XML part does not parse."""
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
BUILTIN = {0: "General", 14: "m/d/yyyy", 22: "m/d/yyyy h:mm"}


def text_of(el):
    return "".join(t.text or "" for t in el.iter("{%s}t" % NS["m"]))


def main(path):
    z = zipfile.ZipFile(path)
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = dict(BUILTIN)
    for nf in styles.iterfind("m:numFmts/m:numFmt", NS):
        fmts[int(nf.get("numFmtId"))] = nf.get("formatCode")
    fonts = [f.find("m:b", NS) is not None for f in styles.iterfind("m:fonts/m:font", NS)]
    xfs = []
    for xf in styles.iterfind("m:cellXfs/m:xf", NS):
        al = xf.find("m:alignment", NS)
        parts = []
        if fonts[int(xf.get("fontId", 0))]:
            parts.append("bold")
        if al is not None and al.get("wrapText") == "1":
            parts.append("wrap")
        fid = int(xf.get("numFmtId", 0))
        if fid:
            parts.append("fmt=" + fmts.get(fid, str(fid)))
        xfs.append(",".join(parts) or "-")
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = [text_of(si) for si in sst.iterfind("m:si", NS)]
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    for sh in wb.iterfind("m:sheets/m:sheet", NS):
        print("sheet", sh.get("name"))
        ws = ET.fromstring(z.read("xl/" + target[sh.get("{%s}id" % NS["r"])]))
        pane = ws.find("m:sheetViews/m:sheetView/m:pane", NS)
        if pane is not None and pane.get("state") == "frozen":
            print("freeze", pane.get("ySplit"))
        af = ws.find("m:autoFilter", NS)
        if af is not None:
            print("filter", af.get("ref"))
        for col in ws.iterfind("m:cols/m:col", NS):
            print("width", col.get("min"), round(float(col.get("width")), 2))
        for c in ws.iterfind("m:sheetData/m:row/m:c", NS):
            t = c.get("t", "n")
            style = xfs[int(c.get("s", 0))]
            if t == "inlineStr":
                t, v = "str", text_of(c.find("m:is", NS))
            elif t == "s":
                v = shared[int(c.find("m:v", NS).text)]
            elif c.find("m:v", NS) is None:
                t, v = "blank", ""
            else:
                v = c.find("m:v", NS).text
            print(c.get("r"), t, style, v.replace("\n", "\\n").replace("\r", "\\r"))


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except (zipfile.BadZipFile, ET.ParseError, KeyError) as e:
        print("xlsx-dump: %s: %s" % (sys.argv[1], e), file=sys.stderr)
        sys.exit(1)
