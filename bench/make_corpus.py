"""Generate a seeded synthetic corpus for the benchmarks (folder format: metadata.csv + raw/*.txt).

Documents are built from the five study texts' non-boilerplate sentences, resampled, so that the
text looks like the study's (sentence lengths, quotes, reporting verbs, cues). Resampling alone
keeps the vocabulary at about 1,300 word types whatever the corpus size, which would flatter every
vocabulary-sized step (stemming caches, vectoriser vocabularies, score tables). So each word token
is, with probability ``--replace`` (default 0.15), replaced by a French word form drawn from the
frequency list that the PyPI package ``pyspellchecker`` ships (``spellchecker/resources/fr.json.gz``,
about 140,000 forms with corpus frequencies; the 500 most frequent, function words, are left out),
with probability proportional to its frequency. The
vocabulary then grows with the corpus as Heaps' law predicts (V = K n^beta); ``bench/run.py`` fits
and reports K and beta.

The corpus takes the study's profile (``profile.toml``, targets, stance cues, actors and lexicons; not its
event catalogue nor its relay pairs), so that every step does the study's work on it.

Usage: python bench/make_corpus.py --docs 1000 --out bench/data/1k [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import shutil
from importlib import resources
from pathlib import Path

import numpy as np

from analysis import load_study
from analysis.config import DATA_DIR

#: The study's profile files the synthetic corpus takes (see the module docstring).
PROFILE_FILES = ("profile.toml", "targets.csv", "stance_cues.csv", "actors.csv", "lexicons")

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def french_lexicon(skip_top: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """Word forms and sampling probabilities from pyspellchecker's French frequency list.

    The ``skip_top`` most frequent forms (function words) are left out, so replacements bring
    content words; the rest are drawn in proportion to their frequency (a Zipf-like tail).
    """
    path = resources.files("spellchecker") / "resources" / "fr.json.gz"
    with gzip.open(path) as f:
        freq = json.load(f)
    ranked = sorted(freq, key=lambda w: (-freq[w], w))[skip_top:]
    words = np.array(sorted(ranked), dtype=object)
    weights = np.array([freq[w] for w in words], dtype=float)
    return words, weights / weights.sum()


def build(n_docs: int, out: Path, seed: int = 7, replace: float = 0.15, n_outlets: int = 20) -> None:
    """Write ``n_docs`` documents and their metadata under ``out``."""
    rng = np.random.default_rng(seed)
    study = load_study(DATA_DIR)
    pool = study.sentences[study.sentences["layer"] != "boilerplate"]["text"].to_numpy()
    words, probs = french_lexicon()
    (out / "raw").mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n_docs):
        k = int(rng.integers(6, 30))
        sents = rng.choice(pool, size=k, replace=True)
        text = "\n\n".join(sents)
        tokens = list(WORD.finditer(text))
        swap = rng.random(len(tokens)) < replace
        picks = iter(rng.choice(words, size=int(swap.sum()), p=probs))
        pieces, pos = [], 0
        for tok, do in zip(tokens, swap):
            if do:
                pieces.append(text[pos : tok.start()])
                pieces.append(next(picks))
                pos = tok.end()
        pieces.append(text[pos:])
        doc_id = f"doc{i:07d}"
        (out / "raw" / f"{doc_id}.txt").write_text("".join(pieces), encoding="utf-8")
        rows.append((doc_id, f"outlet{i % n_outlets:02d}", f"raw/{doc_id}.txt", "fr"))
    with open(out / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["doc_id", "outlet", "path", "language"])
        w.writerows(rows)
    for name in PROFILE_FILES:
        source = DATA_DIR / name
        if source.is_dir():
            shutil.copytree(source, out / name, dirs_exist_ok=True)
        else:
            shutil.copy(source, out / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--replace", type=float, default=0.15)
    args = parser.parse_args()
    build(args.docs, args.out, args.seed, args.replace)


if __name__ == "__main__":
    main()
