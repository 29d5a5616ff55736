"""Escaping shared by the text-based writers (XML, DOT, Mermaid, inline HTML scripts).

>>> xml_attr('a "b" <c> & d')
'"a &quot;b&quot; &lt;c&gt; &amp; d"'
>>> xml_text("bell\\x07 ok")
'bell  ok'
>>> dot_string('say "hi"\\\\')
'"say \\\\"hi\\\\"\\\\\\\\"'
>>> script_json({"t": "</script>"})
'{"t": "<\\\\/script>"}'
"""

from __future__ import annotations

import json
import re
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

#: characters XML 1.0 forbids (controls other than tab, newline, carriage return)
_XML_BAD: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as XML character data (forbidden control characters become spaces)."""
    return escape(_XML_BAD.sub(" ", str(value)))


def xml_attr(value: object) -> str:
    """``value`` as a quoted XML attribute value."""
    return quoteattr(_XML_BAD.sub(" ", str(value)), {'"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                                                       "\t": "&#9;"}).replace("&apos;", "'")


def dot_string(value: object) -> str:
    """``value`` as a double-quoted Graphviz string (backslashes and quotes escaped)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", "").replace("\n", "\\n") + '"'


def script_json(value: Any) -> str:
    """JSON safe to inline in an HTML ``<script>`` element (no ``</``, no HTML comment openers)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")
