"""Citation export of library items: BibTeX and RIS. Pure functions of the item's metadata."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# BibTeX special characters, escaped so any title or author is a valid entry.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

BIBTEX_TYPES = {"report": "techreport", "study": "techreport", "paper": "misc", "dataset": "misc"}
RIS_TYPES = {"report": "RPRT", "study": "RPRT", "paper": "GEN", "dataset": "DATA"}


@dataclass
class Citation:
    key: str
    kind: str
    title: str
    authors: list[str]
    publisher: str
    year: int
    date: str
    url: str
    identifier: str
    language: str
    abstract: str


def _one_line(text: str) -> str:
    # Format characters (zero-width joiners in emoji and Persian or Indic words) are kept.
    kept = "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Cf" else " " for ch in text or "")
    return re.sub(r"\s+", " ", kept).strip()


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(char, char) for char in _one_line(text))


# "and" separates names in a BibTeX author list, whatever its case: inside a name it is braced.
_AND_WORD = re.compile(r"(?<=\s)and(?=\s)", re.IGNORECASE)


def bibtex_name(name: str) -> str:
    """One author as BibTeX reads names: "Family, Given" (or "von Family, Jr, Given") stays unbraced,
    so citation tools can tell the surname from the given names; anything else (an organisation, a
    single name) is braced whole, so it is never split or reordered."""
    text = _one_line(name)
    parts = [part.strip() for part in text.split(",")]
    escaped = bibtex_escape(text)
    if len(parts) in (2, 3) and all(parts):
        return _AND_WORD.sub(lambda match: "{" + match.group(0) + "}", escaped)
    return "{" + escaped + "}"


def to_bibtex(citation: Citation) -> str:
    fields = [
        ("title", bibtex_escape(citation.title)),
        ("author", " and ".join(bibtex_name(author) for author in citation.authors if _one_line(author))),
        (
            "institution" if BIBTEX_TYPES.get(citation.kind) == "techreport" else "publisher",
            bibtex_escape(citation.publisher),
        ),
        ("year", str(citation.year)),
        ("url", citation.url),
        ("language", bibtex_escape(citation.language)),
    ]
    if citation.identifier.lower().startswith("10."):
        fields.append(("doi", bibtex_escape(citation.identifier)))
    elif citation.identifier:
        fields.append(("note", bibtex_escape(citation.identifier)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    key = re.sub(r"[^A-Za-z0-9_-]", "", citation.key) or "item"
    return f"@{BIBTEX_TYPES.get(citation.kind, 'misc')}{{{key},\n{body}\n}}\n"


def to_ris(citation: Citation) -> str:
    lines = [("TY", RIS_TYPES.get(citation.kind, "GEN")), ("TI", _one_line(citation.title))]
    lines += [("AU", _one_line(author)) for author in citation.authors]
    lines += [
        ("PB", _one_line(citation.publisher)),
        ("PY", str(citation.year)),
        ("DA", citation.date.replace("-", "/")),
        ("UR", citation.url),
        ("LA", _one_line(citation.language)),
        ("AB", _one_line(citation.abstract)),
    ]
    if citation.identifier.lower().startswith("10."):
        lines.append(("DO", _one_line(citation.identifier)))
    elif citation.identifier:
        lines.append(("M1", _one_line(citation.identifier)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value or tag == "ER")
