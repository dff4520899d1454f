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
# # 00 · Summary: how five relays frame the US debate on talks with Russia
#
# Five French-language texts relay English-language reports (CNN, Antiwar.com, Politico via RT, the Wall
# Street Journal, Moon of Alabama) on the US debate about peace talks with Russia in November 2022, with a
# 2023 look back. This page gathers the findings; each sentence and figure is computed by the `analysis`
# package from the tables that notebooks 01-06 explain in detail (the same findings open the HTML report's
# index page).

# %%
import html

import matplotlib.pyplot as plt
from IPython.display import HTML, display

from analysis import load_study
from analysis.explorer import term_explorer_html
from analysis.plots import use_style
from analysis.report import findings

use_style()
study = load_study("../data")
for number, (sentence, draw) in enumerate(findings(study), start=1):
    display(HTML(f"<p><b>{number}.</b> {html.escape(sentence)}</p>"))
    if draw is not None:
        fig = draw()
        plt.show()

# %% [markdown]
# ## Explore the words
#
# Pick an outlet; hover a point for its counts; click it to read the sentences that use the term. This
# explorer is plain HTML and JavaScript, so it also works in the exported page.

# %%
display(HTML(term_explorer_html(study, uid="summary-term-explorer")))

# %% [markdown]
# ## Where to read more
#
# - 01 corpus and voice layers · 02 lexical framing · 03 sourcing · 04 stance · 05 frames · 06 events,
#   coverage and relay fidelity · 07 the interactive explorer (JupyterLab).
# - Limitations: few, short texts (intervals everywhere); cue lexicons find candidates, not meanings;
#   hand annotations were made with codebooks by model helpers; the relays are translations, errors
#   included.
