"""The one error tree of newsgraph; ``api/errors.py`` maps it to HTTP once, the CLI prints it.

Every class carries its HTTP ``status`` and a JSON ``code``. The store backends (including the
embedded one's query workers and sandbox) and the SPARQL service raise these and nothing else
across their boundaries.

Tree::

    NewsgraphError                 status 500
    ├── SandboxUnavailable         500  (the seccomp filter cannot be installed here)
    ├── BadRequest                 400
    │   ├── QuerySyntaxError       400  (line, column)
    │   ├── UpdateSyntaxError      400  (line, column)
    │   ├── RdfSyntaxError         400  (path, line, column)
    │   ├── UnsupportedSource      400  (unknown extension, unreadable file)
    │   ├── ValidationFailed       400  (violations)
    │   ├── DatasetConflict        400  (using-graph-uri given with USING / WITH in the update)
    │   └── QueryFailed            400  (the engine refused or failed the query)
    ├── Unauthorized               401
    ├── Forbidden                  403
    │   ├── ReadOnly               403
    │   └── NetworkForbidden       403  (SERVICE / LOAD to a host not allowed)
    ├── NotFound                   404
    │   └── SourceNotFound         404
    ├── NotAcceptable              406  (no format for this result and Accept)
    ├── InvalidParameter           422  (field: the parameter at fault)
    │   └── UnknownFormat          422  (an export format no writer has)
    ├── PayloadTooLarge            413
    │   └── ExportTooLarge         413  (a subgraph over an export format's node/edge cap)
    ├── ResultTooLarge             413  (more rows than max_rows)
    ├── UnsupportedMediaType       415
    ├── UpstreamFailed             502  (an allowed LOAD/SERVICE target failed)
    ├── QueryTimeout               503  (query stopped at its deadline)
    ├── StoreUnavailable           503
    │   ├── PoolBusy               503  (no query worker free before the deadline)
    │   └── WorkerCrashed          503  (a query worker died, e.g. at its memory cap)
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


class DatasetConflict(BadRequest):
    """``using-graph-uri``/``using-named-graph-uri`` given with ``USING`` or ``WITH`` in the text."""

    code = "dataset_conflict"


class QueryFailed(BadRequest):
    code = "query_failed"


class SandboxUnavailable(NewsgraphError):
    code = "sandbox_unavailable"


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
    """A request parameter out of range or of the wrong form; ``field`` names it (required and
    never empty: every 422 body carries it)."""

    status = 422
    code = "invalid_parameter"

    def __init__(self, field: str, message: str) -> None:
        if not field:
            raise ValueError("InvalidParameter needs the name of the parameter at fault")
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


class PoolBusy(StoreUnavailable):
    code = "server_busy"


class WorkerCrashed(StoreUnavailable):
    code = "worker_crashed"


def by_name(name: str) -> type[NewsgraphError]:
    """The class of this tree called ``name`` (how a query worker's error crosses its pipe).

    >>> by_name("QueryTimeout").status
    503
    """
    cls = globals().get(name)
    if isinstance(cls, type) and issubclass(cls, NewsgraphError):
        return cls
    return QueryFailed
