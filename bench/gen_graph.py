"""A deterministic, news-like N-Quads graph written the way ``loaders/to_rdf.py`` writes facts.

Articles (one named graph each, fr or en) state facts about organisations, people, places,
hardware, AI models, facilities, supercomputers, projects and events; every fact is a direct
triple plus a statement node (n-ary events such as funding rounds and hardware transfers carry
quantities, amounts and dates), with evidence sentences at true offsets into the article text,
modalities, attribution to news agencies for reported facts, aliases, ``owl:sameAs`` links, and a
metadata graph. Entity popularity is Zipf-like, so a few hubs (a chip maker, a cloud provider)
touch a large share of the facts, as in real news. The same seed gives the same file, byte for byte.

Run: ``.venv/bin/python bench/gen_graph.py OUT.nq [--triples 1000000] [--seed 7]``; reused by the
traversal and export benchmarks (``make_graph``).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pyoxigraph import RdfFormat, serialize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders.model import Attribution, Entity, Evidence, Fact, Predicate, Qualifiers, Value
from loaders.to_rdf import ArticleMeta, article_dataset
from ontology.vocab import ng

_SYL = ("ver", "tal", "no", "qui", "lux", "ar", "dis", "mo", "zen", "ka", "ri", "sol", "tek", "vi", "or",
        "pha", "lin", "cor", "dra", "bel", "on", "sy", "mex", "tra", "lo", "gen", "ix", "ne", "ur", "ca")
_ORG_SUFFIX = ("Systems", "AI", "Labs", "Computing", "Technologies", "Group", "Capital", "Networks", "SA", "")
_FIRST = ("Anna", "Louis", "Marie", "Omar", "Chen", "Sofia", "Hugo", "Léa", "Ravi", "Elena", "Jonas",
          "Inès", "Kenji", "Nadia", "Paul", "Amira", "Théo", "Grace", "Malik", "Zoé")
_LAST = ("Martin", "Nguyen", "Dubois", "Okafor", "Schmidt", "Rossi", "Kowalski", "Haddad", "Silva",
         "Lefèvre", "Tanaka", "Moreau", "Ivanova", "García", "Bernard", "Cohen", "Fontaine", "Park")
_AGENCIES = ("Reuters", "Bloomberg", "CNBC", "Le Monde", "Les Échos", "The Information", "AFP")
#: (type, share of entities)
_KINDS = (("Organization", 0.40), ("Person", 0.22), ("Place", 0.08), ("Hardware", 0.04),
          ("AIModel", 0.06), ("Facility", 0.06), ("Supercomputer", 0.05), ("Project", 0.05),
          ("Event", 0.04))
_MODALITIES = (("asserted", 60), ("reported", 20), ("planned", 7), ("expected", 5), ("pending", 3),
               ("speculative", 3), ("opinion", 2))


@dataclass(frozen=True)
class Relation:
    """A kind of fact: predicate, label, subject and object types, sentence templates."""

    local: str
    label: str
    subject: str
    object: str | None  # None: the object is a value (amount)
    en: str
    fr: str


RELATIONS = (
    Relation("investedIn", "invested in", "Organization", "Organization",
             "{s} invested {amount} in {o}", "{s} a investi {amount} dans {o}"),
    Relation("partnerOf", "partner of", "Organization", "Organization",
             "{s} announced a partnership with {o}", "{s} a annoncé un partenariat avec {o}"),
    Relation("competesWith", "competes with", "Organization", "Organization",
             "{s} competes with {o}", "{s} est en concurrence avec {o}"),
    Relation("transferredHardwareTo", "redirected hardware to", "Organization", "Organization",
             "{s} redirected about {qty} {hw} to {o}", "{s} a réacheminé environ {qty} {hw} vers {o}"),
    Relation("suppliesHardwareTo", "supplies hardware to", "Organization", "Organization",
             "{s} will supply {qty} {hw} to {o}", "{s} fournira {qty} {hw} à {o}"),
    Relation("purchasedHardware", "purchased hardware", "Organization", "Hardware",
             "{s} bought {qty} {o}", "{s} a acheté {qty} {o}"),
    Relation("foundedBy", "founded by", "Organization", "Person",
             "{s} was founded by {o}", "{s} a été fondée par {o}"),
    Relation("holdsRole", "holds role at", "Person", "Organization",
             "{s} is the chief executive of {o}", "{s} est le directeur général de {o}"),
    Relation("locatedIn", "located in", "Facility", "Place",
             "The site of {s} is in {o}", "Le site {s} se trouve à {o}"),
    Relation("operates", "operates", "Organization", "Supercomputer",
             "{s} operates {o}", "{s} exploite {o}"),
    Relation("develops", "develops", "Organization", "AIModel",
             "{s} develops {o}", "{s} développe {o}"),
    Relation("usesHardware", "uses hardware", "Supercomputer", "Hardware",
             "{s} runs on {o} chips", "{s} fonctionne avec des puces {o}"),
    Relation("plansToBuild", "plans to build", "Organization", "Facility",
             "{s} plans to build {o}", "{s} prévoit de construire {o}"),
    Relation("awaitsApprovalFrom", "awaits approval from", "Project", "Organization",
             "{s} still needs the approval of {o}", "{s} attend encore l'accord de {o}"),
    Relation("concerns", "concerns", "Event", "Organization",
             "{s} concerns {o}", "{s} concerne {o}"),
    Relation("raisedFunding", "raised funding", "Organization", None,
             "{s} raised {amount} in a new round", "{s} a levé {amount} lors d'un nouveau tour"),
)


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(parts)).capitalize()


class World:
    """The entities: each type's list in popularity order (index 0 is the biggest hub)."""

    def __init__(self, n_entities: int, rng: random.Random) -> None:
        self.rng = rng
        self.by_type: dict[str, list[Entity]] = {}
        seen: set[str] = set()
        for kind, share in _KINDS:
            ents = []
            while len(ents) < max(8, int(n_entities * share)):
                ent = self._entity(kind, len(ents))
                if ent.iri not in seen:
                    seen.add(ent.iri)
                    ents.append(ent)
            self.by_type[kind] = ents
        self.agencies = [Entity(a, "Organization") for a in _AGENCIES]

    def _entity(self, kind: str, i: int) -> Entity:
        r = self.rng
        if kind == "Person":
            label = f"{r.choice(_FIRST)} {r.choice(_LAST)}-{_name(r, 1)}" if i > 300 else \
                f"{r.choice(_FIRST)} {r.choice(_LAST)}"
        elif kind == "Organization":
            label = f"{_name(r, r.randint(2, 3))} {r.choice(_ORG_SUFFIX)}".strip()
        elif kind == "Hardware":
            label = f"{_name(r, 1).upper()}{r.randint(10, 990)}"
        elif kind == "Place":
            label = _name(r, r.randint(2, 4))
        else:
            label = f"{_name(r, 2)} {kind if kind != 'AIModel' else 'model'} {i}"
        aliases = (label.split()[0].upper(),) if kind == "Organization" and r.random() < 0.3 else ()
        same = (f"http://www.wikidata.org/entity/Q{r.randint(1000, 10**8)}",) if r.random() < 0.1 else ()
        return Entity(label, kind, aliases=aliases, same_as=same)

    def pick(self, kind: str) -> Entity:
        ents = self.by_type[kind]
        i = min(int(self.rng.paretovariate(1.1)) - 1, len(ents) - 1)  # Zipf-like: hubs
        return ents[i] if self.rng.random() < 0.5 else self.rng.choice(ents)


def _weighted(rng: random.Random, items: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([m for m, _ in items], [w for _, w in items])[0]


def article(world: World, k: int, n_facts: int) -> list[object]:
    """One article's quads: ``n_facts`` facts with evidence, in French or English."""
    rng = world.rng
    lang = "fr" if rng.random() < 0.5 else "en"
    aid = f"gen-{k:06d}.{lang}"
    sentences: list[str] = []
    facts: list[Fact] = []
    pos = 0
    for j in range(n_facts):
        rel = rng.choice(RELATIONS)
        s = world.pick(rel.subject)
        o = world.pick(rel.object) if rel.object else None
        if o is not None and o.iri == s.iri:
            continue
        hw = world.pick("Hardware").label
        qty = rng.choice((500, 1000, 12000, 20000, 100000))
        amount = Decimal(rng.choice((5, 20, 150, 600, 6000))) * 1_000_000
        money = f"{amount:,} USD"
        text = getattr(rel, lang).format(s=s.label, o=o.label if o else "", qty=f"{qty:,}", hw=hw,
                                         amount=money)
        modality = _weighted(rng, _MODALITIES)
        agent = rng.choice(world.agencies) if modality == "reported" else None
        if agent is not None:
            text = (f"Selon {agent.label}, " if lang == "fr" else f"According to {agent.label}, ") + text
        quals = Qualifiers()
        if rel.local in ("transferredHardwareTo", "suppliesHardwareTo", "purchasedHardware"):
            quals = Qualifiers(quantity=Decimal(qty), unit=hw, approximate=rel.local != "purchasedHardware")
        elif rel.local in ("investedIn", "raisedFunding"):
            quals = Qualifiers(amount=amount, currency="USD", date=f"202{rng.randint(0, 5)}")
        obj: Entity | Value = o if o is not None else Value(str(amount), "xsd:decimal", unit="USD")
        facts.append(Fact(f"F{j:02d}", s, Predicate(ng(rel.local), rel.label), obj,
                          Evidence(aid, text, pos, pos + len(text)), quals, modality,
                          Attribution(agent, "dépêche" if lang == "fr" else "wire") if agent else None,
                          round(rng.uniform(0.6, 1.0), 2), "rule:generated"))
        sentences.append(text)
        pos += len(text) + 2
    body = ". ".join(sentences)
    meta = ArticleMeta(aid, body, title=f"{sentences[0][:60]}" if sentences else aid, language=lang,
                       date=f"202{rng.randint(0, 5)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                       source="generated")
    return article_dataset(meta, facts, tool_version="bench", model_version=None,
                           stamp="2025-01-01T00:00:00Z")


def make_graph(path: Path, triples: int = 1_000_000, seed: int = 7, facts_per_article: int = 20) -> int:
    """Write about ``triples`` quads (whole articles) to ``path``; return the count."""
    rng = random.Random(seed)
    world = World(max(200, triples // 40), rng)
    count, k = 0, 0
    with path.open("wb") as f:
        while count < triples:
            quads = article(world, k, facts_per_article)
            serialize(quads, f, RdfFormat.N_QUADS)  # type: ignore[arg-type]
            count += len(quads)
            k += 1
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    n = make_graph(args.out, args.triples, args.seed)
    print(f"wrote {n} quads to {args.out}")


if __name__ == "__main__":
    main()
