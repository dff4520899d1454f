"""Interactive exploration: a term explorer that works in any browser, and a JupyterLab explorer.

:func:`term_explorer_html` returns one self-contained HTML block (inline SVG
and plain JavaScript, no library, no network): pick an outlet, see its terms
plotted by frequency (x, log scale) and distinctiveness (log-odds z against
the rest, y); hover a point for the term and its counts, click it to list the
own-voice sentences that contain it.  It works in JupyterLab and in the
exported HTML pages.  Corpus text travels as JSON with ``<``, ``>`` and ``&``
escaped, and is inserted with ``textContent``, never as HTML.

:class:`Explorer` builds an ipywidgets panel for JupyterLab: choose a
story the outlets share (label, date, number of outlets), the outlets, a
stance target and a term; the side by side, the concordance, the quotes, the
stance and the frames all follow the chosen story, or the whole corpus with
the scope switch, and each heading states its scope and counts.  Widgets need
a live kernel, so the exported pages show the term explorer and the side by
side of every shared story instead.
"""

from __future__ import annotations

from functools import cached_property
from html import escape as html_escape
from pathlib import Path

import numpy as np
import pandas as pd

from . import events, plots
from .annotations import ANNOTATIONS_FOLDER, LABEL_FILES, SPEAKER_TYPES, STANCE_LABELS, write_labels
from .compare import side_by_side, side_by_side_html, term_spans
from .concordance import kwic
from .errors import CorpusError, Problem, raise_if
from .findings import plural
from .frames import frame_profile
from .pages import render
from .stance import stance_profile
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


#: The placeholder of the panel's term box: the term explorer's script finds the box by it, to set a clicked term.
TERM_PLACEHOLDER = "a glob, e.g. négoci*"


def term_explorer_html(study, uid: str = "term-explorer", max_terms: int = 250) -> str:
    """Return the self-contained HTML of the term explorer (see the module docstring).

    In JupyterLab, a click on a term also sets the term box of a running
    explorer panel (:meth:`Explorer.widget`) on the page, so the panel's
    views follow the term; elsewhere there is no box and nothing else happens.
    """
    return render("term_explorer.html", uid=uid, data=explorer_data(study, max_terms), panel_box=TERM_PLACEHOLDER)


#: Columns of the concordance the panel shows.
CONCORDANCE_COLUMNS = ["doc_id", "outlet", "layer", "sentence_id", "start", "end", "left", "match", "right"]


class Explorer:
    """Browse the stories the outlets share: one chosen story (or the whole corpus) in every view.

    The views are plain functions of the study and the choices, so they can
    be called, tested and shown without widgets; :meth:`widget` links them in
    an ipywidgets panel for JupyterLab.

    Parameters
    ----------
    study : Study
        The study to explore.
    term : str, default ""
        The concordance's first query (a glob such as ``"négoci*"``); an empty term searches nothing.
    min_outlets : int, default 2
        The story menu lists the stories covered by at least this many outlets (the ones that can be compared).
    """

    def __init__(self, study, term: str = "", min_outlets: int = 2):
        self.study = study
        self.term = term
        self.min_outlets = min_outlets

    # -- the stories --

    @cached_property
    def links(self) -> pd.DataFrame:
        """Sentence -> story links with each sentence's outlet: the hand alignment when the corpus has one, else the automatic links."""
        s = self.study
        links = s.hand_event_links if len(s.hand_event_links) else s.events
        return links[["doc_id", "sentence_id", "event_id"]].merge(s.sentences[["doc_id", "sentence_id", "outlet"]])

    @cached_property
    def coverage(self) -> pd.DataFrame:
        """Story x outlet coverage from :attr:`links` (:func:`analysis.events.coverage`)."""
        return events.coverage(self.links, self.study.sentences, self.study.event_catalogue)

    @cached_property
    def blindspots(self) -> pd.DataFrame:
        """Stories x outlets that do not report them, with ``could_report`` (:func:`analysis.events.blindspots` of :attr:`coverage`)."""
        return events.blindspots(self.coverage, self.study.documents, self.study.event_catalogue)

    def story_menu(self, min_outlets: int | None = None) -> pd.DataFrame:
        """Return the stories with their label, date and outlets, most widely covered first.

        Only the stories covered by at least ``min_outlets`` outlets (default:
        the explorer's) are listed; ``option`` is the menu's text.

        Returns
        -------
        pandas.DataFrame
            ``event_id, label, date, n_outlets, outlets, option``.
        """
        least = self.min_outlets if min_outlets is None else min_outlets
        covered = self.coverage[self.coverage["covered"]]
        labels = self._outlet_labels
        by_story = covered.groupby("event_id")["outlet"].agg(lambda o: sorted(set(o)))
        menu = self.study.event_catalogue[["event_id", "label", "date"]].copy()
        menu["label"] = [label or event for label, event in zip(menu["label"].astype(str), menu["event_id"])]
        menu["date"] = menu["date"].fillna("").astype(str)
        outlets = [by_story.get(e, []) for e in menu["event_id"]]
        menu["n_outlets"] = [len(o) for o in outlets]
        menu["outlets"] = [", ".join(labels.get(x, x) for x in o) for o in outlets]
        menu = menu[menu["n_outlets"] >= least].sort_values(["n_outlets", "date", "event_id"], ascending=[False, True, True], kind="stable")
        menu["option"] = [
            f"{label} · {date or 'undated'} · {plural(n, 'outlet')}"
            for label, date, n in zip(menu["label"], menu["date"], menu["n_outlets"])
        ]
        return menu.reset_index(drop=True)

    def missing_outlets(self, event_id: str, outlets: tuple[str, ...]) -> pd.DataFrame:
        """Return the chosen outlets that do not report a story, and whether they could have (a blindspot).

        ``could_report`` is False when the story is dated after the outlet's
        last document (:func:`analysis.events.blindspots`).

        Returns
        -------
        pandas.DataFrame
            ``outlet, label, could_report, line`` (``line``: the sentence the panel shows).
        """
        spots = self.blindspots[(self.blindspots["event_id"] == event_id) & self.blindspots["outlet"].isin(outlets)]
        labels = self._outlet_labels
        rows = []
        for outlet, could in zip(spots["outlet"], spots["could_report"]):
            why = "a blindspot: its documents run past the story's date" if could else "its documents end before the story's date"
            rows.append(
                {
                    "outlet": outlet,
                    "label": labels.get(outlet, outlet),
                    "could_report": bool(could),
                    "line": f"{labels.get(outlet, outlet)} does not report this story ({why}).",
                }
            )
        return pd.DataFrame(rows, columns=["outlet", "label", "could_report", "line"])

    def story_keys(self, event_id: str | None) -> pd.DataFrame | None:
        """Return the ``doc_id, sentence_id`` of a story's sentences (``None``: the whole corpus)."""
        if event_id is None:
            return None
        return self.links.loc[self.links["event_id"] == event_id, ["doc_id", "sentence_id"]].drop_duplicates()

    def _in_scope(self, rows: pd.DataFrame, outlets: tuple[str, ...], event_id: str | None) -> pd.DataFrame:
        """Rows of the chosen outlets, and of the story's sentences when a story is chosen."""
        rows = rows[rows["outlet"].isin(outlets)]
        keys = self.story_keys(event_id)
        return rows if keys is None else rows.merge(keys, on=["doc_id", "sentence_id"])

    @cached_property
    def _outlet_labels(self) -> dict[str, str]:
        return dict(zip(self.study.corpus.outlets["outlet"], self.study.corpus.outlets["label"]))

    def prepare(self) -> Explorer:
        """Compute the tables the panel's first view reads, so that the panel opens at once (call it where the study is loaded)."""
        s = self.study
        for name in (
            "raw_sentences",
            "stance",
            "stance_profile",
            "frames",
            "frame_profile",
            "quotes",
            "cues",
            "naming_matches",
            "frame_items",
        ):
            getattr(s, name)
        self.links, self.coverage, self.blindspots, self._outlet_labels  # noqa: B018 (cached on first use)
        return self

    # -- the views --

    def show_event(self, event_id: str, outlets: tuple[str, ...], term: str = "") -> str:
        """Return the side-by-side HTML of one story for the chosen outlets, ``term`` highlighted, and a line per outlet without it."""
        s = self.study
        links = self.links[self.links["outlet"].isin(outlets)]
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
            term=term_spans(self.concordance(term, outlets, event_id)),
        )
        row = s.event_catalogue[s.event_catalogue["event_id"] == event_id]
        date = str(row["date"].fillna("").iloc[0]) if len(row) else ""
        title = f"{self._story_label(event_id)} ({date or 'undated'})"
        return side_by_side_html(table, title, missing=list(self.missing_outlets(event_id, outlets)["line"]))

    def concordance(self, term: str, outlets: tuple[str, ...], event_id: str | None = None) -> pd.DataFrame:
        """Return concordance lines of a glob query for the chosen outlets, in one story or the whole corpus (none for an empty query)."""
        if not term.strip():
            return pd.DataFrame(columns=CONCORDANCE_COLUMNS)
        lines = kwic(self.study.corpus, self.study.sentences, term, kind="glob")
        return self._in_scope(lines, outlets, event_id)[CONCORDANCE_COLUMNS].reset_index(drop=True)

    def quotes(self, outlets: tuple[str, ...], event_id: str | None = None) -> pd.DataFrame:
        """Return the quotes of the chosen outlets, in one story or the whole corpus: kind, speaker, type and verb."""
        columns = ["outlet", "doc_id", "sentence_id", "start", "end", "kind", "speaker", "speaker_type", "verb"]
        q = self.study.quotes
        return self._in_scope(q, outlets, event_id)[[c for c in columns if c in q.columns]].reset_index(drop=True)

    def stance(self, target: str, outlets: tuple[str, ...], event_id: str | None = None) -> pd.DataFrame:
        """Return the stance profile of one target for the chosen outlets, over one story's sentences or the whole corpus."""
        if event_id is None:
            p = self.study.stance_profile
        else:
            rows = self._in_scope(self.study.stance[self.study.stance["selected"]], outlets, event_id)
            p = stance_profile(rows[rows["target"] == target])
        if "outlet" not in p:  # no labelled sentence in scope
            return self.study.stance_profile.iloc[:0]
        return p[(p["target"] == target) & p["outlet"].isin(outlets)].reset_index(drop=True)

    def frames(self, outlets: tuple[str, ...], event_id: str | None = None) -> pd.DataFrame:
        """Return the frame profile (own voice) of the chosen outlets, over one story's sentences or the whole corpus."""
        if event_id is None:
            p = self.study.frame_profile
        else:
            p = frame_profile(self._in_scope(self.study.frames, outlets, event_id))
        if "outlet" not in p:  # no sentence in scope
            return self.study.frame_profile.iloc[:0]
        return p[p["outlet"].isin(outlets)].reset_index(drop=True)

    def heading(self, view: str, rows: pd.DataFrame, event_id: str | None) -> str:
        """Return a view's heading: what it shows, its scope (a story or the whole corpus) and its counts."""
        scope = "the whole corpus" if event_id is None else f"story “{self._story_label(event_id)}”"
        outlets = rows["outlet"].nunique() if "outlet" in rows and len(rows) else 0
        counts = "no rows" if rows.empty else f"{plural(len(rows), 'row')} from {plural(outlets, 'outlet')}"
        return f"{view} · {scope} · {counts}"

    def _story_label(self, event_id: str) -> str:
        row = self.study.event_catalogue[self.study.event_catalogue["event_id"] == event_id]
        return str(row["label"].iloc[0]) if len(row) and str(row["label"].iloc[0]) else event_id

    # -- annotating while reading --

    def codebook(self, target: str) -> dict[str, str]:
        """Return the codebook entry of a stance target (``targets.csv``): its definition and what favor, against and none mean."""
        t = self.study.profile.targets
        row = t[t["target"] == target]
        if row.empty:
            return {}
        keys = [c for c in ("label", "definition", "favor_means", "against_means", "none_means") if c in row]
        return {k: str(row[k].iloc[0]) for k in keys}

    def _sentence(self, doc_id: str, sentence_id: int, field_name: str, path: str) -> pd.Series:
        s = self.study.sentences
        row = s[(s["doc_id"] == doc_id) & (s["sentence_id"] == int(sentence_id))]
        if row.empty:
            raise CorpusError(
                [
                    Problem(
                        path, None, field_name, f"no sentence {sentence_id} in document '{doc_id}'", "pick a sentence shown by the explorer"
                    )
                ]
            )
        return row.iloc[0]

    def label_stance(
        self, doc_id: str, sentence_id: int, target: str, label: str, holder: str = "outlet", annotator: str = "A1", note: str = ""
    ) -> Path:
        """Label one sentence's stance on a target and write it to the corpus's ``annotations/stance_labels.csv``.

        The label is checked as ``validate`` checks the file (a target of the
        profile, favor / against / none, a sentence of the corpus, an
        annotator id) and written with the sentence's offsets, so the next run's
        cross-validation (:attr:`Study.stance_evaluation`) and classifier read
        it.  Labelling the same sentence and target again replaces the label.
        """
        path = f"{ANNOTATIONS_FOLDER}/{LABEL_FILES['stance'][0]}"
        problems = []
        if target not in set(self.study.profile.targets["target"]):
            problems.append(
                Problem(path, None, "target", f"unknown target '{target}'", "add it to targets.csv first, or pick one of the menu")
            )
        if label not in STANCE_LABELS:
            problems.append(Problem(path, None, "label", f"unknown label '{label}'", f"use one of: {', '.join(STANCE_LABELS)}"))
        if not str(annotator).strip():
            problems.append(Problem(path, None, "annotator", "no annotator id", "give your initials or an id, e.g. A1"))
        raise_if(problems)
        row = self._sentence(doc_id, sentence_id, "sentence_id", path)
        fields = {"doc_id": doc_id, "sentence_id": int(sentence_id), "start": int(row["start"]), "end": int(row["end"])}
        return write_labels(
            self._root(path),
            "stance",
            [fields | {"target": target, "label": label, "holder": holder, "annotator": annotator, "note": note}],
        )

    def label_event(self, doc_id: str, sentence_id: int, event_id: str, annotator: str = "A1", note: str = "") -> Path:
        """Link one sentence to a story of the catalogue in the corpus's ``annotations/event_links.csv`` (the hand alignment)."""
        path = f"{ANNOTATIONS_FOLDER}/{LABEL_FILES['event'][0]}"
        if not self.study.has_catalogue:
            raise CorpusError(
                [
                    Problem(
                        path,
                        None,
                        "event_id",
                        "the corpus has no events.csv",
                        "write a catalogue (events.csv) before linking sentences to events",
                    )
                ]
            )
        if event_id not in set(self.study.event_catalogue["event_id"]) | {"none"}:
            raise CorpusError([Problem(path, None, "event_id", f"unknown event '{event_id}'", "use an event_id of events.csv, or none")])
        row = self._sentence(doc_id, sentence_id, "sentence_id", path)
        fields = {"doc_id": doc_id, "sentence_id": int(sentence_id), "start": int(row["start"]), "end": int(row["end"])}
        return write_labels(self._root(path), "event", [fields | {"event_id": event_id, "annotator": annotator, "note": note}])

    def _annotator(self, w, story, chosen, target):
        """Build the panel's annotate tab: a sentence of the chosen story, the target's codebook, a label, and save."""
        escape = html_escape
        sentence = w.Dropdown(description="sentence", layout=w.Layout(width="95%"))
        label = w.ToggleButtons(options=list(STANCE_LABELS), description="stance")
        holder = w.Text(value="outlet", description="holder", placeholder="outlet, or the quoted speaker")
        annotator = w.Text(value="A1", description="annotator")
        note = w.Text(description="note")
        save = w.Button(description="save stance label", button_style="primary")
        link = w.Button(description="link this sentence to the story", layout=w.Layout(width="auto"))
        status, book = w.HTML(), w.HTML()
        quote = w.Dropdown(description="quote", layout=w.Layout(width="95%"))
        speaker = w.Text(description="speaker", placeholder="as the text names them")
        kind = w.ToggleButtons(options=list(SPEAKER_TYPES), description="type")
        save_speaker = w.Button(description="save the quote's speaker", layout=w.Layout(width="auto"))

        def fill(*_):
            keys = self.story_keys(story.value) if story.value is not None else None
            rows = self.study.raw_sentences[self.study.raw_sentences["outlet"].isin(chosen.value)]
            rows = rows if keys is None else rows.merge(keys, on=["doc_id", "sentence_id"])
            sentence.options = [
                (f"{r.outlet} · {r.doc_id} s{r.sentence_id}: {' '.join(r.text.split())[:110]}", (r.doc_id, int(r.sentence_id)))
                for r in rows.itertuples()
            ]
            sentence.value = sentence.options[0][1] if sentence.options else None
            quotes = self._in_scope(self.study.quotes, chosen.value, story.value)
            quote.options = [
                (
                    f"{q.outlet} · {q.doc_id}: «{' '.join(str(q.quote_text).split())[:90]}» · {q.speaker} ({q.speaker_type})",
                    (q.doc_id, int(q.start), int(q.end), q.speaker, q.speaker_type),
                )
                for q in quotes.itertuples()
            ]
            quote.value = quote.options[0][1] if quote.options else None
            entry = self.codebook(target.value) if target.value else {}
            book.value = "".join(f"<p style='margin:2px 0'><b>{escape(k.replace('_', ' '))}</b>: {escape(v)}</p>" for k, v in entry.items())

        def saving(picked, what: str, write, done: str):
            """Return a button handler: write the label of the ``picked`` widget's choice, and say where it went (``done``: ``{}`` is the file)."""

            def handler(_):
                if picked.value is None:
                    status.value = (
                        f"<span style='color:#b00'>Pick a {what} first: the chosen story has none from the chosen outlets.</span>"
                    )
                    return
                try:
                    path = write()
                    status.value = escape(done.format(f"{path.parent.name}/{path.name}"))
                except CorpusError as err:
                    status.value = f"<span style='color:#b00'>{escape(str(err))}</span>"

            return handler

        on_save = saving(
            sentence,
            "sentence",
            lambda: self.label_stance(*sentence.value, target.value, label.value, holder.value, annotator.value, note.value),
            "Saved to {}; the next run's stance evaluation reads it.",
        )
        on_link = saving(
            sentence,
            "sentence",
            lambda: self.label_event(*sentence.value, story.value, annotator.value, note.value),
            "Linked to the story in {}.",
        )

        def on_quote(_):
            if quote.value is not None:
                speaker.value, kind.value = quote.value[3], quote.value[4]

        on_save_speaker = saving(
            quote,
            "quote",
            lambda: self.label_speaker(*quote.value[:3], speaker.value, kind.value, annotator.value, note.value),
            "Saved to {}; the next run's speaker evaluation reads it.",
        )

        for control in (story, chosen, target):
            control.observe(fill, names="value")
        quote.observe(on_quote, names="value")
        save_speaker.on_click(on_save_speaker)
        save.on_click(on_save)
        link.on_click(on_link)
        fill()
        on_quote(None)
        return w.VBox(
            [
                sentence,
                book,
                label,
                w.HBox([holder, annotator, note]),
                w.HBox([save, link]),
                quote,
                w.HTML("<i>Speakers: label every quote of a document; the speaker evaluation scores the documents the file covers.</i>"),
                w.HBox([speaker, kind]),
                save_speaker,
                status,
            ]
        )

    def label_speaker(
        self, doc_id: str, start: int, end: int, speaker: str, speaker_type: str, annotator: str = "A1", note: str = ""
    ) -> Path:
        """Give one detected quote its speaker by hand in the corpus's ``annotations/quotes_gold.csv`` (codebook: ``docs/speakers_codebook.md``).

        The quote is one of :attr:`Study.quotes` (its kind, verb and cue are
        copied); ``speaker_type`` is named, role, anonymous or unknown, and a
        speaker is required unless it is unknown.  The next run's quote and
        speaker evaluation (:attr:`Study.quote_evaluation`) reads the file; it
        scores the documents the file covers, so label every quote of a document.
        """
        path = f"{ANNOTATIONS_FOLDER}/{LABEL_FILES['speaker'][0]}"
        q = self.study.quotes
        row = q[(q["doc_id"] == doc_id) & (q["start"] == int(start)) & (q["end"] == int(end))]
        problems = []
        if row.empty:
            problems.append(
                Problem(path, None, "start", f"no detected quote at {doc_id} {start}-{end}", "pick a quote shown by the explorer")
            )
        if speaker_type not in SPEAKER_TYPES:
            problems.append(
                Problem(path, None, "speaker_type", f"unknown speaker type '{speaker_type}'", f"use one of: {', '.join(SPEAKER_TYPES)}")
            )
        if speaker_type != "unknown" and not str(speaker).strip():
            problems.append(
                Problem(path, None, "speaker", "no speaker", "write the person, role or group the text names (or choose unknown)")
            )
        raise_if(problems)
        root = self._root(path)
        file = root / ANNOTATIONS_FOLDER / LABEL_FILES["speaker"][0]
        gold = (
            pd.read_csv(file, dtype=str, keep_default_na=False)
            if file.exists()
            else pd.DataFrame(columns=["doc_id", "quote_id", "start", "end"])
        )
        same = gold[(gold["doc_id"] == doc_id) & (gold["start"] == str(int(start))) & (gold["end"] == str(int(end)))]
        ids = pd.to_numeric(gold.loc[gold["doc_id"] == doc_id, "quote_id"], errors="coerce").dropna()
        quote_id = same["quote_id"].iloc[0] if len(same) else int(ids.max()) + 1 if len(ids) else 0
        r = row.iloc[0]
        fields = {"doc_id": doc_id, "quote_id": quote_id, "start": int(start), "end": int(end), "kind": r["kind"], "speaker": speaker}
        fields |= {
            "speaker_type": speaker_type,
            "affiliation": r.get("affiliation", ""),
            "verb": r["verb"],
            "cue_start": int(r["cue_start"]),
        }
        fields |= {"cue_end": int(r["cue_end"]), "annotator": annotator, "note": note}
        return write_labels(root, "speaker", [fields])

    def _root(self, path: str) -> Path:
        root = self.study.corpus.root
        if root is None:
            raise CorpusError([Problem(path, None, "corpus", "this corpus has no folder to write annotations to", "load it from a folder")])
        return Path(root)

    def views(self, event_id: str | None, scoped: str | None, outlets: tuple[str, ...], target: str | None, term: str) -> dict[str, list]:
        """Return what each tab of the panel shows for these choices: HTML strings, tables, and charts as ``(plot function, table)``.

        ``event_id``: the chosen story (side by side); ``scoped``: the story the
        other views follow, or ``None`` for the whole corpus.
        """
        if event_id is None:
            side = ["<p>No story is covered by two outlets or more: tick “also stories of one outlet”.</p>"]
        else:
            side = [self.show_event(event_id, outlets, term)]
        lines = self.concordance(term, outlets, scoped)
        quotes = self.quotes(outlets, scoped)
        profile = self.stance(target, outlets, scoped) if target else pd.DataFrame()
        frames = self.frames(outlets, scoped)

        def head(text: str, rows: pd.DataFrame) -> str:
            return f"<b>{html_escape(self.heading(text, rows, scoped))}</b>"

        charts = [head(f"Stance on {target}", profile)] + ([(plots.stance_voices_plot, profile)] if len(profile) else [])
        charts += [head("Frames (own voice)", frames)] + ([(plots.frame_shares_plot, frames)] if len(frames) else [])
        return {
            "side by side": side,
            "concordance": [head(f"Concordance of “{term}”", lines), lines[["outlet", "layer", "sentence_id", "left", "match", "right"]]],
            "quotes": [head("Quotes and sources", quotes), quotes],
            "stance and frames": charts,
        }

    def widget(self):
        """Build the ipywidgets panel (needs a live kernel): the controls stay on top, the views in tabs below."""
        import ipywidgets as w
        from IPython.display import HTML, display

        s = self.study
        menu = self.story_menu()
        outlets = list(s.corpus.outlets["outlet"])
        story = w.Dropdown(options=list(zip(menu["option"], menu["event_id"])), description="story", layout=w.Layout(width="640px"))
        every = w.Checkbox(value=False, description="also stories of one outlet")
        scope = w.ToggleButtons(options=[("this story", "story"), ("whole corpus", "corpus")], value="story", description="scope")
        chosen = w.SelectMultiple(options=outlets, value=tuple(outlets), description="outlets", rows=min(len(outlets), 5))
        targets = sorted(s.stance["target"].unique())
        target = w.Dropdown(options=targets, description="target")
        term = w.Text(value=self.term, description="term", placeholder=TERM_PLACEHOLDER)
        tabs = [w.Output(layout=w.Layout(max_height="560px", overflow="auto")) for _ in range(4)]  # the controls stay in view
        annotate = self._annotator(w, story, chosen, target)
        tab = w.Tab(children=[*tabs, annotate])
        for i, name in enumerate(("side by side", "concordance", "quotes", "stance and frames", "annotate")):
            tab.set_title(i, name)

        def on_every(_):
            m = self.story_menu(1 if every.value else None)
            story.options = list(zip(m["option"], m["event_id"]))

        state: dict = {}

        def refresh(*_):
            scoped = story.value if scope.value == "story" else None
            state["views"] = views = self.views(story.value, scoped, chosen.value, target.value, term.value)
            for out, items in zip(tabs, views.values()):
                out.clear_output()
                with out:
                    for item in items:
                        if isinstance(item, str):
                            display(HTML(item))
                        elif isinstance(item, pd.DataFrame):
                            display(item)
                        else:  # a chart: (function, table)
                            _show_figure(item[0](item[1], s.corpus.outlets))

        every.observe(on_every, names="value")
        for control in (story, scope, chosen, target, term):
            control.observe(refresh, names="value")
        refresh()
        panel = _panel(w)([w.HBox([story, every]), w.HBox([scope, target, term]), chosen, tab])  # the side by side carries the legend
        panel.state = state  # the views last shown, by tab (what a test reads without a browser)
        return panel


def _show_figure(fig) -> None:
    """Display a figure in the current output and close it (a panel redrawn many times keeps no figure open)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(fig)
    plt.close(fig)


#: What a notebook shows for the panel where no kernel runs (opened before running, or exported).
NOT_RUNNING = "The explorer panel needs a running kernel: run all cells (Run > Run All Cells) to start it."


def _panel(w):
    """Return the panel's class: an ipywidgets ``VBox`` whose plain-text form says how to start it (not a widget repr)."""

    class ExplorerPanel(w.VBox):
        def __repr__(self) -> str:
            return NOT_RUNNING

    return ExplorerPanel
