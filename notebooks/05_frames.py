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
# # 05 · Frames: conflict, responsibility, morality, economics, human interest
#
# **Question.** Which generic news frames does each outlet use in its own voice, which of Entman's four
# framing functions does it perform, and which persuasion techniques does it reach for?
#
# **Method** (`analysis/frames.py`). The 20 yes/no questions of Semetko & Valkenburg (2000) and Entman's
# four functions (codebook `docs/frames_codebook.md`) are answered per sentence from French cue patterns
# (`data/lexicons/frame_cues.csv`). A sentence's frame score is the share of the frame's questions it
# answers yes; a frame is present when the score is above zero. Persuasion techniques of SemEval-2023 Task 3
# are counted from `data/lexicons/persuasion.csv`. Cues find candidates: they do not read irony or scope.
#
# **Outputs.** `reports/tables/frames.csv`, `frame_profile.csv`, `frame_answers.csv`, `frame_agreement.csv`,
# `persuasion.csv`, `persuasion_rates.csv`.

# %%
import pandas as pd

from analysis import load_study
from analysis.frames import ITEM_FRAME, load_frame_coding
from analysis.plots import cue_rates_plot, frame_heatmap, use_style

use_style()
pd.set_option("display.max_colwidth", 100)
study = load_study("../data")
outlets = study.corpus.outlets
print(
    f"Frame-question cues found: {len(study.frame_items)} in {study.frame_items[['doc_id', 'sentence_id']].drop_duplicates().shape[0]} sentences"
)

# %% [markdown]
# ## Frame profile per outlet (own voice)
#
# Share of each outlet's own-voice sentences in which a frame is present, with a 5-95 % bootstrap interval
# over sentences:

# %%
fp = study.frame_profile
fp.pivot_table(index="frame", columns="outlet", values="share")

# %%
fp[["outlet", "frame", "n_sentences", "present", "share", "share_p05", "share_p95", "mean_score"]]

# %%
fig = frame_heatmap(fp, outlets)

# %% [markdown]
# ## Which questions fire, and on which words?
#
# Sentences answering yes per question and outlet (own voice), then the cues behind the answers:

# %%
own_items = study.frame_items[study.frame_items["layer"].isin(["relay_commentary", "original_outlet"])]
q = own_items.drop_duplicates(["doc_id", "sentence_id", "item"]).pivot_table(
    index="item", columns="outlet", values="sentence_id", aggfunc="count", fill_value=0
)
q.assign(frame=q.index.map(ITEM_FRAME))

# %%
own_items.groupby(["item", "cue"]).size().rename("n").reset_index().sort_values(["item", "n"], ascending=[True, False]).groupby(
    "item"
).head(3)

# %% [markdown]
# ## A check against hand coding
#
# The five documents were coded by hand, question by question, before the cue lexicon was written and
# without its author seeing the coding (`data/annotations/frames_documents.csv`). A document answers yes
# when any own-voice sentence does. Agreement and Cohen's kappa per frame:

# %%
study.frame_agreement

# %%
hand = load_frame_coding(study.annotation_path("frames_documents.csv"))
both = study.frame_answers.merge(hand[["doc_id", "item", "answer"]], on=["doc_id", "item"], suffixes=("_auto", "_hand"))
both[both["answer_auto"] != both["answer_hand"]].pivot_table(
    index="item", columns="doc_id", values="answer_auto", aggfunc="first", fill_value=""
)

# %% [markdown]
# A sentence-level lexicon says yes far more easily than a coder reading a whole article: one cue
# anywhere suffices. Where the automatic answer says yes and the hand coding says no (cells above), the
# cue is usually present without carrying the frame; the profile above is therefore best read as *where
# frame vocabulary occurs*, compared across outlets with the same lexicon, not as an absolute measure.

# %% [markdown]
# ## Persuasion techniques
#
# Rates per 1,000 own-voice tokens, with bootstrap intervals:

# %%
pr = study.persuasion_rates
pr.pivot_table(index="category", columns="outlet", values="per_1000")

# %%
fig = cue_rates_plot(pr, outlets, title_category_prefix="")

# %%
p = study.persuasion
p = p[p["layer"].isin(["relay_commentary", "original_outlet"])].merge(study.sentences[["doc_id", "sentence_id", "text"]])
p.groupby(["outlet", "cue_type"]).head(1)[["outlet", "cue_type", "cue", "sentence_id", "text"]].sort_values(["cue_type", "outlet"])

# %% [markdown]
# ## What the numbers show

# %%
labels = dict(zip(outlets["outlet"], outlets["label"]))
wide = fp.pivot_table(index="outlet", columns="frame", values="share").drop(columns="entman")
agree = study.frame_agreement.set_index("frame")
pers = pr.groupby("outlet")["per_1000"].sum()
for line in [
    f"Most frequent generic frame overall: {wide.mean().idxmax()} (mean share {wide.mean().max():.2f} of own-voice sentences); "
    f"least: {wide.mean().idxmin()} ({wide.mean().min():.2f}).",
    f"Conflict vocabulary is densest in {labels[wide['conflict'].idxmax()]} ({wide['conflict'].max():.2f}) "
    f"and sparsest in {labels[wide['conflict'].idxmin()]} ({wide['conflict'].min():.2f}).",
    f"Morality vocabulary is densest in {labels[wide['morality'].idxmax()]} ({wide['morality'].max():.2f}).",
    f"Persuasion cues (all techniques) per 1,000 tokens: highest {labels[pers.idxmax()]} ({pers.max():.1f}), lowest {labels[pers.idxmin()]} ({pers.min():.1f}).",
    f"Automatic vs hand document answers agree on {agree.loc['all', 'agreement']:.0%} of {int(agree.loc['all', 'n'])} items "
    f"(kappa {agree.loc['all', 'cohen_kappa']:.2f}).",
]:
    print("-", line)
