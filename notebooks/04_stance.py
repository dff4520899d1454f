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
# # 04 · Stance: who is for or against talks, and on what
#
# **Question.** For every sentence and target, is the stance favourable, opposed or absent, and whose
# stance is it (the outlet's own voice, or a speaker it quotes)?
#
# **Targets** (`data/targets.csv`): negotiations, the US administration's line, Russia, Western military
# support, Ukraine's military prospects. **Hand labels**: sentence x target labels by annotator A1
# (`data/annotations/stance_labels.csv`, codebook `docs/codebook.md`), and a blind second annotation
# (A2) of a stratified sample of sentences (counts below).
#
# **Methods** (`analysis/stance.py`): (a) a transparent rule baseline (cue lexicon
# `data/stance_cues.csv`, French negation, quote scope for the holder); (b) a logistic
# regression per target on TF-IDF n-grams, cue rates and the rule counts. Both are evaluated with
# leave-one-outlet-out cross-validation and the SemEval-2016 metric F_avg = (F1 favor + F1 against) / 2.
#
# **Outputs.** `reports/tables/stance.csv`, `stance_scores.csv`, `stance_confusion.csv`, `stance_profile.csv`.

# %%
import pandas as pd

from analysis import load_study
from analysis.plots import confusion_grid, stance_profile_plot, use_style
from analysis.stance import agreement, load_stance_labels, stance_profile

use_style()
pd.set_option("display.max_colwidth", 100)
study = load_study("../data")
labels = study.stance_labels
study.profile.targets[["target", "label", "definition"]]

# %% [markdown]
# ## The hand labels
#
# Most sentence x target pairs carry no stance, as expected:

# %%
labels.pivot_table(index="target", columns="label", values="sentence_id", aggfunc="count", fill_value=0)

# %%
labels.merge(study.sentences[["doc_id", "sentence_id", "outlet"]]).pivot_table(
    index="outlet", columns="label", values="sentence_id", aggfunc="count", fill_value=0
)

# %% [markdown]
# ## Do two annotators agree?
#
# A2 labelled a stratified sample (the same number of sentences per outlet, all targets) without seeing
# A1's labels.
# Agreement, Cohen's kappa, and A2 scored against A1 with the SemEval metric:

# %%
a2 = load_stance_labels(study.sentences, study.annotation_path("stance_labels_a2.csv"), study.profile.targets["target"])
print(f"A1: {len(labels)} labels; A2: {len(a2)} labels on {a2[['doc_id', 'sentence_id']].drop_duplicates().shape[0]} sentences")
agreement(labels, a2)

# %% [markdown]
# Agreement this high should be read with care: both annotators worked from the same codebook, whose
# examples are drawn from these texts, and A2 reports using the codebook's label where a sampled sentence
# was one of its examples. It measures how reproducible the codebook is, not how hard the task is.

# %% [markdown]
# ## Two methods, cross-validated by outlet
#
# Each fold trains on four outlets and predicts the fifth; the majority baseline predicts the training
# folds' most frequent label (always `none`, so F_avg = 0). The best SemEval-2016 system reached 0.68 on
# tweets.

# %%
scores = study.stance_evaluation["scores"]
scores.pivot_table(index="target", columns="method", values="f_avg")

# %%
scores[
    ["target", "method", "n", "precision_favor", "recall_favor", "f1_favor", "precision_against", "recall_against", "f1_against", "f1_none"]
]

# %%
fig = confusion_grid(study.stance_evaluation["confusion"])

# %%
pooled = scores[scores["target"] == "all"].set_index("method")["f_avg"]
chosen = study.stance.loc[study.stance["selected"], "method"].iloc[0]
print(
    f"Pooled F_avg: rules {pooled['rules']:.3f}, classifier {pooled['classifier']:.3f}, majority {pooled['majority']:.3f}. "
    f"The tables and profiles below use the {chosen} (higher cross-validated F_avg); both are kept in stance.csv."
)

# %% [markdown]
# Both methods are far from reliable at the sentence level: with few stance-bearing sentences per target
# (counted below), the classifier has little to learn from, and the rules miss stances expressed without
# their cues. Profiles below are therefore shown next to the same profile computed from the hand labels.

# %%
labels[labels["label"] != "none"].groupby("target").size().rename("stance-bearing labels")

# %% [markdown]
# ## Stance profiles: own voice and quoted voices
#
# Share of each outlet's sentences that favour or oppose each target, split by holder: the outlet itself
# (`own`) or anyone it quotes (`quoted`). Intervals resample sentences.

# %%
profile = study.stance_profile
fig = stance_profile_plot(profile, study.corpus.outlets, voice="own")

# %%
fig = stance_profile_plot(profile, study.corpus.outlets, voice="quoted")

# %% [markdown]
# The same profile from the hand labels (the reference the methods try to reproduce):

# %%
gold = labels.merge(study.sentences[["doc_id", "sentence_id", "outlet"]])
gold_profile = stance_profile(gold)
fig = stance_profile_plot(gold_profile, study.corpus.outlets, voice="own")

# %%
compare = profile.merge(gold_profile, on=["outlet", "target", "voice"], suffixes=("_method", "_hand"))
compare[["outlet", "target", "voice", "net_method", "net_hand"]].pivot_table(
    index=["target", "outlet"], columns="voice", values=["net_method", "net_hand"]
)

# %% [markdown]
# ## The sentences behind the numbers
#
# Every stance row keeps `doc_id` and `sentence_id`; here are the own-voice stances on negotiations in the
# hand labels, with their text:

# %%
neg = gold[(gold["target"] == "negotiations") & (gold["holder"] == "outlet") & (gold["label"] != "none")]
neg.merge(study.sentences[["doc_id", "sentence_id", "text"]])[["outlet", "sentence_id", "label", "text"]]
