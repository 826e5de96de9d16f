#!/usr/bin/env python3
"""mkxlsx.py NAME OUT - write the .xlsx (or HTML ".xls") test fixture NAME to OUT.

Hand-written XML in a zip made by Python's zipfile module (fixed time
stamps, so the bytes are the same on every run): no package beyond
python3 is needed, and each fixture holds exactly the feature its test
is about. `mkxlsx.py list` prints the names."""
import sys
import zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;')


def cell(ref, v, t=None, s=None, f=None):
    a = ' r="%s"' % ref if ref else ''
    if t:
        a += ' t="%s"' % t
    if s is not None:
        a += ' s="%d"' % s
    inner = ''
    if f:
        inner += '<f>%s</f>' % esc(f)
    if t == 'inlineStr':
        inner += '<is><t xml:space="preserve">%s</t></is>' % esc(v)
    elif v is not None:
        inner += '<v>%s</v>' % esc(str(v))
    return '<c%s>%s</c>' % (a, inner)


def sheet(rows, merges=(), dim=None, pre=''):
    """rows: list of (rownum, [cell xml...])."""
    x = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s>' % NS
    if dim:
        x += '<dimension ref="%s"/>' % dim
    x += pre + '<sheetData>'
    for r, cells in rows:
        x += '<row r="%d">%s</row>' % (r, ''.join(cells)) if r else '<row>%s</row>' % ''.join(cells)
    x += '</sheetData>'
    if merges:
        x += '<mergeCells count="%d">%s</mergeCells>' % (
            len(merges), ''.join('<mergeCell ref="%s"/>' % m for m in merges))
    return x + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'


def styles(numfmts=(), xfs=(0,)):
    x = '<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet %s>' % NS
    if numfmts:
        x += '<numFmts count="%d">%s</numFmts>' % (len(numfmts), ''.join(
            '<numFmt numFmtId="%d" formatCode="%s"/>' % (i, esc(c)) for i, c in numfmts))
    x += '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    # cellStyleXfs has an xf too: it must not count as a cell style.
    x += '<cellStyleXfs count="1"><xf numFmtId="14" fontId="0"/></cellStyleXfs>'
    x += '<cellXfs count="%d">%s</cellXfs>' % (len(xfs), ''.join(
        '<xf numFmtId="%d" fontId="0" applyNumberFormat="1"><alignment wrapText="1"/></xf>' % i for i in xfs))
    return x + '</styleSheet>'


def sst(strings):
    """strings: plain str, or raw <si> inner XML when it starts with '<'."""
    items = ''.join('<si>%s</si>' % (s if s.startswith('<') else '<t>%s</t>' % esc(s)) for s in strings)
    return '<?xml version="1.0" encoding="UTF-8"?>\n<sst %s count="%d" uniqueCount="%d">%s</sst>' % (
        NS, len(strings), len(strings), items)


def book(out, sheets, strings=None, style=None, date1904=False, states=None, extra=None, skip=()):
    """sheets: list of (name, sheet xml or None for a chart sheet)."""
    files = {}
    files['[Content_Types].xml'] = '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
    files['_rels/.rels'] = '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % REL
    wb = '<?xml version="1.0" encoding="UTF-8"?>\n<workbook %s>' % NS
    wb += '<workbookPr%s/><sheets>' % (' date1904="1"' if date1904 else '')
    rels = ''
    for i, (name, x) in enumerate(sheets, 1):
        st = ' state="%s"' % states[i - 1] if states and states[i - 1] else ''
        wb += '<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (esc(name), i, st, i)
        if x is None:
            rels += '<Relationship Id="rId%d" Type="%s/chartsheet" Target="chartsheets/sheet%d.xml"/>' % (i, REL, i)
            files['xl/chartsheets/sheet%d.xml' % i] = '<chartsheet %s/>' % NS
        else:
            # The second sheet's part is named with an absolute target, as some writers do.
            tgt = 'worksheets/sheet%d.xml' % i if i != 2 else '/xl/worksheets/sheet%d.xml' % i
            rels += '<Relationship Id="rId%d" Type="%s/worksheet" Target="%s"/>' % (i, REL, tgt)
            files['xl/worksheets/sheet%d.xml' % i] = x
    wb += '</sheets></workbook>'
    n = len(sheets)
    rels += '<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (n + 1, REL)
    files['xl/styles.xml'] = style or styles()
    if strings is not None:
        rels += '<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % (n + 2, REL)
        files['xl/sharedStrings.xml'] = sst(strings)
    files['xl/workbook.xml'] = wb
    files['xl/_rels/workbook.xml.rels'] = '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels
    if extra:
        files.update(extra)
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            if name in skip:
                continue
            zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, files[name])


def basic(out):
    # Shared strings (one with rich-text runs and a phonetic run, one
    # with _x000D_ escapes), inline strings, numbers as written, booleans,
    # errors, formulas' cached values, empty cells and skipped columns.
    strings = ['订单号', '评价', '数量', '价格', '有货', '备注',
               '<r><rPr><b/></rPr><t>质量</t></r><r><t xml:space="preserve">很好 </t></r><r><t>good</t></r>'
               '<rPh sb="0" eb="2"><t>ピンイン</t></rPh>',
               'line1_x000D__x000A_line2', 'tab\there', '_x005F_x0041_ stays']
    rows = [
        (1, [cell('A1', 0, 's'), cell('B1', 1, 's'), cell('C1', 2, 's'), cell('D1', 3, 's'),
             cell('E1', 4, 's'), cell('F1', 5, 's')]),
        (2, [cell('A2', 'TB001', 'inlineStr'), cell('B2', 6, 's'), cell('C2', '3'), cell('D2', '0.1'),
             cell('E2', '1', 'b'), cell('F2', 7, 's')]),
        # B3 missing (skipped column), D3 a formula, E3 false, F3 empty with a style only.
        (3, [cell('A3', 'TB002', 'inlineStr'), cell('C3', '12345678901234567890'),
             cell('D3', '0.30000000000000004', f='0.1+0.2'), cell('E3', '0', 'b'), '<c r="F3" s="0"/>']),
        # Cells without r: each follows the previous one.
        (4, [cell(None, 'TB003', 'inlineStr'), cell(None, 8, 's'), cell(None, '-2.5E-3'),
             cell(None, '#DIV/0!', 'e', f='1/0'), cell(None, 'ok', 'str', f='"o"&"k"'), cell(None, 9, 's')]),
        # An empty row in the middle: skipped, as blank CSV lines are.
        (5, ['<c r="A5" s="0"/>']),
        (7, [cell('A7', 'TB004', 'inlineStr'), cell('F7', '尾', 'inlineStr')]),
    ]
    book(out, [('订单', sheet(rows, dim='A1:F7'))], strings)


def dates(out, date1904=False):
    # Styles: 0 General, 1 builtin 14 (date), 2 builtin 20 (time), 3 builtin
    # 22 (date time), 4 custom yyyy/m/d h:mm, 5 custom "[Red]0.00" (number),
    # 6 custom 0"d" (a quoted d: number), 7 custom [h]:mm:ss (time), 8
    # custom yyyy"年"m"月"d"日" (date), 9 builtin 31 (East Asian date), 10 builtin 46.
    st = styles([(164, 'yyyy/m/d h:mm'), (165, '[Red]0.00'), (166, '0"d"'), (167, '[h]:mm:ss'),
                 (168, 'yyyy"年"m"月"d"日"')], [0, 14, 20, 22, 164, 165, 166, 167, 168, 31, 46])
    vals = [('A', '45292', 1), ('B', '0.5', 2), ('C', '45292.75', 3), ('D', '45292.5104166667', 4),
            ('E', '45292', 5), ('F', '45292', 6), ('G', '1.25', 7), ('H', '45292', 8), ('I', '45292', 9),
            ('J', '0.0208333333333333', 10), ('K', '45292', 0)]
    hdr = [cell('%s1' % c, name, 'inlineStr') for c, name in zip('ABCDEFGHIJK', [
        'date', 'time', 'datetime', 'custom', 'red', 'quoted', 'elapsed', 'cjk', 'builtin31', 'mmss', 'general'])]
    rows = [(1, hdr), (2, [cell('%s2' % c, v, s=s) for c, v, s in vals])]
    # The 1900 leap-year bug: serial 59 is 1900-02-28, 60 the 1900-02-29
    # that never was, 61 1900-03-01; 1 is 1900-01-01. And a date serial
    # written as t="d" (ISO text).
    for i, v in enumerate(['1', '59', '60', '61', '2958465', '-1', '0.999994212962963'], 3):
        rows.append((i, [cell('A%d' % i, v, s=1), cell('C%d' % i, v, s=3)]))
    rows.append((10, [cell('A10', '2024-05-01T13:45:30Z', 'd'), cell('C10', '2024-05-01', 'd')]))
    book(out, [('dates', sheet(rows))], style=st, date1904=date1904)


def formats(out):
    # Cell formats rendered as Excel shows them. Numbers: 1 custom 0.000,
    # 2 builtin 2 (0.00), 3 builtin 4 (#,##0.00: no separators written),
    # 4 custom [Red]0.0, 5 custom 0.00% (not plain: as stored), 6 builtin 1
    # (0). Dates: 7 yyyy-mm-dd"T"hh:mm:ss"+08:00", 8 m/d/yy h:mm (m after h
    # is a minute), 9 yyyy"年"m\月d"日", 10 h:mm AM/PM and 11 d-mmm-yy (ISO
    # 8601 kept), 12 builtin 22 (ISO), 13 mm:ss (m before s: a minute).
    st = styles([(164, '0.000'), (165, '[Red]0.0'), (166, '0.00%'),
                 (167, 'yyyy-mm-dd"T"hh:mm:ss"+08:00"'), (168, 'm/d/yy h:mm'),
                 (169, 'yyyy"年"m\\月d"日"'), (170, 'h:mm AM/PM'), (171, 'd-mmm-yy'), (172, 'mm:ss')],
                [0, 164, 2, 4, 165, 166, 1, 167, 168, 169, 170, 171, 22, 172])
    names = ['fix3', 'fix2', 'thousands', 'red1', 'percent', 'int', 'isozone', 'us', 'cjk', 'ampm',
             'monthname', 'builtin22', 'mmss']
    cols = 'ABCDEFGHIJKLM'
    rows = [(1, [cell('%s1' % c, nm, 'inlineStr') for c, nm in zip(cols, names)])]
    # Row 2: fewer decimals than the format (padded); row 3: more (kept,
    # never rounded), an integer, an exponent, a negative.
    nums = [['0.48', '12.5', '1234.5', '7', '0.125', '12.5'],
            ['0.48125', '12', '-1234', '-0.25', '1.5E-3', '3']]
    dates = ['46359.0875', '46359.0875', '45292', '0.75', '45292', '46359.0875', '0.0208333333333333']
    rows.append((2, [cell('%s2' % c, v, s=s) for c, v, s in zip(cols, nums[0] + dates, range(1, 14))]))
    rows.append((3, [cell('%s3' % c, v, s=s) for c, v, s in zip(cols, nums[1], range(1, 7))]))
    book(out, [('formats', sheet(rows))], style=st)


def titles(out):
    # A title row (merged A1:D1), a row with an export date, a blank row,
    # then the header and the data.
    st = styles(xfs=[0, 14])
    rows = [
        (1, [cell('A1', '2024年11月 评价导出', 'inlineStr')]),
        (2, [cell('A2', '导出时间', 'inlineStr'), cell('B2', '45600', s=1)]),
        (4, [cell('A4', h, 'inlineStr') for h in []] +
         [cell('%s4' % c, h, 'inlineStr') for c, h in zip('ABCD', ['订单号', '评价内容', '评分', '省份'])]),
        (5, [cell('A5', 'TB1', 'inlineStr'), cell('B5', '物流太慢', 'inlineStr'), cell('C5', '1'),
             cell('D5', '广东', 'inlineStr')]),
        (6, [cell('A6', 'TB2', 'inlineStr'), cell('B6', '质量很好', 'inlineStr'), cell('C6', '5')]),
    ]
    book(out, [('Sheet1', sheet(rows, merges=['A1:D1']))], style=st)


def merged(out):
    # A1:A3 merged down (an order with three items), B1:C1 across in the header.
    rows = [
        (1, [cell('A1', '订单', 'inlineStr'), cell('B1', '商品', 'inlineStr'), cell('D1', '评价', 'inlineStr')]),
        (2, [cell('A2', 'TB1', 'inlineStr'), cell('B2', 'SKU-1', 'inlineStr'), cell('C2', '红', 'inlineStr'),
             cell('D2', '好', 'inlineStr')]),
        (3, ['<c r="A3" s="0"/>', cell('B3', 'SKU-2', 'inlineStr'), cell('C3', '蓝', 'inlineStr'),
             cell('D3', '差', 'inlineStr')]),
        (4, [cell('B4', 'SKU-3', 'inlineStr'), cell('D4', '一般', 'inlineStr')]),
        (5, [cell('A5', 'TB2', 'inlineStr'), cell('B5', 'SKU-4', 'inlineStr'), cell('D5', '好', 'inlineStr')]),
    ]
    book(out, [('Sheet1', sheet(rows, merges=['B1:C1', 'A2:A4', 'C4:C5']))])


def multi(out):
    one = sheet([(1, [cell('A1', 'x', 'inlineStr')]), (2, [cell('A2', 'hidden', 'inlineStr')])])
    two = sheet([(1, [cell('A1', 'id', 'inlineStr'), cell('B1', 'text', 'inlineStr')]),
                 (2, [cell('A2', '1'), cell('B2', '第二张', 'inlineStr')])])
    three = sheet([(1, [cell('A1', 'id', 'inlineStr'), cell('B1', 'text', 'inlineStr')]),
                   (2, [cell('A2', '2'), cell('B2', '第三张', 'inlineStr')])])
    book(out, [('隐藏', one), ('评价', two), ('图表', None), ('退货', three)],
         states=['hidden', None, None, None])


def returns(out):
    # A workbook as returns teams keep it: a notes sheet first, then the
    # returns, one row per item with the order cell merged over its items
    # (rv-import(1)'s --list-sheets / --fill-merged example).
    notes = sheet([(1, [cell('A1', '退货登记 2026年11月', 'inlineStr')])])
    rows = [(1, [cell('A1', '订单号', 'inlineStr'), cell('B1', 'sku', 'inlineStr'),
                 cell('C1', '原因', 'inlineStr'), cell('D1', 'text', 'inlineStr')])]
    items = [('TB1001', 'AP-UQ-004', '尺码', '偏小一码'), (None, 'AP-UQ-002', '质量', '开线了'),
             ('TB1002', 'EL-MI-001', '物流', '外箱压坏'), ('TB1003', 'FD-X-009', '错发', '发成了别的口味'),
             (None, 'FD-X-010', '错发', '少了一盒')]
    for i, (o, k, r, t) in enumerate(items, 2):
        rows.append((i, ([cell('A%d' % i, o, 'inlineStr')] if o else []) +
                     [cell('B%d' % i, k, 'inlineStr'), cell('C%d' % i, r, 'inlineStr'), cell('D%d' % i, t, 'inlineStr')]))
    book(out, [('说明', notes), ('退货', sheet(rows, merges=['A2:A3', 'A5:A6']))])


def prefixed(out):
    # Some generators write every element with a namespace prefix.
    x = ('<?xml version="1.0"?>\n<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>'
         '<x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row>'
         '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row>'
         '</x:sheetData></x:worksheet>')
    book(out, [('S', x)], ['共享'])


def wide(out):
    rows = [(1, [cell('A1', 'a', 'inlineStr'), cell('B1', 'b', 'inlineStr')]),
            (2, [cell('A2', '1'), cell('B2', '2')]),
            (3, [cell('A3', '3'), cell('B3', '4'), cell('D3', 'stray', 'inlineStr')]),
            (4, [cell('A4', '5')])]
    book(out, [('数据', sheet(rows))])


def badsst(out):
    rows = [(1, [cell('A1', 0, 's')]), (2, [cell('A2', 0, 's')]), (7, [cell('A7', 1, 's'), cell('C7', 99999999, 's')])]
    book(out, [('订单', sheet(rows))], ['h', 'v'])


def badxml(out):
    x = sheet([(1, [cell('A1', 'h', 'inlineStr')]), (2, [cell('A2', '1')])])
    x = x.replace('<c r="A2"><v>1</v></c>', '<c r="A2"><v>1</c>')
    book(out, [('Sheet1', x)])


def doctype(out):
    x = sheet([(1, [cell('A1', 'h', 'inlineStr')])])
    x = x.replace('<worksheet', '<!DOCTYPE lol [<!ENTITY a "aaaa">]><worksheet')
    book(out, [('Sheet1', x)])


def nowb(out):
    with zipfile.ZipFile(out, 'w') as z:
        zi = zipfile.ZipInfo('word/document.xml', date_time=(2024, 1, 1, 0, 0, 0))
        z.writestr(zi, '<document/>')


def nosheet(out):
    book(out, [('Sheet1', sheet([]))], skip=('xl/worksheets/sheet1.xml',))


def truncated(out):
    import io
    b = io.BytesIO()
    basic(b)
    data = b.getvalue()
    open(out, 'wb').write(data[:len(data) // 2])


def big(out, n=1000):
    rows = [(1, [cell('A1', 'id', 'inlineStr'), cell('B1', 'text', 'inlineStr')])]
    for i in range(2, n + 2):
        rows.append((i, [cell('A%d' % i, str(i)), cell('B%d' % i, i % 7, 's')]))
    book(out, [('big', sheet(rows))], ['s%d' % k for k in range(7)])


def baddeflate(out, n=60000):
    """big, n rows (megabytes of sheet XML, many reads of it), with the
    sheet's deflate stream broken two thirds in, in the middle of a row:
    a block of the reserved type right after the first part, flushed to
    a byte boundary. The zip is written by hand to hold that stream."""
    import io
    import struct
    import zlib
    b = io.BytesIO()
    big(b, n)
    with zipfile.ZipFile(b) as z:
        parts = [(zi.filename, z.read(zi.filename)) for zi in z.infolist()]
    body, cdir = b'', b''
    for name, data in parts:
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        if name == 'xl/worksheets/sheet1.xml':
            cut = data.index(b'<row r="%d">' % (2 * n // 3)) + 20
            comp = co.compress(data[:cut]) + co.flush(zlib.Z_FULL_FLUSH) + b'\xff' * 16
        else:
            comp = co.compress(data) + co.flush()
        fn = name.encode()
        head = struct.pack('<HHHHHIII', 20, 0, 8, 0, 0x5821, zlib.crc32(data), len(comp), len(data))
        cdir += struct.pack('<IH', 0x02014b50, 20) + head + struct.pack('<HHHHHII', len(fn), 0, 0, 0, 0, 0, len(body)) + fn
        body += struct.pack('<I', 0x04034b50) + head + struct.pack('<HH', len(fn), 0) + fn + comp
    end = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(parts), len(parts), len(cdir), len(body), 0)
    open(out, 'wb').write(body + cdir + end)


def badxmlbig(out, n=40000):
    """big, n rows (megabytes of sheet XML: the scanner reads it in many
    blocks), with a duplicate attribute in a cell of row 30000."""
    import io
    b = io.BytesIO()
    big(b, n)
    with zipfile.ZipFile(b) as z:
        files = {zi.filename: z.read(zi.filename) for zi in z.infolist()}
    x = files['xl/worksheets/sheet1.xml']
    files['xl/worksheets/sheet1.xml'] = x.replace(b'<c r="B30000" t="s">', b'<c r="B30000" t="s" r="B30000">')
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, files[name])


def badcrc(out):
    """basic, with a byte of the sheet's stored CRC-32 flipped (in its
    local header and in the central directory): the data inflate fine,
    only the check at the end of the entry can tell."""
    import io
    import struct
    b = io.BytesIO()
    basic(b)
    data = bytearray(b.getvalue())
    name = b'xl/worksheets/sheet1.xml'
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        lh = z.getinfo(name.decode()).header_offset
    data[lh + 14] ^= 0x5A
    i = data.find(b'PK\x01\x02')
    while i >= 0:
        n = struct.unpack('<H', data[i + 28:i + 30])[0]
        if data[i + 46:i + 46 + n] == name:
            data[i + 16] ^= 0x5A
        i = data.find(b'PK\x01\x02', i + 1)
    open(out, 'wb').write(bytes(data))


def utf16(out):
    """basic's first rows with the sheet in UTF-16 (a byte order mark and
    an XML declaration saying so): read by expat, not the scanner."""
    x = sheet([(1, [cell('A1', 'id', 'inlineStr'), cell('B1', '评价', 'inlineStr')]),
               (2, [cell('A2', '1'), cell('B2', '质量 & 物流 <ok>', 'inlineStr')])])
    x = x.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    book(out, [('Sheet1', None)], extra={})
    files = {}
    with zipfile.ZipFile(out) as z:
        for zi in z.infolist():
            files[zi.filename] = z.read(zi.filename)
    files['xl/worksheets/sheet1.xml'] = '\ufeff'.encode('utf-16-le') + x.encode('utf-16-le')
    files['xl/workbook.xml'] = files['xl/workbook.xml']
    files['xl/_rels/workbook.xml.rels'] = files['xl/_rels/workbook.xml.rels'].replace(
        b'chartsheet" Target="chartsheets/sheet1.xml"', b'worksheet" Target="worksheets/sheet1.xml"')
    del files['xl/chartsheets/sheet1.xml']
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, files[name])


HTML = '''<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=%s">
<style>td { mso-number-format:"\\@"; }</style>
<script>var s = "<table><tr><td>not me</td></tr></table>";</script></head>
<body><!-- <table><tr><td>nor me</td></tr></table> -->
<table border="1">
<tr><th>订单号</th><th>评价内容</th><th colspan="2">商品</th></tr>
<tr><td rowspan="2">TB1</td><td>物流&amp;包装   太差<br>第二行</td><td>SKU&#45;1</td><td>&lt;红&gt;&nbsp;</td></tr>
<tr><td>A &quot;good&quot; one &#x1F600;</td><td><p>SKU-2</p></td><td>蓝</td>
<tr><td>TB2</td><td><b>粗体</b> and <i>斜体</i></td><td></td><td>&unknown; &amp</td></tr>
</table>
<table><tr><td>second</td></tr><tr><td>table</td></tr></table>
</body></html>
'''


def html(out, charset='utf-8'):
    open(out, 'wb').write((HTML % charset).encode('gb18030' if charset == 'gbk' else 'utf-8'))


def htmlgbk(out):
    html(out, 'gbk')


FIXTURES = {f.__name__: f for f in [basic, dates, formats, titles, merged, multi, returns, prefixed, wide, badsst, badxml,
                                     doctype, nowb, nosheet, truncated, big, baddeflate, badxmlbig, badcrc, utf16, html, htmlgbk]}
FIXTURES['dates1904'] = lambda out: dates(out, True)

if __name__ == '__main__':
    if sys.argv[1:] == ['list']:
        print('\n'.join(sorted(FIXTURES)))
        sys.exit(0)
    if len(sys.argv) != 3 or sys.argv[1] not in FIXTURES:
        sys.exit('usage: mkxlsx.py NAME OUT | list')
    FIXTURES[sys.argv[1]](sys.argv[2])
