"""The local web app (`greta-search serve`): server-rendered pages and a JSON API under
/api/, both calling the Python API on one index loaded at start.

Safe by default: read-only (no request names a file or builds an index), every parameter
bounded (a bad one gets a 4xx with one clear message), all document text escaped by Jinja2,
and a Content-Security-Policy that allows only this server's own scripts and styles.
"""

from __future__ import annotations

import io
import threading
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from greta_search.api import FILTER_NAMES, GretaSearchError, Index, NotFound
from greta_search.search import KINDS
from greta_search.web import render

HERE = Path(__file__).parent
MAX_QUERY = 500
MAX_K = 50
MAX_VALUES = 10
MAX_VALUE = 100
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
EXPORTS = {"csv": ("text/csv", "csv"), "markdown": ("text/markdown", "md"),
           "bibtex": ("application/x-bibtex", "bib"), "ris": ("application/x-research-info-systems",
                                                             "ris"),
           "html": ("text/html", "html"), "jsonl": ("application/x-ndjson", "jsonl")}

Text = Annotated[str, Query(max_length=MAX_QUERY)]
K = Annotated[int, Query(ge=1, le=MAX_K)]
PerQuestion = Annotated[int, Query(ge=0, le=10)]
Mode = Literal["hybrid", "dense", "keyword"]
Values = Annotated[list[str], Query(max_length=MAX_VALUES)]


class BadRequest(Exception):
    """A parameter out of bounds, with the message for the user."""


async def filters(doc: Values = [], country: Values = [], round: Values = [],  # noqa: B006
            part: Values = [], section: Values = [],  # noqa: B006
            question: Annotated[list[int], Query(max_length=MAX_VALUES)] = [],  # noqa: B006
            kind: Values = []) -> dict:  # noqa: B006
    """The filters of a request (empty values dropped), each value bounded, kinds among
    `search.KINDS`. (async: no thread hand-off for a few comparisons.)"""
    given = {"doc": doc, "country": country, "round": round, "part": part, "section": section,
             "kind": [k.strip().lower() for k in kind]}
    if set(given["kind"]) - {"", *KINDS}:
        raise BadRequest(f"kind: one of {', '.join(KINDS)}")
    out: dict = {}
    for name, values in given.items():
        values = [v.strip() for v in values if v.strip()]
        if any(len(v) > MAX_VALUE for v in values):
            raise BadRequest(f"{name}: a value is longer than {MAX_VALUE} characters")
        if values:
            out[name] = values
    if any(not 0 < q < 1000 for q in question):
        raise BadRequest("question: a number from 1 to 999")
    if question:
        out["question"] = question
    return out


Filters = Annotated[dict, Depends(filters)]


def check_query(q: str, name: str = "q") -> str:
    if not q.strip():
        raise BadRequest(f"{name}: empty query")
    return q


def create_app(index: Index) -> FastAPI:
    """The app over an opened index; the index (and its model) is loaded here, once."""
    index.load()
    plot_lock = threading.Lock()  # matplotlib's pyplot is not thread-safe
    app = FastAPI(title="greta-search", version=__import__("greta_search").__version__,
                  description="Offline search over GRETA questionnaire replies. The JSON API "
                  "returns exactly the CLI's JSON (see the README's hit contract).",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.index = index
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters.update(render.FILTERS)
    templates.env.globals.update(filter_names=FILTER_NAMES, url_with=render.url_with)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, name: str, code: int = 200, **context) -> HTMLResponse:
        docs = index.docs()
        context = {"docs": docs, "doc_types": {d["doc"]: d.get("doc_type") for d in docs},
                   "query": request.query_params, **context}
        return templates.TemplateResponse(request, name, context, status_code=code)

    # --- errors: one message, never a traceback ---------------------------------------------
    def error(request: Request, status: int, message: str):
        if request.url.path.startswith("/api/") or request.url.path.endswith(".svg"):
            return JSONResponse({"error": message}, status_code=status)
        return page(request, "error.html", status, message=message, status=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError):
        first = err.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        return error(request, 422, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(BadRequest)
    async def bad(request: Request, err: BadRequest):
        return error(request, 422, str(err))

    @app.exception_handler(GretaSearchError)
    async def user_error(request: Request, err: GretaSearchError):
        return error(request, 404 if isinstance(err, NotFound) else 400, str(err))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException):
        return error(request, err.status_code, str(err.detail))

    @app.exception_handler(Exception)
    async def crash(request: Request, err: Exception):
        return error(request, 500, f"internal error ({type(err).__name__})")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    # --- JSON API -------------------------------------------------------------------------------
    # Whatever runs the model is `async def`: it runs on the event loop, one at a time (the
    # model is not shared between threads), with no thread hand-off (which cost ~100 ms per
    # request on a busy machine, more than the search itself). The rest runs in threads.
    @app.get("/api/search", tags=["api"], summary="Search: a list of hits (CLI JSON)")
    async def api_search(q: Text, f: Filters, k: K = 5, per_question: PerQuestion = 1,
                         mode: Mode = "hybrid") -> list[dict]:
        check_query(q)
        return index.search(q, k=k, per_question=per_question, mode=mode, **f).to_dicts()

    @app.get("/api/ask", tags=["api"], summary="An extractive, cited answer (CLI JSON)")
    async def api_ask(q: Text, f: Filters) -> dict:
        check_query(q)
        return index.ask(q, **f).to_dict()

    @app.get("/api/show/{ref}", tags=["api"], summary="A whole question, cited")
    def api_show(ref: Annotated[str, PathParam(max_length=20)], doc: Values = []) -> list[dict]:  # noqa: B006
        return index.show(ref, doc=doc).to_dicts()

    @app.get("/api/provision", tags=["api"], summary="Passages citing a provision")
    def api_provision(ref: Text, f: Filters) -> dict:
        check_query(ref, "ref")
        return index.provision(ref, **f).to_dict()

    @app.get("/api/provisions", tags=["api"], summary="Every instrument and article cited")
    def api_provisions(instrument: Annotated[str | None, Query(max_length=MAX_VALUE)] = None
                       ) -> list[dict]:
        return index.provisions(instrument or None).to_dicts()

    @app.get("/api/tables", tags=["api"], summary="Statistics tables")
    def api_tables(n: Annotated[int | None, Query(ge=1, le=999)] = None,
                   doc: Values = []) -> list[dict]:  # noqa: B006
        return index.tables(n, doc=doc).to_dicts()

    @app.get("/api/compare", tags=["api"], summary="One question, or a query, across replies")
    async def api_compare(target: Text, f: Filters) -> dict:
        check_query(target, "target")
        return index.compare(target, **f).to_dict()

    @app.get("/api/docs", tags=["api"], summary="The indexed documents")
    def api_docs() -> list[dict]:
        return index.docs().to_dicts()

    # --- pages ----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(request: Request, f: Filters, q: Text = "", k: K = 10,
                    per_question: PerQuestion = 1, mode: Mode = "hybrid"):
        hits, facets, answer = [], {}, None
        if q.strip():
            hits = index.search(q, k=k, per_question=per_question, mode=mode, **f)
            facets = render.facets({**index.facets(**f), "kind": index.kinds(**f)})
            result = index.ask(q, **f)
            answer = result if result.answer is not None else None
        name = "results.html" if request.headers.get("HX-Request") else "search.html"
        return page(request, name, hits=hits, facets=facets, answer=answer, q=q,
                    filters=f, k=k)

    @app.get("/question/{ref}", response_class=HTMLResponse, include_in_schema=False)
    def question_page(request: Request, ref: Annotated[str, PathParam(max_length=20)],
                      doc: Values = []):  # noqa: B006
        hits = index.show(ref, doc=doc)
        return page(request, "question.html", ref=ref, groups=render.by_question(hits),
                    provisions=index.cited_provisions(hits), doc=doc)

    @app.get("/provisions", response_class=HTMLResponse, include_in_schema=False)
    def provisions_page(request: Request, f: Filters, ref: Text = "",
                        instrument: Annotated[str, Query(max_length=MAX_VALUE)] = ""):
        result = index.provision(ref, **f) if ref.strip() else None
        summary = index.provisions(instrument or None)
        return page(request, "provisions.html", result=result, summary=summary, ref=ref,
                    instrument=instrument)

    @app.get("/tables", response_class=HTMLResponse, include_in_schema=False)
    def tables_page(request: Request, n: Annotated[int | None, Query(ge=1, le=999)] = None,
                    doc: Values = []):  # noqa: B006
        return page(request, "tables.html", tables=index.tables(n, doc=doc), n=n)

    @app.get("/tables/{number}.svg", include_in_schema=False)
    def table_chart(number: Annotated[int, PathParam(ge=1, le=999)],
                    doc: Annotated[str, Query(max_length=MAX_VALUE)]):
        return Response(chart(number, doc), media_type="image/svg+xml",
                        headers={"Cache-Control": "max-age=3600",
                                 "Content-Security-Policy": "default-src 'none'; "
                                 "style-src 'unsafe-inline'"})

    @lru_cache(maxsize=64)
    def chart(number: int, doc: str) -> bytes:
        tables = index.tables(number, doc=[doc])
        with plot_lock:
            return tables[0].plot(fmt="svg")

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    async def compare_page(request: Request, f: Filters, target: Text = ""):
        result = index.compare(target, **f) if target.strip() else None
        return page(request, "compare.html", result=result, target=target)

    @app.get("/export", include_in_schema=False)
    async def export_results(f: Filters, q: Text,
                             fmt: Annotated[str, Query(alias="format")] = "csv", k: K = 10,
                             per_question: PerQuestion = 1, mode: Mode = "hybrid"):
        from greta_search import export

        check_query(q)
        if fmt not in EXPORTS:
            raise BadRequest(f"format: one of {', '.join(EXPORTS)}")
        hits = index.search(q, k=k, per_question=per_question, mode=mode, **f)
        records = [{"id": 1, "query": q, "hits": hits.to_dicts()}]
        if fmt in ("bibtex", "ris"):
            body = index.bibliography(records, fmt)
        else:
            out = io.StringIO(newline="")
            export.write(records, index.documents(), fmt, out)
            body = out.getvalue()
        media, suffix = EXPORTS[fmt]
        return Response(body, media_type=f"{media}; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="greta-search.{suffix}"'})

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict:
        return {"ok": True, "documents": len(index.manifest.documents)}

    return app
