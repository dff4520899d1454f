"""Stories the outlets share, discovered: documents grouped by what they report, and close in time.

Comparing outlets on *the same events* needs the events.  A hand-written
catalogue (``events.csv``) is the most exact; without one, stories are
discovered here, as news-stream clustering does (e.g. Miranda, Znotiņš,
Cohen & Barzdins 2018, "Multilingual clustering of streaming news", EMNLP):

1. **Document vectors.** Each document is one TF-IDF vector of the stems of
   its reported text (own voice and quoted blocks: :data:`STORY_LAYERS`;
   not reader comments nor site furniture), stopwords out, sublinear term
   frequency, l2-normalised (scikit-learn's ``TfidfTransformer``).
2. **Distances.** Cosine distance ``1 - cos(a, b)``; two documents dated
   more than :data:`WINDOW_DAYS` apart are kept apart (distance 1), as a
   story is a happening in time.  Undated documents are not constrained.
3. **Clustering.** scikit-learn's ``AgglomerativeClustering`` with average
   linkage on the precomputed distances, cut at ``threshold`` (a story's
   documents are, on average, at cosine similarity at least ``1 -
   threshold``).  The default threshold was chosen on a hand-grouped
   development corpus and is evaluated on a test corpus (README, "Stories").
   A corpus larger than :data:`MAX_BLOCK` documents is clustered in
   consecutive blocks of documents sorted by date (stories across two
   blocks stay apart).
4. **Labels.** A story is labelled by the four stems with the highest weight
   in its centroid (shown as the most frequent word form of each stem) and
   by its representative sentence: the sentence of its documents whose
   vector is closest to the centroid.
5. **Sentences.** A sentence of a story's document belongs to the story when
   its cosine with the story's centroid is at least :data:`SENTENCE_THRESHOLD`
   (the headline included), so coverage, first position and the side by
   side read the sentences that tell the story.

The evaluation against a hand grouping is B-cubed precision, recall and F1
(Bagga & Baldwin 1998; Amigó et al. 2009), beside the all-singletons and
one-cluster baselines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from .terms import GroupCounts, term_matrix

#: Layers whose sentences tell a document's story (the outlet's own voice and the blocks it chose to quote).
STORY_LAYERS = ("relay_commentary", "original_outlet", "quoted_block")
#: Documents dated further apart than this never share a story.
WINDOW_DAYS = 14
#: Average-linkage distance at which the dendrogram is cut (chosen on the development corpus, README "Stories").
DEFAULT_THRESHOLD = 0.85
#: A sentence belongs to its document's story when its cosine with the story's centroid reaches this.
SENTENCE_THRESHOLD = 0.1
#: Documents clustered at once (the distance matrix grows with its square).
MAX_BLOCK = 3000
STORY_COLUMNS = [
    "story_id",
    "label",
    "terms",
    "n_documents",
    "n_outlets",
    "outlets",
    "first_date",
    "last_date",
    "representative_doc",
    "representative_sentence",
    "representative_text",
]
MEMBER_COLUMNS = ["doc_id", "outlet", "date", "story_id", "similarity"]
LINK_COLUMNS = ["doc_id", "outlet", "sentence_id", "event_id", "score"]
BEST_COLUMNS = ["story_id", "score", "doc_id", "sentence_id", "text"]


def _day(value: str) -> float:
    """Return a date (YYYY, YYYY-MM or YYYY-MM-DD) as a day number (its first day); NaN when empty or unreadable."""
    parts = str(value).strip().split("-") if value and str(value).strip() else []
    if not parts:
        return float("nan")
    try:
        y, m, d = (int(parts[i]) if i < len(parts) else 1 for i in range(3))
        return float(dt.date(y, m, d).toordinal())
    except (ValueError, IndexError):
        return float("nan")


def story_distances(vectors: sp.csr_matrix, dates: Iterable[str], window_days: int = WINDOW_DAYS) -> np.ndarray:
    """Cosine distances between documents, 1 for documents dated more than ``window_days`` apart.

    Examples
    --------
    >>> x = sp.csr_matrix(np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    >>> story_distances(x, ["2024-03-01", "2024-05-01", ""]).round(2).tolist()
    [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
    """
    x = normalize(vectors.astype(np.float64), copy=True)
    d = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 1.0)
    days = np.array([_day(v) for v in dates], dtype=float)
    apart = np.abs(days[:, None] - days[None, :]) > window_days  # NaN compares False: undated documents are not constrained
    d[apart] = 1.0
    np.fill_diagonal(d, 0.0)
    return d


def cluster_documents(distances: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> np.ndarray:
    """Average-linkage clusters of documents cut at ``threshold`` (labels 0..k-1 in order of first document)."""
    n = len(distances)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold)
    labels = model.fit_predict(distances)
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first, kind="stable")  # renumber by first document, so the labels do not depend on the algorithm's
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[np.searchsorted(np.unique(labels), labels)]


def story_counts(sentences: pd.DataFrame, stop_words, stemmer: str) -> GroupCounts:
    """Documents x stems counts of the story layers' sentences (a :class:`~analysis.terms.GroupCounts` whose groups are documents).

    Counts of disjoint sets of documents add up (:meth:`GroupCounts.combine`),
    so a corpus read in chunks gets the same vectors as a corpus read at once.
    """
    s = sentences[sentences["layer"].astype(str).isin(STORY_LAYERS)]
    x, stems = term_matrix(s["text"], stop_words, unit="stem", stemmer=stemmer)
    return GroupCounts.from_matrix(x, stems, s["doc_id"].astype(str), s["n_tokens"])


@dataclass
class StoryModel:
    """The discovered stories: each document's story, and each story's centroid (see :func:`fit_stories`).

    Attributes
    ----------
    documents : pandas.DataFrame
        :data:`MEMBER_COLUMNS`, sorted by document.
    story_ids : numpy.ndarray
        The stories' ids, in story order (first date, then first document).
    stems, idf : numpy.ndarray
        The vocabulary and its inverse document frequencies (scikit-learn's smooth idf over documents).
    centroids : scipy.sparse.csr_matrix
        Stories x stems, l2-normalised mean of their documents' TF-IDF vectors.
    """

    documents: pd.DataFrame
    story_ids: np.ndarray
    stems: np.ndarray
    idf: np.ndarray
    centroids: sp.csr_matrix


def fit_stories(
    counts: GroupCounts, meta: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD, window_days: int = WINDOW_DAYS
) -> StoryModel:
    """Cluster documents into stories (steps 1-3 of the module docstring).

    Parameters
    ----------
    counts : GroupCounts
        Documents x stems counts (:func:`story_counts`).
    meta : pandas.DataFrame
        ``doc_id, outlet, date`` of every document.
    """
    docs = counts.groups.astype(str)
    if not len(docs) or not len(counts.terms):  # no document, or nothing but stopwords
        empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in MEMBER_COLUMNS}).astype({"similarity": float})
        return StoryModel(empty, np.array([], dtype=object), np.array([], dtype=object), np.zeros(0), sp.csr_matrix((0, 0)))
    info = meta.drop_duplicates("doc_id").set_index("doc_id").reindex(docs)
    dates = info["date"].fillna("").astype(str).to_numpy()
    outlets = info["outlet"].fillna("").astype(str).to_numpy()
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts.counts)
    vectors = tfidf.transform(counts.counts.astype(np.float64))
    day = np.array([_day(d) if d else np.inf for d in dates])
    order = np.lexsort((docs, day))  # by date, then doc_id
    labels = np.empty(len(docs), dtype=np.int64)
    offset = 0
    for a in range(0, len(docs), MAX_BLOCK):
        block = order[a : a + MAX_BLOCK]
        found = cluster_documents(story_distances(vectors[block], dates[block], window_days), threshold)
        labels[block] = found + offset
        offset += int(found.max()) + 1 if len(found) else 0
    # story order: first date (undated last), then first document
    first_day = pd.Series(day).groupby(labels).min()
    first_doc = pd.Series(docs).groupby(labels).min()
    ranked = sorted(first_doc.index, key=lambda k: (first_day[k], first_doc[k]))
    rank = np.empty(len(ranked), dtype=np.int64)
    rank[ranked] = np.arange(len(ranked))
    labels = rank[labels]
    width = max(2, len(str(len(ranked))))
    story_ids = np.array([f"story_{k + 1:0{width}d}" for k in range(len(ranked))], dtype=object)
    g = sp.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(len(ranked), len(labels)))
    centroids = normalize(g @ vectors).tocsr()
    similarity = row_cosines(normalize(vectors).tocsr(), centroids, labels)
    documents = pd.DataFrame(
        {"doc_id": docs, "outlet": outlets, "date": dates, "story_id": story_ids[labels], "similarity": similarity.round(4)}
    )
    return StoryModel(documents, story_ids, counts.terms.astype(str), tfidf.idf_, centroids)


def row_cosines(vectors: sp.csr_matrix, centroids: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Dot product of each row of ``vectors`` with row ``labels[i]`` of ``centroids`` (cosines, for unit rows).

    Each non-zero of a row meets its term's weight in its centroid, found by
    position (a sorted search over the centroids' non-zeros): memory grows with
    the non-zeros, where ``vectors.multiply(centroids[labels])`` copied a
    centroid for every row (a story's centroid holds its documents'
    whole vocabulary: gigabytes for the sentences of one long document).
    The products are summed row by row in column order, as that product does.

    Examples
    --------
    >>> v = sp.csr_matrix(np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]]))
    >>> c = sp.csr_matrix(np.array([[0.5, 0.0, 0.5], [0.0, 1.0, 1.0]]))
    >>> row_cosines(v, c, np.array([0, 1])).tolist()
    [1.5, 3.0]
    """
    n, width = vectors.shape
    if n == 0:
        return np.zeros(0)
    c = centroids.tocsr()
    c.sort_indices()
    keys = np.repeat(np.arange(c.shape[0], dtype=np.int64), np.diff(c.indptr)) * width + c.indices
    v = vectors.tocsr()
    v.sort_indices()
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(v.indptr))
    wanted = np.asarray(labels, dtype=np.int64)[rows] * width + v.indices
    at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    found = keys[at] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
    products = np.where(found, v.data * (c.data[at] if len(keys) else 0.0), 0.0)
    return np.bincount(rows, weights=products, minlength=n)


def story_sentences(
    sentences: pd.DataFrame, model: StoryModel, stop_words, stemmer: str, sentence_threshold: float = SENTENCE_THRESHOLD
) -> dict:
    """Link the sentences of each story's documents to it (step 5), a chunk of documents at a time if need be.

    Returns
    -------
    dict
        ``links`` (``doc_id, outlet, sentence_id, event_id, score``), ``best``
        (each story's sentence closest to its centroid among these:
        ``story_id, score, doc_id, sentence_id, text``) and ``forms`` (word
        form counts, to show stems as words).
    """
    s = sentences[sentences["layer"].astype(str).isin(STORY_LAYERS)].reset_index(drop=True)
    if not len(model.story_ids) or s.empty:
        return {
            "links": pd.DataFrame(columns=LINK_COLUMNS),
            "best": pd.DataFrame(columns=BEST_COLUMNS),
            "forms": pd.DataFrame(columns=["word", "count"]),
        }
    x, stems = term_matrix(s["text"], stop_words, unit="stem", stemmer=stemmer)
    columns = pd.Index(model.stems).get_indexer(stems)
    keep = np.flatnonzero(columns >= 0)
    x = x[:, keep]
    x = sp.csr_matrix((x.data.astype(np.float64), columns[keep][x.indices], x.indptr), shape=(x.shape[0], len(model.stems)))
    x.data = np.log(x.data) + 1.0  # sublinear tf, as the documents' vectors
    vectors = normalize(x.multiply(model.idf).tocsr())
    story_of = dict(zip(model.documents["doc_id"], range(len(model.documents))))
    row = np.array([story_of.get(d, -1) for d in s["doc_id"].astype(str)], dtype=np.int64)
    label = np.full(len(s), -1, dtype=np.int64)
    index = pd.Index(model.story_ids)
    label[row >= 0] = index.get_indexer(model.documents["story_id"].to_numpy()[row[row >= 0]])
    ok = label >= 0
    cos = np.zeros(len(s))
    cos[ok] = row_cosines(vectors[ok], model.centroids, label[ok])
    linked = ok & (cos >= sentence_threshold)
    links = pd.DataFrame(
        {
            "doc_id": s.loc[linked, "doc_id"].to_numpy(),
            "outlet": s.loc[linked, "outlet"].to_numpy(),
            "sentence_id": s.loc[linked, "sentence_id"].to_numpy().astype(np.int64),
            "event_id": model.story_ids[label[linked]],
            "score": cos[linked].round(4),
        }
    )
    cand = pd.DataFrame(
        {
            "story_id": model.story_ids[label[ok]],
            "score": cos[ok].round(6),
            "doc_id": s.loc[ok, "doc_id"].to_numpy(),
            "sentence_id": s.loc[ok, "sentence_id"].to_numpy(),
            "text": s.loc[ok, "text"].to_numpy(),
        }
    )
    best = cand.sort_values(["story_id", "score", "doc_id", "sentence_id"], ascending=[True, False, True, True]).drop_duplicates("story_id")
    wx, words = term_matrix(s["text"], stop_words)
    forms = pd.DataFrame({"word": words.astype(str), "count": np.asarray(wx.sum(axis=0)).ravel().astype(np.int64)})
    return {"links": links, "best": best.reset_index(drop=True), "forms": forms}


def describe_stories(model: StoryModel, best: pd.DataFrame, forms: pd.DataFrame, stemmer: str) -> pd.DataFrame:
    """Build the stories table (:data:`STORY_COLUMNS`): label, terms, outlets, dates and representative sentence (step 4)."""
    from .terms import stem

    best = best.sort_values(["story_id", "score", "doc_id", "sentence_id"], ascending=[True, False, True, True]).drop_duplicates("story_id")
    best = best.set_index("story_id")
    totals = forms.groupby("word")["count"].sum()
    shown: dict[str, tuple[int, str]] = {}
    for word, count in totals.items():
        key = stem(str(word), stemmer)
        if key not in shown or count > shown[key][0]:  # the most frequent form; ties: the first in code-point order
            shown[key] = (int(count), str(word))
    docs = model.documents
    rows = []
    for k, sid in enumerate(model.story_ids):
        weights = np.asarray(model.centroids[k].todense()).ravel()
        top = [j for j in np.lexsort((model.stems, -weights))[:4] if weights[j] > 0]
        terms = [shown.get(model.stems[j], (0, model.stems[j]))[1] for j in top]
        mine = docs[docs["story_id"] == sid]
        dates = sorted(d for d in mine["date"] if d)
        outlets = sorted(set(mine["outlet"]))
        rep = best.loc[sid] if sid in best.index else None
        rows.append(
            {
                "story_id": sid,
                "label": " · ".join(terms),
                "terms": "|".join(terms),
                "n_documents": len(mine),
                "n_outlets": len(outlets),
                "outlets": "|".join(outlets),
                "first_date": dates[0] if dates else "",
                "last_date": dates[-1] if dates else "",
                "representative_doc": "" if rep is None else str(rep["doc_id"]),
                "representative_sentence": -1 if rep is None else int(rep["sentence_id"]),
                "representative_text": "" if rep is None else str(rep["text"]),
            }
        )
    return pd.DataFrame(rows, columns=STORY_COLUMNS)


def discover_stories(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    stop_words,
    stemmer: str,
    threshold: float = DEFAULT_THRESHOLD,
    window_days: int = WINDOW_DAYS,
    sentence_threshold: float = SENTENCE_THRESHOLD,
) -> dict[str, pd.DataFrame]:
    """Group documents into stories, name them and link their sentences (see the module docstring).

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id, outlet, date`` of every document.
    sentences : pandas.DataFrame
        The sentence table (``doc_id, outlet, sentence_id, layer, n_tokens, text``).
    stop_words, stemmer
        The profile's stopwords and Snowball stemmer name.
    threshold, window_days, sentence_threshold
        See :data:`DEFAULT_THRESHOLD`, :data:`WINDOW_DAYS`, :data:`SENTENCE_THRESHOLD`.

    Returns
    -------
    dict of pandas.DataFrame
        ``stories`` (:data:`STORY_COLUMNS`, one row per story, in story
        order), ``members`` (:data:`MEMBER_COLUMNS`: each document's story and
        its cosine with the story's centroid) and ``links`` (``doc_id, outlet,
        sentence_id, event_id, score``: each story's sentences, in the form of
        :func:`analysis.events.link_events`).

    Examples
    --------
    >>> from analysis.profile import Profile
    >>> fr = Profile.default("fr")
    >>> texts = ["Les éboueurs de Lyon sont en grève depuis dix jours.", "La grève des éboueurs de Lyon continue.",
    ...          "Le festival de jazz de Vienne ouvre ses portes."]
    >>> sentences = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["x", "y", "x"], "sentence_id": 0,
    ...                           "layer": "original_outlet", "n_tokens": 9, "text": texts})
    >>> documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["x", "y", "x"], "date": ["2024-03-05"] * 3})
    >>> found = discover_stories(documents, sentences, fr.stopwords, "french")
    >>> found["members"][["doc_id", "story_id"]].values.tolist()
    [['a', 'story_01'], ['b', 'story_01'], ['c', 'story_02']]
    """
    model = fit_stories(story_counts(sentences, stop_words, stemmer), documents, threshold, window_days)
    return stories_of(model, sentences, stop_words, stemmer, sentence_threshold)


def stories_of(
    model: StoryModel, sentences: pd.DataFrame, stop_words, stemmer: str, sentence_threshold: float = SENTENCE_THRESHOLD
) -> dict:
    """Return the tables of :func:`discover_stories` from a fitted model and the sentences (all, or the pieces of chunks: :func:`combine_pieces`)."""
    return combine_pieces(model, [story_sentences(sentences, model, stop_words, stemmer, sentence_threshold)], stemmer)


def combine_pieces(model: StoryModel, pieces: list[dict], stemmer: str) -> dict:
    """Put together the :func:`story_sentences` of chunks of documents: the tables of :func:`discover_stories`."""
    links = pd.concat([p["links"] for p in pieces], ignore_index=True) if pieces else pd.DataFrame(columns=LINK_COLUMNS)
    best = pd.concat([p["best"] for p in pieces], ignore_index=True) if pieces else pd.DataFrame(columns=BEST_COLUMNS)
    forms = pd.concat([p["forms"] for p in pieces], ignore_index=True) if pieces else pd.DataFrame(columns=["word", "count"])
    return {
        "stories": describe_stories(model, best, forms, stemmer),
        "members": model.documents.sort_values(["story_id", "doc_id"]).reset_index(drop=True),
        "links": links.sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)[LINK_COLUMNS],
    }


def as_catalogue(stories: pd.DataFrame) -> pd.DataFrame:
    """Return the discovered stories in the form of an event catalogue (``events.csv``'s columns), for coverage and the side by side."""
    return pd.DataFrame(
        {
            "event_id": stories["story_id"],
            "label": stories["label"],
            "description": stories["representative_text"],
            "date": stories["first_date"],
            "date_precision": np.where(stories["first_date"].astype(str).str.len() == 10, "day", ""),
            "actors": "",
            "cue_terms": stories["terms"],
            "note": [f"discovered: {d} document(s), {o} outlet(s)" for d, o in zip(stories["n_documents"], stories["n_outlets"])],
        }
    )


def story_events(links: pd.DataFrame, event_links: pd.DataFrame) -> pd.DataFrame:
    """Map discovered stories to catalogued events by the sentences they share.

    Returns
    -------
    pandas.DataFrame
        ``story_id, event_id, shared_sentences, story_sentences, event_sentences, share_of_story, share_of_event``
        for every pair sharing a sentence, sorted by story and decreasing share.
    """
    columns = ["story_id", "event_id", "shared_sentences", "story_sentences", "event_sentences", "share_of_story", "share_of_event"]
    if links.empty or event_links.empty:
        return pd.DataFrame(columns=columns)
    keys = ["doc_id", "sentence_id"]
    a = links[[*keys, "event_id"]].drop_duplicates().rename(columns={"event_id": "story_id"})
    b = event_links[[*keys, "event_id"]].drop_duplicates()
    m = a.merge(b, on=keys)
    shared = m.groupby(["story_id", "event_id"]).size().rename("shared_sentences").reset_index()
    shared["story_sentences"] = shared["story_id"].map(a.groupby("story_id").size()).astype(int)
    shared["event_sentences"] = shared["event_id"].map(b.groupby("event_id").size()).astype(int)
    shared["share_of_story"] = (shared["shared_sentences"] / shared["story_sentences"]).round(3)
    shared["share_of_event"] = (shared["shared_sentences"] / shared["event_sentences"]).round(3)
    return shared.sort_values(["story_id", "share_of_story", "event_id"], ascending=[True, False, True]).reset_index(drop=True)[columns]


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering against a gold grouping (items of ``gold`` only).

    For each item: precision is the share of its predicted cluster that shares
    its gold cluster, recall the share of its gold cluster that shares its
    predicted cluster; both are averaged over items (Bagga & Baldwin 1998).

    Examples
    --------
    >>> gold = {"a": "x", "b": "x", "c": "y"}
    >>> bcubed({"a": 1, "b": 1, "c": 2}, gold)
    {'precision': 1.0, 'recall': 1.0, 'f1': 1.0}
    >>> bcubed({"a": 1, "b": 2, "c": 3}, gold)  # all singletons
    {'precision': 1.0, 'recall': 0.667, 'f1': 0.8}
    """
    items = [i for i in gold if i in predicted]
    if not items:
        return {"precision": float("nan"), "recall": float("nan"), "f1": float("nan")}
    by_pred: dict = {}
    by_gold: dict = {}
    for i in items:
        by_pred.setdefault(predicted[i], set()).add(i)
        by_gold.setdefault(gold[i], set()).add(i)
    p = np.mean([len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_pred[predicted[i]]) for i in items])
    r = np.mean([len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items])
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3)}


def evaluate_stories(members: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """B-cubed scores of the discovered stories against a hand grouping, beside the two trivial baselines.

    Parameters
    ----------
    members : pandas.DataFrame
        ``doc_id, story_id`` (:func:`discover_stories`).
    gold : pandas.DataFrame
        ``doc_id, story`` (``annotations/stories_gold.csv``).

    Returns
    -------
    pandas.DataFrame
        ``method (discovered / all singletons / one cluster), n_documents, n_gold_stories, n_stories, precision, recall, f1``.
    """
    truth = dict(zip(gold["doc_id"], gold["story"]))
    found = dict(zip(members["doc_id"], members["story_id"]))
    docs = [d for d in truth if d in found]
    rows = []
    for method, pred in (
        ("discovered", found),
        ("all singletons", {d: d for d in docs}),
        ("one cluster", dict.fromkeys(docs, "all")),
    ):
        scores = bcubed(pred, truth)
        n = len({pred[d] for d in docs})
        rows.append({"method": method, "n_documents": len(docs), "n_gold_stories": len({truth[d] for d in docs}), "n_stories": n, **scores})
    return pd.DataFrame(rows)
