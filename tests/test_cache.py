"""ETags, 304 and the result cache: hits while the data is unchanged, invalidated by any write."""

from __future__ import annotations

import httpx

from tests.conftest import Server

Q = "SELECT ?o WHERE { <http://example.org/cache/s> <http://example.org/cache/p> ?o }"


def test_etag_304_and_invalidation_by_a_write(server: Server) -> None:
    auth = {"Authorization": f"Bearer {server.token}"}
    first = httpx.get(server.sparql, params={"query": Q})
    assert first.status_code == 200 and first.json()["results"]["bindings"] == []
    etag = first.headers["etag"]
    again = httpx.get(server.sparql, params={"query": Q})
    assert again.headers["etag"] == etag and again.headers["x-cache"] == "hit"
    assert again.content == first.content
    not_modified = httpx.get(server.sparql, params={"query": Q}, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    other_format = httpx.get(server.sparql, params={"query": Q}, headers={"Accept": "text/csv"})
    assert other_format.headers["etag"] != etag

    w = httpx.post(server.sparql, headers=auth, data={
        "update": "INSERT DATA { GRAPH <http://example.org/cache> "
                  "{ <http://example.org/cache/s> <http://example.org/cache/p> 'fresh' } }"})
    assert w.status_code == 204
    after = httpx.get(server.sparql, params={"query": Q}, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["x-cache"] == "miss"
    assert after.headers["etag"] != etag
    assert after.json()["results"]["bindings"][0]["o"]["value"] == "fresh"

    # a Graph Store write invalidates too
    etag2 = after.headers["etag"]
    r = httpx.delete(server.url + "/store", params={"graph": "http://example.org/cache"}, headers=auth)
    assert r.status_code == 204
    gone = httpx.get(server.sparql, params={"query": Q}, headers={"If-None-Match": etag2})
    assert gone.status_code == 200 and gone.json()["results"]["bindings"] == []


def test_failed_write_keeps_the_cache(server: Server) -> None:
    auth = {"Authorization": f"Bearer {server.token}"}
    etag = httpx.get(server.sparql, params={"query": Q}).headers["etag"]
    bad = httpx.post(server.sparql, headers=auth, data={"update": "INSERT DATA { <http://e/s> }"})
    assert bad.status_code == 400
    assert httpx.get(server.sparql, params={"query": Q}, headers={"If-None-Match": etag}).status_code == 304
