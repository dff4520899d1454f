# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · The corpus: five relays, their provenance and their voices
#
# **Question.** Before comparing how outlets frame the US debate on talks with Russia, we need to know
# *whose words* each text holds. Every text here is a French relay of an English-language report, and
# most mix several voices: the relaying site's own commentary, the relayed report, passages quoted from
# third sources, readers' comments and site furniture.
#
# **Inputs.** `data/raw/*.txt` (byte-for-byte copies of the seeds), `data/metadata.csv`,
# `data/outlets.csv`, `data/annotations/voice_segments.csv`, and the study's profile (`data/profile.toml`, its
# topic files and `data/lexicons/`; the French defaults are in `analysis/languages/fr/`).
#
# **Outputs.** `reports/tables/documents.csv`, `sentences.csv`, `segments.csv`, `layers.csv`,
# `quote_spans.csv` (written by `make report`, through `python -m analysis run`).
#
# Every number below is computed by the `analysis` package from those files.

# %%
import pandas as pd

from analysis import LAYERS, SEED, load_study
from analysis.plots import layer_sizes, use_style

use_style()
pd.set_option("display.max_colwidth", 120)
study = load_study("../data")
docs = study.documents

# %% [markdown]
# ## Documents and relay chains
#
# Each relay chain reads from the first source to the French text. Dates are either *stated* in the
# text or *inferred* from it; the evidence column says how. Loading the corpus verified the SHA-256 of
# every raw file against `metadata.csv` (a mismatch stops the study).

# %%
docs[["doc_id", "label", "original_outlet", "relay_chain", "date", "date_basis", "n_sentences", "n_tokens"]]

# %%
docs[["doc_id", "date_evidence", "original_filename"]].assign(sha256=docs["sha256"].str[:12] + "…")

# %% [markdown]
# ## How much of each text is the outlet's own voice?
#
# Voice layers come from hand anchors (`data/annotations/voice_segments.csv`, one row per segment
# start, with a note on each judgement call) plus boilerplate rules (the French defaults, `analysis/languages/fr/boilerplate.csv`).
# Every character of every text belongs to exactly one segment.

# %%
sizes = study.layers.pivot_table(index="doc_id", columns="layer", values="n_tokens", aggfunc="sum", observed=False)
sizes = sizes.reindex(columns=list(LAYERS), fill_value=0).fillna(0).astype(int)
sizes["own_voice_share"] = ((sizes["relay_commentary"] + sizes["original_outlet"]) / sizes.sum(axis=1)).round(3)
sizes

# %%
fig = layer_sizes(study.layers, docs)

# %% [markdown]
# Two texts are almost pure relays of one report (the CNN relay and Politico via RT). The Moon of
# Alabama relay is about half quotation; the WSJ relay carries as many words of reader comments as of
# its own commentary.

# %% [markdown]
# ## Quoted blocks and their sources
#
# A quoted block names its source only when the text does; otherwise it is `unnamed`, and the
# annotation note records what the text allows us to say.

# %%
blocks = study.segments.query("layer == 'quoted_block'")
notes = study.corpus.annotations.set_index(["doc_id", "start"])["note"]
blocks.assign(note=[notes.get((d, s), "") for d, s in zip(blocks["doc_id"], blocks["start"])])[
    ["doc_id", "segment_id", "start", "end", "source", "note"]
]

# %% [markdown]
# ## Direct quotations inside sentences
#
# Quotation marks are paired within a paragraph. Relays mix their marks (“ … »), reverse them
# (`qu' »il`) or never close them; the status column keeps that visible instead of guessing.

# %%
study.quote_spans.pivot_table(index="doc_id", columns="status", values="quote_id", aggfunc="count", fill_value=0)

# %% [markdown]
# ## A sample of sentences per layer
#
# Two sentences per layer, drawn with the study's fixed seed; `start`/`end` index the raw text.

# %%
sample = study.sentences.groupby("layer", observed=True).sample(n=2, random_state=SEED)
sample = sample.sort_values(["layer", "doc_id", "sentence_id"])
sample[["layer", "doc_id", "sentence_id", "start", "end", "text"]]

# %% [markdown]
# ## Sentence lengths
#
# Tokens per sentence in each document's own voice (relay commentary and original outlet).

# %%
own = study.sentences[study.sentences["layer"].isin(["relay_commentary", "original_outlet"])]
own.groupby("outlet")["n_tokens"].describe()[["count", "mean", "50%", "max"]].round(1)
