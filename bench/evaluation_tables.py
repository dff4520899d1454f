"""Print the README's evaluation tables ("Sourcing") from the package: every set's scores, first scores by round, pooled.

Run: ``python bench/evaluation_tables.py`` (from the repository root), and paste its output over the tables
of the README when the evaluation sets or the code change; notebook 03 shows the same tables.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.evaluation import eval_sets, first_scores, last_round, pooled_named_accuracy, speaker_scores  # noqa: E402

SPLIT = {"dev": "development", "test": "test"}


def scores_table(sets) -> list[str]:
    """Every set's detection and speaker scores, test sets in bold."""
    lines = [
        "| set | split | documents | quotes | quote F1 | named-speaker accuracy (95 % interval) | first held-out score "
        "| speaker-type accuracy | second annotator: F1, named |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in speaker_scores(sets).itertuples():
        bold = (lambda x: f"**{x}**") if r.split == "test" else (lambda x: x)
        accuracy = f"{r.named_accuracy:.3f} ({r.named_low:.2f}-{r.named_high:.2f})"
        first = "–" if math.isnan(r.first_score) else f"{r.first_score:.3f}"
        second = "–" if isinstance(r.a2_f1, float) and math.isnan(r.a2_f1) else f"{r.a2_f1:.3f}, {r.a2_named_accuracy:.3f}"
        lines.append(
            f"| {bold(r.set)} | {bold(SPLIT[r.split])} | {r.n_documents} | {r.n_gold} | {r.f1:.3f} | {bold(accuracy)} | {first} "
            f"| {r.type_accuracy:.3f} | {second} |"
        )
    return lines


def rounds_table(sets) -> list[str]:
    """The first held-out scores by the round that scored them."""
    lines = ["| round | sets scored once | first scores |", "| --- | --- | --- |"]
    return lines + [f"| {r.first_round} | {r.sets} | {r.first_scores} |" for r in first_scores(sets).itertuples()]


def main() -> None:
    sets = eval_sets(ROOT / "data" / "eval" / "sets.csv")
    print("\n".join(scores_table(sets)), end="\n\n")
    print("\n".join(rounds_table(sets)), end="\n\n")
    print("The corpora first scored by the last round pooled, and every test set pooled by language:")
    print(pooled_named_accuracy(last_round(sets)).to_string(index=False))
    print(pooled_named_accuracy(sets).to_string(index=False))


if __name__ == "__main__":
    main()
