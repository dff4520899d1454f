"""The static report: an index page of findings, and every notebook as a reader and a full edition.

:func:`build_site` writes, under one folder:

* ``index.html``: the research question, the corpus and its relay chains, the
  method in brief, the headline findings (each sentence computed from the
  study's tables, each figure drawn by :mod:`analysis.plots`), limitations,
  and links to the notebook pages;
* ``reader/NN_name.html`` (code hidden: cells are shown without their input)
  and ``full/NN_name.html`` (code shown), when notebooks are given.

Pages work offline: figures are embedded as base64 PNG, no script or style
sheet is loaded from the network (the notebook exporter's CDN links for
require.js and MathJax are removed), and every piece of corpus text is
HTML-escaped, so a document containing ``<script>`` shows as text.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pandas as pd

from . import plots
from .config import NOTEBOOKS_DIR
from .explorer import term_explorer_html

_REMOTE = re.compile(r"<script[^>]*\ssrc=\"https?://[^\"]*\"[^>]*>\s*</script>|<link[^>]*\shref=\"https?://[^\"]*\"[^>]*/?>", re.IGNORECASE)
_MATHJAX_CONFIG = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL)
_MATHJAX_BLOCK = re.compile(r"<script type=\"text/x-mathjax-config\">.*?</script>", re.DOTALL)
#: nbconvert's loader for the ipywidgets renderer fetches it from a CDN: widgets need a kernel anyway.
_WIDGET_LOADER = re.compile(r"<script>\s*\(function\(\)\s*\{\s*function addWidgetsRenderer\(\).*?</script>", re.DOTALL)

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.8em;margin-bottom:.2em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.9em;margin:.6em 0} th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4} img{max-width:100%;height:auto} .muted{color:#666;font-size:.9em} li{margin:.3em 0}
nav a{margin-right:1em}
"""


def figure_html(fig: plt.Figure, alt: str) -> str:
    """Embed a matplotlib figure as a base64 PNG ``<img>`` (then close it)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{data}">'


def table_html(frame: pd.DataFrame, max_rows: int = 40) -> str:
    """Render a DataFrame as an escaped HTML table (first ``max_rows`` rows)."""
    return frame.head(max_rows).to_html(index=False, escape=True, border=0, na_rep="")


def make_offline(page: str) -> str:
    """Remove every script and style sheet loaded from the network, and the MathJax and widget loaders."""
    page = _MATHJAX_CONFIG.sub("", page)
    page = _MATHJAX_BLOCK.sub("", page)
    page = _WIDGET_LOADER.sub("", page)
    return _REMOTE.sub("", page)


def _client(nb: nbformat.NotebookNode, path: Path, timeout: int):
    from nbclient import NotebookClient

    return NotebookClient(
        nb, timeout=timeout, kernel_name="python3", record_timing=False, resources={"metadata": {"path": str(path.parent)}}
    )


def execute_notebook(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute a notebook in its folder (no timings recorded) and return it."""
    nb = nbformat.read(path, as_version=4)
    _client(nb, path, timeout).execute()
    return nb


def execute_notebooks(
    paths: Sequence[Path], jobs: int | None = None, timeout: int = 600, done: Callable[[Path], None] | None = None
) -> list[nbformat.NotebookNode]:
    """Execute notebooks side by side, at most ``jobs`` kernels at a time (default: one per core), in input order.

    Each notebook runs in its own kernel process, driven by nbclient's
    asynchronous API from one event loop (no forked workers), so the outputs
    are those of :func:`execute_notebook`; ``done(path)`` is called as each
    notebook finishes (for a progress bar).  They are started last first:
    a study's later notebooks build on more of it and take longest, and
    starting the longest first keeps every core busy to the end.
    """
    import asyncio

    paths = list(paths)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))

    async def run_all() -> list[nbformat.NotebookNode]:
        gate = asyncio.Semaphore(jobs)

        async def one(path: Path) -> nbformat.NotebookNode:
            async with gate:
                nb = nbformat.read(path, as_version=4)
                await _client(nb, path, timeout).async_execute()
            if done is not None:
                done(path)
            return nb

        tasks = {p: asyncio.ensure_future(one(p)) for p in reversed(paths)}  # the gate lets them in in this order
        await asyncio.gather(*tasks.values())
        return [tasks[p].result() for p in paths]

    return asyncio.run(run_all())


def export_notebook(nb: nbformat.NotebookNode, reader: bool) -> str:
    """Export a notebook to offline HTML; the reader edition hides every code input."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=reader, exclude_input_prompt=reader, exclude_output_prompt=reader)
    body, _ = exporter.from_notebook_node(nb)
    return make_offline(body)


def findings(study) -> list[tuple[str, object]]:
    """Headline findings: (sentence, function drawing its figure, or None), each computed from the study's tables."""
    labels = dict(zip(study.corpus.outlets["outlet"], study.corpus.outlets["label"]))
    out: list[tuple[str, object]] = []
    layers = study.layers
    own = (
        layers[layers["layer"].isin(["relay_commentary", "original_outlet"])].groupby("doc_id")["n_tokens"].sum()
        / layers.groupby("doc_id")["n_tokens"].sum()
    )
    out.append(
        (
            f"Only part of each text is the outlet's own voice: from {own.min():.0%} to {own.max():.0%} of tokens, the rest being quoted "
            "blocks, reader comments and site furniture, so every measure below reads the own voice unless said otherwise.",
            lambda: plots.layer_sizes(study.layers, study.documents),
        )
    )
    boot = study.keyness_bootstrap
    if len(boot):
        stable = boot[boot["top_share"] >= 0.8]
        words = "; ".join(f"{labels.get(o, o)}: {', '.join(g['term'].head(3))}" for o, g in stable.groupby("outlet"))
        out.append(
            (
                f"Distinctive vocabulary is fragile with texts this short: {len(stable)} of {len(boot)} top terms stay in their outlet's top "
                f"list in 80% of sentence resamples ({words or 'none'}).",
                lambda: plots.keyness_bars(boot, study.corpus.outlets),
            )
        )
    prof = study.sourcing_profile
    if len(prof):
        p = prof.set_index("outlet")
        out.append(
            (
                f"Anonymous sources carry {p['anonymous_share'].max():.0%} of the quotes in {labels.get(p['anonymous_share'].idxmax())} "
                f"and {p['anonymous_share'].min():.0%} in {labels.get(p['anonymous_share'].idxmin())}.",
                lambda: plots.sourcing_bars(prof, study.corpus.outlets),
            )
        )
    scores = study.stance_evaluation["scores"]
    if len(scores):
        pooled = scores[scores["target"] == "all"].set_index("method")["f_avg"]
        out.append(
            (
                f"Stance detection is hard at the sentence level: held-out SemEval F_avg {pooled.get('rules', 0):.2f} for the rules and "
                f"{pooled.get('classifier', 0):.2f} for the classifier (majority baseline {pooled.get('majority', 0):.2f}); profiles are shown "
                "with the hand-label profile beside them in notebook 04.",
                lambda: plots.stance_profile_plot(study.stance_profile, study.corpus.outlets, voice="own"),
            )
        )
    fp = study.frame_profile
    if len(fp):
        wide = fp[fp["frame"] != "entman"].pivot_table(index="outlet", columns="frame", values="share")
        top = "; ".join(f"{labels.get(o, o)}: {row.idxmax().replace('_', ' ')}" for o, row in wide.iterrows())
        out.append(
            (
                f"Most present generic frame per outlet: {top}.",
                lambda: plots.frame_heatmap(fp, study.corpus.outlets),
            )
        )
    cov = study.hand_coverage if len(study.hand_coverage) else study.coverage
    if len(cov):
        n_out = cov.groupby("event_id")["covered"].sum()
        shared = int((n_out >= 2).sum())
        out.append(
            (
                f"Of {int((n_out > 0).sum())} events reported, {shared} are covered by two outlets or more and {int((n_out == 1).sum())} by a single one.",
                lambda: plots.coverage_heatmap(cov, study.corpus.outlets, study.event_catalogue),
            )
        )
    disc = study.fidelity["discrepancies"]
    if len(disc):
        kinds = ", ".join(f"{k} {v}" for k, v in disc["kind"].value_counts().sort_index().items())
        out.append((f"Relay fidelity: {len(disc)} differences flagged between texts relaying the same report ({kinds}).", None))
    sim = study.outlet_similarity.where(lambda d: d < 0.9999).stack()
    if len(sim):
        a, b = sim.idxmax()
        out.append(
            (
                f"Closest vocabularies: {labels.get(a, a)} and {labels.get(b, b)} (cosine {sim.max():.2f}).",
                lambda: plots.similarity_heatmap(study.outlet_similarity, study.corpus.outlets),
            )
        )
    return out


def configuration(study) -> pd.DataFrame:
    """List what the report covers for this corpus, and how to get what it does not: one row per analysis.

    Computed from the corpus's profile (:mod:`analysis.profile`) and
    annotations, so a user's report says, for instance, that stance was not
    configured and which file configures it, instead of showing empty tables.

    Returns
    -------
    pandas.DataFrame
        ``analysis, status, from`` (where its inputs came from, or how to add them).
    """
    p = study.profile
    src = p.sources.set_index("resource")

    def origin(name: str) -> str:
        row = src.loc[name]
        parts = [row["default"]] if row["default"] else []
        if row["corpus_file"]:
            parts.append(f"{row['corpus_file']} ({row['mode']})" if row["mode"] in ("extend", "replace") else row["corpus_file"])
        return " + ".join(parts) or "none"

    init = "`python -m analysis init` writes a commented template"
    language = p.rules.name if not p.lexical_only else p.language
    rows = [
        ("language", f"{language} ({p.language})" + (": no shipped defaults, lexical tables only" if p.lexical_only else ""), "profile"),
        ("distinctive words, term rates, outlet map", "computed", f"stopwords: {origin('stopwords')}"),
        (
            "quotes and speakers",
            "computed" if len(p.cues) else "reported speech not detected: no reporting verbs for this language",
            f"reporting verbs: {origin('cues')}; actors: {origin('actors')}; anonymous sources: {origin('anonymous_sources')}",
        ),
        ("evaluative and epistemic cues", "computed" if len(p.cues) else "not computed: no cue lexicon for this language", origin("cues")),
        ("frames (Semetko & Valkenburg, Entman)", "computed" if len(p.frame_cues) else "not computed: no frame cues", origin("frame_cues")),
        ("persuasion cues", "computed" if len(p.persuasion) else "not computed: no persuasion cues", origin("persuasion")),
        (
            "naming variants",
            "computed" if len(p.naming) else "not configured",
            origin("naming") if len(p.naming) else f"add lexicons/naming.csv ({init})",
        ),
        (
            "stance",
            f"computed on {len(p.targets)} target(s)" if p.stance_configured else "not configured",
            "targets.csv + stance_cues.csv" if p.stance_configured else f"add targets.csv and stance_cues.csv beside the metadata ({init})",
        ),
        (
            "events (coverage, blindspots)",
            f"catalogue of {len(p.events)} events" if len(p.events) else "no catalogue",
            "events.csv" if len(p.events) else f"add events.csv ({init})",
        ),
        (
            "relay fidelity",
            f"{len(p.relay_pairs)} relay pair(s)" if len(p.relay_pairs) else "not configured",
            "relay_pairs.csv" if len(p.relay_pairs) else f"add relay_pairs.csv if some documents relay the same report ({init})",
        ),
    ]
    for name, what in (
        ("stance_labels.csv", "stance classifier and its evaluation"),
        ("quotes_gold.csv", "quote evaluation"),
        ("event_links.csv", "event alignment evaluation"),
        ("frames_documents.csv", "frame agreement"),
    ):
        found = study.annotation_path(name) is not None
        rows.append(
            (what, "computed" if found else "no hand annotation", f"annotations/{name}" if found else "see the README, 'Annotations'")
        )
    return pd.DataFrame(rows, columns=["analysis", "status", "from"])


def example_sentences(study, top: int = 3) -> pd.DataFrame:
    """Each outlet's ``top`` distinctive terms with the first own-voice sentence that contains each."""
    boot = study.keyness_bootstrap
    own = study.view("own_voice")
    rows = []
    for r in boot[boot["rank"] <= top].itertuples():
        s = own[(own["outlet"] == r.outlet) & own["text"].str.contains(rf"(?<![\w-]){re.escape(r.term)}(?![\w-])", case=False, regex=True)]
        first = s.iloc[0] if len(s) else None
        rows.append(
            {
                "outlet": r.outlet,
                "term": r.term,
                "z": r.z,
                "sentence": "" if first is None else f"{first['doc_id']} s{first['sentence_id']}: {first['text']}",
            }
        )
    return pd.DataFrame(rows, columns=["outlet", "term", "z", "sentence"])


def index_page(study, pages: Sequence[str], title: str = "framing-lab: how outlets frame the same events") -> str:
    """Build ``index.html``: question, corpus, method, findings, limitations, links."""
    docs = study.documents[["doc_id", "label", "original_outlet", "relay_chain", "date", "date_basis", "n_tokens"]]
    links = "".join(
        f'<li>{html.escape(p)}: <a href="reader/{html.escape(p)}.html">reader edition</a> · <a href="full/{html.escape(p)}.html">full edition (code)</a></li>'
        for p in pages
    )
    plots.use_style()
    items = "".join(f"<li><p>{html.escape(text)}</p>{figure_html(draw(), text) if draw else ''}</li>" for text, draw in findings(study))
    relayed = study.documents["source_language"].ne("") & study.documents["source_language"].ne(study.documents["language"])
    relay_note = (
        f"<li>{int(relayed.sum())} of {len(relayed)} documents are translations (their source language differs from theirs): "
        'what an outlet "says" there is what its relay printed, errors included.</li>'
        if relayed.any()
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{CSS}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="muted">Corpus: {html.escape(study.corpus.name)} · {len(docs)} documents · {docs["label"].nunique()} outlets</p>
<nav><a href="#question">Question</a><a href="#corpus">Corpus</a><a href="#method">Method</a><a href="#configuration">Coverage</a><a href="#findings">Findings</a><a href="#explore">Explore</a><a href="#limitations">Limitations</a><a href="#notebooks">Notebooks</a></nav>
<h2 id="question">Research question</h2>
<p>How do outlets frame the same events? Which words, which sources, which stances, which frames; what each includes, omits
and stresses; and what changes when one outlet relays another's report. Every number traces back to the sentences behind it
(document, sentence and character offsets in the tables).</p>
<h2 id="corpus">The corpus and its relay chains</h2>
{table_html(docs)}
<h2 id="method">Method in brief</h2>
<ul>
<li>Voice layers separate the relay's commentary, the relayed report, quoted blocks, reader comments and site furniture; measures read the outlet's own voice.</li>
<li>Distinctive vocabulary: log-odds with informative Dirichlet prior, Lafon specificity, G²; uncertainty by resampling sentences.</li>
<li>Sourcing: direct, indirect and <i>selon</i> quotes attributed to named or anonymous speakers (rules after the Gender Gap Tracker).</li>
<li>Stance per sentence, target and holder: a rule baseline and a classifier, evaluated leave-one-outlet-out with the SemEval-2016 metric.</li>
<li>Frames: Semetko &amp; Valkenburg's 20 questions and Entman's functions answered from cue lexicons; events aligned to a catalogue; relay pairs compared sentence by sentence.</li>
</ul>
<h2 id="configuration">What this report covers</h2>
<p>Computed from the corpus's profile and annotations: what each analysis used, and how to add what is missing.</p>
{table_html(configuration(study))}
<h2 id="findings">Headline findings</h2>
<ol>{items}</ol>
<h2 id="words">The words behind the numbers</h2>
<p>Each outlet's three most distinctive terms (log-odds z against the rest, own voice) and a sentence that uses each.</p>
{table_html(example_sentences(study))}
<h2 id="explore">Explore the words</h2>
<p>Each outlet's terms by frequency and distinctiveness; hover a point for its counts, click it to read the sentences.</p>
{term_explorer_html(study)}
<h2 id="limitations">Limitations</h2>
<ul>
<li>Few, short texts: word-level contrasts are suggestive; intervals are shown wherever a share or rate is.</li>
<li>Cue lexicons find candidates, not meanings: negation scope, irony and translation errors escape them.</li>
<li>Hand annotations (voice layers, quotes, stance, events, frames) were made with codebooks by model helpers; a second annotator checked stance only.</li>
{relay_note}
</ul>
<h2 id="notebooks">Notebooks</h2>
<ul>{links or "<li>No notebook pages in this report (command-line report).</li>"}</ul>
</body></html>
"""


def build_site(
    study,
    out_dir: Path | str,
    notebooks: Sequence[Path] = (),
    execute: bool = True,
    jobs: int | None = None,
    done: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write the report site: index, and reader/full editions of the given notebooks.

    Parameters
    ----------
    study : Study
        The study (tables and figures for the index).
    out_dir : path-like
        The site's folder.
    notebooks : sequence of Path
        Notebooks to publish, in order (default: none).
    execute : bool, default True
        Execute each notebook before exporting it (otherwise export its
        committed outputs).
    jobs : int, optional
        Notebooks executed side by side (default: one per core); see
        :func:`execute_notebooks`.
    done : callable, optional
        Called with each notebook's path when it has been executed.

    Returns
    -------
    list of Path
        The pages written.
    """
    out_dir = Path(out_dir)
    written = []
    for edition in ("reader", "full"):
        (out_dir / edition).mkdir(parents=True, exist_ok=True)
    notebooks = list(notebooks)
    if execute:
        books = execute_notebooks(notebooks, jobs=jobs, done=done)
    else:
        books = [nbformat.read(path, as_version=4) for path in notebooks]
    for path, nb in zip(notebooks, books):
        for edition in ("reader", "full"):
            page = out_dir / edition / f"{path.stem}.html"
            page.write_text(export_notebook(nb, reader=edition == "reader"), encoding="utf-8")
            written.append(page)
    index = out_dir / "index.html"
    index.write_text(index_page(study, [p.stem for p in notebooks]), encoding="utf-8")
    return [index, *written]


def study_notebooks() -> list[Path]:
    """List the study's notebooks, in order (``notebooks/NN_*.ipynb``)."""
    return sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
