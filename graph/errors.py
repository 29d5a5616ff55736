"""Typed errors raised by the graph layer; ``api/errors.py`` maps them to HTTP once.

Tree::

    NewsgraphError                 status 500
    ├── BadRequest                 400
    │   ├── QuerySyntaxError       400  (line, column)
    │   ├── UpdateSyntaxError      400  (line, column)
    │   ├── RdfSyntaxError         400  (path, line, column)
    │   ├── ValidationFailed       400  (violations)
    │   └── UnsupportedSource      400  (unknown extension, unreadable file)
    ├── Unauthorized               401
    ├── Forbidden                  403
    │   ├── ReadOnly               403
    │   └── NetworkForbidden       403  (SERVICE / LOAD to a host not allowed)
    ├── NotFound                   404
    │   └── SourceNotFound         404
    ├── InvalidParameter           422  (field: the parameter at fault)
    │   └── UnknownFormat          422  (an export format no writer has)
    ├── NotAcceptable              406
    ├── PayloadTooLarge            413
    │   └── ExportTooLarge         413  (a subgraph over an export format's node/edge cap)
    ├── UnsupportedMediaType       415
    ├── ResultTooLarge             413  (more rows than max_rows)
    ├── UpstreamFailed             502  (an allowed LOAD/SERVICE target failed)
    ├── QueryTimeout               503  (query stopped at its deadline)
    ├── StoreUnavailable           503
    └── RendererUnavailable        503  (Graphviz missing, failed or too slow)
"""

from __future__ import annotations

from typing import ClassVar


class NewsgraphError(Exception):
    """Base of every newsgraph error; ``status`` and ``code`` drive the HTTP mapping."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(NewsgraphError):
    status = 400
    code = "bad_request"


class _Positioned(BadRequest):
    """An error at a position in some text: ``path:line:column: message``."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        where = ":".join(str(x) for x in (path, line, column) if x is not None)
        super().__init__(f"{where}: {message}" if where else message)
        self.path, self.line, self.column, self.detail = path, line, column, message


class QuerySyntaxError(_Positioned):
    code = "query_syntax_error"


class UpdateSyntaxError(_Positioned):
    code = "update_syntax_error"


class RdfSyntaxError(_Positioned):
    code = "rdf_syntax_error"


class UnsupportedSource(_Positioned):
    code = "unsupported_source"


class ValidationFailed(BadRequest):
    code = "validation_failed"

    def __init__(self, message: str, violations: list[str]) -> None:
        super().__init__(message + "".join(f"\n  - {v}" for v in violations))
        self.violations = violations


class Unauthorized(NewsgraphError):
    status = 401
    code = "unauthorized"


class Forbidden(NewsgraphError):
    status = 403
    code = "forbidden"


class ReadOnly(Forbidden):
    code = "read_only"


class NetworkForbidden(Forbidden):
    code = "network_forbidden"


class NotFound(NewsgraphError):
    status = 404
    code = "not_found"


class SourceNotFound(NotFound):
    code = "source_not_found"


class InvalidParameter(NewsgraphError):
    """A request parameter out of range or of the wrong form; ``field`` names it."""

    status = 422
    code = "invalid_parameter"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class UnknownFormat(InvalidParameter):
    code = "unknown_format"


class NotAcceptable(NewsgraphError):
    status = 406
    code = "not_acceptable"


class PayloadTooLarge(NewsgraphError):
    status = 413
    code = "payload_too_large"


class ExportTooLarge(PayloadTooLarge):
    code = "export_too_large"


class ResultTooLarge(NewsgraphError):
    status = 413
    code = "result_too_large"


class UnsupportedMediaType(NewsgraphError):
    status = 415
    code = "unsupported_media_type"


class UpstreamFailed(NewsgraphError):
    status = 502
    code = "upstream_failed"


class QueryTimeout(NewsgraphError):
    status = 503
    code = "query_timeout"


class StoreUnavailable(NewsgraphError):
    status = 503
    code = "store_unavailable"


class RendererUnavailable(NewsgraphError):
    status = 503
    code = "renderer_unavailable"
