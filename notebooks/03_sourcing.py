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
# # 03 · Sourcing: who gets to speak
#
# **Question.** Separate what each outlet says from whom it quotes saying what. Who is quoted, named or
# anonymous, from which side, and with which reporting verbs?
#
# **Method.** Rules after the Gender Gap Tracker's French quote extractor (`analysis/sourcing.py`):
# direct quotes (« », “ ”, ""), reported speech (reporting verb + *que*, inverted *…, a-t-il ajouté*) and
# *selon/d'après* attributions. Speakers are found in the text (`analysis/speakers.py`): names, titles,
# role phrases and appositions, resolved within each document (a later *M. Nom* or *le ministre* is the
# earlier full name when the text ties them); the study's profile adds its actor file (`data/actors.csv`:
# canonical names, aliases, affiliations) and anonymous-source patterns. Each quote keeps the speaker's
# type (named, role, anonymous, unknown) and the role the text gives them.
#
# **Outputs.** `reports/tables/quotes.csv`, `quote_evaluation.csv`, `sourcing_profile.csv`.

# %%
import pandas as pd

from analysis import load_study
from analysis.plots import sourcing_bars, use_style
from analysis.sourcing import evaluate_quotes, load_quote_gold

use_style()
pd.set_option("display.max_colwidth", 80)
study = load_study("../data")
quotes = study.quotes
own = quotes[quotes["layer"].isin(["relay_commentary", "original_outlet"])]
print(f"Quotes found: {len(quotes)} (own voice: {len(own)}; in quoted blocks: {int((quotes['layer'] == 'quoted_block').sum())})")

# %% [markdown]
# ## How good is the extraction?
#
# Three documents were annotated by hand (`data/annotations/quotes_gold.csv`, codebook `docs/codebook.md`
# section 9). Predicted and hand quotes are matched one to one when their spans overlap by at least 30 %
# (or 80 %) of the longer span, as the Gender Gap Tracker reports (its French extractor: F1 0.82 at 0.3).

# %%
ev = study.quote_evaluation
ev

# %% [markdown]
# The rules were refined once after a first evaluation on these same three documents (the README gives
# the first-run figures). The figures above are therefore optimistic for new texts; the two unannotated
# documents (WSJ and Moon of Alabama relays) are the honest test, and their quotes are listed at the end
# for inspection. Errors that remain:

# %%
pairs = evaluate_quotes(quotes, load_quote_gold(study.annotation_path("quotes_gold.csv")), 0.3)["pairs"]
errors = pairs[~pairs["matched"] | pairs["same_speaker"].eq(False)]
errors[["doc_id", "gold_start", "gold_end", "pred_start", "pred_end", "gold_kind", "pred_kind", "gold_speaker", "pred_speaker"]]

# %% [markdown]
# ## Sourcing profile per outlet
#
# Quotes in the outlet's own voice (relay commentary and original outlet), by kind and by speaker type:

# %%
profile = study.sourcing_profile
profile

# %%
fig = sourcing_bars(profile, study.corpus.outlets)

# %% [markdown]
# ## Whose voices are heard
#
# Share of each outlet's own-voice quotes by the speaker's affiliation, and the actors each quotes:

# %%
aff = own.pivot_table(index="outlet", columns="affiliation", values="start", aggfunc="count", fill_value=0)
(aff.div(aff.sum(axis=1), axis=0)).round(2)

# %%
own[own["speaker_type"] == "named"].pivot_table(index="speaker", columns="outlet", values="start", aggfunc="count", fill_value=0)

# %% [markdown]
# ## Reporting verbs by speaker group
#
# Does an outlet *déclarer* for one side and *prétendre* for the other? Connotation of the reporting verb
# (graded in `data/lexicons/cues.csv`) by the speaker's affiliation:

# %%
verbs = own[own["verb_connotation"] != ""]
verbs.pivot_table(index=["outlet", "affiliation"], columns="verb_connotation", values="start", aggfunc="count", fill_value=0)

# %%
distancing = quotes[quotes["verb_connotation"].isin(["distancing", "discrediting"])]
distancing[["outlet", "layer", "sentence_id", "verb", "verb_connotation", "speaker", "affiliation", "quote_text"]]

# %% [markdown]
# ## Quotes in the two documents without a hand annotation
#
# For inspection (the honest test of the rules):

# %%
quotes[quotes["doc_id"].isin(["wsj_relay_2022-11-07", "moa_relay_2022-11-14"])][
    ["doc_id", "sentence_id", "kind", "speaker", "speaker_type", "verb", "layer", "quote_text"]
]

# %% [markdown]
# ## Speakers on corpora the rules were not written on
#
# The five texts above are few and were read while the rules were written. The package is therefore
# scored on invented news corpora written for it (`data/eval/`, CC0; French and English; several outlets
# and articles each) and annotated by hand with `docs/speakers_codebook.md`, their actor files left out so
# that every speaker is found in the text. **Development** sets were read while the rules were written;
# **test** sets were only scored. A held-out score counts once: French sets were written and annotated
# while a round of rules was chosen on the development sets, then scored once with that round frozen;
# a set read afterwards to write the next round is a development set since (fr_test3 to fr_test5,
# fr_test8, fr_test11). `first_score`: the score a set got when first scored held out, recorded in the manifest
# (`data/eval/sets.csv`); the other figures are today's rules. `named_low`/`named_high`: 95 %
# interval with documents resampled. `named_accuracy`: share of quotes whose hand speaker is named
# that get the same person or body (names compared folded; one may be the other's last words, "Martin" for
# "Claire Martin"); `a2_*`: a second, blind annotator against the first (both are model helpers).

# %%
from analysis.evaluation import eval_sets, speaker_scores

EVAL_SETS = eval_sets("../data/eval/sets.csv")  # the evaluation corpora, dev and test (data/eval/README.md)
scores = speaker_scores(EVAL_SETS)
scores

# %%
held_out = scores[scores["split"] == "test"]
for row in held_out.itertuples():
    print(
        f"{row.set} ({row.language}, held out): named-speaker accuracy {row.named_accuracy:.2f} on {row.n_named} quotes with a named speaker"
        f" (first scored {row.first_score:.2f})"
    )
print("The Gender Gap Tracker reports 0.80 for French; the target of this package is the same.")

# %% [markdown]
# The first held-out scores, by the round of rules that scored them (recorded in `data/eval/sets.csv`; a
# set scored once, before anyone read it):

# %%
from analysis.evaluation import first_scores

by_round = first_scores(EVAL_SETS)
by_round

# %% [markdown]
# The corpora the last round never saw, pooled: today's code is that round's, so these are their first
# scores together (documents resampled for the interval). The criterion for the French target was
# committed before the last two were scored: at least 0.80 pooled here, and over every French test set.

# %%
from analysis.evaluation import last_round, pooled_named_accuracy

pooled_named_accuracy(last_round(EVAL_SETS))

# %% [markdown]
# Every test set of a language pooled, so that no choice of set flatters the figure (documents resampled
# for the interval):

# %%
pooled_named_accuracy(EVAL_SETS)

# %% [markdown]
# What the named-speaker errors are (`analysis.evaluation.speaker_errors`): `unknown`, no speaker found
# (mostly quotations without a cue, whose speaker the context gives); `role_unresolved`, the role or
# source as written, not tied to the name the document gives; `partial_name`, the same person or body
# named differently; `other_speaker`, someone else.

# %%
from analysis.evaluation import speaker_errors

speaker_errors(EVAL_SETS)

# %% [markdown]
# ## The speaker ranker: the rules alone, and with it
#
# Where the rules have no syntax to go on (a quotation without a cue, whose speaker they take from the
# context, one they give no speaker, or a singular definite role they cannot tie to a name), a logistic regression over the persons and bodies named near
# the quotation decides (`analysis.attribution`, trained on the development sets by
# `bench/speaker_ranker.py --write`). Its weights, as shipped (features that name no word of a language
# or corpus; positive: more likely the speaker):

# %%
from analysis.attribution import FEATURES, SpeakerRanker

ranker = SpeakerRanker.default()
pd.Series({name: ranker.weights[name] for name in FEATURES}, name="weight").sort_values().round(2).to_frame()

# %% [markdown]
# Named-speaker accuracy (`rules`, `with_ranker`) and speaker-type accuracy (`*_type`) of every set with the
# rules alone and with the ranker; `changed`: quotations whose speaker it changed; `named_unnamed`: quotations
# the annotators did not name that it named; `broken`: quotations whose right speaker it took away. It was trained on the development sets, so only the test sets measure it;
# fr_test15 to fr_test20 were written and scored after it was frozen (rounds 9 and 10).

# %%
from analysis.evaluation import ranker_effect

effect = ranker_effect(EVAL_SETS)
effect

# %%
tested = effect[effect["split"] == "test"]
gain = tested["with_ranker"] - tested["rules"]
print(f"On {len(tested)} test sets the ranker changes named-speaker accuracy by {gain.min():+.3f} to {gain.max():+.3f}.")
