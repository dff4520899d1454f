"""The explorer's views (issue 24): one chosen story in every view, a menu that tells what can be compared, a readable term explorer."""

from __future__ import annotations

import json
import re

import matplotlib.pyplot as plt
import pytest

from analysis.compare import MARK_CLASSES, highlight, legend_html
from analysis.explorer import Explorer, explorer_data, term_explorer_html
from analysis.plots import frame_shares_plot, stance_voices_plot


@pytest.fixture(scope="module")
def explorer(study):
    return Explorer(study, term="négoci*")


@pytest.fixture(scope="module")
def outlets(study):
    return tuple(study.corpus.outlets["outlet"])


def test_the_story_menu_lists_stories_two_outlets_cover_with_label_date_and_count(explorer, study):
    menu = explorer.story_menu()
    coverage = explorer.coverage[explorer.coverage["covered"]].groupby("event_id")["outlet"].nunique()
    assert set(menu["event_id"]) == set(coverage[coverage >= 2].index)  # the 42-id menu held 28 single-outlet events
    assert 0 < len(menu) < len(study.event_catalogue)
    assert menu["n_outlets"].is_monotonic_decreasing and (menu["n_outlets"] >= 2).all()
    first = menu.iloc[0]
    label = study.event_catalogue.set_index("event_id").loc[first["event_id"], "label"]
    assert first["option"].startswith(label) and f"{first['n_outlets']} outlets" in first["option"] and first["date"] in first["option"]
    assert len(explorer.story_menu(min_outlets=1)) == (coverage >= 1).sum()


def test_an_outlet_that_does_not_report_the_story_gets_a_line(explorer, outlets):
    menu = explorer.story_menu()
    event_id = menu.loc[menu["n_outlets"] < len(outlets), "event_id"].iloc[0]
    covering = set(explorer.coverage.query("event_id == @event_id and covered")["outlet"])
    missing = explorer.missing_outlets(event_id, outlets)
    assert set(missing["outlet"]) == set(outlets) - covering
    html = explorer.show_event(event_id, outlets)
    for line in missing["line"]:
        assert line.replace("'", "&#39;") in html
    assert missing["could_report"].dtype == bool


def test_concordance_quotes_stance_and_frames_follow_the_chosen_story(explorer, outlets):
    menu = explorer.story_menu()
    a, b = menu["event_id"].iloc[0], menu["event_id"].iloc[1]
    keys_a = set(map(tuple, explorer.story_keys(a).to_numpy()))
    lines = explorer.concordance("*", outlets, a)
    assert len(lines) and set(zip(lines["doc_id"], lines["sentence_id"])) <= keys_a
    assert len(explorer.concordance("*", outlets)) > len(lines)  # the whole corpus: more lines
    quotes = explorer.quotes(outlets, a)
    assert set(zip(quotes["doc_id"], quotes["sentence_id"])) <= keys_a
    target = sorted(explorer.study.stance["target"].unique())[0]
    assert not explorer.stance(target, outlets, a).equals(explorer.stance(target, outlets, b))  # it changes with the story
    assert not explorer.frames(outlets, a).equals(explorer.frames(outlets, b))
    corpus_wide = explorer.study.stance_profile
    assert explorer.stance(target, outlets).equals(corpus_wide[corpus_wide["target"] == target].reset_index(drop=True))


def test_each_heading_states_its_scope_and_counts(explorer, outlets):
    event_id = explorer.story_menu()["event_id"].iloc[0]
    lines = explorer.concordance("négoci*", outlets, event_id)
    heading = explorer.heading("Concordance", lines, event_id)
    label = explorer.story_menu().set_index("event_id").loc[event_id, "label"]
    assert label in heading and f"{len(lines)} row" in heading
    assert "the whole corpus" in explorer.heading("Concordance", explorer.concordance("négoci*", outlets), None)
    assert explorer.heading("Quotes", explorer.quotes(outlets, event_id).iloc[:0], event_id).endswith("no rows")


def test_an_empty_term_searches_nothing_and_the_term_is_highlighted(explorer, outlets):
    assert explorer.concordance("", outlets).empty and explorer.concordance("  ", outlets, "x").empty
    event_id = explorer.story_menu()["event_id"].iloc[0]
    lines = explorer.concordance("négoci*", outlets, event_id)
    html = explorer.show_event(event_id, outlets, "négoci*")
    marked = re.findall(r'<mark class="term"[^>]*title="searched term">([^<]*)</mark>', html)
    assert len(marked) == len(lines) > 0 and all(m.lower().startswith("négoci") for m in marked)
    assert 'title="searched term"' not in explorer.show_event(event_id, outlets, "")


def test_the_searched_term_wins_over_an_overlapping_highlight():
    html = str(highlight("les pourparlers de paix", [(4, 23, "frame", "f"), (19, 23, "term", "t")]))
    assert '<mark class="term"' in html and "frame" not in html


def test_the_legend_names_every_highlight_colour():
    legend = str(legend_html())
    for kind, colour in MARK_CLASSES.items():
        assert kind in legend and colour in legend


def test_stance_and_frames_are_small_charts_with_intervals(explorer, outlets):
    event_id = explorer.story_menu()["event_id"].iloc[0]
    target = sorted(explorer.study.stance["target"].unique())[0]
    profile = explorer.stance(target, outlets, event_id)
    fig = stance_voices_plot(profile, explorer.study.corpus.outlets)
    assert [ax.get_title("left") or ax.get_title() for ax in fig.axes] == ["own voice", "quoted voices"]
    assert all(len(ax.patches) == 2 * profile["outlet"].nunique() for ax in fig.axes)  # favor and against bars per outlet
    fr = explorer.frames(outlets, event_id)
    fig2 = frame_shares_plot(fr, explorer.study.corpus.outlets)
    assert len(fig2.axes[0].get_yticklabels()) == fr["frame"].nunique()
    plt.close("all")


def test_no_term_explorer_point_hides_another(study):
    """Terms at one position share one point that lists them all; the page draws axis ticks and a search box."""
    data = explorer_data(study)
    html = term_explorer_html(study, uid="t")
    for needle in ('class="te-search"', '"te-xtick"', '"te-ytick"', "terms at this position", "clearList(PROMPT)", 'class="te-static"'):
        assert needle in html
    payload = json.loads(re.search(r"var data = (\{.*?\});\n", html, re.S).group(1))
    assert payload == json.loads(json.dumps(data))
    terms = data["terms"][data["outlets"][0]["key"]]
    assert len({(t["n"] + t["rest"], t["z"]) for t in terms}) < len(terms)  # positions are shared: the grouping is needed


def test_each_sentence_links_to_its_place_in_the_document_with_its_neighbours(explorer, study, outlets):
    from analysis.compare import side_by_side

    event_id = explorer.story_menu()["event_id"].iloc[0]
    s = study
    table = side_by_side(
        event_id, explorer.links, s.raw_sentences, s.stance, s.frames, s.cues, s.naming_matches, s.frame_items, s.corpus.outlets
    )
    texts = dict(zip(s.corpus.documents["doc_id"], s.corpus.documents["text"]))
    raw = s.raw_sentences.set_index(["doc_id", "sentence_id"])["text"]
    for r in table.itertuples():
        assert texts[r.doc_id][r.start : r.end] == raw[(r.doc_id, r.sentence_id)]  # offsets into the raw text
        if (r.doc_id, r.sentence_id - 1) in raw.index:
            assert r.before == " ".join(raw[(r.doc_id, r.sentence_id - 1)].split())
    html = explorer.show_event(event_id, outlets)
    first = table.iloc[0]
    assert f"{first.doc_id}, characters {first.start}–{first.end}" in html and html.count("<details") == len(table)


def test_labelling_ten_sentences_round_trip_into_the_stance_evaluation(tmp_path):
    """Label ten sentences for a user target through the explorer's API, run again, and the classifier is cross-validated on them.

    The labels here exercise the plumbing, not the classifier: they are given by a fixed rule (the sentence's
    position), not by reading, and no score is asserted, only that the labelled rows are read and scored.
    """
    import shutil

    from analysis import load_study
    from analysis.config import PROJECT_ROOT
    from analysis.errors import CorpusError
    from analysis.reader import validate

    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "tests" / "fixtures" / "en_corpus", corpus)
    study = load_study(corpus)
    assert study.stance_labels.empty  # no labels yet
    explorer = Explorer(study)
    rows = study.raw_sentences[study.raw_sentences["text"].str.contains("plant", case=False)]
    rows = rows.groupby("outlet", group_keys=False).head(4).head(10)
    assert len(rows) == 10 and rows["outlet"].nunique() >= 2
    for i, r in enumerate(rows.itertuples()):
        explorer.label_stance(r.doc_id, int(r.sentence_id), "desalination_plant", ("favor", "against", "none")[i % 3], annotator="T1")
    path = corpus / "annotations" / "stance_labels.csv"
    first = path.read_bytes()
    explorer.label_stance(rows["doc_id"].iloc[0], int(rows["sentence_id"].iloc[0]), "desalination_plant", "favor", annotator="T1")
    assert path.read_bytes() == first  # the same label again: the same bytes, no duplicate row
    assert validate(corpus) == []  # the written file passes validate, as any annotation file
    again = load_study(corpus)
    assert len(again.stance_labels) == 10
    scores = again.stance_evaluation["scores"]
    assert {"classifier", "rules", "majority"} <= set(scores.loc[scores["target"] == "desalination_plant", "method"])
    with pytest.raises(CorpusError, match="unknown label"):
        explorer.label_stance(rows["doc_id"].iloc[0], int(rows["sentence_id"].iloc[0]), "desalination_plant", "maybe")
    with pytest.raises(CorpusError, match="no sentence 9999"):
        explorer.label_stance(rows["doc_id"].iloc[0], 9999, "desalination_plant", "none")


def test_the_panel_answers_every_control_and_saves_a_label_from_its_annotate_tab(tmp_path):
    """The widget itself, driven without a browser: each control changes the views, and the save button writes the label."""
    import shutil

    from analysis import load_study
    from analysis.config import PROJECT_ROOT

    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "tests" / "fixtures" / "en_corpus", corpus)
    explorer = Explorer(load_study(corpus), term="plant*").prepare()
    panel = explorer.widget()
    assert repr(panel).startswith("The explorer panel needs a running kernel")
    (story, every), (scope, target, term), chosen, tabs = (
        panel.children[0].children,
        panel.children[1].children,
        panel.children[2],
        panel.children[3],
    )

    def shown():
        return [
            item if isinstance(item, str) else item.to_csv() if hasattr(item, "to_csv") else item[1].to_csv()
            for items in panel.state["views"].values()
            for item in items
        ]

    before = shown()
    n_stories = len(story.options)
    every.value = True
    assert len(story.options) >= n_stories  # stories of one outlet listed too
    other = [t for t in target.options if t != target.value][0]
    for control, value in (
        (scope, "corpus"),
        (term, "water*"),
        (target, other),
        (story, story.options[-1][1]),
        (chosen, chosen.options[:1]),
    ):
        assert value != control.value
        control.value = value
        after = shown()
        assert after != before, control.description
        before = after
    annotate = tabs.children[4]
    sentence, book, label, _fields, buttons, quote, _hint, speaker_row, save_speaker, status = annotate.children
    speaker, kind = speaker_row.children
    save = buttons.children[0]
    assert sentence.options and "definition" in book.value  # the target's codebook on screen
    chosen.value = ()  # as a browser's "deselect all, then pick one" passes through no outlet
    assert sentence.value is None and explorer.frames((), story.value).empty and explorer.stance(target.value, (), story.value).empty
    chosen.value = chosen.options  # every outlet again: the story's sentences to pick from
    assert sentence.value == sentence.options[0][1]
    label.value = "against"
    save.click()
    assert "Saved to annotations/stance_labels.csv" in status.value
    written = (corpus / "annotations" / "stance_labels.csv").read_text(encoding="utf-8").splitlines()
    assert len(written) == 2 and ",against," in written[1]
    assert quote.options and speaker.value == quote.value[3]  # the detected speaker, to correct
    speaker.value, kind.value = "a corrected speaker", "role"
    save_speaker.click()
    assert "Saved to annotations/quotes_gold.csv" in status.value
    gold = (corpus / "annotations" / "quotes_gold.csv").read_text(encoding="utf-8").splitlines()
    assert len(gold) == 2 and ",a corrected speaker,role," in gold[1]


def test_a_quote_gets_its_speaker_by_hand_and_the_speaker_evaluation_reads_it(tmp_path):
    """Label the speakers of every detected quote of one document; the next run scores the detector against them."""
    import shutil

    from analysis import load_study
    from analysis.config import PROJECT_ROOT
    from analysis.errors import CorpusError
    from analysis.reader import validate

    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "tests" / "fixtures" / "en_corpus", corpus)
    study = load_study(corpus)
    assert len(study.quote_evaluation) == 0  # no reference yet
    explorer = Explorer(study)
    doc = study.quotes["doc_id"].iloc[0]
    quotes = study.quotes[study.quotes["doc_id"] == doc]
    for q in quotes.itertuples():  # the detector's own speakers, written as hand labels: the plumbing, not the accuracy
        explorer.label_speaker(q.doc_id, q.start, q.end, q.speaker if q.speaker != "unknown" else "", q.speaker_type, annotator="T1")
    gold = (corpus / "annotations" / "quotes_gold.csv").read_text(encoding="utf-8").splitlines()
    assert len(gold) == len(quotes) + 1 and gold[0].startswith("doc_id,quote_id,start,end,kind,speaker,speaker_type")
    assert validate(corpus) == []
    again = load_study(corpus)
    assert len(again.quote_evaluation) > 0  # the evaluation now has a reference to score against
    with pytest.raises(CorpusError, match="unknown speaker type"):
        explorer.label_speaker(doc, int(quotes["start"].iloc[0]), int(quotes["end"].iloc[0]), "X", "someone")
    with pytest.raises(CorpusError, match="no detected quote"):
        explorer.label_speaker(doc, 0, 1, "X", "named")
