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
from .findings import findings, plural
from .pages import Markup, render

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
nav a{margin-right:1em} .scroll{max-height:28em;overflow:auto;border:1px solid #eee}
"""


def figure_html(fig: plt.Figure, alt: str) -> str:
    """Embed a matplotlib figure as a base64 PNG ``<img>`` (then close it)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return Markup('<img alt="{}" src="data:image/png;base64,{}">').format(alt, data)


def table_html(frame: pd.DataFrame, max_rows: int | None = 40) -> str:
    """Render a DataFrame as an escaped HTML table (first ``max_rows`` rows; all with ``None``, or a note of what is left out)."""
    shown = frame if max_rows is None else frame.head(max_rows)
    note = Markup('<p class="muted">First {} of {} rows.</p>').format(max_rows, len(frame)) if len(shown) < len(frame) else ""
    return Markup(shown.to_html(index=False, escape=True, border=0, na_rep="")) + note  # pandas escapes every cell


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
    n_outlets = study.documents["outlet"].nunique()
    language = p.rules.name if not p.lexical_only else p.language
    rows = [
        ("language", f"{language} ({p.language})" + (": no shipped defaults, lexical tables only" if p.lexical_only else ""), "profile"),
        (
            "distinctive words, term rates, outlet map",
            "computed" if n_outlets > 1 else "term rates computed; distinctive words and the outlet map need two outlets or more",
            f"stopwords: {origin('stopwords')}",
        ),
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
            f"catalogue of {plural(len(p.events), 'event')}"
            if len(p.events)
            else f"{plural(len(study.stories['stories']), 'story', 'stories')} discovered",
            "events.csv (discovered stories shown beside it: story_events.csv)"
            if len(p.events)
            else f"clustering of the documents (README, 'Stories'); add events.csv for a catalogue ({init})",
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
        ("stories_gold.csv", "story clustering evaluation"),
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


def corpus_table(study) -> pd.DataFrame:
    """Every document of the corpus, one row each: id, outlet, date, tokens (and relay columns when the corpus has relays)."""
    docs = study.documents
    cols = ["doc_id", "label", "date", "n_tokens"]
    original = docs["original_outlet"].fillna("").astype(str)
    if (original.ne("") & original.ne(docs["outlet"].astype(str))).any() or docs["relay_chain"].fillna("").astype(str).ne("").any():
        cols[2:2] = ["original_outlet", "relay_chain"]
    titles = study.corpus.documents.set_index("doc_id")["title"] if "title" in study.corpus.documents else None
    out = docs[cols].rename(columns={"label": "outlet"})
    if titles is not None and titles.astype(str).str.len().gt(0).any():
        out.insert(1, "title", out["doc_id"].map(titles).fillna(""))
    return out


def limitations(study) -> list[str]:
    """List the limitations of this corpus's report, generated from what the corpus has (documents per outlet, annotations, language, relays)."""
    docs = study.documents
    per = docs.groupby("label")["doc_id"].nunique()
    out = []
    single = sorted(per[per == 1].index)
    if len(single):
        out.append(
            f"{len(single)} of {len(per)} outlets {'has' if len(single) == 1 else 'have'} a single document ({', '.join(single[:6])}{'…' if len(single) > 6 else ''}): "
            "their intervals resample that text's sentences and describe the text, not the outlet."
        )
    if (per >= 2).any():
        out.append(
            f"Outlets of two documents or more (up to {int(per.max())}) are resampled by document: their intervals are wide when they have few documents."
        )
    out.append(
        f"{len(docs)} documents, {int(docs['n_tokens'].sum()):,} tokens: word-level contrasts between outlets are suggestive; "
        "intervals are shown wherever a share or rate is."
    )
    out.append(
        f"Language: {study.profile.rules.name if not study.profile.lexical_only else study.profile.language}. Cue lexicons find candidates, "
        "not meanings: negation scope, irony and quotation of others' words escape them."
    )
    if len(study.profile.cues):
        out.append(
            "Speakers are found by rules (names, titles, roles and appositions in the text), which make mistakes: the README "
            "('Speakers') gives their measured accuracy on held-out corpora; read a speaker with its sentence."
        )
    if not study.has_catalogue and len(study.stories["stories"]):
        out.append(
            f"Stories were discovered by clustering the documents (no events.csv): {plural(len(study.stories['stories']), 'story', 'stories')}; a story is a candidate "
            "grouping to check against the texts, not a catalogue."
        )
    present = [
        n
        for n in ("quotes_gold.csv", "stance_labels.csv", "stories_gold.csv", "event_links.csv", "frames_documents.csv")
        if study.annotation_path(n)
    ]
    if present:
        out.append(f"Hand annotations used for evaluation: {', '.join(present)}; each follows a codebook in docs/.")
    else:
        out.append("No hand annotation: the report shows what the rules find, without a measured accuracy on this corpus.")
    relayed = docs["source_language"].ne("") & docs["source_language"].ne(docs["language"])
    if relayed.any():
        out.append(
            f"{int(relayed.sum())} of {len(relayed)} documents are translations (their source language differs from theirs): "
            'what an outlet "says" there is what its relay printed, errors included.'
        )
    return out


def stories_table(study) -> pd.DataFrame:
    """List the stories (discovered or catalogued) that the outlets report, with who covers them and a sentence of each."""
    cov = study.hand_coverage if len(study.hand_coverage) else study.coverage
    if cov.empty:
        return pd.DataFrame(columns=["story", "outlets", "n_outlets", "first_sentence"])
    labels = dict(zip(study.corpus.outlets["outlet"], study.corpus.outlets["label"]))
    covered = cov[cov["covered"].astype(bool)]
    who = covered.groupby("event_id")["outlet"].agg(lambda o: ", ".join(sorted(labels.get(x, x) for x in o)))
    n = covered.groupby("event_id")["outlet"].nunique()
    cat = study.event_catalogue.set_index("event_id")
    rows = pd.DataFrame(
        {"story": [cat["label"].get(e, e) for e in who.index], "outlets": who.to_numpy(), "n_outlets": n.to_numpy()}, index=who.index
    )
    if not study.has_catalogue and len(study.stories["stories"]):
        st = study.stories["stories"].set_index("story_id")
        rows["dates"] = [_dates(st.loc[e, "first_date"], st.loc[e, "last_date"]) if e in st.index else "" for e in rows.index]
        rows["sentence"] = [
            f"{st.loc[e, 'representative_doc']}: {st.loc[e, 'representative_text']}" if e in st.index else "" for e in rows.index
        ]
    return rows.sort_values(["n_outlets", "story"], ascending=[False, True]).reset_index(drop=True)


def _dates(first, last) -> str:
    """Return a story's date range ("2022-11-01…2022-11-03", one date when equal, empty when undated)."""
    first, last = ("" if pd.isna(d) else str(d) for d in (first, last))
    return first if first == last else f"{first}…{last}"


def speakers_table(study, top: int = 5) -> pd.DataFrame:
    """Each outlet's most quoted speakers (own voice), with their type, role and number of quotes."""
    q = study.quotes
    q = q[q["layer"].isin(["relay_commentary", "original_outlet"]) & q["speaker_type"].ne("unknown")]
    if q.empty:
        return pd.DataFrame(columns=["outlet", "speaker", "speaker_type", "role", "quotes"])
    labels = dict(zip(study.corpus.outlets["outlet"], study.corpus.outlets["label"]))
    g = q.groupby(["outlet", "speaker", "speaker_type"]).agg(
        quotes=("start", "size"), role=("speaker_role", lambda r: next((x for x in r if x), ""))
    )
    g = g.reset_index().sort_values(["outlet", "quotes", "speaker"], ascending=[True, False, True]).groupby("outlet").head(top)
    g["outlet"] = g["outlet"].map(lambda o: labels.get(o, o))
    return g[["outlet", "speaker", "speaker_type", "role", "quotes"]]


def distinctive_table(study, top: int = 5) -> pd.DataFrame:
    """Each outlet's top distinctive terms with their stability and dispersion (documents using them, share from the top document)."""
    boot = study.keyness_bootstrap
    cols = [c for c in ("outlet", "term", "z", "z_p05", "z_p95", "top_share", "n_docs", "top_doc_share", "resampled") if c in boot]
    return boot[boot["rank"] <= top][cols]


def shown(frame: pd.DataFrame, why: str) -> str:
    """Return a table's HTML, or, when it has no row, the reason in a sentence (an empty table explains nothing)."""
    return (
        Markup('<div class="scroll">{}</div>').format(table_html(frame, max_rows=None))
        if len(frame)
        else Markup('<p class="muted">{}</p>').format(why)
    )


def words_reason(study) -> str:
    """Say why a corpus has no distinctive terms (one outlet, or too little text)."""
    outlets = sorted(study.documents["label"].astype(str).unique())
    if len(outlets) < 2:
        return f"Distinctive terms need two outlets or more (each is contrasted with the rest): this corpus has one, {', '.join(outlets) or 'none'}."
    return "No distinctive term: no word is used twice in the outlets' own voice, too little text to contrast the outlets."


def index_page(study, pages: Sequence[str], title: str = "framing-lab: how outlets frame the same events", api: bool = False) -> str:
    """Build ``index.html``: question, corpus, stories, who is quoted, words, findings, limitations, links.

    Every section is computed from this corpus's tables: a user's corpus gets
    the same page as the study, with its own stories, speakers and words,
    and limitations that describe it.
    """
    docs = corpus_table(study)
    plots.use_style()
    distinctive = distinctive_table(study)
    return render(
        "index.html",
        title=title,
        css=Markup(CSS),
        corpus_name=study.corpus.name,
        n_documents=plural(len(docs), "document"),
        n_outlets=plural(study.documents["label"].nunique(), "outlet"),
        documents_count=len(docs),
        documents=Markup(table_html(docs, max_rows=None)),
        story_kind=(
            "Catalogued events (events.csv)" if study.has_catalogue else "Stories discovered by clustering the documents (no events.csv)"
        ),
        stories=Markup(shown(stories_table(study), "No story: no outlet's own voice holds enough text to group the documents.")),
        speakers=Markup(shown(speakers_table(study), "No quote with a speaker was found in the outlets' own voice.")),
        words_reason="" if len(distinctive) else words_reason(study),
        words=Markup(shown(distinctive, "")),
        examples=Markup(table_html(example_sentences(study), max_rows=None)) if len(distinctive) else "",
        findings=[(text, Markup(figure_html(draw(), text)) if draw else "") for text, draw in findings(study)],
        configuration=Markup(table_html(configuration(study), max_rows=None)),
        explorer=Markup(term_explorer_html(study)) if len(distinctive) else "",
        limitations=limitations(study),
        notebooks=list(pages),
        api=api,
    )


def build_site(
    study,
    out_dir: Path | str,
    notebooks: Sequence[Path] = (),
    execute: bool = True,
    jobs: int | None = None,
    done: Callable[[Path], None] | None = None,
    api: bool = False,
) -> list[Path]:
    """Write the report site: index, reader/full editions of the given notebooks, and the API reference if asked.

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
    api : bool, default False
        Also write the package's API reference under ``api/`` (:func:`write_api_reference`), linked from the index.

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
    api = write_api_reference(out_dir / "api") if api else []
    index = out_dir / "index.html"
    index.write_text(index_page(study, [p.stem for p in notebooks], api=bool(api)), encoding="utf-8")
    return [index, *written, *api]


def api_modules() -> list[str]:
    """Return the package's modules for the API reference: ``analysis`` and every submodule, subpackages' too (``__main__`` aside), sorted."""
    import pkgutil

    import analysis

    found = pkgutil.walk_packages(analysis.__path__, "analysis.")
    return ["analysis", *sorted(m.name for m in found if m.name != "analysis.__main__")]


def write_api_reference(out_dir: Path | str) -> list[Path]:
    """Write the API reference (every module's docstrings, numpydoc sections, source) as HTML pages under ``out_dir``.

    Built by pdoc (https://pdoc.dev), a study dependency; without it nothing
    is written and an empty list is returned (the index page then has no link).
    The pages load nothing from the network (formulas stay in their LaTeX
    source: pdoc's rendered math would fetch MathJax).

    Returns
    -------
    list of Path
        The pages written, sorted.
    """
    try:
        import pdoc
        import pdoc.render
    except ImportError:
        return []
    out_dir = Path(out_dir)
    modules = api_modules()
    pdoc.render.configure(docformat="numpy", footer_text="framing-lab", search=True, show_source=True)
    pdoc.pdoc(*[m for m in modules if m.count(".") <= 1], output_directory=out_dir)  # pdoc documents a package's modules itself
    pages = {out_dir / "index.html"} | {out_dir / (name.replace(".", "/") + ".html") for name in modules}
    for stale in sorted(set(out_dir.rglob("*.html")) - pages):  # a module renamed or removed since the last build
        stale.unlink()
    return sorted(out_dir.rglob("*.html"))


def study_notebooks() -> list[Path]:
    """List the study's notebooks, in order (``notebooks/NN_*.ipynb``)."""
    return sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
