"""loaders.extract.sentences: exact offsets and segment kinds."""

from __future__ import annotations

from pathlib import Path

from loaders.extract.sentences import split_segments, split_sentences

SEED = Path(__file__).resolve().parents[1] / "api" / "seed" / "xai-memphis.fr.txt"
ARTICLES = Path(__file__).parent / "data" / "articles"


def test_offsets_exact_on_articles() -> None:
    for p in [*ARTICLES.glob("*.txt"), *([SEED] if SEED.exists() else [])]:
        text = p.read_text("utf-8")
        segs = split_segments(text)
        assert segs
        for s in segs:
            assert text[s.start:s.end] == s.text


def test_kinds_headline_post_signature_caption() -> None:
    text = ("Nvidia prépare une puce\nLa société a vendu 10 GPU. Elle grandit.\n\n"
            "Le cluster sera en ligne bientôt.\n– Jane Doe (@jdoe) 2 juin 2024\nCrédit photo : X / Y")
    kinds = [(s.kind, s.text) for s in split_segments(text)]
    assert kinds[0] == ("headline", "Nvidia prépare une puce")
    assert ("sentence", "Elle grandit.") in kinds
    assert ("post", "Le cluster sera en ligne bientôt.") in kinds
    assert kinds[-2][0] == "signature" and kinds[-1][0] == "caption"
    post = next(s for s in split_segments(text) if s.kind == "post")
    sig = next(s for s in split_segments(text) if s.kind == "signature")
    assert post.post_group == sig.post_group is not None


def test_decimals_and_abbreviations_do_not_split() -> None:
    t = "Frontier atteint 1.206 exaflops. M. Dupont approuve. U.S. labs follow."
    assert [t[a:b] for a, b in split_sentences(t, 0, len(t))] == [
        "Frontier atteint 1.206 exaflops.", "M. Dupont approuve.", "U.S. labs follow."]
