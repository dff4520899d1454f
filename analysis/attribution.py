r"""A learned second look at who speaks: rank the persons and bodies named near each quotation.

The rules of :mod:`analysis.sourcing` choose one speaker per quotation.  This
module lists, for each quotation, the named persons and bodies of its sentence
and of the three sentences before it (the *candidates*, found and resolved by
:mod:`analysis.speakers`), describes each by features that name no word of a
language or a corpus (:data:`FEATURES`: sentence distance, side of the
quotation and of the reporting verb, first mention of its sentence, person or
body, same paragraph, the previous quotation's speaker, how often the document
names it, a one-word name, a resolved role, the outlet's own name), and scores
them with a logistic regression,

.. math:: p(c) = \frac{1}{1 + e^{-(b + w \cdot x_c)}},

trained on the hand-annotated development corpora (``bench/speaker_ranker.py
--write`` writes ``languages/speaker_ranker.csv``, which records the sets it
was trained on).  This is the mention-ranking view of quotation attribution
(O'Keefe et al. 2012, "A sequence labelling approach to quote attribution",
EMNLP; Muzny et al. 2017, "A two-stage sieve approach for quote attribution",
EACL).  The rules' choice is deliberately not a feature: on the development
sets the rules were written on, it is right so often that a model trusting it
would never overrule it, while on text the rules have never seen they are
wrong about one time in four (README, "Sourcing").

:meth:`SpeakerRanker.choose` changes a quotation's speaker only where the rules
had no syntax to go on: a quotation without a reporting cue in its sentence,
whose speaker the rules took from the context, goes to the candidate scored
above the rules' choice; a quotation the rules gave no speaker, or only a role
as written (*le porte-parole*, *the minister*) that they could not tie to a
name, goes to the best candidate when its probability is at least
``threshold`` (0.5; the model is trained on all the rules' named quotations,
so its scores are not calibrated on these).  Where a cue names
the speaker beside it, or a pronoun the rules resolved by gender and recency,
the rules stand (tried: letting the ranker overrule those too gained less on
the corpora held out from past rounds and undid worked examples of
``tests/test_speakers.py``).  Anonymous speakers stay as the rules found them, and
so do the speakers of a profile's actor file, which are never candidates
either: the evaluation corpora the ranker was trained on run without one.

Examples
--------
>>> ranker = SpeakerRanker({"d0": 2.0, "after_cue": 3.0}, intercept=-4.0)
>>> [round(float(p), 3) for p in ranker.probabilities([{"d0": 1.0, "after_cue": 1.0}, {"d0": 0.0, "after_cue": 0.0}])]
[0.731, 0.018]
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from .errors import Problem, raise_if
from .language import LANGUAGES_DIR
from .speakers import Mention, fold
from .tabular import read_csv_rows

#: The features of a candidate (1 or 0 unless said): its nearest mention's sentence distance (d0-d3), d0 for a quotation
#: with a cue, d1 for one without, before or after the quotation in its sentence, inside a quotation, within 30 characters
#: after the cue or 12 before it, first named mention of its sentence outside quotations, a person (not a body), in the
#: quotation's paragraph, the previous quotation's speaker (and so without a cue), log(1 + mentions in the document), a
#: one-word name without title, a mention that opens its sentence, a role resolved to a name, the outlet's own name.
FEATURES = (
    "d0", "d1", "d2", "d3", "d0_cue", "d1_nocue", "before", "after", "in_quote", "after_cue", "before_cue", "subject", "person",
    "same_paragraph", "previous", "previous_nocue", "mentions", "single", "at_start", "role", "outlet",
)  # fmt: skip
#: Sentences before a quotation's own where candidates are looked for.
WINDOW = 3


def candidates(rows: Sequence[Mapping], sentences: Sequence, mentions: Sequence[Sequence[Mention]]) -> list[dict]:
    """Return one document's candidate speakers: one dict per quotation (named, role or unknown) and named person or body.

    Parameters
    ----------
    rows : sequence of mappings
        The document's quotations in text order (:data:`analysis.sourcing.QUOTE_COLUMNS`).
    sentences : sequence
        Its sentences, with ``sentence_id``, ``start`` and ``paragraph_id`` attributes, in order.
    mentions : sequence of sequences of Mention
        The resolved speaker mentions of each sentence (offsets relative to the sentence); those of the actor file
        (``kind`` "actor") are no candidates, and a quotation the rules gave to one has none.

    Each dict holds ``row`` (index in ``rows``), ``candidate`` (the name),
    ``mention`` (its nearest mention, ``None`` for the rules' choice named further
    back), ``rule`` (the rules' choice), ``cue`` (the quotation has one) and the
    :data:`FEATURES`.
    """
    index_of = {int(s.sentence_id): i for i, s in enumerate(sentences)}
    starts = [int(s.start) for s in sentences]
    paragraphs = [int(s.paragraph_id) for s in sentences]
    # a profile's actor file is the user's own knowledge, and the ranker was trained without one: its speakers are
    # neither candidates nor overruled
    actors = {fold(m.speaker) for ms in mentions for m in ms if m.kind == "actor"}
    named = [[m for m in ms if m.speaker_type == "named" and not m.dative and m.kind != "actor"] for ms in mentions]
    counts: dict[str, int] = {}
    for m in (m for ms in named for m in ms):
        counts[fold(m.speaker)] = counts.get(fold(m.speaker), 0) + 1
    # whether each mention lies inside a direct quotation, and each sentence's first mention outside one: once per
    # document (a mention is inside when a quotation opening at or before it closes after it)
    directs = sorted((int(r["start"]), int(r["end"])) for r in rows if r["kind"] == "direct")
    opens = [x for x, _ in directs]
    reach = list(itertools.accumulate((y for _, y in directs), max))
    quoted = [[_inside(starts[j] + m.start, opens, reach) for m in ms] for j, ms in enumerate(named)]
    first = [next((m for m, q in zip(ms, qs) if not q), None) for ms, qs in zip(named, quoted)]
    out, previous = [], None
    for number, row in enumerate(rows):
        i = index_of[int(row["sentence_id"])]
        qa, qb, ca, cb = int(row["start"]), int(row["end"]), int(row["cue_start"]), int(row["cue_end"])
        cue = ca >= 0
        rule = fold(row["speaker"]) if row["speaker_type"] == "named" else None
        found: dict[str, tuple[tuple, dict]] = {}
        for j in range(max(0, i - WINDOW), i + 1):
            for m, in_direct in zip(named[j], quoted[j]):
                a, b = starts[j] + m.start, starts[j] + m.end
                inside = qa <= a < qb or in_direct
                f = {
                    f"d{i - j}": 1.0,
                    "d0_cue": float(j == i and cue),
                    "d1_nocue": float(j == i - 1 and not cue),
                    "before": float(j == i and b <= qa),
                    "after": float(j == i and a >= qb),
                    "in_quote": float(inside),
                    "after_cue": float(cue and j == i and 0 <= a - cb <= 30),
                    "before_cue": float(cue and j == i and 0 <= ca - b <= 12),
                    "subject": float(m is first[j]),
                    "person": float(m.kind != "organisation"),
                    "same_paragraph": float(paragraphs[j] == paragraphs[i]),
                    "single": float(m.single),
                    "at_start": float(m.at_start),
                    "role": float(m.kind == "role"),
                    "outlet": float(fold(m.speaker).replace(" ", "_") == fold(str(row["outlet"]))),
                }
                key, rank = fold(m.speaker), (i - j, inside)  # the nearest mention, outside a quotation first
                if key not in found or rank < found[key][0]:
                    found[key] = (rank, {"candidate": m.speaker, "mention": m, **f})
        # a role can stand for one named person only when it is singular and definite ("le syndicaliste", "la ministre
        # du Travail, X"), never "des secouristes", "un élu", "un retraité"; checked in the quotation's own sentence
        # (a role carried over from an earlier one is not)
        singular = row["speaker_type"] != "role" or not any(
            m.speaker == row["speaker"] and m.speaker_type == "role" and (m.plural or not m.definite) for m in mentions[i]
        )
        if row["speaker_type"] in ("named", "unknown", "role") and singular and rule not in actors:
            if rule is not None and rule not in found:  # the rules' choice named further back (a pronoun's antecedent)
                found[rule] = ((WINDOW + 1, False), {"candidate": row["speaker"], "mention": None, "person": 1.0})
            for key in sorted(found):
                f = found[key][1]
                x = {name: float(f.get(name, 0.0)) for name in FEATURES}
                x["previous"] = float(key == previous)
                x["previous_nocue"] = float(key == previous and not cue)
                x["mentions"] = math.log1p(counts.get(key, 0))
                out.append({"row": number, "candidate": f["candidate"], "mention": f["mention"], "rule": key == rule, "cue": cue, **x})
        if row["speaker_type"] == "named":
            previous = fold(row["speaker"])
    return out


def _inside(at: int, opens: list[int], reach: list[int]) -> bool:
    """Whether offset ``at`` lies inside one of the spans whose sorted starts are ``opens`` (``reach``: running max of their ends)."""
    k = bisect.bisect_right(opens, at) - 1
    return k >= 0 and reach[k] > at


@dataclass(frozen=True)
class SpeakerRanker:
    """Logistic-regression ``weights`` by feature name (:data:`FEATURES`; a candidate's missing feature is 0), an ``intercept`` and a ``threshold``."""

    weights: Mapping[str, float] = field(default_factory=dict)
    intercept: float = 0.0
    threshold: float = 0.5

    @classmethod
    def default(cls) -> SpeakerRanker:
        """Return the weights shipped with the package (``languages/speaker_ranker.csv``)."""
        return _shipped()

    def probabilities(self, cands: Sequence[Mapping]) -> np.ndarray:
        """Return each candidate's probability of being the speaker."""
        if not len(cands):
            return np.zeros(0)
        names = sorted(self.weights)  # the features it weighs: FEATURES, or others its candidates carry
        w = np.array([self.weights[name] for name in names])
        x = np.array([[c.get(name, 0.0) for name in names] for c in cands], dtype=float)
        return 1.0 / (1.0 + np.exp(-np.clip(x @ w + self.intercept, -500.0, 500.0)))

    def choose(self, rows: Sequence[Mapping], cands: Sequence[Mapping]) -> list[tuple[int, Mapping]]:
        """Return ``(row index, candidate)`` for each quotation whose speaker the ranker changes (see the module docstring)."""
        best: dict[int, tuple[float, Mapping]] = {}
        ruled: dict[int, float] = {}
        for c, p in zip(cands, self.probabilities(cands)):
            if c["rule"]:
                ruled[c["row"]] = p
            if c["row"] not in best or p > best[c["row"]][0]:
                best[c["row"]] = (p, c)
        changes = []
        for number, (p, c) in sorted(best.items()):
            if c["rule"] or c["mention"] is None:
                continue
            kind = rows[number]["speaker_type"]
            if (kind == "named" and not c["cue"] and p > ruled.get(number, 0.0)) or (kind in ("unknown", "role") and p >= self.threshold):
                changes.append((number, c))
        return changes


@lru_cache(maxsize=1)
def _shipped() -> SpeakerRanker:
    problems: list[Problem] = []
    label = "analysis/languages/speaker_ranker.csv"
    read = read_csv_rows(LANGUAGES_DIR / "speaker_ranker.csv", label, problems, comments=True)
    raise_if(problems)
    weights = {row["feature"]: float(row["weight"]) for _, row in read[1]}
    unknown = sorted(set(weights) - set(FEATURES) - {"intercept"})
    if unknown:
        raise_if([Problem(label, None, "feature", f"unknown features {unknown}", "write the weights with bench/speaker_ranker.py --write")])
    return SpeakerRanker(MappingProxyType({k: v for k, v in weights.items() if k in FEATURES}), weights["intercept"])
