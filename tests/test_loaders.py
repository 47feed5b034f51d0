"""Loaders: every supported format yields structured text; bad files raise a clear LoadError."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import LoadError, decode_text, discover, html_to_text, load_document, read_text


def _minimal_pdf(text: str) -> bytes:
    """A valid one-page PDF with one line of text, written by hand (no PDF library needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out += trailer.encode()
    return bytes(out)


def test_utf8_latin1_and_utf16_are_all_read(tmp_path: Path) -> None:
    assert decode_text("naïve café".encode()) == "naïve café"
    assert decode_text("résumé für Zürich".encode("latin-1")) == "résumé für Zürich"
    assert decode_text("bom ✓".encode("utf-16")) == "bom ✓"
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Ingénieur en apprentissage automatique".encode("latin-1"))
    assert "Ingénieur" in read_text(latin)


def test_binary_file_is_rejected_with_a_reason(tmp_path: Path) -> None:
    blob = tmp_path / "model.txt"
    blob.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(LoadError, match="binary"):
        read_text(blob)


def test_html_keeps_headings_and_lists_and_drops_scripts_and_navigation() -> None:
    html = ("<html><head><title>t</title><script>var x=1;</script></head><body>"
            "<nav>Home | Jobs</nav><h2>Requirements</h2><ul><li>Python</li><li>PyTorch</li></ul>"
            "<p>We value &amp; reward curiosity.</p><footer>© board</footer></body></html>")
    assert html_to_text(html).splitlines() == [
        "# Requirements", "- Python", "- PyTorch", "We value & reward curiosity."]


def test_docx_headings_and_list_items(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Key Responsibilities", level=1)
    document.add_paragraph("Build retrieval pipelines", style="List Bullet")
    document.add_paragraph("Plain paragraph.")
    path = tmp_path / "ad.docx"
    document.save(str(path))
    assert read_text(path).splitlines() == [
        "# Key Responsibilities", "- Build retrieval pipelines", "Plain paragraph."]


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "guide.pdf"
    path.write_bytes(_minimal_pdf("Explain the vanishing gradient problem"))
    assert "vanishing gradient" in read_text(path)


@pytest.mark.parametrize("suffix, payload, reason", [
    (".pdf", b"%PDF-1.4\nthis is not really a pdf", "PDF"),
    (".docx", b"PK\x03\x04 truncated zip", "docx"),
    (".txt", b"", "empty"),
    (".xlsx", b"whatever", "unsupported"),
])
def test_bad_files_raise_load_error(tmp_path: Path, suffix: str, payload: bytes,
                                    reason: str) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(payload)
    with pytest.raises(LoadError, match=reason):
        load_document(path, path.name)


def test_permission_denied_is_a_load_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root here, where chmod 000 does not stop reads: simulate the OS refusal.
    path = tmp_path / "locked.txt"
    path.write_text("secret", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(LoadError, match="permission denied"):
        read_text(path)


def test_discover_skips_hidden_and_unsupported_files_in_folders(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\ntext", encoding="utf-8")
    (tmp_path / ".secret.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    found = list(discover([tmp_path, tmp_path / "missing.txt"]))
    assert [(p.name, s) for p, s in found[:2]] == [("a.md", "a.md"), ("b.txt", "sub/b.txt")]
    assert isinstance(found[2][1], LoadError) and len(found) == 3


@pytest.mark.parametrize("text, code_page", [
    ("Exigences : maîtrise de Spark, fenêtrage, modélisation", "cp1252"),
    ("Requisitos: experiencia con Spark, diseño de índices, señales", "latin-1"),
    ("Anforderungen: Erfahrung mit Spark, Größe, Übung, Käse", "latin-1"),
    ("We’re hiring – don’t miss “this”: 5°C, £50k", "cp1252"),
    ("Wymagania: umiejętność pracy z bazą danych, łączenie tabel", "cp1250"),
    ("Требования: опыт работы с Python и SQL, знание Kafka и Spark", "cp1251"),
])
def test_a_short_ad_in_a_legacy_code_page_reads_as_written(text: str, code_page: str) -> None:
    """The detector guessed these wrong ("fenętrage", a German ad as Korean)."""
    assert decode_text(text.encode(code_page)) == text


def test_html_table_cells_stay_apart() -> None:
    html = ("<table><tr><th>Area</th><th>Need</th></tr>"
            "<tr><td>SQL</td><td>Window functions</td></tr><tr><td></td></tr></table>")
    assert html_to_text(html) == "Area | Need\nSQL | Window functions"
