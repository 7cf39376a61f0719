"""CSV cells a spreadsheet would run as formulas, made inert (every export of the hub uses this)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def escape_formula(value: str) -> str:
    """Make a cell inert in spreadsheets: prefix an apostrophe to anything that could start a formula
    (and to a value that already starts with an apostrophe before such a character, so it round-trips)."""
    if value and (
        value.startswith(FORMULA_STARTS)
        or (value[0] == "'" and value[1:2] and value[1] in "'" + "".join(FORMULA_STARTS))
    ):
        return "'" + value
    return value


def unescape_formula(value: str) -> str:
    if value and value[0] == "'" and value[1:2] and value[1] in "'" + "".join(FORMULA_STARTS):
        return value[1:]
    return value
