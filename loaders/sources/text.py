"""Reading article files (.txt, .md, .html) into the text that facts' offsets refer to.

Errors are typed and say where (file, byte or line and column)::

    TextInputError                 base, a ValueError
    ├── EmptyInputError            no text (empty file, only blanks, HTML with no visible text)
    ├── BinaryInputError           NUL bytes or mostly control characters
    ├── EncodingInputError         not decodable with the given or detected encoding
    └── UnsupportedFormatError     an extension that is not .txt, .md, .markdown, .html or .htm

For HTML the stored text is the visible text (``script``, ``style``, ``noscript``, ``template``
and ``head`` contents dropped; block elements become line breaks) and :attr:`Document.anchors`
maps stored-text offsets back to offsets in the decoded HTML source.

Examples
--------
>>> d = parse_html("<html lang='en'><head><title>T</title><script>x=1</script></head>"
...                "<body><h1>Big news</h1><p>Nvidia &amp; AMD.</p></body></html>")
>>> d.text
'Big news\\nNvidia & AMD.'
>>> d.title, d.language
('T', 'en')
>>> decode_bytes(b"caf\\xc3\\xa9", "a.txt")
'café'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Final

import yaml

MAX_CONTROL_RATIO: Final = 0.05
SNIFF_BYTES: Final = 8192
TITLE_MAX_CHARS: Final = 200
TEXT_SUFFIXES: Final = (".txt", ".text")
MARKDOWN_SUFFIXES: Final = (".md", ".markdown")
HTML_SUFFIXES: Final = (".html", ".htm", ".xhtml")
_DROP_TAGS: Final = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
_BLOCK_TAGS: Final = frozenset({
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "article", "section",
    "header", "footer", "blockquote", "figure", "figcaption", "table", "tr", "td", "th", "hr",
    "main", "aside", "nav", "pre", "dd", "dt", "title",
})
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_SOURCE_LINE = re.compile(r"^(?:Source|Source\s*:|Publié par|Published by)\s*:?\s*(.+)$", re.M)
_DATE_LINE = re.compile(r"^(?:Date|Publié le|Published)\s*:?\s*(\d{4}-\d{2}-\d{2})\s*$", re.M)


class TextInputError(ValueError):
    """An article file cannot be turned into text; ``path`` and ``where`` locate the problem."""

    code = "bad_input"

    def __init__(self, path: str, message: str, where: str | None = None) -> None:
        loc = f"{path}:{where}" if where else path
        super().__init__(f"{loc}: {message}")
        self.path = path
        self.where = where
        self.message = message


class EmptyInputError(TextInputError):
    code = "empty_input"


class BinaryInputError(TextInputError):
    code = "binary_input"


class EncodingInputError(TextInputError):
    code = "bad_encoding"


class UnsupportedFormatError(TextInputError):
    code = "unsupported_format"


@dataclass(frozen=True)
class Document:
    """Text of an article plus what the file says about it."""

    text: str
    title: str | None = None
    language: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    format: str = "text"
    anchors: tuple[tuple[int, int], ...] = field(default=())
    dropped_elements: int = 0

    def source_offset(self, offset: int) -> int:
        """Offset in the original file text of stored-text ``offset`` (identity for plain text)."""
        if not self.anchors:
            return offset
        best = self.anchors[0]
        for anchor in self.anchors:
            if anchor[0] > offset:
                break
            best = anchor
        return best[1] + (offset - best[0])


def _line_col(data: bytes, pos: int) -> str:
    line = data.count(b"\n", 0, pos) + 1
    col = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
    return f"{line}:{col}"


def decode_bytes(data: bytes, path: str = "<bytes>", encoding: str | None = None) -> str:
    """Decode file bytes: BOMs honoured, then UTF-8 (or ``encoding``); binary refused.

    >>> decode_bytes(b"\\xff\\xfeh\\x00i\\x00")
    'hi'
    >>> decode_bytes(b"caf\\xe9 au lait", "x.txt")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    loaders.sources.text.EncodingInputError: x.txt:1:4: not valid UTF-8 (byte 0xe9 at offset 3); ...
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], encoding or "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    if encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        sniff = data[:SNIFF_BYTES]
        if b"\x00" in sniff:
            raise BinaryInputError(path, "binary file (NUL bytes); expected UTF-8 text", _line_col(
                data, data.index(b"\x00")))
        controls = sum(1 for b in sniff if b < 32 and b not in (9, 10, 12, 13))
        if sniff and controls / len(sniff) > MAX_CONTROL_RATIO:
            raise BinaryInputError(path, f"binary file ({controls} control bytes in the first "
                                         f"{len(sniff)}); expected UTF-8 text")
    enc = encoding or "utf-8"
    try:
        return data.decode(enc)
    except LookupError:
        raise EncodingInputError(path, f"unknown encoding {enc!r}") from None
    except UnicodeDecodeError as exc:
        raise EncodingInputError(
            path,
            f"not valid {exc.encoding.upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-encode it as UTF-8 (over HTTP, a charset in Content-Type also works)",
            _line_col(data, exc.start),
        ) from None


class _TextExtractor(HTMLParser):
    """Collect visible text; remember where each chunk came from."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.anchors: list[tuple[int, int]] = []
        self.length = 0
        self.skip = 0
        self.dropped = 0
        self.title: str | None = None
        self.lang: str | None = None
        self.meta: dict[str, str] = {}
        self._in_title = False
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _source_pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _emit(self, s: str) -> None:
        self.anchors.append((self.length, self._source_pos()))
        self.parts.append(s)
        self.length += len(s)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"].split("-")[0].lower()
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop") or ""
            if key and a.get("content"):
                self.meta[key.lower()] = a["content"]
        if tag == "title":
            self._in_title = True
        if tag in _DROP_TAGS:
            self.skip += 1
            if tag != "head":
                self.dropped += 1
        elif tag in _BLOCK_TAGS and not self.skip:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _DROP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS and not self.skip:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        if self.skip or not data:
            return
        self._emit(re.sub(r"[ \t\r\n]+", " ", data))


def parse_html(source: str, path: str = "<html>") -> Document:
    """Visible text of an HTML document with title, language, date, source and offset anchors."""
    p = _TextExtractor(source)
    p.feed(source)
    p.close()
    raw = "".join(p.parts)
    # normalise blank runs while keeping anchors exact: rebuild text char by char per part
    text_chars: list[str] = []
    anchors: list[tuple[int, int]] = []
    for (start, src), part in zip(p.anchors, p.parts, strict=True):
        del start
        for i, ch in enumerate(part):
            prev = text_chars[-1] if text_chars else "\n"
            if ch == " " and prev in " \n":
                continue
            if ch == "\n":
                while text_chars and text_chars[-1] == " ":
                    text_chars.pop()
                if text_chars[-1:] == ["\n"] or not text_chars:
                    continue
            if not anchors or anchors[-1][1] + (len(text_chars) - anchors[-1][0]) != src + i:
                anchors.append((len(text_chars), src + i))
            text_chars.append(ch)
    text = "".join(text_chars).rstrip()
    del raw
    if not text.strip():
        raise EmptyInputError(path, f"no visible text in HTML ({p.dropped} script/style elements removed)")
    m = p.meta
    return Document(
        text=text,
        title=m.get("og:title") or m.get("headline") or (p.title or None),
        language=p.lang or (m.get("og:locale", "")[:2].lower() or None),
        date=_iso_date(m.get("article:published_time") or m.get("datepublished") or m.get("date")),
        source=m.get("og:site_name") or m.get("author"),
        url=m.get("og:url"),
        format="html",
        anchors=tuple(anchors),
        dropped_elements=p.dropped,
    )


def _iso_date(v: str | None) -> str | None:
    if not v:
        return None
    m = re.match(r"(\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4})", v.strip())
    return m.group(1) if m else None


def parse_plain(text: str, path: str = "<text>", markdown: bool = False) -> Document:
    """Plain or Markdown text: front matter (Markdown) read and removed; first short line is the title."""
    meta: dict[str, object] = {}
    if markdown:
        fm = _FRONT_MATTER.match(text)
        if fm:
            try:
                loaded = yaml.safe_load(fm.group(1))
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f"{mark.line + 2}:{mark.column + 1}" if mark else None
                raise TextInputError(path, f"bad front matter: {exc}", where) from None
            meta = loaded if isinstance(loaded, dict) else {}
            text = text[fm.end():]
    if not text.strip():
        raise EmptyInputError(path, "no text (the file is empty or blank)")
    first = text.strip().split("\n", 1)[0].strip()
    title = meta.get("title") or (first.lstrip("# ").strip() if len(first) <= TITLE_MAX_CHARS
                                  and not first.endswith(".") else None)
    src = _SOURCE_LINE.search(text)
    dm = _DATE_LINE.search(text)
    return Document(
        text=text,
        title=str(title) if title else None,
        language=str(meta["lang"]) if meta.get("lang") else None,
        date=_iso_date(str(meta["date"])) if meta.get("date") else (dm.group(1) if dm else None),
        source=str(meta.get("source") or (src.group(1).strip() if src else "")) or None,
        url=str(meta["url"]) if meta.get("url") else None,
        format="markdown" if markdown else "text",
    )


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """Read an article file by extension; raise a :class:`TextInputError` subclass on bad input."""
    p = Path(path)
    name = str(path)
    suffix = p.suffix.lower()
    if suffix not in TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES:
        raise UnsupportedFormatError(name, f"unsupported extension {suffix or '(none)'!r}; "
                                           "use .txt, .md or .html")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise TextInputError(name, f"cannot read: {exc.strerror}") from None
    if not data.strip():
        raise EmptyInputError(name, "empty file")
    text = decode_bytes(data, name, encoding)
    if suffix in HTML_SUFFIXES:
        return parse_html(text, name)
    return parse_plain(text, name, markdown=suffix in MARKDOWN_SUFFIXES)
