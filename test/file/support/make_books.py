"""Workbooks as other producers write them, for the file host's tests. Usage: make_books.py OUTDIR

openpyxl: plain, write-only, with a comment, a chart and a table; xlsxwriter: a table with a
totals row, the 1904 date system. (LibreOffice's books are converted from these by the test.)
"""
import datetime
import os
import sys

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.worksheet.table import Table, TableStyleInfo
import xlsxwriter

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
ROWS = [["Region", "Amount", "Date"], ["North", 10.5, datetime.date(2026, 1, 2)], ["South", 0, datetime.date(2026, 2, 3)], ["East", -3.25, datetime.date(2026, 3, 4)]]


def fill(ws):
    for row in ROWS:
        ws.append(row)
    for cell in ws["C"][1:]:
        cell.number_format = "yyyy-mm-dd"


wb = openpyxl.Workbook()
fill(wb.active)
wb.active.title = "Data"
wb.create_sheet("Notes")["A1"] = "plain"
wb.save(os.path.join(out, "openpyxl-plain.xlsx"))

wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Data")
for row in ROWS:
    ws.append(row)
wb.save(os.path.join(out, "openpyxl-write-only.xlsx"))

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Data"
fill(ws)
ws["A2"].comment = Comment("Checked by the controller", "Auditor")
chart = BarChart()
chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4), titles_from_data=True)
ws.add_chart(chart, "E2")
table = Table(displayName="Regions", ref="A1:C4")
table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
ws.add_table(table)
ws["B6"] = "=SUM(B2:B4)"
wb.save(os.path.join(out, "openpyxl-comment-chart-table.xlsx"))

wb = xlsxwriter.Workbook(os.path.join(out, "xlsxwriter-totals-1904.xlsx"), {"date_1904": True})
ws = wb.add_worksheet("Data")
date = wb.add_format({"num_format": "yyyy-mm-dd"})
ws.add_table("A1:C5", {"name": "Sales", "total_row": True, "columns": [
    {"header": "Region", "total_string": "Total"},
    {"header": "Amount", "total_function": "sum"},
    {"header": "Date"},
]})
for i, (region, amount, day) in enumerate(ROWS[1:], start=1):
    ws.write_string(i, 0, region)
    ws.write_number(i, 1, amount)
    ws.write_datetime(i, 2, datetime.datetime.combine(day, datetime.time()), date)
ws.write_formula("E1", "=1/0", None, "#DIV/0!")
ws.write_boolean("E2", False)
ws.write_formula("E3", "=0*1", None, 0)
wb.close()
