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
# # 09 · Your own corpus: another topic, in English and in French
#
# **Question.** Does the package serve a corpus that is not the study's: another topic, other outlets,
# another language? The five-text study is one corpus with its own profile; here are two others.
#
# **Inputs.** Two fixture corpora written for the tests (invented texts, CC0), each with its own profile
# beside its metadata: `tests/fixtures/en_corpus/` (nine English articles by three invented outlets on a
# city's desalination plant) and `tests/fixtures/fr_corpus/` (nine French articles on the closing of a
# maternity ward). Neither reads anything of the study's `data/`.
#
# **Outputs.** The same tables as the study's (`python -m analysis run --corpus tests/fixtures/en_corpus`).

# %%
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from analysis import load_study
from analysis.init import init_corpus
from analysis.report import configuration

pd.set_option("display.max_colwidth", 100)
FIXTURES = Path("..") / "tests" / "fixtures"
english = load_study(FIXTURES / "en_corpus")
french = load_study(FIXTURES / "fr_corpus")
for name, study in (("en_corpus", english), ("fr_corpus", french)):
    docs = study.documents
    print(f"{name}: language {study.profile.language}, {len(docs)} documents, {docs['outlet'].nunique()} outlets")

# %% [markdown]
# ## Where each corpus's inputs come from
#
# Each resource is the language's default (shipped in `analysis/languages/`), the corpus's own file, or
# both (a corpus lexicon extends the default unless `profile.toml` says `replace`). Topic files (targets,
# stance cues, actors, events, relay pairs) have no default: they belong to the corpus.

# %%
english.profile.sources

# %%
french.profile.sources

# %% [markdown]
# The report's "What this report covers" table is computed from the same profile: what each analysis
# used, and how to add what is missing (here: no naming variants, no relay pairs, no hand annotation).

# %%
configuration(english)

# %% [markdown]
# ## Distinctive words, in each language's own stopwords
#
# English text is read with English stopwords and Snowball stems, French text with French ones. The top
# distinctive words (log-odds z against the other outlets, own voice) are content words, not function
# words.


# %%
def top_terms(study, n=10):
    z = study.distinctive_terms.query("score_name == 'log_odds_z' and rank <= @n")
    return z.pivot(index="rank", columns="outlet", values="term")


top_terms(english)

# %%
top_terms(french)

# %% [markdown]
# ## Who speaks: the language's reporting verbs and grammar
#
# Quotes are found with each language's rules (`analysis/languages/<code>/rules.toml`): English "said
# that", "…, officials said", "according to"; French « a déclaré que », « …, a-t-il ajouté », « selon ».
# Speakers are found in the text (names, titles, roles, appositions, resolved within each document); a
# corpus's `actors.csv` only canonicalises names and adds affiliations. Here the French fixture is read
# twice, with and without its actor file: the speakers barely change.

# %%
from analysis.evaluation import study_without_actors

for name, study in (("en_corpus", english), ("fr_corpus", french)):
    q = study.quotes
    print(name, q["kind"].value_counts().to_dict(), q["speaker_type"].value_counts().to_dict())
bare = study_without_actors(french.corpus.root).quotes
same = (bare["speaker"].to_numpy() == french.quotes["speaker"].to_numpy()).mean() if len(bare) == len(french.quotes) else float("nan")
print(f"fr_corpus without its actor file: {len(bare)} quotes, the same speaker for {same:.0%} of them")
english.quotes[["doc_id", "kind", "speaker", "speaker_type", "speaker_role", "verb", "quote_text"]].head(8)

# %%
english.sourcing_profile

# %% [markdown]
# ## Evidential markers: the French conditional, English "reportedly"
#
# French marks unconfirmed reports with the journalistic conditional (a rule of French grammar); English
# with words such as *reportedly*, *allegedly*, *is said to* (the `evidential` cues of the English
# lexicon). Each language's cue rates report its own marker, at zero when an outlet never uses it.

# %%
pd.concat(
    [
        english.cue_rates.query("category == 'evidential'").assign(corpus="en_corpus"),
        french.cue_rates.query("category == 'conditional'").assign(corpus="fr_corpus"),
    ]
)[["corpus", "outlet", "category", "count", "per_1000", "per_1000_p05", "per_1000_p95"]]

# %% [markdown]
# ## Stance on each corpus's own targets
#
# Stance runs on the targets of the corpus's `targets.csv`, with its `stance_cues.csv` and the language's
# negation. Without targets, a corpus gets no stance rows (the strike fixture shows it).

# %%
english.profile.targets[["target", "label", "definition"]]

# %%
english.stance_profile.query("voice == 'own'")[["outlet", "target", "n_sentences", "favor", "against", "net"]]

# %%
french.stance_profile.query("voice == 'own'")[["outlet", "target", "n_sentences", "favor", "against", "net"]]

# %%
strike = load_study(FIXTURES / "strike_corpus")
print(f"strike_corpus: stance configured: {strike.profile.stance_configured}, stance rows: {len(strike.stance)}")

# %% [markdown]
# ## The same events, from each corpus's catalogue
#
# Coverage: which outlet reports which event of the corpus's `events.csv` (sentences linked at the default
# threshold, as no hand alignment exists for these corpora).

# %%
cov = english.coverage.pivot(index="event_id", columns="outlet", values="n_sentences")
cov

# %% [markdown]
# ## Without a catalogue: stories discovered
#
# Drop the English corpus's `events.csv` and the package groups its articles into stories itself; the
# coverage and the report's findings then run on those stories.

# %%
from analysis.findings import findings
from analysis.pipeline import Study

no_catalogue = Study(english.corpus, english.profile.replace(events=english.profile.events.iloc[:0]))
no_catalogue.stories["stories"][["story_id", "label", "n_documents", "outlets", "first_date", "last_date"]]

# %%
for sentence, _ in findings(no_catalogue):
    print("-", sentence)

# %% [markdown]
# ## Starting from a folder of texts: `init`
#
# `python -m analysis init PATH` on a folder holding only `.txt` files (one sub-folder per outlet) writes
# a `metadata.csv` listing them, the language it detects, and a commented template of every profile file.
# Here, on a copy of three of the French fixture's texts in a temporary folder:

# %%
with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp) / "my_corpus"
    for doc in ("courrier_2025-03-04", "reveil_2025-03-05", "depeche_2025-03-08"):
        outlet = doc.split("_")[0]
        (root / outlet).mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / "fr_corpus" / "raw" / f"{doc}.txt", root / outlet / f"{doc}.txt")
    result = init_corpus(root)
    print(f"language: {result.language}")
    print("written:", ", ".join(p.relative_to(root).as_posix() for p in result.written))
    metadata = pd.read_csv(root / "metadata.csv", dtype=str, keep_default_na=False)
    mine = load_study(root)
    print(f"loaded: {len(mine.documents)} documents, {len(mine.sentences)} sentences, stance configured: {mine.profile.stance_configured}")
metadata[["doc_id", "outlet", "path", "language"]]

# %% [markdown]
# ## When the folder is wrong: `validate` names the file, the line, the field and the fix
#
# A copy of the same three texts, broken the ways a real folder is: one text saved in Windows-1252, a
# NUL byte pasted into another, a title whose closing quote is missing (it swallows the row below it,
# which is not read), an impossible date, and a relay pair naming a document that does not exist. `validate` lists
# every problem at once; `run` and `report` call the same checks and write nothing (exit code 1). No
# input byte is changed.

# %%
from analysis import validate

with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp) / "broken"
    (root / "raw").mkdir(parents=True)
    texts = {
        doc: (FIXTURES / "fr_corpus" / "raw" / f"{doc}.txt").read_text(encoding="utf-8")
        for doc in ("courrier_2025-03-04", "reveil_2025-03-05", "depeche_2025-03-08")
    }
    names = list(texts)
    (root / "raw" / "a.txt").write_bytes(texts[names[0]].encode("cp1252", "replace"))
    (root / "raw" / "b.txt").write_text(texts[names[1]].replace(".", ".\x00", 1), encoding="utf-8")
    (root / "raw" / "c.txt").write_text(texts[names[2]], encoding="utf-8")
    (root / "metadata.csv").write_text(
        "doc_id,outlet,path,language,date,title\n"
        "a,courrier,raw/a.txt,fr,2025-03-04,Maternité\n"
        "b,reveil,raw/b.txt,fr,2025-02-30,La fermeture\n"
        'c,depeche,raw/c.txt,fr,2025-03-08,"Colère\n'
        "d,depeche,raw/d.txt,fr,2025-03-09,Suite\n",
        encoding="utf-8",
    )
    (root / "relay_pairs.csv").write_text("doc_a,doc_b\na,zzz\n", encoding="utf-8")
    for problem in validate(root):
        print(problem)

# %% [markdown]
# ## One long document: memory grows linearly, within a stated budget
#
# A document is the unit every per-document step holds at once. `bench/long_document.py` runs the study
# on one long synthetic French text beside a short one, at several sizes (figures committed in
# `bench/long_document.json`; measured on this project's 2-core machine). The README's budget, 0.6 GiB
# plus 70 MiB per MB of the largest document, is read from them; a text over 100 MB is refused by
# `validate` with how to split it.

# %%
import json

long_runs = pd.DataFrame(json.loads((Path("..") / "bench" / "long_document.json").read_text(encoding="utf-8")))
long_runs["GiB"] = (long_runs["peak_mib"] / 1024).round(2)
long_runs["budget GiB (0.6 + 70 MiB/MB)"] = (0.6 + 70 * long_runs["mb"] / 1024).round(2)
long_runs[["mb", "seconds", "GiB", "budget GiB (0.6 + 70 MiB/MB)", "exit"]]
