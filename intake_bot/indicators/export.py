"""The indicators as files a funder opens in a spreadsheet: CSV (French Excel) and XLSX."""

from __future__ import annotations

import csv
import io
import re

from intake_bot.i18n import render
from intake_bot.indicators.model import Indicators, Table

FR = "fr"
#: What a French Excel expects of a CSV file: a BOM (else it reads UTF-8 as Windows-1252) and
#: semicolons (the comma is the decimal separator).
BOM, SEPARATOR = "\ufeff", ";"
SHEET_NAME_LENGTH = 31  # Excel's limit
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def header_lines(ind: Indicators) -> list[tuple[str, str]]:
    """(label, value) lines naming the period, the organisation and the measure."""
    period = render("indicators.period_value", FR, start=ind.period.start.strftime("%d/%m/%Y"),
                    end=ind.period.end.strftime("%d/%m/%Y"))
    return [(render("indicators.period", FR), period),
            (render("indicators.organisation", FR),
             ind.organisation or render("indicators.all_organisations", FR)),
            (render("indicators.measure", FR), ind.measure or render("indicators.all_measures", FR))]


def to_csv(ind: Indicators) -> bytes:
    """UTF-8 with a BOM, ``;`` separated: the header lines, the key figures, then one block per
    table (its title, a column header, its rows, its total), blocks separated by a blank line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([render("indicators.heading", FR)])
    writer.writerows(header_lines(ind))
    writer.writerow([])
    writer.writerow([render("indicators.key_figures", FR)])
    writer.writerows(ind.figures)
    for table in ind.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([render("indicators.column.label", FR), render("indicators.column.count", FR)])
        writer.writerows(table.rows)
        writer.writerow([render("indicators.total", FR), table.total])
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(ind: Indicators) -> bytes:
    """A workbook: a summary sheet (period, organisation, measure, key figures), then one sheet
    per table; counts are numbers, not text, so a funder can sum and chart them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = _sheet_name(render("indicators.key_figures", FR), set())
    summary.append([render("indicators.heading", FR)])
    summary["A1"].font = Font(bold=True, size=14)
    for line in header_lines(ind):
        summary.append(list(line))
    summary.append([])
    for label, value in ind.figures:
        summary.append([label, int(value) if value.isdigit() else value])
    summary.column_dimensions["A"].width = 70
    summary.column_dimensions["B"].width = 30
    used = {summary.title}
    for table in ind.tables:
        _table_sheet(book.create_sheet(_sheet_name(table.title, used)), table, Font)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table_sheet(sheet, table: Table, font) -> None:
    sheet.append([table.title])
    sheet["A1"].font = font(bold=True)
    sheet.append([render("indicators.column.label", FR), render("indicators.column.count", FR)])
    for cell in sheet[2]:
        cell.font = font(bold=True)
    for label, count in table.rows:
        sheet.append([label, count])
    sheet.append([render("indicators.total", FR), table.total])
    sheet.cell(row=sheet.max_row, column=1).font = font(bold=True)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 18


def _sheet_name(title: str, used: set[str]) -> str:
    """``title`` as an Excel sheet name: no []:*?/\\, 31 characters, unique in the workbook."""
    base = SHEET_FORBIDDEN.sub(" ", title)[:SHEET_NAME_LENGTH].strip()
    name, number = base, 2
    while name in used:
        suffix = f" ({number})"
        name, number = base[:SHEET_NAME_LENGTH - len(suffix)] + suffix, number + 1
    used.add(name)
    return name
