"""Shared fixtures: the real corpus, and a factory for tiny corpora written per test."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from analysis import load_study
from analysis.config import DATA_DIR


@pytest.fixture(scope="session")
def study():
    """The study on the shipped corpus (data/)."""
    return load_study(DATA_DIR)


def write_corpus(
    root: Path,
    docs: dict[str, bytes | str],
    *,
    outlets=("alpha", "beta"),
    meta=None,
    annotations=None,
    checksums=True,
    language: str | None = "fr",
) -> Path:
    """Write a corpus folder: texts, metadata.csv, outlets.csv and optional annotations.

    ``docs`` maps doc_id to text (str, written as UTF-8) or raw bytes.  Outlets
    alternate alpha/beta unless ``meta`` overrides rows (a list of dicts).
    ``language`` fills the metadata's language column (None: no such column).
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "raw").mkdir(exist_ok=True)
    rows = []
    for i, (doc_id, text) in enumerate(docs.items()):
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (root / "raw" / f"{doc_id}.txt").write_bytes(data)
        row = {"doc_id": doc_id, "outlet": outlets[i % len(outlets)], "path": f"raw/{doc_id}.txt"}
        if language is not None:
            row["language"] = language
        if checksums:
            row["sha256"] = hashlib.sha256(data).hexdigest()
        rows.append(row)
    if meta is not None:
        rows = [{**r, "language": language} if language is not None and "language" not in r else r for r in meta]
    fields = list(dict.fromkeys(k for r in rows for k in r))
    with open(root / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(root / "outlets.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["outlet", "label"])
        for o in sorted(set(outlets)):
            w.writerow([o, o.title()])
    if annotations is not None:
        (root / "annotations").mkdir(exist_ok=True)
        with open(root / "annotations" / "voice_segments.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["doc_id", "anchor", "layer", "source", "note"])
            w.writerows(annotations)
    return root


@pytest.fixture
def make_corpus(tmp_path):
    """Return a function writing a tiny corpus under a temporary folder."""

    def factory(docs, **kwargs):
        return write_corpus(tmp_path / "corpus", docs, **kwargs)

    return factory
