"""The study's data flow: corpus -> units -> tables, and writing tables safely.

:class:`Study` computes each table once, on first use, from a validated
:class:`~analysis.corpus.Corpus`.  Notebooks, the command line and the tests
all read tables from it, so every figure in a report comes from the same code.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import compare, cues, diversity, events, fidelity, frames, keyness, outlet_map, sourcing, stance, stories, terms
from .corpus import LAYERS, OWN_VOICE, Corpus
from .kernels import count_tokens, normalise_space
from .profile import Profile
from .reader import load_corpus
from .segments import segment_corpus
from .sourcing import Speakers
from .stance import StanceCues

#: Columns of the documents table (in order).
DOCUMENT_COLUMNS = [
    "doc_id",
    "outlet",
    "label",
    "original_outlet",
    "relay_chain",
    "date",
    "date_precision",
    "date_basis",
    "date_evidence",
    "language",
    "source_language",
    "title",
    "author",
    "url",
    "path",
    "original_filename",
    "sha256",
    "n_chars",
    "n_paragraphs",
    "n_sentences",
    "n_tokens",
]
SENTENCE_COLUMNS = [
    "doc_id",
    "outlet",
    "sentence_id",
    "paragraph_id",
    "segment_id",
    "start",
    "end",
    "layer",
    "source",
    "position",
    "n_tokens",
    "quoted_chars",
    "text",
]


class table(cached_property):
    """A table of :class:`Study`: computed on first use from the corpus and other tables, unless it was given (:meth:`Study.provide`).

    A study is a graph of named tables: each is a function of the corpus, its
    profile and other tables.  Its *kind* tells an engine what the table's
    rows depend on, so that the engine can decide where to compute it, never
    what: ``"corpus"`` (the whole corpus: computed once), ``"document"``
    (:class:`document_table`: each row depends on one document, so a table of
    the whole corpus is the concatenation of the tables of its chunks) or
    ``"counts"`` (:class:`counts_table`: counts over documents that add up,
    by the value's ``combine``).  The engines (:mod:`analysis.scale.engine`)
    compute the document and count tables chunk by chunk, give them to the
    whole corpus's study, and every other table is then computed from them
    as from a study's own.
    """

    kind = "corpus"

    def __get__(self, instance, owner=None):
        if instance is not None and self.attrname in instance.given:
            return instance.given[self.attrname]
        return super().__get__(instance, owner)


class document_table(table):
    """A table whose rows each depend on one document (see :class:`table`)."""

    kind = "document"


class counts_table(table):
    """Counts over documents that add up over disjoint sets of documents (``combine``; see :class:`table`)."""

    kind = "counts"


@dataclass
class Study:
    """All tables of the study for one corpus, computed lazily.

    Parameters
    ----------
    corpus : Corpus
        A validated corpus.
    profile : Profile, optional
        Its study profile: lexicons, targets, actors, events, relay pairs and
        the language's rules (:mod:`analysis.profile`); by default the
        corpus's own (``corpus.profile``), so a notebook or a test can pass
        another one (e.g. ``corpus.profile.replace(targets=...)``).
    """

    corpus: Corpus
    profile: Profile | None = None
    #: Tables computed elsewhere (:meth:`provide`), by name: read instead of computing them.
    given: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        if self.profile is None:
            if self.corpus.profile is None:
                raise ValueError("the corpus has no profile: load it with load_corpus(), or pass Study(corpus, profile=...)")
            self.profile = self.corpus.profile

    @classmethod
    def from_tables(cls, corpus: Corpus, tables: dict) -> Study:
        """Return a study whose named tables are already computed (e.g. chunk by chunk by :mod:`analysis.scale.engine`).

        Parameters
        ----------
        corpus : Corpus
            The whole corpus.
        tables : dict
            Values of cached properties of :class:`Study`, by name.
        """
        study = cls(corpus, corpus.profile)
        study.provide(**tables)
        return study

    @classmethod
    def tables_of(cls, kind: str) -> tuple[str, ...]:
        """Names of the study's tables of one kind (``"corpus"``, ``"document"`` or ``"counts"``: see :class:`table`), in definition order.

        Examples
        --------
        >>> Study.tables_of("counts")
        ('word_counts', 'stem_counts', 'spread', 'story_counts')
        """
        return tuple(name for name, value in vars(cls).items() if isinstance(value, table) and value.kind == kind)

    def provide(self, **tables) -> None:
        """Give tables computed elsewhere (e.g. chunk by chunk by :mod:`analysis.scale.engine`), by name; a value computed before is dropped."""
        for name, value in tables.items():
            if not isinstance(getattr(type(self), name, None), table):
                raise ValueError(f"{name!r} is not a table of Study")
            self.given[name] = value
            try:
                delattr(self, name)  # a cached table (``functools.cached_property``: deleting it clears the cache)
            except AttributeError:
                pass

    @document_table
    def units(self) -> dict[str, pd.DataFrame]:
        """Segments, paragraphs, sentences and quote spans (raw offsets)."""
        return segment_corpus(self.corpus, self.profile.boilerplate, self.profile.abbreviations)

    @table
    def sentences(self) -> pd.DataFrame:
        """One row per sentence: ids, offsets, voice layer and normalised text.

        ``position`` is the sentence's start offset divided by the length of
        its document (0 = first character); ``quoted_chars`` counts the
        sentence characters inside direct-quotation marks; ``text`` has its
        white space normalised, the exact words being ``raw[start:end]``.
        """
        s = self.units["sentences"].copy()
        lengths = self.corpus.documents.set_index("doc_id")["n_chars"]
        s["position"] = (s["start"] / s["doc_id"].map(lengths)).round(4)
        s["n_tokens"] = count_tokens(s["text"])
        s["quoted_chars"] = _quoted_chars(s, self.units["quote_spans"])
        s["text"] = normalise_space(s["text"])
        return s[SENTENCE_COLUMNS].sort_values(["doc_id", "sentence_id"]).reset_index(drop=True)

    @table
    def segments(self) -> pd.DataFrame:
        """One row per voice segment (every character of every text in one)."""
        g = self.units["segments"].copy()
        g["n_chars"] = g["end"] - g["start"]
        g["text"] = normalise_space(g["text"])
        return g[["doc_id", "outlet", "segment_id", "start", "end", "n_chars", "layer", "source", "rule", "text"]]

    @table
    def quote_spans(self) -> pd.DataFrame:
        """Direct quotations (marks included) with the sentence where each opens."""
        q = self.units["quote_spans"].copy()
        s = self.units["sentences"]
        q["sentence_id"] = _sentences_at(s, q)
        q["text"] = normalise_space(q["text"])
        q = q.sort_values(["doc_id", "start"]).reset_index(drop=True)
        q.insert(2, "quote_id", q.groupby("doc_id").cumcount())
        return q[["doc_id", "outlet", "quote_id", "sentence_id", "start", "end", "open", "close", "status", "text"]]

    @table
    def documents(self) -> pd.DataFrame:
        """One row per document: provenance metadata and sizes."""
        d = self.corpus.documents.copy()
        s = self.sentences
        d["n_paragraphs"] = d["doc_id"].map(self.units["paragraphs"].groupby("doc_id").size()).fillna(0).astype(int)
        d["n_sentences"] = d["doc_id"].map(s.groupby("doc_id").size()).fillna(0).astype(int)
        d["n_tokens"] = d["doc_id"].map(s.groupby("doc_id")["n_tokens"].sum()).fillna(0).astype(int)
        return d[DOCUMENT_COLUMNS]

    @table
    def layers(self) -> pd.DataFrame:
        """Size of each voice layer per document: segments, sentences, characters, tokens."""
        g, s = self.segments, self.sentences
        keys = ["doc_id", "outlet", "layer"]
        seg = g.groupby(keys, observed=True).agg(n_segments=("segment_id", "size"), n_chars=("n_chars", "sum"))
        sen = s.groupby(keys, observed=True).agg(n_sentences=("sentence_id", "size"), n_tokens=("n_tokens", "sum"))
        out = seg.join(sen, how="left").fillna(0).astype(int).reset_index()
        out["share_of_chars"] = (out["n_chars"] / out.groupby("doc_id")["n_chars"].transform("sum")).round(4)
        out["layer"] = pd.Categorical(out["layer"], categories=LAYERS)
        return out.sort_values(["doc_id", "layer"]).reset_index(drop=True)

    def view(self, scope: str = "own_voice") -> pd.DataFrame:
        """Sentence table restricted to one voice, for any lexical function (with ``layers=None``).

        Parameters
        ----------
        scope : str
            ``own_voice`` (relay commentary + original outlet, the default of
            every measure), ``own_voice_unquoted`` (the same with the words
            inside quotation marks blanked out), ``direct_quotes`` (only the
            words inside quotation marks, in the own-voice layers), one layer
            name (``quoted_block``, ``reader_comment``, ...), or ``all``.

        Returns
        -------
        pandas.DataFrame
            Sentence rows (same columns); for the quote scopes ``text`` and
            ``n_tokens`` describe the kept words only.
        """
        s = self.sentences
        if scope == "all":
            return s
        if scope in LAYERS:
            return s[s["layer"] == scope]
        own = s[s["layer"].isin(OWN_VOICE)]
        if scope == "own_voice":
            return own
        if scope not in ("own_voice_unquoted", "direct_quotes"):
            raise ValueError(f"unknown scope {scope!r}")
        inside = scope == "direct_quotes"
        texts = dict(zip(self.corpus.documents["doc_id"], self.corpus.documents["text"]))
        spans = self.units["quote_spans"].groupby("doc_id")[["start", "end"]].apply(lambda g: list(zip(g["start"], g["end"])))
        kept = [_keep_quoted(texts[d], a, b, spans.get(d, []), inside) for d, a, b in zip(own["doc_id"], own["start"], own["end"])]
        out = own.assign(text=normalise_space(pd.Series(kept, index=own.index)))
        out = out.assign(n_tokens=count_tokens(out["text"]))
        return out[out["n_tokens"] > 0]

    # -- lexical framing (issue 3): the outlet's own voice unless a layer is named --

    @table
    def own_term_matrix(self) -> tuple[sp.csr_matrix, np.ndarray]:
        """Return own-voice sentences x word forms counts (stopwords out) and the sorted word forms.

        The one tokenising pass behind the word and stem counts and the keyness bootstrap.
        """
        return terms.term_matrix(terms.select_layers(self.sentences[["layer", "text"]])["text"], self.profile.stopwords)

    @counts_table
    def word_counts(self) -> terms.GroupCounts:
        """Word-form counts per outlet (own voice, stopwords out): chunks of a corpus add these up."""
        own = terms.select_layers(self.sentences[["layer", "outlet", "n_tokens"]])  # (a copy of the texts is not needed)
        x, words = self.own_term_matrix
        return terms.GroupCounts.from_matrix(x, words, own["outlet"], own["n_tokens"])

    @counts_table
    def stem_counts(self) -> terms.GroupCounts:
        """Stem counts per outlet (own voice, stopwords out)."""
        return self.word_counts.stemmed(self.profile.rules.stemmer)

    @table
    def term_frequencies(self) -> pd.DataFrame:
        """Word-form counts and rates per 1,000 tokens per outlet (own voice)."""
        return terms.term_table(self.word_counts)

    @counts_table
    def spread(self) -> terms.Spread:
        """How each outlet's word counts spread over its documents (own voice): the dispersion of its terms."""
        x, words = self.own_term_matrix
        own = terms.select_layers(self.sentences[["layer", "outlet", "doc_id"]])
        return terms.Spread.from_matrix(x, words, own["outlet"], own["doc_id"])

    @table
    def distinctive_terms(self) -> pd.DataFrame:
        """Three keyness scores of every word form, each outlet against the rest, with each term's dispersion."""
        return keyness.distinctive_from_counts(self.word_counts, spread=self.spread)

    @table
    def keyness_bootstrap(self) -> pd.DataFrame:
        """Bootstrap intervals and stability of each outlet's top terms (documents resampled where an outlet has several)."""
        x, words = self.own_term_matrix
        own = terms.select_layers(self.sentences[["layer", "outlet", "doc_id"]])
        return keyness.bootstrap_from_matrix(x, own["outlet"], words, documents=own["doc_id"])

    @table
    def score_agreement(self) -> pd.DataFrame:
        """Rank correlation and top-20 overlap between the three keyness scores."""
        return keyness.score_agreement(self.distinctive_terms)

    @table
    def naming(self) -> pd.DataFrame:
        """Naming variants used per outlet and layer (all layers, zeros kept)."""
        return cues.naming_counts(self.naming_matches, self.sentences, self.profile.naming)

    @document_table
    def cues(self) -> pd.DataFrame:
        """Every evaluative/epistemic cue and journalistic conditional, with offsets (all layers)."""
        return cues.find_cues(self.corpus, self.sentences, self.profile.cues, self.profile.rules)

    @table
    def cue_rates(self) -> pd.DataFrame:
        """Cue rates per 1,000 tokens per outlet (own voice) with bootstrap intervals."""
        return cues.cue_rates(self.cues, self.sentences, always=self.profile.rules.always_report)

    @table
    def lexical_diversity(self) -> pd.DataFrame:
        """MATTR and sentence length per outlet (own voice), with intervals."""
        return diversity.diversity_table(self.sentences)

    @table
    def outlet_similarity(self) -> pd.DataFrame:
        """Cosine similarity of outlets' TF-IDF vectors (own voice), square table."""
        return outlet_map.similarity_from_counts(self.word_counts)

    @table
    def correspondence(self) -> dict[str, pd.DataFrame]:
        """Correspondence analysis of the outlet x stem table (own voice)."""
        return outlet_map.correspondence_analysis(outlet_map.count_table(self.stem_counts))

    # -- sourcing and stance (issue 4) --

    @table
    def raw_sentences(self) -> pd.DataFrame:
        """The sentence table with ``text`` holding the exact raw characters."""
        texts = dict(zip(self.corpus.documents["doc_id"], self.corpus.documents["text"]))
        s = self.sentences
        return s.assign(text=[texts[d][a:b] for d, a, b in zip(s["doc_id"], s["start"], s["end"])])

    @document_table
    def quotes(self) -> pd.DataFrame:
        """Direct, indirect and "selon" (according-to) quotes with speakers (all non-boilerplate layers)."""
        return sourcing.extract_quotes(self.corpus, self.sentences, self.quote_spans, Speakers.of(self.profile))

    def annotation_path(self, name: str) -> Path | None:
        """Path of an annotation file of this corpus, if it exists."""
        root = self.corpus.root
        path = None if root is None else root / "annotations" / name
        return path if path is not None and path.exists() else None

    @table
    def quote_evaluation(self) -> pd.DataFrame:
        """Quote extraction scores against the hand annotation, at span overlap 0.3 and 0.8."""
        path = self.annotation_path("quotes_gold.csv")
        if path is None:
            return pd.DataFrame()
        gold = sourcing.load_quote_gold(path)
        frames = [sourcing.evaluate_quotes(self.quotes, gold, t)["scores"].assign(overlap_threshold=t) for t in (0.3, 0.8)]
        return pd.concat(frames, ignore_index=True)

    @table
    def sourcing_profile(self) -> pd.DataFrame:
        """Per outlet (own voice): quotes by kind, and named / anonymous / unknown speaker shares."""
        return sourcing.sourcing_profile(self.quotes)

    @table
    def stance_labels(self) -> pd.DataFrame:
        """Hand stance labels of this corpus (empty when it has none)."""
        path = self.annotation_path("stance_labels.csv")
        return stance.load_stance_labels(self.sentences, path, self.profile.targets["target"]) if path else pd.DataFrame()

    @document_table
    def stance_rules(self) -> pd.DataFrame:
        """Rule-baseline stance for every non-boilerplate sentence x target of the profile (no rows without targets)."""
        return stance.rule_stance(self.corpus, self.sentences, self.quotes, self.profile.targets["target"], StanceCues.of(self.profile))

    @table
    def stance_evaluation(self) -> dict[str, pd.DataFrame]:
        """Leave-one-outlet-out predictions, scores and confusion matrices (empty without labels)."""
        if self.stance_labels.empty:
            return {"predictions": pd.DataFrame(), "scores": pd.DataFrame(), "confusion": pd.DataFrame()}
        return stance.cross_validate(self.raw_sentences, self.stance_labels, self.stance_rules, self.profile)

    @table
    def stance(self) -> pd.DataFrame:
        """Stance per sentence, target and method, with holder and score; ``selected`` marks the reported method."""
        return stance.stance_table(self.raw_sentences, self.stance_rules, self.stance_evaluation, self.quotes)

    @table
    def stance_profile(self) -> pd.DataFrame:
        """Per outlet, target and voice (own / quoted): favor and against shares with bootstrap intervals."""
        chosen = self.stance[self.stance["selected"]]
        return stance.stance_profile(chosen)

    # -- frames, events, fidelity (issue 5) --

    @document_table
    def frame_items(self) -> pd.DataFrame:
        """Frame-question cues found in every sentence, with offsets."""
        return frames.item_matches(self.corpus, self.sentences, self.profile.frame_cues)

    @table
    def frames(self) -> pd.DataFrame:
        """Frame scores per non-boilerplate sentence (share of each frame's questions answered yes)."""
        return frames.sentence_frames(self.frame_items, self.sentences)

    @table
    def frame_profile(self) -> pd.DataFrame:
        """Share of own-voice sentences with each frame, per outlet, with bootstrap intervals."""
        return frames.frame_profile(self.frames)

    @table
    def frame_answers(self) -> pd.DataFrame:
        """Each document's automatic yes/no answer to the 20 S&V questions and Entman's four functions."""
        return frames.document_answers(self.frame_items, self.corpus.documents)

    @table
    def frame_agreement(self) -> pd.DataFrame:
        """Agreement of the automatic document answers with the hand coding (empty without it)."""
        path = self.annotation_path("frames_documents.csv")
        return frames.frame_agreement(self.frame_answers, frames.load_frame_coding(path)) if path else pd.DataFrame()

    @document_table
    def persuasion(self) -> pd.DataFrame:
        """Persuasion-technique cue occurrences (all layers), with offsets."""
        return frames.persuasion_matches(self.corpus, self.sentences, self.profile.persuasion)

    @table
    def persuasion_rates(self) -> pd.DataFrame:
        """Persuasion-technique rates per 1,000 own-voice tokens per outlet, with bootstrap intervals."""
        return cues.cue_rates(self.persuasion, self.sentences, categories=frames.TECHNIQUES)

    @document_table
    def naming_matches(self) -> pd.DataFrame:
        """Every naming-variant occurrence with offsets."""
        return cues.naming_matches(self.corpus, self.sentences, self.profile.naming)

    @property
    def has_catalogue(self) -> bool:
        """Whether the corpus has an event catalogue (``events.csv``); without one, the discovered stories stand for events."""
        return len(self.profile.events) > 0

    @counts_table
    def story_counts(self) -> terms.GroupCounts:
        """Documents x stems counts of the sentences that tell each document's story (chunks of a corpus add these up)."""
        return stories.story_counts(self.sentences, self.profile.stopwords, self.profile.rules.stemmer)

    @table
    def story_model(self) -> stories.StoryModel:
        """The documents clustered into stories (:func:`analysis.stories.fit_stories`)."""
        return stories.fit_stories(self.story_counts, self.corpus.documents[["doc_id", "outlet", "date"]])

    @table
    def stories(self) -> dict[str, pd.DataFrame]:
        """Stories discovered in the documents (:func:`analysis.stories.discover_stories`): ``stories``, ``members``, ``links``."""
        return stories.stories_of(self.story_model, self.sentences, self.profile.stopwords, self.profile.rules.stemmer)

    @table
    def story_events(self) -> pd.DataFrame:
        """Discovered stories mapped to the catalogue's events by shared sentences (empty without a catalogue)."""
        if not self.has_catalogue:
            return stories.story_events(pd.DataFrame(), pd.DataFrame())
        return stories.story_events(self.stories["links"], self.events)

    @table
    def story_evaluation(self) -> pd.DataFrame:
        """B-cubed scores of the discovered stories against ``annotations/stories_gold.csv`` (empty without it)."""
        path = self.annotation_path("stories_gold.csv")
        if path is None:
            return pd.DataFrame()
        gold = pd.read_csv(path, dtype=str, keep_default_na=False)
        return stories.evaluate_stories(self.stories["members"], gold)

    @table
    def event_catalogue(self) -> pd.DataFrame:
        """The events the outlets are compared on: the profile's ``events.csv``, else the discovered stories (as a catalogue)."""
        if self.has_catalogue:
            return self.profile.events
        return stories.as_catalogue(self.stories["stories"])

    @table
    def event_sentences(self) -> pd.DataFrame:
        """The sentences aligned to events: every layer but boilerplate."""
        return self.sentences[self.sentences["layer"] != "boilerplate"]

    @table
    def event_scores(self) -> pd.DataFrame:
        """Score of every (non-boilerplate) sentence against every catalogued event (none without a catalogue)."""
        catalogue = self.profile.events if self.has_catalogue else events.empty_catalogue()
        return events.event_scores(self.event_sentences, catalogue, self.profile.stopwords, self.profile.rules.stemmer)

    @table
    def hand_event_links(self) -> pd.DataFrame:
        """The hand sentence -> event alignment of this corpus (empty without it)."""
        path = self.annotation_path("event_links.csv")
        if path is None or not self.has_catalogue:
            return pd.DataFrame(columns=["doc_id", "sentence_id", "event_id"])
        return events.load_event_links(self.sentences, path, self.event_catalogue)

    @table
    def event_evaluation(self) -> dict[str, pd.DataFrame]:
        """Held-out (leave-one-outlet-out) precision and recall of the alignment, and the chosen threshold.

        Only the documents of the hand alignment are scored against it: a link
        the model proposes in a document nobody annotated is neither right nor
        wrong, so it must not count as a false positive.
        """
        links = self.hand_event_links
        scores = pd.DataFrame() if links.empty else self.event_scores[self.event_scores["doc_id"].isin(set(links["doc_id"]))]
        if scores.empty:
            return {"folds": pd.DataFrame(), "pooled": pd.DataFrame(), "threshold": pd.DataFrame({"threshold": [events.DEFAULT_THRESHOLD]})}
        return events.evaluate_alignment(scores, links)

    @table
    def events(self) -> pd.DataFrame:
        """Automatic sentence -> event links: at the threshold chosen on the hand alignment, or each discovered story's sentences."""
        if not self.has_catalogue:
            return self.stories["links"]
        threshold = float(self.event_evaluation["threshold"]["threshold"].iloc[0])
        return events.link_events(self.event_scores, threshold)

    @table
    def coverage(self) -> pd.DataFrame:
        """Event x outlet coverage from the automatic links."""
        return events.coverage(self.events, self.sentences, self.event_catalogue)

    @table
    def hand_coverage(self) -> pd.DataFrame:
        """Event x outlet coverage from the hand links (the reference; empty without them)."""
        if self.hand_event_links.empty:
            return pd.DataFrame()
        links = self.hand_event_links.merge(self.sentences[["doc_id", "sentence_id", "outlet"]])
        return events.coverage(links, self.sentences, self.event_catalogue)

    @table
    def fidelity(self) -> dict[str, pd.DataFrame]:
        """Sentence alignments of relay pairs and their discrepancies."""
        return fidelity.discrepancies(self.raw_sentences, self.profile.relay_pairs, self.profile)

    @table
    def outlet_distances(self) -> dict[str, pd.DataFrame]:
        """Distances between outlets on frames, stance and vocabulary, and combined."""
        return compare.outlet_distances(self.frame_profile, self.stance_profile, self.outlet_similarity)

    def tables(self, progress=None) -> dict[str, pd.DataFrame]:
        """Every output table, by file stem (see the README's table of outputs).

        Parameters
        ----------
        progress : callable, optional
            Wraps the iterable of table names (e.g. ``tqdm``) to show progress.
        """
        names = list(TABLES)
        steps = progress(names) if progress else names
        return {name: TABLES[name](self) for name in steps}


#: Output tables: file stem -> how the study computes it.
TABLES = {
    "documents": lambda s: s.documents,
    "sentences": lambda s: s.sentences,
    "segments": lambda s: s.segments,
    "layers": lambda s: s.layers,
    "quote_spans": lambda s: s.quote_spans,
    "term_frequencies": lambda s: s.term_frequencies,
    "distinctive_terms": lambda s: s.distinctive_terms,
    "keyness_bootstrap": lambda s: s.keyness_bootstrap,
    "score_agreement": lambda s: s.score_agreement,
    "naming": lambda s: s.naming,
    "cues": lambda s: s.cues,
    "cue_rates": lambda s: s.cue_rates,
    "lexical_diversity": lambda s: s.lexical_diversity,
    "outlet_similarity": lambda s: (
        s.outlet_similarity.rename_axis(index="outlet_a", columns="outlet_b").stack().rename("cosine").reset_index()
    ),
    "outlet_map": lambda s: s.correspondence["rows"].round(6).reset_index(),
    "quotes": lambda s: s.quotes,
    "quote_evaluation": lambda s: s.quote_evaluation,
    "sourcing_profile": lambda s: s.sourcing_profile,
    "stance": lambda s: s.stance,
    "stance_scores": lambda s: s.stance_evaluation["scores"],
    "stance_confusion": lambda s: s.stance_evaluation["confusion"],
    "stance_profile": lambda s: s.stance_profile,
    "frames": lambda s: s.frames,
    "frame_profile": lambda s: s.frame_profile,
    "frame_answers": lambda s: s.frame_answers,
    "frame_agreement": lambda s: s.frame_agreement,
    "persuasion": lambda s: s.persuasion,
    "persuasion_rates": lambda s: s.persuasion_rates,
    "events": lambda s: s.events,
    "stories": lambda s: s.stories["stories"],
    "story_documents": lambda s: s.stories["members"],
    "story_events": lambda s: s.story_events,
    "story_evaluation": lambda s: s.story_evaluation,
    "event_evaluation": lambda s: pd.concat([s.event_evaluation["folds"], s.event_evaluation["pooled"]], ignore_index=True),
    "coverage": lambda s: s.coverage,
    "discrepancies": lambda s: s.fidelity["discrepancies"],
    "relay_alignments": lambda s: s.fidelity["alignments"],
    "outlet_distances": lambda s: _long_distances(s.outlet_distances),
}


def _long_distances(distances: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Stack square distance tables into ``view, outlet_a, outlet_b, distance``."""
    frames_ = [
        d.rename_axis(index="outlet_a", columns="outlet_b").stack().rename("distance").reset_index().assign(view=view)
        for view, d in distances.items()
    ]
    out = pd.concat(frames_, ignore_index=True)
    return out[["view", "outlet_a", "outlet_b", "distance"]]


def _keep_quoted(text: str, start: int, end: int, spans: list[tuple[int, int]], inside: bool) -> str:
    """Return the characters of ``text[start:end]`` inside (or outside) quote spans; others become spaces."""
    chars = list(text[start:end])
    mask = [False] * len(chars)
    for a, b in spans:
        for i in range(max(a, start), min(b, end)):
            mask[i - start] = True
    return "".join(c if m == inside else " " for c, m in zip(chars, mask))


def _sentences_at(sentences: pd.DataFrame, spans: pd.DataFrame) -> list[int]:
    """Id of the sentence containing each span's start (-1 if none), by one binary search over (document, start)."""
    codes, documents = pd.factorize(sentences["doc_id"])
    start, end, ids = (sentences[c].to_numpy(dtype=np.int64) for c in ("start", "end", "sentence_id"))
    order = np.lexsort((start, codes))
    codes, start, end, ids = codes[order], start[order], end[order], ids[order]
    at = spans["start"].to_numpy(dtype=np.int64)
    doc = pd.Index(documents).get_indexer(spans["doc_id"])
    width = int(max(start.max(initial=0), at.max(initial=0))) + 1
    k = np.searchsorted(codes * width + start, doc * width + at, side="right") - 1
    j = np.maximum(k, 0)
    ok = (doc >= 0) & (k >= 0) & (codes[j] == doc) & (at < end[j])
    return np.where(ok, ids[j], -1).tolist()


def _quoted_chars(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.Series:
    """Characters of each sentence that fall inside a quote span (overlapping spans counted once each, as a sum over spans).

    Linear in the number of sentences and spans (after sorting): with
    ``F(x) = Σ_{a<x} (x - a) - Σ_{b<x} (x - b)`` over the spans ``[a, b)``
    (the quoted characters before ``x``), a sentence ``[s, e)`` holds
    ``F(e) - F(s)`` of them.  Positions are offset by document (each document after the one before), so
    another document's spans add the same constant to both ends and cancel.  (A merge
    of every sentence with every span of its document grew with the product
    of their counts: gigabytes for one long document.)
    """
    if sentences.empty:
        return pd.Series([], index=sentences.index, dtype=int)
    documents = pd.Index(pd.unique(pd.concat([sentences["doc_id"], quotes["doc_id"]], ignore_index=True)))
    codes_s, codes_q = documents.get_indexer(sentences["doc_id"]), documents.get_indexer(quotes["doc_id"])
    width = np.zeros(len(documents) + 1, dtype=np.int64)  # each document's last position, plus one
    np.maximum.at(width, codes_s + 1, sentences["end"].to_numpy(dtype=np.int64) + 1)
    np.maximum.at(width, codes_q + 1, quotes["end"].to_numpy(dtype=np.int64) + 1)
    base = np.cumsum(width)  # a document's positions start where the one before it ends
    offset_s, offset_q = base[codes_s], base[codes_q]
    a = np.sort(quotes["start"].to_numpy(dtype=np.int64) + offset_q)
    b = np.sort(quotes["end"].to_numpy(dtype=np.int64) + offset_q)
    ca, cb = np.concatenate([[0], np.cumsum(a)]), np.concatenate([[0], np.cumsum(b)])

    def before(x: np.ndarray) -> np.ndarray:
        na, nb = np.searchsorted(a, x, side="left"), np.searchsorted(b, x, side="left")
        return (na * x - ca[na]) - (nb * x - cb[nb])

    start = sentences["start"].to_numpy(dtype=np.int64) + offset_s
    end = sentences["end"].to_numpy(dtype=np.int64) + offset_s
    return pd.Series(before(end) - before(start), index=sentences.index).astype(int)


def load_study(path: Path | str, lexical_only: bool = False) -> Study:
    """Load and validate a corpus and its profile and return its :class:`Study` (``lexical_only``: see :func:`~analysis.reader.load_corpus`)."""
    return Study(load_corpus(path, lexical_only))


#: How every table is written: UTF-8 CSV, no index, "\n" line ends (byte-for-byte reproducible).
CSV_FORMAT = {"index": False, "lineterminator": "\n", "encoding": "utf-8"}


@dataclass(frozen=True)
class CsvPiece:
    """One piece of a table already written as CSV text (``header`` line, ``body`` rows), e.g. by a worker process.

    :meth:`of` gives exactly the text :class:`TableWriter` would write for the frame.
    """

    header: str
    body: str

    @classmethod
    def of(cls, frame: pd.DataFrame) -> CsvPiece:
        """Write ``frame`` as CSV text (:data:`CSV_FORMAT`)."""
        options = {k: v for k, v in CSV_FORMAT.items() if k != "encoding"}
        body = frame.to_csv(header=False, **options) if len(frame) else ""
        return cls(frame.iloc[:0].to_csv(**options), body)


def inside_corpus(path: Path | str, protect: Path | str | None = None) -> Path | None:
    """Return the corpus folder that ``path`` is (or lies inside), if any.

    A corpus folder is one holding ``metadata.csv``, or ``protect`` (the
    folder of a ``.jsonl`` or ``.parquet`` corpus, where its profile files
    live: ``path`` may not be it, nor its ``annotations/`` or ``lexicons/``).
    """
    target = Path(path).resolve()
    if protect is not None:
        root = Path(protect).resolve()
        if target == root or target.is_relative_to(root / "annotations") or target.is_relative_to(root / "lexicons"):
            return Path(protect)
    for folder in (target, *target.parents):
        if (folder / "metadata.csv").is_file():
            return folder
    return None


class TableWriter:
    """Write tables as UTF-8 CSV, piece by piece, all or nothing.

    Pieces are appended to files in a fresh folder beside ``out_dir``
    (``.<name>.tmp-*``; the header with the first non-empty piece).
    :meth:`commit` swaps that folder in with two renames (the earlier tables
    aside as ``.<name>.old-*``, then removed), so ``out_dir`` never holds old
    and new tables mixed, and a failure or a killed run leaves the earlier
    tables intact.  A temporary folder left by a killed run is removed by the
    next writer, which also puts back earlier tables a run killed between the
    two renames had set aside.  Appending the pieces of a table gives the same
    bytes as writing the concatenated table at once.

    Parameters
    ----------
    out_dir : path-like
        Destination folder (created if missing).  Never a file, a corpus
        folder nor a folder inside one (one holding ``metadata.csv``, or
        ``protect``): a corpus's files are never overwritten; and, when it
        exists, holding nothing but CSV files (the tables of an earlier run:
        the whole folder is replaced).
    protect : path-like, optional
        A corpus folder to keep out of (e.g. the folder of a ``.jsonl`` corpus).

    Raises
    ------
    ValueError
        When ``out_dir`` is refused (the message says why and what to do).
    """

    def __init__(self, out_dir: Path | str, protect: Path | str | None = None):
        self.out_dir = Path(out_dir)
        inside = inside_corpus(self.out_dir, protect)
        if inside is not None:
            raise ValueError(
                f"refusing to write tables into {self.out_dir}: it is inside the corpus folder {inside}, whose files are never "
                "overwritten; choose an --out outside it"
            )
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise ValueError(f"refusing to write tables into {self.out_dir}: it is a file, not a folder; choose another --out")
        parent = self.out_dir.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        self._recover(parent)
        if self.out_dir.is_dir():
            others = sorted(p.name for p in self.out_dir.iterdir() if not (p.suffix == ".csv" and p.is_file()))
            if others:
                raise ValueError(
                    f"refusing to write tables into {self.out_dir}: it holds other files than tables ({', '.join(others[:3])}"
                    f"{', …' if len(others) > 3 else ''}), and the tables replace the whole folder; choose an empty or new --out"
                )
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.tmp-", dir=parent))
        self.headers: dict[str, str] = {}  # the header of each table seen empty so far, written if no row comes
        self.started: set[str] = set()

    def _recover(self, parent: Path) -> None:
        """Clean what a killed run left beside ``out_dir``: put set-aside tables back if need be, remove temporary folders."""
        name = self.out_dir.name
        aside = sorted(parent.glob(f".{name}.old-*"))
        if aside and not self.out_dir.exists():  # killed between the two renames of a commit: the earlier tables come back
            os.replace(aside[-1], self.out_dir)
            aside = aside[:-1]
        for stale in (*aside, *parent.glob(f".{name}.tmp-*")):
            shutil.rmtree(stale, ignore_errors=True)

    def append(self, tables: dict[str, pd.DataFrame | CsvPiece]) -> None:
        """Append one piece of each table (a data frame, or a :class:`CsvPiece` written elsewhere)."""
        for name, piece in tables.items():
            if isinstance(piece, pd.DataFrame) and not len(piece):
                piece = CsvPiece.of(piece)
            if isinstance(piece, CsvPiece) and not piece.body:
                self.headers.setdefault(name, piece.header)
                continue
            if isinstance(piece, CsvPiece):
                with open(self.tmp / f"{name}.csv", "a", encoding="utf-8", newline="") as out:
                    out.write(piece.body if name in self.started else piece.header + piece.body)
            else:
                piece.to_csv(self.tmp / f"{name}.csv", mode="a", header=name not in self.started, **CSV_FORMAT)
            self.started.add(name)

    def commit(self) -> list[Path]:
        """Swap the new tables in for ``out_dir`` and return the written files, sorted."""
        for name, header in self.headers.items():
            if name not in self.started:
                (self.tmp / f"{name}.csv").write_text(header, encoding="utf-8", newline="")
        names = sorted(self.started | set(self.headers))
        old = None
        if self.out_dir.exists():
            old = self.tmp.with_name(self.tmp.name.replace(".tmp-", ".old-"))
            os.replace(self.out_dir, old)
        os.replace(self.tmp, self.out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return [self.out_dir / f"{name}.csv" for name in names]

    def close(self) -> None:
        """Remove the temporary folder (whatever was not committed is dropped)."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def table_bytes(frame: pd.DataFrame) -> bytes:
    """Return a table's bytes exactly as :func:`write_tables` and ``python -m analysis run`` write them."""
    return frame.to_csv(index=CSV_FORMAT["index"], lineterminator=CSV_FORMAT["lineterminator"]).encode(CSV_FORMAT["encoding"])


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path | str, protect: Path | str | None = None) -> list[Path]:
    """Write tables as UTF-8 CSV, all or nothing (see :class:`TableWriter`).

    Parameters
    ----------
    tables : dict of pandas.DataFrame
        Tables by file stem.
    out_dir : path-like
        Destination folder (created if missing; never inside a corpus, see :class:`TableWriter`).
    protect : path-like, optional
        The folder of a ``.jsonl`` or ``.parquet`` corpus (see :func:`inside_corpus`).

    Returns
    -------
    list of Path
        The written files, sorted.
    """
    writer = TableWriter(out_dir, protect)
    try:
        writer.append(tables)
        return writer.commit()
    finally:
        writer.close()
