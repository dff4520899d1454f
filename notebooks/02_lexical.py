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
# # 02 · Lexical framing: how each outlet words the same story
#
# **Question.** Which words does each outlet use more than the others, how does it name people and
# places, and how does it qualify what it reports (loaded words, hedges, boosters, reporting verbs,
# the journalistic conditional)?
#
# **Scope.** By default every measure reads the outlet's *own voice*: sentences in the
# `relay_commentary` and `original_outlet` layers (notebook 01). `study.view(scope)` gives the other
# voices (`quoted_block`, `reader_comment`, `direct_quotes`, `own_voice_unquoted`) to any function here.
#
# **Outputs.** `reports/tables/term_frequencies.csv`, `distinctive_terms.csv`, `keyness_bootstrap.csv`,
# `score_agreement.csv`, `naming.csv`, `cues.csv`, `cue_rates.csv`, `lexical_diversity.csv`,
# `outlet_similarity.csv`, `outlet_map.csv`.
#
# **Caveat that runs through this notebook.** Five short texts (a few hundred to under two thousand
# own-voice tokens each) cannot support confident word-level claims; every ranking below comes with a
# resampling interval, and the text says which results survive it.

# %%
import pandas as pd

from analysis import load_study
from analysis.concordance import kwic, kwic_summary
from analysis.cues import cue_rates
from analysis.keyness import distinctive_terms
from analysis.plots import ca_biplot, cue_rates_plot, keyness_bars, naming_heatmap, similarity_heatmap, use_style
from analysis.terms import term_counts

use_style()
pd.set_option("display.max_colwidth", 90)
study = load_study("../data")
outlets = study.corpus.outlets
own = study.view("own_voice")
print(f"Own-voice sentences: {len(own)}; tokens: {own['n_tokens'].sum()}")
own.groupby("outlet")["n_tokens"].agg(["count", "sum"]).rename(columns={"count": "sentences", "sum": "tokens"})

# %% [markdown]
# ## Most frequent content words (per 1,000 tokens)
#
# Stopwords (the study's profile: the French defaults, `analysis/languages/stopwords/fr.txt`) removed; the denominator counts all tokens.

# %%
tf = study.term_frequencies
tf.groupby("outlet").head(6).pivot_table(
    index="outlet", columns=tf.groupby("outlet").cumcount().rename("rank") + 1, values="term", aggfunc="first"
)

# %% [markdown]
# ## Distinctive vocabulary: three scores
#
# Each outlet against the rest of the corpus, by log-odds with informative Dirichlet prior (z-score,
# Monroe et al. 2008), Lafon's hypergeometric specificity (TXM/Lexico3) and signed log-likelihood G²
# (quanteda). Formulas are in `analysis/keyness.py`; each is checked against an independent worked
# example in `tests/test_keyness.py`.

# %%
dt = study.distinctive_terms
top = dt[dt["rank"] <= 8]
top.pivot_table(index=["outlet", "rank"], columns="score_name", values="term", aggfunc="first")

# %% [markdown]
# Where do the scores agree? Spearman rank correlation over all terms and overlap (Jaccard) of the
# top-20 lists, per outlet and pair of scores:

# %%
agree = study.score_agreement
agree

# %%
print(
    f"Median Spearman correlation between scores: {agree['spearman'].median():.3f}; "
    f"median top-20 overlap: {agree['top20_jaccard'].median():.2f} "
    f"(lowest: {agree.loc[agree['top20_jaccard'].idxmin(), 'outlet']}, "
    f"{agree.loc[agree['top20_jaccard'].idxmin(), 'score_a']} vs {agree.loc[agree['top20_jaccard'].idxmin(), 'score_b']})."
)

# %% [markdown]
# The scores order terms almost identically: with counts this small they all rank the same few
# outlet-only words first. What they cannot tell us is how much a ranking owes to a handful of
# sentences. We resample each outlet's sentences with replacement (`analysis.keyness.bootstrap_log_odds`,
# the study's fixed seed) and recompute the log-odds z-scores:

# %%
boot = study.keyness_bootstrap
fig = keyness_bars(boot, outlets)

# %%
stable = boot[boot["top_share"] >= 0.8]
print(f"Terms in their outlet's top 15 in at least 80% of resamples: {len(stable)} of {len(boot)}")
stable[["outlet", "term", "rank", "z", "z_p05", "z_p95", "top_share"]]

# %% [markdown]
# ### The same with stems and with bigrams
#
# Stems (French Snowball) pool inflected forms; bigrams are built on content words after stopword
# removal.

# %%
stems = distinctive_terms(own, study.profile.stopwords, unit="stem", layers=None, stemmer=study.profile.rules.stemmer)
stems[(stems["score_name"] == "lafon") & (stems["rank"] <= 6)].pivot_table(index="rank", columns="outlet", values="term", aggfunc="first")

# %%
bigrams = term_counts(own, study.profile.stopwords, ngram_range=(2, 2), layers=None)
bigrams[bigrams["count"] >= 2].groupby("outlet").head(4)

# %% [markdown]
# ## Concordances: talks, diplomacy, peace
#
# Keyword-in-context lines keep the raw-text offsets of each match. Counts per outlet and voice layer:

# %%
queries = {"négoci*": "glob", "diplomat*": "glob", "pourparlers": "term", "paix": "term"}
lines = {q: kwic(study.corpus, study.sentences, q, kind=k, window=6, stemmer=study.profile.rules.stemmer) for q, k in queries.items()}
pd.concat({q: kwic_summary(v) for q, v in lines.items()}, names=["query"]).fillna(0).astype(int)

# %%
lines["pourparlers"][lines["pourparlers"]["layer"].isin(["relay_commentary", "original_outlet"])][
    ["outlet", "layer", "sentence_id", "start", "left", "match", "right"]
]

# %% [markdown]
# ## Naming choices
#
# `data/lexicons/naming.csv` lists, for each referent, its spelling variants and loaded namings.
# Counts over all layers (the table `naming.csv` keeps the layer):

# %%
naming = study.naming
used = naming[naming["count"] > 0]
choice = used.groupby("referent")["variant"].nunique()
used = used[used["referent"].isin(choice[choice > 1].index) | used["kind"].eq("loaded")]
print(f"Referents written in more than one way in the corpus: {int((choice > 1).sum())} of {naming['referent'].nunique()}")
used.pivot_table(index=["kind", "referent", "variant"], columns="outlet", values="count", aggfunc="sum", fill_value=0)

# %%
fig = naming_heatmap(naming, outlets, kind="spelling")

# %%
fig = naming_heatmap(naming, outlets, kind="loaded")

# %% [markdown]
# ## Evaluative and epistemic language
#
# Cues from `data/lexicons/cues.csv` (codebook: `docs/cues_codebook.md`): loaded terms, hedges,
# boosters, reporting verbs graded by connotation, and the journalistic conditional detected by rule.
# Rates per 1,000 own-voice tokens, with 5-95% bootstrap intervals over sentences:

# %%
rates = study.cue_rates
rates.pivot_table(index="category", columns="outlet", values="per_1000")

# %%
fig = cue_rates_plot(rates, outlets)

# %% [markdown]
# Reporting verbs by connotation, and every journalistic conditional found, with its sentence:

# %%
cues = study.cues
rv = cues[(cues["cue_type"] == "reporting_verb") & cues["layer"].isin(["relay_commentary", "original_outlet"])]
rv.pivot_table(index="outlet", columns="connotation", values="start", aggfunc="count", fill_value=0)

# %%
cond = cues[cues["cue_type"] == "conditional"].merge(study.sentences[["doc_id", "sentence_id", "text"]], on=["doc_id", "sentence_id"])
cond[["outlet", "layer", "sentence_id", "cue", "text"]]

# %% [markdown]
# The same rates for the other voices, by changing one argument: quoted blocks and reader comments.

# %%
other = pd.concat(
    {scope: cue_rates(cues, study.view(scope), layers=None) for scope in ["quoted_block", "reader_comment", "direct_quotes"]},
    names=["scope"],
).reset_index(level=0)
other[other["count"] > 0].pivot_table(index=["scope", "category"], columns="outlet", values="per_1000")

# %% [markdown]
# ## Lexical diversity and sentence length
#
# MATTR (moving-average type-token ratio, window 50 tokens) does not fall with text length the way the
# plain type-token ratio does; sentence length with a 5-95% bootstrap interval.

# %%
study.lexical_diversity

# %% [markdown]
# ## An outlet map
#
# Correspondence analysis of the outlet x stem table (stems seen at least 3 times in the own voices),
# and cosine similarity of the outlets' TF-IDF vectors.

# %%
ca = study.correspondence
ca["inertia"].round(3)

# %%
fig = ca_biplot(ca, outlets)

# %%
fig = similarity_heatmap(study.outlet_similarity, outlets)

# %% [markdown]
# ## What the numbers show
#
# The summary below is computed from the tables above; nothing in it is typed by hand.

# %%
sim = study.outlet_similarity.where(lambda d: d < 1).stack()
labels = dict(zip(outlets["outlet"], outlets["label"]))
far = ca["rows"]["dim1"].abs().idxmax()
loaded = rates[rates["category"].str.startswith("loaded")].groupby("outlet")["per_1000"].sum()
cond_n = cues[(cues["cue_type"] == "conditional") & cues["layer"].isin(["relay_commentary", "original_outlet"])].groupby("outlet").size()
findings = [
    f"Closest vocabularies: {labels[sim.idxmax()[0]]} and {labels[sim.idxmax()[1]]} (cosine {sim.max():.2f}); "
    f"most distant: {labels[sim.idxmin()[0]]} and {labels[sim.idxmin()[1]]} (cosine {sim.min():.2f}).",
    f"The first correspondence axis ({ca['inertia'].loc[0, 'share']:.0%} of inertia) sets {labels[far]} apart from the others.",
    f"Loaded language in the own voice is most frequent in {labels[loaded.idxmax()]} ({loaded.max():.1f} per 1,000 tokens) "
    f"and least in {labels[loaded.idxmin()]} ({loaded.min():.1f}).",
    f"Journalistic conditionals in the own voice: {', '.join(f'{labels[o]} {n}' for o, n in cond_n.items()) or 'none'}.",
    f"Only {len(stable)} of {len(boot)} top-15 distinctive terms survive 80% of sentence resamples: word-level contrasts between "
    "five short texts are suggestive, not established.",
]
for line in findings:
    print("-", line)
