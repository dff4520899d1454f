"""Putting outlets side by side: per-event sentence tables with highlights, and outlet distances.

:func:`side_by_side` gathers, for one event, every outlet's sentences about
it with their layer, stance (and holder), frames and naming variants, and an
HTML rendering of the sentence in which cues, naming variants and frame cues
are highlighted.  Corpus text is HTML-escaped before any mark is added, so a
document containing ``<script>`` shows as text.

:func:`outlet_distances` measures how far outlets are from each other on
three views (frame shares, net stance per target, vocabulary) and combines
them; :func:`dendrogram_order` clusters outlets on the combined distance
(average linkage).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import pdist, squareform

from .pages import Markup, render

MARK_CLASSES = {"cue": "#FFE08A", "naming": "#B8E0FF", "frame": "#D9F2D0", "term": "#F6C6E4"}
#: What each highlight colour marks (the legend of :func:`legend_html`).
MARK_MEANINGS = {
    "cue": "evaluative or epistemic cue (loaded term, hedge, booster, reporting verb)",
    "naming": "naming variant",
    "frame": "frame cue",
    "term": "the searched term",
}


def legend_html() -> Markup:
    """Return the colour legend of the highlights as HTML.

    >>> "searched term" in str(legend_html())
    True
    """
    marks = [(kind, MARK_CLASSES[kind], meaning) for kind, meaning in MARK_MEANINGS.items()]
    return Markup(render("legend.html", marks=marks))


def term_spans(lines: pd.DataFrame) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """Offsets of concordance lines (:func:`analysis.concordance.kwic`) by ``(doc_id, sentence_id)``, for :func:`side_by_side`.

    >>> term_spans(pd.DataFrame({"doc_id": ["a"], "sentence_id": [3], "start": [10], "end": [14]}))
    {('a', 3): [(10, 14)]}
    """
    out: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for d, i, a, b in zip(lines["doc_id"], lines["sentence_id"], lines["start"], lines["end"]):
        out.setdefault((str(d), int(i)), []).append((int(a), int(b)))
    return out


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """Return ``text`` as HTML with ``<mark>`` around spans (relative offsets, kind, title).

    Text, kinds and titles are escaped (``Markup.format`` escapes every
    value).  Of overlapping spans, a searched term's wins (the reader asked
    for it), then the earliest, then the longest.

    >>> str(highlight("a <b> c", [(2, 5, "cue", 'x"y')]))
    'a <mark class="cue" style="background:#FFE08A" title="x&#34;y">&lt;b&gt;</mark> c'
    >>> str(highlight("de paix durable", [(0, 7, "frame", "f"), (3, 7, "term", "t")])).count("term")
    1
    """
    chosen: list[tuple[int, int, str, str]] = []
    for span in sorted(spans, key=lambda s: (s[2] != "term", s[0], -s[1])):
        if span[0] < span[1] and not any(span[0] < b and a < span[1] for a, b, _, _ in chosen):
            chosen.append(span)
    out, pos = [], 0
    for start, end, kind, title in sorted(chosen):
        out.append(Markup.escape(text[pos:start]))
        colour = MARK_CLASSES.get(kind, "#EEEEEE")
        out.append(Markup('<mark class="{}" style="background:{}" title="{}">{}</mark>').format(kind, colour, title, text[start:end]))
        pos = end
    out.append(Markup.escape(text[pos:]))
    return Markup(" ".join(Markup("").join(out).split()))


def side_by_side(
    event_id: str,
    links: pd.DataFrame,
    raw_sentences: pd.DataFrame,
    stance: pd.DataFrame,
    frames: pd.DataFrame,
    cues: pd.DataFrame,
    naming: pd.DataFrame,
    frame_items: pd.DataFrame,
    outlets: pd.DataFrame,
    term: dict[tuple[str, int], list[tuple[int, int]]] | None = None,
) -> pd.DataFrame:
    """Every outlet's sentences about one event, with their framing annotations.

    Parameters
    ----------
    event_id : str
        An event of the catalogue.
    links : pandas.DataFrame
        Sentence -> event links (hand or automatic).
    raw_sentences : pandas.DataFrame
        Sentences with their exact raw text.
    stance : pandas.DataFrame
        Stance rows to show (e.g. the selected method's, or hand labels).
    frames : pandas.DataFrame
        :func:`analysis.frames.sentence_frames` output.
    cues, naming, frame_items : pandas.DataFrame
        Cue, naming-variant and frame-cue occurrences with raw offsets.
    outlets : pandas.DataFrame
        Outlet labels.
    term : dict, optional
        Raw offsets of a searched term by ``(doc_id, sentence_id)`` (:func:`term_spans`), highlighted too.

    Returns
    -------
    pandas.DataFrame
        ``outlet, doc_id, sentence_id, layer, position, stance, frames,
        naming, html, start, end, before, after`` sorted by outlet and
        position (:data:`SIDE_BY_SIDE_COLUMNS`).
    """
    keys = links.loc[links["event_id"] == event_id, ["doc_id", "sentence_id"]].drop_duplicates()
    s = raw_sentences.merge(keys, on=["doc_id", "sentence_id"])
    labels = dict(zip(outlets["outlet"], outlets["label"]))
    near = raw_sentences[raw_sentences["doc_id"].isin(set(s["doc_id"]))]
    texts = dict(zip(zip(near["doc_id"], near["sentence_id"].astype(int)), near["text"]))
    rows = []
    for r in s.sort_values(["outlet", "start"]).itertuples():
        key = (r.doc_id, r.sentence_id)
        st = stance[(stance["doc_id"] == r.doc_id) & (stance["sentence_id"] == r.sentence_id) & (stance["label"] != "none")]
        fr = frames[(frames["doc_id"] == r.doc_id) & (frames["sentence_id"] == r.sentence_id) & (frames["score"] > 0)]
        spans = []
        for kind, table, title in (("cue", cues, "cue_type"), ("naming", naming, "variant"), ("frame", frame_items, "item")):
            t = table[(table["doc_id"] == key[0]) & (table["sentence_id"] == key[1])]
            spans += [(a - r.start, b - r.start, kind, f"{kind}: {v}") for a, b, v in zip(t["start"], t["end"], t[title])]
        spans += [(a - r.start, b - r.start, "term", "searched term") for a, b in (term or {}).get((str(r.doc_id), int(r.sentence_id)), [])]
        nm = naming[(naming["doc_id"] == key[0]) & (naming["sentence_id"] == key[1])]
        rows.append(
            {
                "outlet": labels.get(r.outlet, r.outlet),
                "doc_id": r.doc_id,
                "sentence_id": int(r.sentence_id),
                "layer": str(r.layer),
                "position": float(r.position),
                "stance": "; ".join(f"{t} {lab} ({h})" for t, lab, h in zip(st["target"], st["label"], st["holder"])),
                "frames": ", ".join(fr["frame"]),
                "naming": ", ".join(sorted(set(nm["variant"]))),
                "html": highlight(r.text, spans),
                "start": int(r.start),
                "end": int(r.end),
                "before": " ".join(str(texts.get((r.doc_id, int(r.sentence_id) - 1), "")).split()),
                "after": " ".join(str(texts.get((r.doc_id, int(r.sentence_id) + 1), "")).split()),
            }
        )
    return pd.DataFrame(rows, columns=SIDE_BY_SIDE_COLUMNS)


#: Columns of :func:`side_by_side`: ``start``/``end`` are the sentence's offsets in its document's raw text,
#: ``before``/``after`` its neighbours' text (empty at a document's ends).
SIDE_BY_SIDE_COLUMNS = ["outlet", "doc_id", "sentence_id", "layer", "position", "stance", "frames", "naming", "html"]
SIDE_BY_SIDE_COLUMNS += ["start", "end", "before", "after"]


def side_by_side_html(table: pd.DataFrame, title: str, missing: list[str] | None = None) -> str:
    """Render a :func:`side_by_side` table as a self-contained HTML block (one column per outlet; ``templates/side_by_side.html``).

    ``missing``: a line for each chosen outlet that does not report the event, shown under the columns.
    """
    outlets = [
        (
            outlet,
            [
                (
                    f"s{r.sentence_id} · " + " · ".join(x for x in (r.layer.replace("_", " "), r.stance, r.frames) if x),
                    Markup(r.html),
                    f"{r.doc_id}, characters {r.start}–{r.end}",
                    r.before,
                    r.after,
                )
                for r in g.itertuples()
            ],
        )
        for outlet, g in table.groupby("outlet", sort=True)
    ]
    return render("side_by_side.html", title=title, outlets=outlets, missing=missing or [], legend=legend_html())


def outlet_distances(
    frame_profile: pd.DataFrame, stance_profile: pd.DataFrame, similarity: pd.DataFrame, by: str = "outlet"
) -> dict[str, pd.DataFrame]:
    """Distances between outlets on frames, stance and vocabulary, and their combination.

    * frames: Euclidean distance between vectors of frame shares (own voice);
    * stance: Euclidean distance between vectors of net stance per target
      (own voice: favor share minus against share);
    * lexicon: 1 - cosine similarity of TF-IDF vectors;
    * combined: the mean of the views present after scaling each to [0, 1]
      by its largest off-diagonal value.

    A view without data (no stance targets in the profile, no frame cue) is
    left out, and so is an outlet missing from a view that is present.

    Returns
    -------
    dict of pandas.DataFrame
        Square distance tables ``frames``, ``stance``, ``lexicon`` (those
        present) and ``combined``.
    """
    vectors = {}
    if len(frame_profile):
        vectors["frames"] = frame_profile.pivot_table(index=by, columns="frame", values="share")
    if len(stance_profile):
        vectors["stance"] = stance_profile[stance_profile["voice"] == "own"].pivot_table(index=by, columns="target", values="net")
    idx = sorted(set(similarity.index).intersection(*(set(v.index) for v in vectors.values())))
    out = {name: pd.DataFrame(squareform(pdist(v.loc[idx].to_numpy())), index=idx, columns=idx) for name, v in vectors.items()}
    out["lexicon"] = 1 - similarity.loc[idx, idx]
    scaled = [d / d.to_numpy().max() if d.to_numpy().max() > 0 else d for d in out.values()]
    out["combined"] = sum(scaled) / len(scaled)
    return {k: v.round(4) for k, v in out.items()}


def dendrogram_order(distance: pd.DataFrame) -> np.ndarray:
    """Average-linkage clustering of a square distance table (scipy linkage matrix)."""
    return linkage(squareform(distance.to_numpy(), checks=False), method="average")
