"""What every CSV export shares: a cell a spreadsheet would take for a formula gets an
apostrophe first (OWASP's CSV injection advice), and a byte-order mark lets spreadsheets
read the file as UTF-8."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell
