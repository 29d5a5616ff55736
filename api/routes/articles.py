"""``/api/articles``: load an article over HTTP (extract, validate, replace its graph), list, read."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import StoreDep, WriterDep
from api.routes._graph import ParamRoute
from graph.errors import BadRequest, InvalidParameter, UnsupportedMediaType, UnsupportedSource
from graph.ingest.load import prepare_article, write_articles
from graph.store import GraphStore
from graph.views.articles import article_facts, list_articles
from ontology.namespaces import article_graph_iri
from ontology.namespaces import article_id as normal_article_id

router = APIRouter(prefix="/api", tags=["articles"], route_class=ParamRoute)

#: request media type -> file extension the extractor reads
_EXT = {"text/plain": "txt", "text/markdown": "md", "text/html": "html"}


def _ingest(store: GraphStore, data: bytes, ext: str, article_id: str, lang: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ng-article-") as tmp:
        path = Path(tmp) / f"{article_id}.{ext}"
        path.write_bytes(data)
        try:
            prepared = prepare_article(path, lang=lang)
        except UnsupportedSource as exc:  # name the article, not the server's temporary file
            raise UnsupportedSource(exc.detail.replace(str(path), article_id), line=exc.line,
                                    column=exc.column) from None
        report = write_articles(store, [prepared])
    return {
        "article": prepared.meta.id,
        "graph": article_graph_iri(prepared.meta.id),
        "language": prepared.meta.language,
        "title": prepared.meta.title,
        "quads": report.written,
        "facts": [f.to_dict() for f in prepared.facts],
    }


def _ingest_at(min_confidence: float | None, store: GraphStore, data: bytes, ext: str, article_id: str,
               lang: str | None) -> dict[str, Any]:
    from loaders.extract.confidence import threshold

    with threshold(min_confidence):
        return _ingest(store, data, ext, article_id, lang)


async def _payload(request: Request) -> tuple[bytes, str, str | None]:
    """Body bytes, file extension and a name hint from any accepted request form."""
    header = request.headers.get("content-type", "")
    ctype = header.split(";")[0].strip().lower()
    if ctype in _EXT:
        return _as_utf8(await request.body(), _charset(header)), _EXT[ctype], None
    if ctype == "application/json":
        try:
            doc = json.loads(await request.body())
        except json.JSONDecodeError as exc:
            raise BadRequest(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
        except UnicodeDecodeError as exc:
            raise BadRequest(f"JSON body is not UTF-8 (byte {exc.start})") from None
        if (not isinstance(doc, dict) or not isinstance(doc.get("text"), str)
                or not isinstance(doc.get("id", ""), str | None)):
            raise BadRequest('expected {"text": "...", "format": "txt|md|html", "id": "..."}')
        try:
            text = doc["text"].encode("utf-8")
        except UnicodeEncodeError as exc:
            raise BadRequest(f"text has an unpaired surrogate at character {exc.start}") from None
        fmt = str(doc.get("format", "txt"))
        if fmt not in _EXT.values():
            raise InvalidParameter("format", f"must be one of {sorted(_EXT.values())}, not {fmt!r}")
        return text, fmt, doc.get("id")
    if ctype == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise BadRequest("multipart upload needs a 'file' part")
        name = upload.filename or "article.txt"
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else "txt"
        if ext not in ("txt", "md", "markdown", "html", "htm"):
            raise UnsupportedMediaType(f"cannot extract facts from a '.{ext}' file")
        return await upload.read(), ext, name.rsplit(".", 1)[0]
    raise UnsupportedMediaType(
        f"send text/plain, text/markdown, text/html, application/json or multipart/form-data, not {ctype!r}")


@router.post("/articles", status_code=201)
async def post_article(
    request: Request, response: Response, store: StoreDep, _: WriterDep,
    id: Annotated[str | None, Query(description="article id (default: from the file name or a hash)")] = None,
    lang: Annotated[str | None, Query(pattern="^(fr|en|auto)$")] = None,
    min_confidence: Annotated[float | None, Query(
        ge=0.0, le=1.0, description="keep facts at least this confident (default 0.5)")] = None,
) -> dict[str, Any]:
    """Extract an article's facts and load them into its own graph (replacing an earlier load)."""
    data, ext, hint = await _payload(request)
    article_id = _checked_id(id or hint) if (id or hint) else _hash_id(data)
    result = await run_in_threadpool(_ingest_at, min_confidence, store, data, ext, article_id,
                                     None if lang in (None, "auto") else lang)
    response.headers["Location"] = f"/api/articles/{result['article']}"
    return result


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower() or None
    return None


def _as_utf8(data: bytes, charset: str | None) -> bytes:
    """The body re-encoded as UTF-8 when the request names another charset."""
    if charset is None or charset.replace("_", "-") in ("utf-8", "utf8"):
        return data
    try:
        return data.decode(charset).encode("utf-8")
    except LookupError:
        raise UnsupportedMediaType(f"unknown charset {charset!r}") from None
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise BadRequest(f"body is not valid {charset} (byte 0x{byte:02x} at offset {exc.start})") from None


def _checked_id(text: str | None) -> str:
    """The article id as ``newsgraph load`` makes it from a file name; 400 if unusable."""
    try:
        return normal_article_id(str(text))
    except ValueError as exc:
        raise BadRequest(str(exc)) from None


def _hash_id(data: bytes) -> str:
    import hashlib

    return "article-" + hashlib.sha256(data).hexdigest()[:12]


@router.get("/articles")
def get_articles(store: StoreDep) -> list[dict[str, Any]]:
    """Every article in the store with its metadata and fact count."""
    return list_articles(store)


@router.get("/articles/{article_id}")
def get_article(article_id: str, store: StoreDep) -> dict[str, Any]:
    """One article's facts in text order, each with its evidence."""
    article_id = _checked_id(article_id)
    meta = next((a for a in list_articles(store) if a["id"] == article_id), None)
    return {"article": meta, "facts": article_facts(store, article_id)}
