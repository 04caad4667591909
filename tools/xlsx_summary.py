#!/usr/bin/env python3
"""Reads a movements report (.xlsx) back and prints what the tests compare with the database, as
JSON: sheet name, header, data-row count, sums in cents of the four amount columns, the first data
row's date cell type, frozen pane and autofilter. Uses openpyxl (read-only, streaming)."""
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


if __name__ == "__main__":
    main(sys.argv[1])
