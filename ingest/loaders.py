"""Read .txt, .md, .pdf, .html and .docx files into plain text that keeps their structure.

Headings come out as Markdown `#` lines and list items as `- ` lines whatever the format, so
the chunker sees one shape of input.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ingest.documents import Document, path_text

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".html", ".htm", ".docx")


class LoadError(Exception):
    """A file could not be read; the message is the reason, written for the user."""


# --- text and encodings -----------------------------------------------------------------------

def decode_text(data: bytes) -> str:
    """Decode bytes of unknown encoding; a latin-1 file is read, never rejected."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name)
    if _looks_binary(data):
        raise LoadError("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best)
    # Every byte sequence is valid latin-1: the last resort never fails.
    return data.decode("latin-1")


# In Western European text (French, German, Spanish...) an accented letter is rare between
# plain ones: "fenêtrage", "Größe". Cyrillic, Greek or Hebrew in a single-byte code page is
# almost all high bytes, and is left to the detector.
WESTERN_ACCENTED_SHARE = 0.25
# what Windows-1252 text holds beside words that is no letter: quotes, dashes, currencies
_WESTERN_MARKS = frozenset("’‘“”„–—…•·«»°€£§©®™±×")


def _western(data: bytes) -> str | None:
    """The text in the first of Windows-1252 (a superset of Latin-1's letters) and
    Windows-1250 (Central European) that reads as Latin-script text: sparse accented letters
    and no symbol touching a letter. charset_normalizer guesses wrong on short ads: it read a
    French ad's "fenêtrage" as "fenętrage", a German one and a Polish one as Korean."""
    for code_page in ("cp1252", "cp1250"):
        try:
            text = data.decode(code_page)
        except UnicodeDecodeError:  # a byte the code page leaves undefined
            continue
        letters = [c for c in text if c.isalpha()]
        accented = sum(1 for c in letters if ord(c) >= 0x80)
        if (letters and accented / len(letters) <= WESTERN_ACCENTED_SHARE
                and not _symbol_in_word(text)):
            return text
    return None


def _symbol_in_word(text: str) -> bool:
    """A symbol touching a letter, as Polish read as Windows-1252 gives ("³¹czenie" for
    "łączenie", "baz¹" for "bazą")."""
    for at, char in enumerate(text):
        if ord(char) < 0x80 or char.isalpha() or char.isspace() or char in _WESTERN_MARKS:
            continue
        if any(0 <= i < len(text) and text[i].isalpha() for i in (at - 1, at + 1)):
            return True
    return False


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and control / len(sample) > 0.05


# --- HTML ---------------------------------------------------------------------------------------

_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer",
                 "form", "button", "select", "iframe"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "br", "tr", "table", "ul", "ol",
               "blockquote", "pre", "dl", "dt", "dd", "header", "aside", "figure", "hr"}


class _HtmlToText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n# ")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in ("td", "th"):
            self.parts.append(" | ")  # a row reads as Word tables do: "SQL | Advanced | Must"
        elif re.fullmatch(r"h[1-6]", tag) or tag in _BLOCK_TAGS or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = (line.strip().removesuffix(" |").strip()
                 for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line not in ("", "#", "-", "# ", "- ", "|"))


def html_to_text(html: str) -> str:
    parser = _HtmlToText()
    parser.feed(html)
    parser.close()
    return parser.text()


# --- limits -------------------------------------------------------------------------------------
DEFAULT_MAX_FILE_MB = 50
# what a .docx or .pdf may expand to: a small file can unpack to gigabytes (a "zip bomb")
MAX_EXPANDED_BYTES = 200 * 2**20
MAX_TEXT_CHARS = 50 * 2**20
PDF_SECONDS = 120  # a PDF whose text takes longer than this to extract is refused


def max_file_bytes() -> int:
    """PREP_MAX_FILE_MB (default 50): larger files are refused, not read into memory."""
    raw = os.environ.get("PREP_MAX_FILE_MB", "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(max(megabytes, 0.001) * 2**20)


def _megabytes(size: float) -> str:
    return f"{size / 2**20:.3g} MB"


def _check_size(size: int) -> None:
    limit = max_file_bytes()
    if size > limit:
        raise LoadError(f"the file is {_megabytes(size)}, over the {_megabytes(limit)} limit; "
                        "split it, or raise PREP_MAX_FILE_MB")


# --- binary formats -------------------------------------------------------------------------

def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would clutter stderr
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("the PDF is password-protected; save an unprotected copy and retry")
        pages = _pdf_pages(reader)
    except LoadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"corrupt or unreadable PDF ({exc.__class__.__name__})") from exc
    text = "\n".join(pages).strip()
    if not text:
        raise LoadError("the PDF has no extractable text (a scan?); run OCR on it first")
    return text


def _pdf_pages(reader: Any) -> list[str]:
    """Each page's text, refusing a PDF whose text grows past MAX_TEXT_CHARS or whose
    extraction runs past PDF_SECONDS (compressed streams can expand without end)."""
    started, total, pages = time.monotonic(), 0, []
    for page in reader.pages:
        text = page.extract_text() or ""
        total += len(text)
        if total > MAX_TEXT_CHARS:
            raise LoadError(f"the PDF expands to more than {MAX_TEXT_CHARS // 2**20}M characters"
                            " of text; split it")
        if time.monotonic() - started > PDF_SECONDS:
            raise LoadError(f"reading the PDF took over {PDF_SECONDS} s; split it or save it "
                            "as text")
        pages.append(text)
    return pages


def _read_docx(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError("not a valid .docx file (corrupt, or another format renamed)") from exc
    if expanded > MAX_EXPANDED_BYTES:
        raise LoadError(f"the .docx unpacks to {expanded / 2**20:.0f} MB, over the "
                        f"{MAX_EXPANDED_BYTES // 2**20} MB a document may hold; it looks "
                        "like a decompression bomb")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError("not a valid .docx file (corrupt, or another format renamed)") from exc
    except Exception as exc:  # noqa: BLE001 - lxml refuses huge or hostile XML in many ways
        raise LoadError(f"the .docx XML cannot be read safely ({exc.__class__.__name__})") \
            from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        if style.startswith(("heading", "title")):
            lines.append(f"# {text}")
        elif style.startswith("list"):
            lines.append(f"- {text}")
        else:
            lines.append(text)
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


# --- entry points -------------------------------------------------------------------------------

def read_text(path: Path) -> str:
    """Return a file's text; raise LoadError with a reason the user can act on."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise LoadError("is a folder, not a file; pass the file itself")
    if not path.exists():
        raise LoadError("file not found; check the path")
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"unsupported file type '{suffix or path_text(path.name)}'; "
                        f"use one of {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        _check_size(path.stat().st_size)
        if suffix == ".pdf":
            return _read_pdf(path)
        if suffix == ".docx":
            return _read_docx(path)
        text = decode_text(path.read_bytes())
    except PermissionError as exc:
        raise LoadError("permission denied; check the file's permissions") from exc
    except IsADirectoryError as exc:
        raise LoadError("is a folder, not a file") from exc
    except FileNotFoundError as exc:
        raise LoadError("file not found") from exc
    return html_to_text(text) if suffix in (".html", ".htm") else text


def load_document(path: Path, source: str) -> Document:
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError("the file is empty")
    return Document(path=path.resolve(), source=path_text(source), text=text)


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def discover(paths: list[Path]) -> Iterator[tuple[Path, str] | tuple[Path, LoadError]]:
    """Yield (file, source name) for every file to index, or (path, LoadError) for a bad path.

    Folders are walked in sorted order; hidden files and folders and files of other types are
    skipped there, while a file named explicitly is always attempted so its problem is reported.
    """
    for given in paths:
        if given.is_dir():
            root = given.resolve()
            for file in sorted(root.rglob("*")):
                if (file.is_file() and not _is_hidden(file, root)
                        and file.suffix.lower() in SUPPORTED_SUFFIXES):
                    yield file, file.relative_to(root).as_posix()
        elif given.exists():
            yield given.resolve(), given.name
        else:
            yield given, LoadError("no such file or folder; check the path")
