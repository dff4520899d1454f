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
# # 07 · Explore: the stories the outlets share, side by side
#
# **The panel needs a running kernel: run all cells (Run > Run All Cells) to start it.** Opened
# without one (or in the exported page), the panel's place shows that line, and the static views
# further down show the same things for the stories the outlets share.
#
# In JupyterLab, the panel lets you pick a **story** (from the catalogue, else the stories the package
# discovered): the menu gives each story's label, date and number of outlets, and lists by default
# only the stories that two outlets or more report, the ones that can be compared (tick "also stories
# of one outlet" for the others). Pick the outlets to compare, a stance target and a term (a glob such
# as `négoci*`; an empty box searches nothing). Every view follows the chosen story, or the whole
# corpus with the scope switch, and each heading states its scope and its counts:
#
# - **side by side**: each outlet's sentences about the story, with cues, naming variants, frame cues
#   and the searched term highlighted (the legend gives the colours), and a line for each chosen
#   outlet that does not report the story (a blindspot when its documents run past the story's date);
# - **concordance** of the term; **quotes and sources**;
# - **stance and frames**: small charts per outlet, own voice beside the voices it quotes, with
#   5th–95th percentile intervals.

# %%
from IPython.display import HTML, display

from analysis import load_study
from analysis.explorer import Explorer, term_explorer_html
from analysis.plots import frame_shares_plot, stance_voices_plot, use_style

use_style()
study = load_study("../data")
explorer = Explorer(study, term="négoci*").prepare()  # computes what the panel's first view reads

# %%
# NBVAL_IGNORE_OUTPUT
explorer.widget()

# %% [markdown]
# What the panel looks like in JupyterLab (a screenshot taken by `tests/test_jupyterlab.py`, which runs this
# notebook in JupyterLab in headless Chromium and changes every control; kept in `docs/screenshots/`):

# %%
from IPython.display import Image

Image("../docs/screenshots/jupyterlab_explorer.png", width=900)

# %% [markdown]
# ## The same views without widgets
#
# The stories two outlets or more report, most widely covered first (the panel's menu):

# %%
menu = explorer.story_menu()
menu[["event_id", "label", "date", "n_outlets", "outlets"]]

# %% [markdown]
# The first story side by side, with the term highlighted, and the chosen outlets that do not report it:

# %%
outlets = tuple(study.corpus.outlets["outlet"])
story = menu["event_id"].iloc[0]
display(HTML(explorer.show_event(story, outlets, "négoci*")))

# %% [markdown]
# The concordance and the quotes of that story (scope and counts in each heading):

# %%
lines = explorer.concordance("négoci*", outlets, story)
print(explorer.heading("Concordance of “négoci*”", lines, story))
lines[["outlet", "layer", "sentence_id", "start", "left", "match", "right"]]

# %%
quotes = explorer.quotes(outlets, story)
print(explorer.heading("Quotes and sources", quotes, story))
quotes

# %% [markdown]
# Stance and frames in that story, as the panel's charts (the intervals are wide: a story holds few
# sentences per outlet):

# %%
target = "negotiations"
profile = explorer.stance(target, outlets, story)
print(explorer.heading(f"Stance on {target}", profile, story))
fig = stance_voices_plot(profile, study.corpus.outlets)

# %%
frames = explorer.frames(outlets, story)
print(explorer.heading("Frames (own voice)", frames, story))
fig = frame_shares_plot(frames, study.corpus.outlets)

# %% [markdown]
# ## Every shared story side by side
#
# For a reader without a kernel, every story two outlets or more report, as the panel shows it:

# %%
for event_id in menu["event_id"]:
    display(HTML(explorer.show_event(event_id, outlets)))

# %% [markdown]
# ## Term explorer
#
# Each outlet's distinctive terms by count (log scale) and log-odds z. Terms at the same position share
# one point, sized and marked by their number; click it to list them, or find a term by name.

# %%
display(HTML(term_explorer_html(study, uid="explore-term-explorer")))
