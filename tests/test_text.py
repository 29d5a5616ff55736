"""loaders.sources.text: decoding, binary and empty input, HTML to text with anchors, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.sources.text import (
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    UnsupportedFormatError,
    decode_bytes,
    parse_html,
    read_document,
)


def test_utf8_and_boms() -> None:
    assert decode_bytes("été".encode()) == "été"
    assert decode_bytes(b"\xef\xbb\xbfabc") == "abc"
    assert decode_bytes("é".encode("utf-16")) == "é"


def test_wrong_encoding_names_line_and_column(tmp_path: Path) -> None:
    p = tmp_path / "latin.txt"
    p.write_bytes("ligne un\nsoci\xe9t\xe9".encode("latin-1"))
    with pytest.raises(EncodingInputError) as exc:
        read_document(p)
    assert exc.value.where == "2:5"
    assert str(p) in str(exc.value)
    assert read_document(p, encoding="latin-1").text.endswith("société")


def test_binary_refused(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BinaryInputError, match="binary"):
        read_document(p)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_refused(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "e.md"
    p.write_bytes(content)
    with pytest.raises(EmptyInputError):
        read_document(p)


def test_unsupported_extension(tmp_path: Path) -> None:
    p = tmp_path / "a.pdf"
    p.write_bytes(b"%PDF")
    with pytest.raises(UnsupportedFormatError):
        read_document(p)


def test_html_scripts_removed_and_anchors_map_back() -> None:
    src = ("<html lang='fr'><head><title>Titre</title><style>p{}</style>"
           "<meta property='article:published_time' content='2024-06-02T10:00:00Z'></head>"
           "<body><script>alert('x')</script><h1>Nvidia livre</h1>"
           "<p>Tesla a acheté   85 000 GPU.</p><noscript>no</noscript></body></html>")
    d = parse_html(src)
    assert "alert" not in d.text and "no" not in d.text.split()
    assert d.text == "Nvidia livre\nTesla a acheté 85 000 GPU."
    assert (d.title, d.language, d.date, d.dropped_elements) == ("Titre", "fr", "2024-06-02", 3)
    i = d.text.index("Tesla")
    assert src[d.source_offset(i):d.source_offset(i) + 5] == "Tesla"


def test_html_with_only_scripts_is_empty() -> None:
    with pytest.raises(EmptyInputError, match="script"):
        parse_html("<html><body><script>var a = 'text';</script></body></html>")


def test_markdown_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: Un titre\ndate: 2024-03-01\nlang: fr\n---\n# Un titre\nTexte.\n", "utf-8")
    d = read_document(p)
    assert (d.title, d.date, d.language) == ("Un titre", "2024-03-01", "fr")
    assert d.text.startswith("# Un titre")
