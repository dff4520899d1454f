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
# # 07 · Explore: events, outlets, targets and terms
#
# In JupyterLab, the panel below lets you pick an event, the outlets to compare, a stance target and a
# term (a glob such as `négoci*`) and shows the outlets' sentences side by side with their highlights,
# the concordance lines of the term, and the stance profile for the target. Widgets need a running kernel:
# in the exported HTML page, use the term explorer further down (plain HTML and JavaScript).

# %%
from IPython.display import HTML, display

from analysis import load_study
from analysis.explorer import Explorer, term_explorer_html

study = load_study("../data")
explorer = Explorer(study, term="négoci*")

# %%
# NBVAL_IGNORE_OUTPUT
explorer.widget()

# %% [markdown]
# The same views without widgets, for one event and term (what the panel shows for its first choices):

# %%
outlets = tuple(study.corpus.outlets["outlet"])
display(HTML(explorer.show_event("burns_naryshkin_ankara", outlets)))

# %%
explorer.concordance("cessez-le-feu", outlets)[["outlet", "layer", "sentence_id", "start", "left", "match", "right"]]

# %%
explorer.stance("negotiations", outlets)

# %% [markdown]
# ## Term explorer

# %%
display(HTML(term_explorer_html(study, uid="explore-term-explorer")))
