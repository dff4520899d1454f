"""Interactive exploration: a term explorer that works in any browser, and a JupyterLab explorer.

:func:`term_explorer_html` returns one self-contained HTML block (inline SVG
and plain JavaScript, no library, no network): pick an outlet, see its terms
plotted by frequency (x, log scale) and distinctiveness (log-odds z against
the rest, y); hover a point for the term and its counts, click it to list the
own-voice sentences that contain it.  It works in JupyterLab and in the
exported HTML pages.  Corpus text travels as JSON with ``<``, ``>`` and ``&``
escaped, and is inserted with ``textContent``, never as HTML.

:class:`Explorer` builds an ipywidgets panel for JupyterLab: choose an
event, outlets, a stance target and a term to see the side-by-side sentences,
concordance lines and stance profile.  Widgets need a live kernel, so the
exported pages show the term explorer instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .compare import side_by_side, side_by_side_html
from .concordance import kwic
from .pages import render
from .terms import TermCounts


def explorer_data(study, max_terms: int = 250, max_sentences: int = 5) -> dict:
    """Terms and example sentences per outlet for the term explorer.

    For each outlet, the ``max_terms`` terms with the highest absolute
    log-odds z (:attr:`Study.distinctive_terms`), with their counts and up to
    ``max_sentences`` own-voice sentences containing each.
    """
    dt = study.distinctive_terms
    dt = dt[dt["score_name"] == "log_odds_z"]
    own = study.view("own_voice")
    counts = TermCounts(stop_words=study.profile.stopwords).fit(own["text"])
    x = counts.transform(own["text"]).tocsc()
    vocab = {t: j for j, t in enumerate(counts.get_feature_names_out())}
    labels = dict(zip(study.corpus.outlets["outlet"], study.corpus.outlets["label"]))
    colours = dict(zip(study.corpus.outlets["outlet"], study.corpus.outlets["colour"]))
    out = {"outlets": [], "terms": {}}
    for outlet, g in dt.groupby("outlet"):
        g = g.reindex(g["score"].abs().sort_values(ascending=False, kind="stable").index).head(max_terms)
        rows = []
        for r in g.itertuples():
            col = vocab.get(r.term)
            idx = x[:, col].nonzero()[0] if col is not None else np.array([], dtype=int)
            hits = own.iloc[idx]
            hits = hits[hits["outlet"] == outlet].head(max_sentences)
            rows.append(
                {
                    "term": r.term,
                    "z": round(float(r.score), 3),
                    "n": int(r.count_outlet),
                    "rest": int(r.count_rest),
                    "sentences": [f"{d} s{s}: {t}" for d, s, t in zip(hits["doc_id"], hits["sentence_id"], hits["text"])],
                }
            )
        out["outlets"].append({"key": outlet, "label": labels.get(outlet, outlet), "colour": colours.get(outlet, "#777777")})
        out["terms"][outlet] = rows
    return out


def term_explorer_html(study, uid: str = "term-explorer", max_terms: int = 250) -> str:
    """Return the self-contained HTML of the term explorer (see the module docstring)."""
    return render("term_explorer.html", uid=uid, data=explorer_data(study, max_terms))


class Explorer:
    """An ipywidgets panel to browse events, outlets, stance targets and terms.

    Parameters
    ----------
    study : Study
        The study to explore.
    term : str, default ""
        The concordance's first query (a glob such as ``"négoci*"``); an empty term searches nothing.
    """

    def __init__(self, study, term: str = ""):
        self.study = study
        self.term = term

    def show_event(self, event_id: str, outlets: tuple[str, ...]) -> str:
        """Return the side-by-side HTML of one event for the chosen outlets."""
        s = self.study
        links = s.hand_event_links if len(s.hand_event_links) else s.events
        links = links.merge(s.sentences[["doc_id", "sentence_id", "outlet"]])
        links = links[links["outlet"].isin(outlets)]
        table = side_by_side(
            event_id,
            links,
            s.raw_sentences,
            s.stance[s.stance["selected"]],
            s.frames,
            s.cues,
            s.naming_matches,
            s.frame_items,
            s.corpus.outlets,
        )
        return side_by_side_html(table, event_id)

    def concordance(self, term: str, outlets: tuple[str, ...]) -> pd.DataFrame:
        """Return concordance lines of a glob query for the chosen outlets (none for an empty query)."""
        if not term.strip():
            return pd.DataFrame(columns=["doc_id", "outlet", "layer", "sentence_id", "start", "end", "left", "match", "right"])
        lines = kwic(self.study.corpus, self.study.sentences, term, kind="glob")
        return lines[lines["outlet"].isin(outlets)]

    def stance(self, target: str, outlets: tuple[str, ...]) -> pd.DataFrame:
        """Return the stance profile rows of one target for the chosen outlets."""
        p = self.study.stance_profile
        return p[(p["target"] == target) & p["outlet"].isin(outlets)]

    def widget(self):
        """Build the ipywidgets panel (needs a live kernel)."""
        import ipywidgets as w
        from IPython.display import HTML, display

        s = self.study
        catalogue = s.event_catalogue
        outlets = list(s.corpus.outlets["outlet"])
        event = w.Dropdown(options=list(catalogue["event_id"]), description="event")
        chosen = w.SelectMultiple(options=outlets, value=tuple(outlets), description="outlets")
        target = w.Dropdown(options=sorted(s.stance["target"].unique()), description="target")
        term = w.Text(value=self.term, description="term")
        out = w.Output()

        def refresh(*_):
            out.clear_output()
            with out:
                display(HTML(self.show_event(event.value, chosen.value)))
                display(self.concordance(term.value, chosen.value)[["outlet", "layer", "sentence_id", "left", "match", "right"]])
                display(self.stance(target.value, chosen.value))

        for control in (event, chosen, target, term):
            control.observe(refresh, names="value")
        refresh()
        return w.VBox([w.HBox([event, target, term]), chosen, out])
