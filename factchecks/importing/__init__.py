"""Bulk import of debunks from CSV or JSON Lines (the format of ``factchecks.exchange``).

Every row is validated before anything is written; any error means nothing is
imported, and every bad row is reported with its line number and field. Rows are
matched by (case id, language): a row identical to what is stored changes nothing,
a changed row publishes a new revision, a new row creates and publishes a debunk.

The work is split by step: ``reading`` (file to raw rows), ``validating`` (rows to
checked records) and ``writing`` (records to pages, in one transaction).
"""

from .reading import ImportFailed, Row
from .validating import validate_rows
from .writing import apply_records, import_file

__all__ = ["ImportFailed", "Row", "apply_records", "import_file", "validate_rows"]
