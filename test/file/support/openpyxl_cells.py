"""Every cell value of every worksheet, as openpyxl (Debian's python3-openpyxl) reads it, as JSON.

Usage: /usr/bin/python3 openpyxl_cells.py book.xlsx [...]
Prints one JSON object per file: {"file": ..., "sheets": [{"name": ..., "cells": [[row, col, kind, value]]}]}
or {"file": ..., "error": "..."} when openpyxl cannot open it. kind: s, n, b, e, d (ISO date or time).
"""
import datetime
import json
import sys
import warnings

import openpyxl

warnings.simplefilter("ignore")

ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}


def cell_json(cell):
    v = cell.value
    if v is None:
        return None
    if isinstance(v, bool):
        return ["b", v]
    if isinstance(v, (int, float)):
        return ["n", v]
    if isinstance(v, datetime.datetime):
        return ["d", v.date().isoformat()]
    if isinstance(v, datetime.date):
        return ["d", v.isoformat()]
    if isinstance(v, (datetime.time, datetime.timedelta)):
        return ["t", str(v)]
    if getattr(cell, "data_type", None) == "e" or (isinstance(v, str) and v in ERRORS):
        return ["e", v]
    return ["s", str(v)]


def dump(path):
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception as error:  # noqa: BLE001 - the message is the result
        return {"file": path, "error": f"{type(error).__name__}: {error}"}
    sheets = []
    for ws in wb.worksheets:
        cells = []
        if not hasattr(ws, "iter_rows"):
            continue
        # The <dimension> a producer declares may be the whole grid (issue_174.xlsx): ignore it.
        ws.reset_dimensions()
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "value", None) is None:
                    continue
                value = cell_json(cell)
                if value is not None and not (value[0] == "s" and value[1] == ""):
                    cells.append([cell.row, cell.column, value[0], value[1]])
        sheets.append({"name": ws.title, "cells": cells})
    return {"file": path, "sheets": sheets}


for arg in sys.argv[1:]:
    print(json.dumps(dump(arg)))
