"""Stance towards targets, per sentence and holder: a rule baseline and a trained classifier.

Targets are data of the corpus's profile (``targets.csv`` beside its
metadata, with definitions for annotators; a corpus without targets gets no
stance rows); hand labels follow ``docs/codebook.md`` (SemEval-2016 Task 6
labels favor / against / none, plus the *holder* of the stance).

**Rule baseline** (:func:`rule_stance`): for each target, cue patterns from
the profile's ``stance_cues.csv`` (``topic``, ``favor``, ``against``).  A
sentence gets a stance only if it mentions the target (a ``topic`` cue); each
favor (+1) or against (-1) cue counts once, with its sign flipped when a
negation of the language (``[stance]`` of its ``rules.toml``: in French "ne
… pas", "ne … plus", "n'", "aucun", "ni", "sans", "jamais", "pas"; in
English "not", "no", "never", "n't", "without", ...) stands in the four
tokens before it.  ``score`` is the sum; the
label is its sign.  **Holder**: when the deciding cue lies inside a quote
(direct, indirect or "selon", :mod:`analysis.sourcing`), the quote's
speaker; otherwise the voice of the sentence's layer (``outlet`` for the
outlet's own voice, the block's source for a quoted block, ``reader``).

**Classifier** (:func:`stance_classifier`): one multinomial logistic
regression per target on TF-IDF word uni- and bigrams, cue rates
(:class:`~analysis.features.CueFeatures`) and the rule baseline's cue counts,
with balanced class weights.

**Evaluation** (:func:`cross_validate`): leave-one-outlet-out (train on four
outlets, test on the fifth), scored with the SemEval-2016 metric
F_avg = (F1_favor + F1_against) / 2, per-class precision / recall / F1,
confusion matrices, and a majority-class baseline fitted on the training
folds.  The rule baseline has no parameters fitted on labels, but its cue
lexicon was written with these five texts in view, so its scores are
optimistic for new corpora.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.pipeline import make_pipeline, make_union
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from . import kernels
from .config import SEED
from .corpus import OWN_VOICE
from .errors import Problem, raise_if
from .features import CueFeatures
from .language import Rules
from .resample import by_cluster, category_resampled_sums, resampled_sums
from .terms import TermCounts

LABELS = ("favor", "against", "none")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+", re.IGNORECASE)


@dataclass(frozen=True, eq=False)
class StanceCues:
    """A profile's stance cues and its language's negation rules: what the rule baseline reads.

    Parameters
    ----------
    cues : pandas.DataFrame
        ``target, role, pattern`` (a profile's ``stance_cues``).
    rules : Rules
        The language's grammar rules (its ``[stance]`` negation patterns).
    """

    cues: pd.DataFrame
    rules: Rules
    #: Cue hits of the texts these cues have scanned, by text (texts recur across cross-validation folds):
    #: this object's own memory, emptied when it holds more than :data:`_MAX_CACHED` texts.
    seen: dict = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def of(cls, profile) -> StanceCues:
        """Return the stance cues of a :class:`~analysis.profile.Profile`."""
        return cls(profile.stance_cues, profile.rules)

    @cached_property
    def key(self) -> tuple:
        """The cues and rules as a hashable key (cached scanners and hits are shared by equal cues)."""
        rows = self.cues[self.cues["role"].isin(["topic", "favor", "against"])]
        return (tuple(zip(rows["target"], rows["role"], rows["pattern"])), id(self.rules))


def load_stance_labels(sentences: pd.DataFrame, path: Path, targets: Sequence[str]) -> pd.DataFrame:
    """Load hand stance labels and check each row still points to its sentence and a target of the profile (``targets``).

    Raises
    ------
    CorpusError
        If a label, target or sentence is unknown, or a row's ``start``/``end``
        no longer match its sentence (re-anchor the annotation).
    """
    labels = pd.read_csv(path, dtype={"holder": str, "note": str}, keep_default_na=False)
    known = dict(zip(zip(sentences["doc_id"], sentences["sentence_id"]), zip(sentences["start"], sentences["end"])))
    targets = set(targets)
    problems = []
    for line, row in zip(range(2, len(labels) + 2), labels.itertuples()):
        key = (row.doc_id, int(row.sentence_id))
        if row.label not in LABELS:
            problems.append(Problem(path.name, line, "label", f"unknown label '{row.label}'", "use favor, against or none"))
        if row.target not in targets:
            problems.append(
                Problem(path.name, line, "target", f"unknown target '{row.target}'", "use a target of the corpus's targets.csv")
            )
        if key not in known:
            problems.append(Problem(path.name, line, "sentence_id", f"no sentence {key}", "check doc_id and sentence_id"))
        elif known[key] != (row.start, row.end):
            problems.append(
                Problem(
                    path.name,
                    line,
                    "start",
                    f"offsets {row.start}-{row.end} no longer match sentence {key}",
                    "re-anchor the row to the current sentence table",
                )
            )
    raise_if(problems)
    return labels


def _negated(text: str, at: int, rules: Rules) -> bool:
    """Whether a negation of the language stands in the four tokens before offset ``at``."""
    before = _TOKEN.findall(text[max(0, at - 60) : at])[-4:]
    return any(rules.stance_negation.fullmatch(tok) for tok in before) or bool(
        rules.stance_negation_elided.search(text[max(0, at - 15) : at])
    )


def cue_hits(text: str, target: str, stance_cues: StanceCues) -> dict:
    r"""Count a target's topic, favor and against cues in a text (negation flips favor/against).

    Returns
    -------
    dict
        ``topic``, ``favor``, ``against`` counts and ``hits``: a list of
        ``(start, end, sign)`` for the stance cues (a target without cues has none).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.language import language_rules
    >>> cues = pd.DataFrame({"target": ["plant"] * 3, "role": ["topic", "favor", "against"],
    ...                      "pattern": ["plant", "support\\w*", "oppos\\w*"]})
    >>> hits = cue_hits("Residents do not support the plant.", "plant", StanceCues(cues, language_rules("en")))
    >>> hits["topic"], hits["favor"], hits["against"]
    (1, 0, 1)
    """
    return _hits_of([text], stance_cues)[0].get(target, _NO_HITS)


@lru_cache(maxsize=16)
def _cue_scanner(rows: tuple[tuple[str, str, str], ...]) -> tuple[kernels.PlainScanner, list[tuple[str, str]]]:
    """One scanner (:func:`analysis.kernels.scanner`) over every cue pattern of every target, and each pattern's (target, role).

    Each pattern is its own alternation, so its matches are exactly those of
    ``re.finditer`` with that pattern alone (patterns of a role may overlap).
    """
    keys = [(target, role) for target, role, _ in rows]
    patterns = [pattern for _, _, pattern in rows]
    return kernels.scanner([[p] for p in patterns], [kernels.alternation([p]) for p in patterns]), keys


#: Texts whose cue hits a :class:`StanceCues` keeps at most.
_MAX_CACHED = 100_000
#: A target's counts in a text without any of its cues (shared: read, never modified).
_NO_HITS = {"topic": 0, "favor": 0, "against": 0, "hits": []}


def _hits_of(texts: Sequence[str], stance_cues: StanceCues) -> list[dict[str, dict]]:
    """Compute :func:`cue_hits` for every target at once, for each text; the texts not seen yet are scanned in one batch."""
    cache = stance_cues.seen
    got = {text: cache.get(text) for text in texts}
    missing = [text for text, hits in got.items() if hits is None]
    if missing:
        scanner, keys = _cue_scanner(stance_cues.key[0])
        targets = list(dict.fromkeys(target for target, _ in keys))
        rules = stance_cues.rules
        new = {text: _sentence_hits(text, found, keys, targets, rules) for text, found in zip(missing, scanner.scan_many(missing))}
        got |= new
        if len(cache) + len(new) > _MAX_CACHED:
            cache.clear()
        cache.update(new)
    return [got[text] for text in texts]


def _sentence_hits(text: str, found: list, keys: list[tuple[str, str]], targets: list[str], rules: Rules) -> dict[str, dict]:
    """Return :func:`cue_hits` for every target from the scanner's matches in one text (``keys``: each pattern's target and role)."""
    if not found:  # most sentences: no cue of any target
        return dict.fromkeys(targets, _NO_HITS)
    topic = dict.fromkeys(targets, 0)
    hits: dict[str, list] = {}
    for a, m in found:
        target, role = keys[a]
        if role == "topic":
            topic[target] += 1
            continue
        sign = 1 if role == "favor" else -1
        negation_inside = role == "against" and rules.stance_negation_inside.match(m.group())
        flip = -1 if (_negated(text, m.start(), rules) and not negation_inside) else 1
        hits.setdefault(target, []).append((m.start(), m.end(), sign * flip))
    out = {}
    for target in targets:
        kept = _absorb_governed(text, sorted(hits[target])) if target in hits else []
        favor = sum(1 for h in kept if h[2] > 0)
        out[target] = {"topic": topic[target], "favor": favor, "against": len(kept) - favor, "hits": kept}
    return out


def _absorb_governed(text: str, hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop a cue of opposite sign that a preceding cue governs (at most three tokens after it).

    "désapprouvent l'appel à la diplomatie": the favor cue "appel à" is the
    object of the against cue "désapprouvent", so only the latter counts.
    """
    kept: list[tuple[int, int, int]] = []
    for hit in hits:
        if kept and np.sign(kept[-1][2]) != np.sign(hit[2]) and len(_TOKEN.findall(text[kept[-1][1] : hit[0]])) <= 3:
            continue
        kept.append(hit)
    return kept


def rule_stance(corpus, sentences: pd.DataFrame, quotes: pd.DataFrame, targets: Sequence[str], stance_cues: StanceCues) -> pd.DataFrame:
    """Rule-baseline stance for every non-boilerplate sentence and target (``targets``: the profile's; none: no rows).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, outlet, sentence_id, layer, target, holder, label, score, method``
        (``method = "rules"``); ``score`` is the signed cue sum.
    """
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    targets = list(targets)
    s = sentences[sentences["layer"] != "boilerplate"] if targets else sentences.iloc[:0]
    by_sentence: dict[tuple, list[tuple[int, int, str]]] = {}
    for key, a, b, who in zip(zip(quotes["doc_id"], quotes["sentence_id"]), quotes["start"], quotes["end"], quotes["speaker"]):
        by_sentence.setdefault(key, []).append((int(a), int(b), str(who)))
    doc, start, end = (s[c].to_numpy() for c in ("doc_id", "start", "end"))
    layer, source, sentence_id = s["layer"].astype(str).to_numpy(), s["source"].astype(str).to_numpy(), s["sentence_id"].to_numpy()
    raws = [texts[d][a:b] for d, a, b in zip(doc, start, end)]
    found = (
        hits for a, b in kernels.text_batches(raws) for hits in _hits_of(raws[a:b], stance_cues)
    )  # the sentences scanned a batch at a time
    score = np.zeros((len(s), len(targets)))
    holder = np.full((len(s), len(targets)), "", dtype=object)
    for i, by_target in enumerate(found):
        for j, target in enumerate(targets):
            hits = by_target.get(target, _NO_HITS)
            total = sum(h[2] for h in hits["hits"]) if hits["topic"] else 0
            if total:  # the deciding cue is the first of the winning sign
                first = next(h for h in hits["hits"] if np.sign(h[2]) == np.sign(total))
                quoted = by_sentence.get((doc[i], int(sentence_id[i])), [])
                holder[i, j] = _holder(layer[i], source[i], quoted, int(start[i]) + first[0])
            score[i, j] = total
    n = len(targets)
    label = np.where(score > 0, "favor", np.where(score < 0, "against", "none")).astype(object)
    return pd.DataFrame(
        {
            "doc_id": np.repeat(doc, n),
            "outlet": np.repeat(s["outlet"].to_numpy(), n),
            "sentence_id": np.repeat(sentence_id.astype(int), n),
            "layer": np.repeat(layer, n),
            "target": np.tile(np.array(targets, dtype=object), len(s)),
            "holder": holder.reshape(-1),
            "label": label.reshape(-1),
            "score": score.reshape(-1),
            "method": "rules",
        }
    )


def _holder(layer: str, source: str, quotes: list[tuple[int, int, str]], offset: int) -> str:
    """Holder of a stance cue at ``offset``: the speaker of the quote around it, else the layer's voice.

    ``quotes`` are the sentence's quotes as ``(start, end, speaker)``; when
    several contain the cue, the one starting last (the innermost) wins.
    """
    inside = [q for q in quotes if q[0] <= offset < q[1] and q[2] != "unknown"]
    if inside:
        return sorted(inside, key=lambda q: q[0])[-1][2]
    return default_holder(layer, source)


def default_holder(layer: str, source: str) -> str:
    """Return the voice of a layer: ``outlet``, a quoted block's source, or ``reader``.

    Examples
    --------
    >>> default_holder("relay_commentary", ""), default_holder("quoted_block", "Kommersant"), default_holder("quoted_block", "")
    ('outlet', 'Kommersant', 'unnamed quoted source')
    """
    if layer in OWN_VOICE:
        return "outlet"
    if layer == "quoted_block":
        return "unnamed quoted source" if source in ("", "unnamed") else source
    if layer == "reader_comment":
        return "reader"
    return ""


class RuleCueCounts(TransformerMixin, BaseEstimator):
    """The rule baseline's counts for one target as features (topic, favor, against, signed score).

    Parameters
    ----------
    target : str
        A target of the profile's ``targets.csv``.
    stance_cues : StanceCues
        The profile's stance cues and negation rules (``StanceCues.of(profile)``).
    """

    def __init__(self, target: str = "", stance_cues: StanceCues | None = None):
        self.target = target
        self.stance_cues = stance_cues

    def fit(self, X, y=None) -> RuleCueCounts:
        """Nothing to learn; return self."""
        return self

    def transform(self, X) -> np.ndarray:
        """Return ``[topic, favor, against, score]`` per text."""
        out = []
        for by_target in _hits_of([str(text) for text in X], self.stance_cues):
            h = by_target.get(self.target, _NO_HITS)
            out.append([h["topic"], h["favor"], h["against"], (h["favor"] - h["against"]) if h["topic"] else 0])
        return np.asarray(out, dtype=float)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Return the four feature names."""
        return np.asarray([f"rule_{k}" for k in ("topic", "favor", "against", "score")], dtype=object)


def stance_classifier(target: str, profile, seed: int = SEED):
    """Return an unfitted pipeline: TF-IDF n-grams + cue rates + rule counts -> logistic regression (resources from ``profile``)."""
    words = make_pipeline(TermCounts(ngram_range=(1, 2), stop_words=None, min_df=2), TfidfTransformer())
    cues = CueFeatures(profile.cues, profile.rules)
    dense = make_pipeline(
        make_union(cues, RuleCueCounts(target, StanceCues.of(profile))), StandardScaler(), FunctionTransformer(lambda x: x)
    )
    return make_pipeline(
        make_union(words, dense),
        LogisticRegression(class_weight="balanced", max_iter=2000, C=1.0, random_state=seed),
    )


def semeval_scores(gold: pd.Series, pred: pd.Series) -> dict:
    """SemEval-2016 F_avg and per-class precision, recall and F1.

    Returns
    -------
    dict
        ``f_avg`` = (F1_favor + F1_against) / 2, and ``precision_<label>``,
        ``recall_<label>``, ``f1_<label>`` for each label, ``n``.

    Examples
    --------
    One "none" sentence taken for "against": favor is perfect (F1 1),
    against has precision 1/2 and recall 1 (F1 2/3), so F_avg = 5/6.

    >>> scores = semeval_scores(pd.Series(["favor", "against", "none"]), pd.Series(["favor", "against", "against"]))
    >>> scores["f_avg"], scores["f1_favor"], scores["f1_against"]
    (0.8333, 1.0, 0.6667)
    """
    return _scores_from_confusion(confusion_matrix(gold, pred, labels=list(LABELS)))


def _scores_from_confusion(cm: np.ndarray) -> dict:
    """:func:`semeval_scores` from the confusion matrix (rows gold, columns predicted, in ``LABELS`` order).

    The same arithmetic as scikit-learn's ``precision_recall_fscore_support``
    with ``zero_division=0`` (F1 = 2 tp / (gold + predicted)), so the cross
    validation counts each fold's confusion once for both tables.
    """
    tp = np.diag(cm).astype(float)
    gold, pred = cm.sum(axis=1).astype(float), cm.sum(axis=0).astype(float)

    def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        return np.divide(num, den, out=np.zeros_like(num), where=den != 0)

    p, r, f = ratio(tp, pred), ratio(tp, gold), ratio(2 * tp, gold + pred)
    out = {"n": int(cm.sum()), "f_avg": round(float((f[0] + f[1]) / 2), 4)}
    for i, label in enumerate(LABELS):
        out[f"precision_{label}"] = round(float(p[i]), 4)
        out[f"recall_{label}"] = round(float(r[i]), 4)
        out[f"f1_{label}"] = round(float(f[i]), 4)
    return out


def cross_validate(texts: pd.DataFrame, labels: pd.DataFrame, rules: pd.DataFrame, profile, seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Leave-one-outlet-out evaluation of the classifier, the rules and a majority baseline.

    Parameters
    ----------
    texts : pandas.DataFrame
        Sentences with ``doc_id, outlet, sentence_id`` and the raw ``text``.
    labels : pandas.DataFrame
        Hand labels (``doc_id, sentence_id, target, label``).
    rules : pandas.DataFrame
        :func:`rule_stance` output.
    profile : Profile
        The corpus's profile (the classifier's cue lexicon and stance cues).

    Returns
    -------
    dict of pandas.DataFrame
        ``predictions`` (out-of-fold, one row per labelled sentence x target x
        method), ``scores`` (per target and method, and ``all`` targets
        pooled), ``confusion`` (long: target, method, gold, predicted, count).
    """
    data = labels.merge(texts[["doc_id", "sentence_id", "outlet", "text"]], on=["doc_id", "sentence_id"])
    data = data.merge(
        rules[["doc_id", "sentence_id", "target", "label", "score"]].rename(columns={"label": "rules", "score": "rule_score"}),
        on=["doc_id", "sentence_id", "target"],
    )
    preds = []
    for target, d in data.groupby("target"):
        for outlet in sorted(d["outlet"].unique()):
            train, test = d[d["outlet"] != outlet], d[d["outlet"] == outlet]
            majority = train["label"].value_counts().sort_index().idxmax()
            if train["label"].nunique() > 1:
                model = stance_classifier(target, profile, seed).fit(train["text"], train["label"])
                proba = model.predict_proba(test["text"])
                classes = list(model.classes_)
                clf = [classes[i] for i in proba.argmax(axis=1)]
                conf = proba.max(axis=1)
            else:
                clf, conf = [majority] * len(test), np.ones(len(test))
            base = test[["doc_id", "outlet", "sentence_id", "target", "label"]]
            preds.append(base.assign(method="classifier", predicted=clf, score=np.round(conf, 4)))
            preds.append(base.assign(method="rules", predicted=test["rules"].to_numpy(), score=test["rule_score"].to_numpy()))
            preds.append(base.assign(method="majority", predicted=majority, score=1.0))
    predictions = pd.concat(preds, ignore_index=True)
    scores, confusion = [], []
    for (target, method), g in list(predictions.groupby(["target", "method"])) + [
        (("all", m), g) for m, g in predictions.groupby("method")
    ]:
        cm = confusion_matrix(g["label"], g["predicted"], labels=list(LABELS))
        scores.append({"target": target, "method": method, **_scores_from_confusion(cm)})
        for i, gold in enumerate(LABELS):
            for j, pred in enumerate(LABELS):
                confusion.append({"target": target, "method": method, "gold": gold, "predicted": pred, "count": int(cm[i, j])})
    predictions = predictions.sort_values(["doc_id", "sentence_id", "target", "method"]).reset_index(drop=True)
    return {"predictions": predictions, "scores": pd.DataFrame(scores), "confusion": pd.DataFrame(confusion)}


def agreement(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Inter-annotator agreement on the shared sentence x target rows.

    Returns
    -------
    pandas.DataFrame
        Per target and ``all``: rows compared, raw agreement, Cohen's kappa,
        F_avg of annotator B scored against annotator A, holder agreement on
        rows where both give a stance.
    """
    from sklearn.metrics import cohen_kappa_score

    m = a.merge(b, on=["doc_id", "sentence_id", "target"], suffixes=("_a", "_b"))
    rows = []
    for target, g in list(m.groupby("target")) + [("all", m)]:
        both = g[(g["label_a"] != "none") & (g["label_b"] != "none")]
        rows.append(
            {
                "target": target,
                "n": len(g),
                "agreement": round(float((g["label_a"] == g["label_b"]).mean()), 3),
                "cohen_kappa": round(float(cohen_kappa_score(g["label_a"], g["label_b"], labels=list(LABELS))), 3),
                "f_avg_b_vs_a": semeval_scores(g["label_a"], g["label_b"])["f_avg"],
                "holder_agreement": round(float((both["holder_a"] == both["holder_b"]).mean()), 3) if len(both) else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def stance_profile(stance: pd.DataFrame, by: str = "outlet", n_boot: int = 1000, seed: int = SEED) -> pd.DataFrame:
    """Share of sentences favouring and opposing each target, per outlet and voice, with bootstrap intervals.

    ``voice`` is ``own`` when the holder is the outlet itself, ``quoted`` for
    any other holder (quoted speakers, quoted blocks, readers).  Shares are
    over all the outlet's labelled sentences for that target; intervals
    (5th-95th percentiles) resample the outlet's documents when it has two
    or more (a cluster bootstrap, :func:`analysis.resample.by_cluster`), else
    its sentences, drawn as multinomial counts of the favour / against /
    neither sentences (:func:`~analysis.resample.category_resampled_sums`:
    the same bootstrap distribution in time independent of the number of
    sentences); ``resampled`` says which.

    Returns
    -------
    pandas.DataFrame
        ``<by>, target, voice, n_sentences, favor, against, favor_share,
        favor_p05, favor_p95, against_share, against_p05, against_p95, net, resampled``.
    """
    columns = [by, "target", "voice", "n_sentences", "favor", "against", "favor_share", "favor_p05", "favor_p95"]
    columns += ["against_share", "against_p05", "against_p95", "net", "resampled"]
    if stance.empty:  # a corpus without stance targets
        return pd.DataFrame(columns=columns)
    rng = np.random.default_rng(seed)
    s = stance.assign(voice=np.where(stance["holder"].eq("outlet"), "own", np.where(stance["label"].eq("none"), "none", "quoted")))
    rows = []
    for (group, target), g in s.groupby([by, "target"]):
        n = len(g)
        for voice in ("own", "quoted"):
            fav = ((g["label"] == "favor") & (g["voice"] == voice)).to_numpy(dtype=float)
            aga = ((g["label"] == "against") & (g["voice"] == voice)).to_numpy(dtype=float)
            units, level = by_cluster(np.stack([fav, aga, np.ones(n)], axis=1), g["doc_id"].to_numpy())
            if level == "sentences":
                both = category_resampled_sums(rng, np.stack([fav, aga], axis=1), n_boot) / n
            else:
                sums = resampled_sums(rng, units, n_boot)
                both = sums[:, :2] / sums[:, 2:]
            bf, ba = both[:, 0], both[:, 1]
            rows.append(
                {
                    by: group,
                    "target": target,
                    "voice": voice,
                    "n_sentences": n,
                    "favor": int(fav.sum()),
                    "against": int(aga.sum()),
                    "favor_share": round(float(fav.mean()), 4),
                    "favor_p05": round(float(np.percentile(bf, 5)), 4),
                    "favor_p95": round(float(np.percentile(bf, 95)), 4),
                    "against_share": round(float(aga.mean()), 4),
                    "against_p05": round(float(np.percentile(ba, 5)), 4),
                    "against_p95": round(float(np.percentile(ba, 95)), 4),
                    "net": round(float(fav.mean() - aga.mean()), 4),
                    "resampled": level,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def stance_table(sentences: pd.DataFrame, rules: pd.DataFrame, evaluation: dict, quotes: pd.DataFrame) -> pd.DataFrame:
    """Both methods' stance for every non-boilerplate sentence x target, the better one marked ``selected``.

    With hand labels for this corpus, the classifier's rows are its
    out-of-fold (leave-one-outlet-out) predictions, so no sentence is labelled
    by a model that saw it.  Without labels (a user's corpus) only the rule
    baseline is produced: a classifier needs the corpus's own annotations
    (``annotations/stance_labels.csv``), and five short texts are too few to
    ship a general model.  The selected method is the one with the higher
    pooled cross-validated F_avg.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, outlet, sentence_id, layer, target, holder, label, score, method, selected``.
    """
    scores = evaluation.get("scores", pd.DataFrame())
    if len(scores):
        pooled = scores[scores["target"] == "all"].set_index("method")["f_avg"]
        best = "classifier" if pooled.get("classifier", 0) > pooled.get("rules", 0) else "rules"
        preds = evaluation["predictions"]
        clf = preds[preds["method"] == "classifier"][["doc_id", "sentence_id", "target", "predicted", "score"]].rename(
            columns={"predicted": "label"}
        )
    else:
        best, clf = "rules", pd.DataFrame(columns=["doc_id", "sentence_id", "target", "label", "score"])
    clf = clf.merge(rules[["doc_id", "outlet", "sentence_id", "layer", "target"]], on=["doc_id", "sentence_id", "target"])
    holders = _sentence_holders(clf, sentences[sentences["layer"] != "boilerplate"], quotes)
    clf = clf.assign(holder=holders, method="classifier")
    out = pd.concat([rules, clf[rules.columns]], ignore_index=True)
    out["selected"] = out["method"] == best
    return out.sort_values(["doc_id", "sentence_id", "target", "method"]).reset_index(drop=True)


def _sentence_holders(rows: pd.DataFrame, sentences: pd.DataFrame, quotes: pd.DataFrame) -> list[str]:
    """Holder of each row's whole-sentence stance ("" for ``none``).

    The speaker of a quote (speaker known) covering at least half the
    sentence, the first by (start, end) if several; else the layer's voice
    (:func:`default_holder`).  One merge for all rows.
    """
    keys = ["doc_id", "sentence_id"]
    need = (rows["label"] != "none").to_numpy()
    sent = rows.loc[need, keys].merge(sentences[[*keys, "start", "end", "layer", "source"]], on=keys, how="left", validate="many_to_one")
    length = np.maximum(sent["end"] - sent["start"], 1).rename("length")
    q = quotes.loc[quotes["speaker"] != "unknown", [*keys, "start", "end", "speaker"]]
    q = q.merge(pd.concat([sent[keys], length], axis=1).drop_duplicates(keys), on=keys)
    q = q[(q["end"] - q["start"]) >= 0.5 * q["length"]].sort_values([*keys, "start", "end"]).drop_duplicates(keys)
    covering = sent[keys].merge(q[[*keys, "speaker"]], on=keys, how="left")["speaker"]
    out = np.full(len(rows), "", dtype=object)
    out[need] = [
        str(who) if isinstance(who, str) else default_holder(str(layer), str(source))
        for who, layer, source in zip(covering, sent["layer"], sent["source"])
    ]
    return list(out)
