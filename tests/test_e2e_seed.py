"""The README's questions, asked with curl against a real ``newsgraph serve`` over the seed graph."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal

from tests.conftest import Server


def curl_select(server: Server, query: str) -> list[dict[str, str]]:
    out = subprocess.run(
        ["curl", "-sS", "--fail-with-body", "-H", "Accept: application/sparql-results+json",
         "--data-urlencode", f"query={query}", server.sparql],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    doc = json.loads(out.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def test_who_redirected_how_many_h100_and_who_reported(server: Server) -> None:
    rows = curl_select(server, """
        PREFIX ng: <https://w3id.org/newsgraph/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?who ?quantity ?unit ?reportedBy ?evidence WHERE {
          ?t a ng:HardwareTransfer ; rdf:subject/rdfs:label ?who ; rdf:object/rdfs:label "xAI" ;
             ng:quantity ?quantity ; ng:unit ?unit ; ng:attributedTo/rdfs:label ?reportedBy ;
             ng:evidenceText ?evidence }""")
    assert [(r["who"], Decimal(r["quantity"]), r["reportedBy"]) for r in rows] == [("Tesla", 12000, "CNBC")]
    assert "12 000 GPU H100" in rows[0]["evidence"]


def test_what_xai_raised_and_valuation(server: Server) -> None:
    rows = curl_select(server, """
        PREFIX ng: <https://w3id.org/newsgraph/ontology#>
        SELECT ?raised ?valuation ?currency WHERE {
          ?x rdfs:label "xAI" ; ng:raisedFunding ?raised ; ng:valuedAt ?valuation .
          ?round a ng:FundingRound ; rdf:subject ?x ; ng:currency ?currency }""")
    assert len(rows) == 1
    assert Decimal(rows[0]["raised"]) == Decimal("6e9") and Decimal(rows[0]["valuation"]) == Decimal("24e9")
    assert rows[0]["currency"] == "USD"


def test_where_the_supercomputer_is_planned_and_what_approval_it_awaits(server: Server) -> None:
    rows = curl_select(server, """
        PREFIX ng: <https://w3id.org/newsgraph/ontology#>
        SELECT ?place ?approver ?modality WHERE {
          ?sc a ng:Supercomputer ; ng:locatedIn/rdfs:label ?place .
          ?project ng:concerns ?sc ; ng:awaitsApprovalFrom ?a . ?a rdfs:label ?approver .
          ?req a ng:ApprovalRequest ; rdf:subject ?project ; rdf:object ?a ; ng:modality ?modality }""")
    assert {r["place"] for r in rows} == {"Memphis"}
    assert any("Economic Development Growth Engine" in r["approver"] for r in rows)
    assert {r["modality"].rsplit("#")[-1] for r in rows} == {"Pending"}


def test_who_leads_the_top500_and_who_is_second(server: Server) -> None:
    rows = curl_select(server, """
        PREFIX ng: <https://w3id.org/newsgraph/ontology#>
        SELECT ?system ?rank WHERE { ?e a ng:RankingEntry ; rdf:subject/rdfs:label ?system ;
          rdf:object/rdfs:label "TOP500" ; ng:rank ?rank } ORDER BY ?rank""")
    assert [(r["system"], int(r["rank"])) for r in rows] == [("Frontier", 1), ("Aurora", 2)]
