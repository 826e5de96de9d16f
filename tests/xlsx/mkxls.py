#!/usr/bin/python3
"""mkxls.py OUT - write the BIFF .xls test fixture (tests/cli/rv-import/xls-*/in.xls).

Needs Debian's python3-xlwt (scripts/deps.sh bench); the file it wrote is
committed, so make check does not need the package. xlwt writes BIFF8,
as Excel 97-2003 does: text in the shared string table, integers as RK
records, other numbers as NUMBER records, dates as numbers with a date
format (which libfreexl reports as dates)."""
import datetime
import sys

import xlwt

wb = xlwt.Workbook(encoding='utf-8')
ws = wb.add_sheet('订单')
date = xlwt.easyxf(num_format_str='yyyy-mm-dd')
dt = xlwt.easyxf(num_format_str='yyyy-mm-dd hh:mm:ss')
tm = xlwt.easyxf(num_format_str='hh:mm:ss')
ws.write(0, 0, '2024年 退货导出')
for c, h in enumerate(['订单号', '评价', '数量', '价格', '日期', '时间', '下单时间']):
    ws.write(2, c, h)
rows = [
    ['TB001', '质量很好, good', 3, 0.1, datetime.date(2024, 1, 1), datetime.time(13, 45, 30),
     datetime.datetime(2024, 5, 1, 13, 45, 30)],
    ['TB002', 'tab\there\nnewline', 1234567, -2.5e-3, datetime.date(1999, 12, 31), datetime.time(0, 0, 1),
     datetime.datetime(2000, 2, 29, 0, 0, 0)],
    ['TB003', '', 1e20, 1 / 3, None, None, None],
]
for r, row in enumerate(rows, 3):
    for c, v in enumerate(row):
        if v is None or v == '':
            continue
        style = {4: date, 5: tm, 6: dt}.get(c)
        if style:
            ws.write(r, c, v, style)
        else:
            ws.write(r, c, v)
ws2 = wb.add_sheet('Sheet2')
ws2.write(0, 0, 'only')
ws2.write(1, 0, 'x')
wb.save(sys.argv[1])
