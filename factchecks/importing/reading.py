"""Reading an import file: CSV or JSON Lines bytes into raw rows, and file-format errors.

Values are left as the file gives them (CSV list cells split, JSON cells parsed);
checking them is ``validating``'s job.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..exchange import LIST_FIELDS, LIST_SEPARATOR, OBJECT_LIST_FIELDS, unescape_formula

MAX_FILE_BYTES = 200 * 1024 * 1024
REQUIRED = ["case_id", "title", "claim", "claim_summary", "disproof", "verdict", "rating_explanation", "first_seen"]


@dataclass
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, field {self.field}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s)")


@dataclass
class Row:
    line: int
    data: dict


def read_rows(path: Path, fmt: str | None = None) -> tuple[list[Row], list[RowError]]:
    """The file's rows as dicts of raw values, with the line each starts on."""
    fmt = fmt or ("jsonl" if path.suffix.lower() in {".jsonl", ".ndjson", ".json"} else "csv")
    if path.stat().st_size > MAX_FILE_BYTES:
        return [], [RowError(0, "file", f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [RowError(0, "file", f"The file is not UTF-8 text ({error.reason} at byte {error.start}).")]
    return _read_jsonl(text) if fmt == "jsonl" else _read_csv(text)


def _read_jsonl(text: str) -> tuple[list[Row], list[RowError]]:
    rows, errors = [], []
    # Only \n ends a record: str.splitlines() would also split on U+2028 and friends inside text.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append(RowError(number, "row", f"not valid JSON ({error.msg})."))
            continue
        except RecursionError:
            errors.append(RowError(number, "row", "JSON nested too deeply."))
            continue
        except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits)
            errors.append(RowError(number, "row", "not valid JSON (a number is too long)."))
            continue
        if not isinstance(data, dict):
            errors.append(RowError(number, "row", "each line must be a JSON object."))
            continue
        rows.append(Row(number, data))
    return rows, errors


def _read_csv(text: str) -> tuple[list[Row], list[RowError]]:
    rows, errors = [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [RowError(1, "file", "The file is empty.")]
    except csv.Error as error:
        return [], [RowError(1, "header", str(error))]
    header = [name.strip() for name in header]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [RowError(1, "header", f"missing column(s): {', '.join(missing)}.")]
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(line, "row", f"not valid CSV ({error})."))
            break
        if any(value.strip() for value in values):
            if len(values) > len(header):
                errors.append(RowError(line, "row", f"{len(values)} cells for {len(header)} columns."))
            else:
                data = {}
                for name, value in zip(header, values, strict=False):
                    data[name] = _csv_value(name, unescape_formula(value))
                rows.append(Row(line, data))
        line = reader.line_num + 1
    return rows, errors


def _csv_value(name: str, value: str):
    if name in LIST_FIELDS:
        return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    if name in OBJECT_LIST_FIELDS:
        if not value.strip():
            return []
        try:
            return json.loads(value)
        except (ValueError, RecursionError):  # JSONDecodeError, or an integer too long to read
            return _Invalid("must be a JSON array of objects.")
    return value


@dataclass
class _Invalid:
    message: str
