#!/usr/bin/env python3
"""Reads a movements report (.xlsx) back and prints what the tests compare with the database, as
JSON: sheet name, header, data-row count, sums in cents of the four amount columns, the first data
row's date cell type, frozen pane and autofilter. Uses openpyxl (read-only, streaming).

With --cells, prints every cell instead (for the writer's own tests): {"sheet", "rows": [[[value, type,
number format], ...], ...], "defined_names": {name: value}}, values as strings, dates in ISO 8601."""
import datetime
import json
import re
import sys
import zipfile
from decimal import Decimal

import openpyxl


def main(path):
    workbook = openpyxl.load_workbook(path, read_only=True)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    count = 0
    sums = [Decimal(0)] * 4
    first = None
    for row in rows:
        if first is None:
            first = row
        if isinstance(row[2], (datetime.date, datetime.datetime)):
            count += 1
            for i in range(4):
                sums[i] += Decimal(str(row[4 + i])).quantize(Decimal("0.01"))
    # Frozen pane and autofilter straight from the sheet XML (loading a big sheet in full is slow).
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    pane = re.search(r'<pane [^>]*topLeftCell="([A-Z]+[0-9]+)"[^>]*state="frozen"', xml)
    autofilter = re.search(r'<autoFilter ref="([^"]+)"', xml)
    styles = None
    if count:
        full_cell = sheet.cell(row=2, column=5)
        styles = full_cell.number_format
    print(json.dumps({
        "sheet": sheet.title,
        "header": header,
        "rows": count,
        "cents": [int(s * 100) for s in sums],
        "first": [str(v) for v in first] if first else None,
        "first_date_is_date": bool(first and isinstance(first[2], (datetime.date, datetime.datetime))),
        "freeze": pane.group(1) if pane else None,
        "autofilter": autofilter.group(1) if autofilter else None,
        "money_format": styles,
    }))


def cells(path):
    workbook = openpyxl.load_workbook(path)  # in full: number formats and defined names too
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows():
        out = []
        for cell in row:
            value = cell.value
            shown = value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value
            out.append([None if value is None else str(shown), type(value).__name__, cell.number_format])
        rows.append(out)
    # Straight from workbook.xml: openpyxl takes the filter's reserved name in and does not show it.
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/workbook.xml").decode("utf-8")
    names = dict(re.findall(r'<definedName name="([^"]+)"[^>]*>([^<]*)</definedName>', xml))
    print(json.dumps({"sheet": sheet.title, "rows": rows, "defined_names": names,
                      "autofilter": sheet.auto_filter.ref, "freeze": sheet.freeze_panes,
                      "bold_first": bool(rows and sheet.cell(row=1, column=1).font.b)}))


if __name__ == "__main__":
    if sys.argv[1] == "--cells":
        cells(sys.argv[2])
    else:
        main(sys.argv[1])
