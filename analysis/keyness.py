"""Distinctive vocabulary of each outlet against the rest: three published scores.

All scores compare one group (an outlet) with the rest of the corpus, term by
term, from the counts of a :class:`~analysis.terms.TermCounts` matrix.  For a
term *w*: ``f`` (or ``y_i``) its count in the outlet, ``F`` its count in the
whole corpus, ``t`` (``n_i``) the outlet's token total, ``T`` the corpus total;
the rest has ``y_j = F - f`` and ``n_j = T - t``.

* :func:`log_odds_dirichlet`: Monroe, Colaresi & Quinn (2008), "Fightin'
  Words", *Political Analysis* 16(4), eq. 16-22, with an informative Dirichlet
  prior proportional to the corpus frequencies (as scattertext's
  ``LogOddsRatioInformativeDirichletPrior``).
* :func:`lafon_specificity`: Lafon (1980) hypergeometric specificity, as in
  TXM / Lexico3 (R package ``textometry``, ``specificities``).
* :func:`g2_keyness`: log-likelihood ratio G² (Dunning 1993) with Williams'
  correction and a sign for over/under-use, as quanteda.textstats'
  ``textstat_keyness(measure = "lr")``.

With five short texts, token-level significance overstates certainty: the
ranking is resampled over *sentences* by :func:`bootstrap_log_odds`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import hypergeom, spearmanr

from .config import SEED
from .corpus import OWN_VOICE
from .resample import MAX_CELLS, draw_counts
from .terms import GroupCounts, Spread, group_matrix, select_layers, sort_codes, term_matrix

#: Threads of :func:`bootstrap_from_matrix`: two groups' sparse products (or two replicates' z scores) at once.
BOOTSTRAP_THREADS = 2

SCORES = ("log_odds_z", "lafon", "g2")


def log_odds_dirichlet(y_i, y_j, alpha, n_i=None, n_j=None) -> tuple[np.ndarray, np.ndarray]:
    r"""Log-odds ratio with informative Dirichlet prior and its z-score.

    .. math::

        \hat\delta_w = \log\frac{y_{iw} + \alpha_w}{n_i + \alpha_0 - y_{iw} - \alpha_w}
                     - \log\frac{y_{jw} + \alpha_w}{n_j + \alpha_0 - y_{jw} - \alpha_w},
        \qquad
        \sigma^2(\hat\delta_w) \approx \frac{1}{y_{iw} + \alpha_w} + \frac{1}{y_{jw} + \alpha_w},
        \qquad
        \zeta_w = \hat\delta_w / \sigma(\hat\delta_w)

    (Monroe, Colaresi & Quinn 2008, eq. 16, 18, 19), with
    :math:`\alpha_0 = \sum_w \alpha_w`.

    Parameters
    ----------
    y_i, y_j : array-like
        Term counts in the group and in the rest (same length).
    alpha : array-like
        Dirichlet pseudo-counts per term (e.g. ``a0 * F / T``).
    n_i, n_j : float, optional
        Token totals of the group and the rest; default: the sums of ``y_i``
        and ``y_j``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``delta`` (log-odds ratio) and ``z`` (its z-score; \|z\| > 1.96 is the
        usual 5 % threshold, before any correction for the many terms tested).

    Examples
    --------
    Two terms; the group uses the second three times as often as the first,
    the rest uses them equally: the first is under-used, the second over-used.

    >>> delta, z = log_odds_dirichlet(np.array([10, 30]), np.array([10, 10]), np.array([1.0, 1.0]))
    >>> delta.round(3).tolist(), z.round(3).tolist()
    ([-1.036, 1.036], [-2.43, 2.952])
    """
    y_i, y_j, alpha = (np.asarray(a, dtype=float) for a in (y_i, y_j, alpha))
    n_i = y_i.sum(axis=-1, keepdims=True) if n_i is None else np.asarray(n_i, dtype=float)
    n_j = y_j.sum(axis=-1, keepdims=True) if n_j is None else np.asarray(n_j, dtype=float)
    a0 = alpha.sum()
    delta = np.log((y_i + alpha) / (n_i + a0 - y_i - alpha)) - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha))
    var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, delta / np.sqrt(var)


def lafon_specificity(f, F, t, T) -> np.ndarray:
    r"""Lafon's hypergeometric specificity score.

    With :math:`X \sim \mathrm{Hypergeometric}(T, F, t)` (draw ``t`` tokens
    from ``T`` of which ``F`` are the term):

    .. math::

        s = \begin{cases}
            -\log_{10} P(X \ge f) & \text{if } f \ge F t / T \quad\text{(over-use, positive)}\\
            \phantom{-}\log_{10} P(X \le f) & \text{otherwise} \quad\text{(under-use, negative)}
            \end{cases}

    \|s\| >= 2 (p <= .01) is the customary "banality" threshold of TXM.

    Parameters
    ----------
    f : array-like
        Term count in the part.
    F : array-like
        Term count in the corpus.
    t : int or array-like
        Tokens in the part.
    T : int
        Tokens in the corpus.

    Returns
    -------
    numpy.ndarray
        Signed scores (computed from log-probabilities, so very small
        p-values stay finite).

    Examples
    --------
    Half the corpus's tokens are the part's: a term with half its uses there
    is unremarkable (near 0), one with 12 of its 15 is over-used (about 2, the
    banality threshold).

    >>> lafon_specificity(np.array([5, 12]), np.array([10, 15]), 50, 100).round(3).tolist()
    [0.201, 1.947]
    """
    f, F = np.asarray(f, dtype=float), np.asarray(F, dtype=float)
    t = np.broadcast_to(np.asarray(t, dtype=float), f.shape)
    over = f >= F * t / T
    # P(X >= f) or P(X <= f), each term's side only, from scipy's compiled (Boost) sf/cdf; the slow summed
    # log versions are used only where a probability underflows to 0, so very small p-values stay finite.
    p = np.empty(f.shape)
    p[over] = hypergeom.sf(f[over] - 1, T, F[over], t[over])
    p[~over] = hypergeom.cdf(f[~over], T, F[~over], t[~over])
    log_p = np.log(np.where(p > 0, p, 1.0))
    tiny = p <= 0
    if tiny.any():
        log_p[tiny & over] = hypergeom.logsf(f[tiny & over] - 1, T, F[tiny & over], t[tiny & over])
        log_p[tiny & ~over] = hypergeom.logcdf(f[tiny & ~over], T, F[tiny & ~over], t[tiny & ~over])
    return np.where(over, -log_p, log_p) / np.log(10)


def g2_keyness(a, b, c, d, correction: str = "williams") -> np.ndarray:
    r"""Signed log-likelihood ratio G² for a 2 x 2 table.

    ``a`` = term in target, ``b`` = term in reference, ``c`` = other tokens in
    target, ``d`` = other tokens in reference; :math:`N = a+b+c+d`,
    :math:`E_{11} = (a+b)(a+c)/N` and so on:

    .. math::

        G^2 = 2 \sum_{ij} O_{ij} \ln \frac{O_{ij}}{E_{ij}} \quad (0 \ln 0 = 0)

    Williams' correction divides by
    :math:`q = 1 + \left(\frac{N}{a+b} + \frac{N}{c+d} - 1\right)\left(\frac{N}{a+c} + \frac{N}{b+d} - 1\right) / (6N)`.
    The sign is negative when the term is rarer in the target than expected
    (as quanteda's ``textstat_keyness(measure = "lr")``).

    Parameters
    ----------
    a, b, c, d : array-like
        Cell counts.
    correction : {"williams", "none"}
        Small-sample correction.

    Returns
    -------
    numpy.ndarray
        Signed G² values.

    Examples
    --------
    The same share in both parts gives 0; twice the share in the target gives
    a positive G² (over-use).

    >>> g2_keyness([10, 20], [10, 5], [90, 80], [90, 95]).round(3).tolist()
    [0.0, 10.707]
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    n = a + b + c + d
    cells = [(a, (a + b) * (a + c) / n), (b, (a + b) * (b + d) / n), (c, (c + d) * (a + c) / n), (d, (c + d) * (b + d) / n)]
    g2 = 2 * sum(np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / e), 0.0) for o, e in cells)
    if correction == "williams":
        q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
        g2 = g2 / q
    elif correction != "none":
        raise ValueError("correction must be 'williams' or 'none'")
    return np.where(a >= cells[0][1], g2, -g2)


def score_table(
    counts: np.ndarray, groups: Sequence[str], terms: Sequence[str], prior_scale: float = 500.0, only: Sequence[int] | None = None
) -> pd.DataFrame:
    """Compute the three scores of every term for every group against the rest.

    Parameters
    ----------
    counts : numpy.ndarray
        Groups x terms counts.
    groups, terms : sequence of str
        Row and column names.
    prior_scale : float, default 500
        ``alpha_0`` of the informative prior; ``alpha_w = prior_scale * F_w / T``.
    only : sequence of int, optional
        Rows (groups) to score, each still against all the others (default: all).

    Returns
    -------
    pandas.DataFrame
        Columns ``group, term, count_outlet, count_rest`` and one column per
        score in :data:`SCORES`.
    """
    total = counts.sum(axis=0)
    big_t = counts.sum()
    alpha = prior_scale * total / big_t
    frames = []
    for k in range(len(groups)) if only is None else only:
        group = groups[k]
        f = counts[k]
        rest = total - f
        t = f.sum()
        _, z = log_odds_dirichlet(f, rest, alpha, t, big_t - t)
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "term": terms,
                    "count_outlet": f,
                    "count_rest": rest,
                    "log_odds_z": z,
                    "lafon": lafon_specificity(f, total, t, big_t),
                    "g2": g2_keyness(f, rest, t - f, (big_t - t) - rest),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def distinctive_terms(
    sentences: pd.DataFrame,
    stop_words: Iterable[str] | None,
    by: str = "outlet",
    unit: str = "token",
    layers: Sequence[str] | None = OWN_VOICE,
    min_count: int = 2,
    prior_scale: float = 500.0,
    stemmer: str = "",
) -> pd.DataFrame:
    """Distinctive terms of each group against the rest, three scores in long form.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentence table.
    stop_words : collection of str or None
        Lower-case stopwords left out (a profile's ``stopwords``).
    by : str, default "outlet"
        Grouping column.
    unit : {"token", "stem"}
        Word forms or stems.
    layers : sequence of str or None
        Voice layers (default: the outlet's own voice).
    min_count : int, default 2
        Keep terms seen at least this often in the whole selection.
    prior_scale : float
        See :func:`score_table`.
    stemmer : str
        Snowball stemmer name for ``unit="stem"`` (a profile's ``rules.stemmer``).

    Returns
    -------
    pandas.DataFrame
        ``outlet, term, score_name, score, count_outlet, count_rest, rank``
        (rank 1 = most over-used in the outlet by that score), sorted by
        outlet, score name and rank.
    """
    counts = GroupCounts.from_sentences(sentences, stop_words, by, unit, layers=layers, stemmer=stemmer)
    return distinctive_from_counts(counts, by, min_count, prior_scale)


def distinctive_from_counts(
    counts: GroupCounts, by: str = "outlet", min_count: int = 2, prior_scale: float = 500.0, spread: Spread | None = None
) -> pd.DataFrame:
    """Compute the table of :func:`distinctive_terms` from group counts (which chunks of a corpus add up).

    With ``spread`` (:class:`~analysis.terms.Spread`: how each group's counts
    spread over its documents), every row also gives the term's dispersion:
    ``n_docs`` (the outlet's documents using it) and ``top_doc_share`` (the
    share of the outlet's count from its top document; 1.0 for a term of one
    document).
    """
    pieces = list(distinctive_pieces(counts, by, min_count, prior_scale, spread))
    return pd.concat(pieces, ignore_index=True) if pieces else empty_distinctive(by, spread is not None)


def empty_distinctive(by: str = "outlet", spread: bool = True) -> pd.DataFrame:
    """Return the table of :func:`distinctive_terms` without rows (one group, or no term seen twice)."""
    columns = [by, "term", "score_name", "score", "count_outlet", "count_rest", "rank"]
    return pd.DataFrame(columns=columns + (["n_docs", "top_doc_share"] if spread else []))


def distinctive_pieces(
    counts: GroupCounts, by: str = "outlet", min_count: int = 2, prior_scale: float = 500.0, spread: Spread | None = None
) -> Iterator[pd.DataFrame]:
    """Yield the table of :func:`distinctive_terms` one group at a time (its rows in order), to write it without holding it."""
    inputs = distinctive_inputs(counts, min_count, spread)
    for k in range(len(inputs["groups"])):
        yield distinctive_piece(k, inputs, by, prior_scale)


def distinctive_inputs(counts: GroupCounts, min_count: int = 2, spread: Spread | None = None) -> dict:
    """Return what every group's piece of :func:`distinctive_terms` reads: dense counts, groups, terms, their sort codes (and dispersion).

    A group is scored against the rest, so a single group has no piece: its
    ``groups`` is empty (distinctive terms need two groups or more).
    """
    dense, terms = counts.dense(min_count)
    if len(counts.groups) < 2:
        return {"dense": dense[:0], "groups": counts.groups[:0].astype(str), "terms": pd.array([], dtype="str"), "codes": sort_codes([])}
    # the terms are converted once: each piece takes from them
    inputs = {"dense": dense, "groups": counts.groups.astype(str), "terms": pd.array(terms, dtype="str"), "codes": sort_codes(terms)}
    if spread is not None:
        inputs["n_docs"], inputs["max_doc"] = spread.aligned(inputs["groups"], terms)
    return inputs


def distinctive_piece(k: int, inputs: dict, by: str = "outlet", prior_scale: float = 500.0) -> pd.DataFrame:
    """Return group ``k``'s rows of :func:`distinctive_terms`, in order (a piece of :func:`distinctive_pieces`)."""
    wide = score_table(inputs["dense"], inputs["groups"], inputs["terms"], prior_scale, only=[k])
    if "n_docs" in inputs:
        wide["n_docs"] = inputs["n_docs"][k]
        count = inputs["dense"][k].astype(float)
        wide["top_doc_share"] = np.round(np.divide(inputs["max_doc"][k], count, out=np.zeros_like(count), where=count > 0), 3)
    return _long_scores(wide, by, term_codes=inputs["codes"])


def _long_scores(wide: pd.DataFrame, by: str, term_codes: np.ndarray | None = None) -> pd.DataFrame:
    """Melt :func:`score_table` into the long, ranked form of :func:`distinctive_terms`.

    Sorted by group, score name, score (descending) and term, on integer codes
    (:func:`~analysis.terms.sort_codes`) rather than strings; ``rank`` counts
    from 1 within each group and score name.  ``term_codes`` are the sort
    codes of the wide table's terms when the caller already has them (one
    group: its terms are every piece's terms).  The string columns are taken
    from the wide table's arrays, never rebuilt from Python strings.
    """
    names = sorted(SCORES)
    n = len(wide)
    groups, terms = wide["group"].array, wide["term"].array
    score = np.concatenate([wide[name].round(4).to_numpy(dtype=float) for name in names])
    name_code = np.repeat(np.arange(len(names)), n)
    row = np.tile(np.arange(n), len(names))
    group_code = np.zeros(n, dtype=np.int64) if len(pd.unique(groups)) <= 1 else sort_codes(groups.to_numpy())
    codes = sort_codes(terms.to_numpy()) if term_codes is None else term_codes
    order = np.lexsort((codes[row], -score, name_code, group_code[row]))
    block = group_code[row[order]] * len(names) + name_code[order]
    first = np.flatnonzero(np.r_[True, block[1:] != block[:-1]]) if len(block) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(block)) - np.repeat(first, np.diff(np.r_[first, len(block)])) + 1
    taken = row[order]
    out = pd.DataFrame(
        {
            by: groups.take(taken),
            "term": terms.take(taken),
            "score_name": pd.array(names, dtype="str").take(name_code[order]),
            "score": score[order],
            "count_outlet": wide["count_outlet"].to_numpy()[taken],
            "count_rest": wide["count_rest"].to_numpy()[taken],
            "rank": rank.astype(np.int64),
        }
    )
    for extra in ("n_docs", "top_doc_share"):
        if extra in wide:
            out[extra] = wide[extra].to_numpy()[taken]
    return out


def score_agreement(distinctive: pd.DataFrame, by: str = "outlet", top: int = 20) -> pd.DataFrame:
    """How far the three scores agree, per group.

    Returns
    -------
    pandas.DataFrame
        One row per group and pair of scores: Spearman rank correlation over
        all terms (empty where a score is the same for every term), and the overlap (Jaccard index) of the two top-``top`` lists.
    """
    rows = []
    for group, g in distinctive.groupby(by):
        wide = g.pivot(index="term", columns="score_name", values="score")
        for i, a in enumerate(SCORES):
            for b in SCORES[i + 1 :]:
                top_a = set(wide[a].nlargest(top).index)
                top_b = set(wide[b].nlargest(top).index)
                x, y = wide[a], wide[b]
                defined = x.nunique() > 1 and y.nunique() > 1  # a constant score has no ranks to correlate
                rho = spearmanr(x, y).statistic if defined else np.nan
                rows.append(
                    {
                        by: group,
                        "score_a": a,
                        "score_b": b,
                        "spearman": round(float(rho), 3),
                        f"top{top}_jaccard": round(len(top_a & top_b) / len(top_a | top_b), 3),
                    }
                )
    return pd.DataFrame(rows)


def bootstrap_log_odds(
    sentences: pd.DataFrame,
    stop_words: Iterable[str] | None,
    by: str = "outlet",
    unit: str = "token",
    layers: Sequence[str] | None = OWN_VOICE,
    top: int = 15,
    n_boot: int = 500,
    prior_scale: float = 500.0,
    seed: int = SEED,
    min_count: int = 2,
    stemmer: str = "",
) -> pd.DataFrame:
    """Uncertainty of each group's top terms, by resampling sentences (``stop_words``, ``stemmer``: the profile's).

    Each replicate draws, within every group, as many sentences as it has,
    with replacement (multinomial weights), recomputes the counts as one
    sparse product and the log-odds z-scores of :func:`log_odds_dirichlet`
    (prior fixed from the full data).  For each group's ``top`` terms on the
    full data we report the 5th-95th percentile of z and how often the term
    stays in the group's top ``top``.  Where the sentences carry ``doc_id``,
    a group of two documents or more resamples its documents instead (see
    :func:`bootstrap_from_matrix`).

    Returns
    -------
    pandas.DataFrame
        ``<by>, term, rank, z, z_p05, z_p95, top_share, n_docs, top_doc_share, resampled`` sorted by group and rank.
    """
    s = select_layers(sentences, layers)
    x, terms = term_matrix(s["text"], stop_words, unit, stemmer=stemmer)
    documents = s["doc_id"] if "doc_id" in s else None
    return bootstrap_from_matrix(x, s[by], terms, by, top, n_boot, prior_scale, seed, min_count, documents=documents)


#: Columns of :func:`bootstrap_log_odds`'s table after the group column.
BOOTSTRAP_COLUMNS = ("term", "rank", "z", "z_p05", "z_p95", "top_share", "n_docs", "top_doc_share", "resampled")


def _empty_bootstrap(by: str) -> pd.DataFrame:
    """Return the bootstrap table without rows (no term seen often enough, one group, or no over-used term)."""
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in [by, *BOOTSTRAP_COLUMNS]})


def bootstrap_from_matrix(
    x: sp.csr_matrix,
    keys: pd.Series,
    terms: np.ndarray,
    by: str = "outlet",
    top: int = 15,
    n_boot: int = 500,
    prior_scale: float = 500.0,
    seed: int = SEED,
    min_count: int = 2,
    documents: pd.Series | None = None,
) -> pd.DataFrame:
    """Compute :func:`bootstrap_log_odds` from a sentences x terms count matrix and each sentence's group.

    With ``documents`` (each sentence's document), a group of two documents
    or more resamples its documents (a cluster bootstrap: words cluster by
    article, :func:`analysis.resample.by_cluster`), and its top list leaves
    out the terms that only one of its documents uses (that document's words,
    not the outlet's); a top list holds over-used terms only (z > 0), so it may
    be shorter than ``top`` in a small corpus; ``n_docs`` and ``top_doc_share`` give each top term's
    dispersion and ``resampled`` the units resampled.  A group of one
    document resamples its sentences, as without ``documents``.

    Chunks of a corpus can build ``x`` row block by row block
    (:mod:`analysis.scale.engine`), so the texts need not be held at once.  The
    per-group products and the per-replicate scores run on
    :data:`BOOTSTRAP_THREADS` threads (scipy and numpy release the GIL); the
    draws are made in one thread, in order, and the sums are integers, so
    the result does not depend on the threads.
    """
    g, groups = group_matrix(keys)
    full = np.asarray((g @ x).todense())
    full = full.astype(float)
    keep = full.sum(axis=0) >= min_count
    x, terms, full = x[:, keep], np.asarray(terms)[keep], full[:, keep]
    if full.shape[1] == 0 or len(groups) < 2:  # no term seen often enough, or no other group to compare with
        return _empty_bootstrap(by)
    alpha = prior_scale * full.sum(axis=0) / full.sum()
    z_full = _z_by_group(full, alpha)
    rng = np.random.default_rng(seed)
    members = [np.flatnonzero(g.getrow(k).toarray().ravel()) for k in range(len(groups))]
    docs = np.asarray(documents.astype(str)) if documents is not None else None
    units, n_docs, max_doc = [], np.ones(full.shape, dtype=np.int64), full.astype(np.int64)  # one document: the group's counts
    for k, idx in enumerate(members):
        codes, uniq = pd.factorize(docs[idx]) if docs is not None else (np.arange(len(idx)), [])
        if len(uniq) >= 2:  # resample documents: a sentence's weight is its document's count of draws
            per_doc = sp.csr_matrix((np.ones(len(idx)), (codes, np.arange(len(idx)))), shape=(len(uniq), len(idx))) @ x[idx]
            n_docs[k] = np.asarray((per_doc > 0).sum(axis=0)).ravel()
            max_doc[k] = np.asarray(per_doc.max(axis=0).todense()).ravel()
            units.append((codes, len(uniq), "documents"))
        else:
            units.append((np.arange(len(idx)), len(idx), "sentences"))
    # a top term of a group of several documents is used by two of them at least
    eligible = np.stack(
        [(n_docs[k] >= 2) if units[k][2] == "documents" else np.ones(full.shape[1], dtype=bool) for k in range(len(groups))]
    )
    # and it is over-used (z > 0): in a small corpus with few eligible terms, the list would otherwise fill up with terms
    # the group uses less than the rest
    listed = eligible & (z_full > 0)
    ranked = [
        np.argsort(np.where(listed[k], -z_full[k], np.inf), kind="stable")[: min(top, int(listed[k].sum()))] for k in range(len(groups))
    ]
    valid = np.stack([np.arange(top) < len(r) for r in ranked])  # a group may have fewer eligible terms than ``top``
    tops = np.stack([np.pad(r, (0, top - len(r))) for r in ranked]).astype(np.int64)  # groups x top (padding ignored)
    masked = np.where(eligible, 0.0, -np.inf)  # the replicates rank eligible terms only
    z_top = np.empty((n_boot, *tops.shape))  # z of each group's top terms in each replicate
    in_top = np.zeros(tops.shape)  # replicates where each stays in its group's top list
    # Each replicate: sentence weights per group (one group after the other), the counts of n uniform draws
    # among the group's n sentences (resample.draw_counts: a Multinomial(n, 1/n) vector; numpy's multinomial
    # is far slower for many categories); then each group's terms x sentences matrix times its weights, a few
    # replicates per sparse product (the matrix is read once for them); integer sums, so exact.
    xt = [x[idx].T.tocsr() for idx in members]
    n_terms = x.shape[1]
    del x  # each group's transposed rows are all that is read from here
    # replicates per batch: their sums (groups x terms each) and their sentence weights (every sentence each) stay bounded
    batch = max(1, MAX_CELLS // max(len(groups) * n_terms, sum(len(idx) for idx in members), 1))
    with ThreadPoolExecutor(BOOTSTRAP_THREADS) as pool:  # scipy's sparse products and numpy's ufuncs release the GIL
        for start in range(0, n_boot, batch):
            draws = [
                [draw_counts(rng.integers(0, n, size=(1, n)), n)[0][codes] for codes, n, _ in units]
                for _ in range(start, min(start + batch, n_boot))
            ]
            sums = _group_sums(pool, xt, draws)
            for i, (z_row, inside) in enumerate(pool.map(lambda s: _replicate_tops(s, alpha, tops, top, masked), sums)):
                z_top[start + i] = z_row
                in_top += inside
    out = []
    for k, group in enumerate(groups):
        for r, j in enumerate(tops[k][valid[k]], start=1):
            out.append(
                {
                    by: group,
                    "term": terms[j],
                    "rank": r,
                    "z": round(float(z_full[k, j]), 3),
                    "z_p05": round(float(np.percentile(z_top[:, k, r - 1], 5)), 3),
                    "z_p95": round(float(np.percentile(z_top[:, k, r - 1], 95)), 3),
                    "top_share": round(float(in_top[k, r - 1] / n_boot), 3),
                    "n_docs": int(n_docs[k, j]),
                    "top_doc_share": round(float(max_doc[k, j] / full[k, j]), 3) if full[k, j] else 0.0,
                    "resampled": units[k][2],
                }
            )
    if not out:  # no group has an over-used term
        return _empty_bootstrap(by)
    return pd.DataFrame(out)


def _group_sums(pool: ThreadPoolExecutor, xt: list[sp.csr_matrix], draws: list[list[np.ndarray]]) -> np.ndarray:
    """Replicates x groups x terms sums: each group's terms x sentences matrix times its sentence weights in each replicate.

    One sparse product per group (the groups' products run in ``pool``);
    integer-valued sums, so exact whatever the order.
    """
    sums = np.empty((len(draws), len(xt), xt[0].shape[0] if xt else 0))

    def product(k: int) -> None:
        sums[:, k, :] = (xt[k] @ np.stack([d[k] for d in draws], axis=1).astype(float)).T

    list(pool.map(product, range(len(xt))))
    return sums


def _replicate_tops(sums: np.ndarray, alpha: np.ndarray, tops: np.ndarray, top: int, masked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One replicate's z of each group's top terms, and whether each stays in the group's top list of eligible terms (:func:`_in_top`)."""
    z = _z_by_group(sums, alpha)
    return z[np.arange(len(tops))[:, None], tops], _in_top(z + masked, tops, top)


def _in_top(z: np.ndarray, columns: np.ndarray, top: int) -> np.ndarray:
    """Whether ``z[k, columns[k, i]]`` ranks in the first ``top`` of row ``k`` (ties broken by column order, as a stable sort).

    Uses the row's ``top``-th largest value (``np.partition``, linear time), so
    the bootstrap neither sorts every replicate nor keeps a replicates x
    groups x terms array (which needed gigabytes on large corpora).
    """
    if z.shape[1] <= top:
        return np.ones(columns.shape, dtype=bool)
    cut = -np.partition(-z, top - 1, axis=1)[:, top - 1 : top]  # groups x 1
    picked = np.take_along_axis(z, columns, axis=1)
    inside = picked > cut
    for k, i in zip(*np.nonzero(picked == cut)):  # ties with the cut: count who comes first
        row = z[k]
        before = int((row > cut[k, 0]).sum() + (row[: columns[k, i]] == cut[k, 0]).sum())
        inside[k, i] = before < top
    return inside


def _z_by_group(counts: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Log-odds z of every group against the rest, from a groups x terms count matrix."""
    total = counts.sum(axis=0)
    n_total = counts.sum()
    n_i = counts.sum(axis=1, keepdims=True)
    _, z = log_odds_dirichlet(counts, total - counts, alpha, n_i, n_total - n_i)
    return z
