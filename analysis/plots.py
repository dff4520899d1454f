"""Figures: one matplotlib style, outlet colours from ``outlets.csv``, DataFrame in, Figure out.

Every plotting function takes tables computed elsewhere in the package and
returns a :class:`matplotlib.figure.Figure`; titles state what the figure
shows, computed from the same table.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .corpus import DEFAULT_COLOURS, LAYERS

#: Colours of the voice layers (fixed, so every figure agrees).
LAYER_COLOURS = {
    "relay_commentary": "#332288",
    "original_outlet": "#88CCEE",
    "quoted_block": "#DDCC77",
    "reader_comment": "#CC6677",
    "boilerplate": "#BBBBBB",
}

STYLE = {
    "text.parse_math": False,  # labels are text: an outlet called "$x^2$" is shown as written, never as mathematics
    "figure.figsize": (9.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "framing-lab",
}


def _headline(fig: plt.Figure, text: str) -> None:
    """Put a figure's finding as its left-aligned bold title."""
    fig.suptitle(text, x=0.01, ha="left", fontweight="bold")


def use_style() -> None:
    """Apply the project's matplotlib style (call once per notebook)."""
    mpl.rcParams.update(STYLE)


def outlet_colours(outlets: pd.DataFrame) -> dict[str, str]:
    """Map outlet key to its colour from the outlets table."""
    return dict(zip(outlets["outlet"], outlets["colour"]))


#: More documents than this: the voice-layer bars are drawn per outlet.
MAX_DOCUMENT_BARS = 30


def layer_sizes(layers: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Stacked bars: tokens of each voice layer in each document.

    Parameters
    ----------
    layers : pandas.DataFrame
        :attr:`analysis.pipeline.Study.layers`.
    documents : pandas.DataFrame
        :attr:`analysis.pipeline.Study.documents` (for outlet labels).

    Returns
    -------
    matplotlib.figure.Figure
        One bar per document (per outlet when there are more than
        :data:`MAX_DOCUMENT_BARS` documents), named by its document id (its
        outlet when the study has one document per outlet).
    """
    docs = documents.set_index("doc_id")
    by_outlet = len(docs) > MAX_DOCUMENT_BARS
    key = layers["doc_id"].map(docs["label"]) if by_outlet else layers["doc_id"]
    table = layers.assign(key=key).pivot_table(index="key", columns="layer", values="n_tokens", aggfunc="sum", observed=False).fillna(0)
    table = table.reindex(columns=list(LAYERS), fill_value=0)
    one_each = not by_outlet and docs["label"].is_unique
    names = [docs.loc[d, "label"] if one_each else d for d in table.index]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(table) + 1.2)))
    left = pd.Series(0.0, index=table.index)
    for layer in LAYERS:
        ax.barh(names, table[layer], left=left, color=LAYER_COLOURS[layer], label=layer.replace("_", " "))
        left += table[layer]
    ax.set_title("Tokens of each voice layer, per " + ("outlet" if by_outlet else "document"))
    ax.set_xlabel("tokens (count)")
    ax.invert_yaxis()
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    return fig


def keyness_bars(boot: pd.DataFrame, outlets: pd.DataFrame, by: str = "outlet", top: int = 10) -> plt.Figure:
    """Each outlet's most distinctive terms (log-odds z) with bootstrap intervals.

    Parameters
    ----------
    boot : pandas.DataFrame
        :func:`analysis.keyness.bootstrap_log_odds` output.
    outlets : pandas.DataFrame
        Outlet table (labels and colours).
    top : int
        Terms per outlet.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per outlet; bars are z on the full data, whiskers the 5th-95th
        bootstrap percentiles; the title reports how many top terms are stable
        (in the top list in at least 80 % of replicates).
    """
    groups = sorted(boot[by].unique())
    colours, labels = outlet_colours(outlets), dict(zip(outlets["outlet"], outlets["label"]))
    fig, axes = plt.subplots(1, len(groups), figsize=(3.2 * len(groups), 4.2), sharex=True)
    axes = np.atleast_1d(axes)
    for ax, group in zip(axes, groups):
        g = boot[boot[by] == group].nsmallest(top, "rank").iloc[::-1]
        err = np.vstack([g["z"] - g["z_p05"], g["z_p95"] - g["z"]]).clip(min=0)
        ax.barh(g["term"], g["z"], xerr=err, color=colours.get(group, "#777777"), ecolor="#333333", capsize=2)
        ax.set_title(labels.get(group, group), fontsize=10)
        ax.set_xlabel("log-odds z vs rest")
        ax.axvline(1.96, color="#999999", lw=0.8, ls="--")
    shown = boot[boot["rank"] <= top]
    stable = int((shown["top_share"] >= 0.8).sum())
    unit = " and ".join(sorted(set(shown["resampled"]))) if "resampled" in shown else "sentences"
    _headline(fig, f"{stable} of these {len(shown)} terms stay in their outlet's top list in 80% of resamples ({unit} resampled)")
    fig.tight_layout()
    return fig


def ca_biplot(ca: dict, outlets: pd.DataFrame, n_terms: int = 25) -> plt.Figure:
    """Correspondence-analysis map of outlets and their most contributing terms."""
    rows, cols, inertia = ca["rows"], ca["columns"], ca["inertia"]
    colours, labels = outlet_colours(outlets), dict(zip(outlets["outlet"], outlets["label"]))
    fig, ax = plt.subplots(figsize=(9, 6.5))
    ax.scatter(cols["dim1"], cols["dim2"], s=6, color="#BBBBBB", zorder=1)
    strong = cols.assign(ctr=cols["ctr_dim1"] + cols["ctr_dim2"], x=cols["dim1"].round(1), y=cols["dim2"].round(1))
    strong = strong.sort_values(["ctr"], ascending=False, kind="stable")
    # Terms used by one outlet only share its position: label each spot once, with up to three terms.
    spots = strong.groupby(["x", "y"], sort=False).head(3).groupby(["x", "y"], sort=False)
    for k, ((x, y), g) in enumerate(spots):
        if k >= n_terms:
            break
        extra = int((strong["x"].eq(x) & strong["y"].eq(y)).sum()) - len(g)
        text = ", ".join(g.index) + (f" +{extra}" if extra > 0 else "")
        ax.annotate(
            text,
            (g["dim1"].mean(), g["dim2"].mean()),
            fontsize=8,
            color="#444444",
            ha="center",
            va="bottom",
            xytext=(0, 3),
            textcoords="offset points",
        )
    for outlet, r in rows.iterrows():
        ax.scatter(r["dim1"], r["dim2"], s=120, color=colours.get(outlet, "#777777"), edgecolor="black", zorder=3)
        ax.annotate(labels.get(outlet, outlet), (r["dim1"], r["dim2"]), xytext=(6, 6), textcoords="offset points", fontweight="bold")
    share = inertia.set_index("axis")["share"]
    ax.set_xlabel(f"axis 1 ({share['dim1']:.0%} of inertia)")
    ax.set_ylabel(f"axis 2 ({share['dim2']:.0%} of inertia)")
    ax.axhline(0, color="#999999", lw=0.6)
    ax.axvline(0, color="#999999", lw=0.6)
    ax.set_title("The outlets on the first two axes of the vocabulary map (correspondence analysis)")
    fig.tight_layout()
    return fig


def similarity_heatmap(sim: pd.DataFrame, outlets: pd.DataFrame) -> plt.Figure:
    """Heat map of outlet-to-outlet cosine similarity, values printed in the cells."""
    labels = dict(zip(outlets["outlet"], outlets["label"]))
    names = [labels.get(o, o) for o in sim.index]
    fig, ax = plt.subplots(figsize=(7, 5.5))
    im = ax.imshow(sim.to_numpy(), cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.grid(False)
    for i in range(len(names)):
        for j in range(len(names)):
            v = sim.iat[i, j]
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", color="white" if v > 0.6 else "black", fontsize=9)
    ax.set_title("Cosine similarity of the outlets' vocabularies")
    fig.colorbar(im, ax=ax, label="cosine similarity of TF-IDF vectors")
    fig.tight_layout()
    return fig


def cue_rates_plot(rates: pd.DataFrame, outlets: pd.DataFrame, by: str = "outlet", title_category_prefix: str = "loaded") -> plt.Figure:
    """Cue rates per 1,000 tokens per outlet, with bootstrap intervals, one panel per category.

    The title names the outlet with the highest summed rate of the categories
    starting with ``title_category_prefix`` ("" = all categories).
    """
    categories = sorted(rates["category"].unique())
    colours, labels = outlet_colours(outlets), dict(zip(outlets["outlet"], outlets["label"]))
    ncols = 3
    nrows = int(np.ceil(len(categories) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 2.6 * nrows), sharey=True)
    axes = np.atleast_1d(axes).ravel()
    groups = sorted(rates[by].unique())
    for ax, cat in zip(axes, categories):
        r = rates[rates["category"] == cat].set_index(by).reindex(groups)
        y = np.arange(len(groups))
        err = np.vstack([r["per_1000"] - r["per_1000_p05"], r["per_1000_p95"] - r["per_1000"]]).clip(min=0)
        ax.errorbar(r["per_1000"], y, xerr=err, fmt="none", ecolor="#555555", capsize=2)
        ax.scatter(r["per_1000"], y, color=[colours.get(g, "#777777") for g in groups], zorder=3)
        ax.set_yticks(y, [labels.get(g, g) for g in groups])
        ax.set_title(cat.replace("_", " "), fontsize=10)
        ax.set_xlabel("per 1,000 tokens")
    for ax in axes[len(categories) :]:
        ax.set_visible(False)
    summed = rates[rates["category"].str.startswith(title_category_prefix)].groupby(by)["per_1000"].sum()
    top = summed.idxmax() if len(summed) else groups[0]
    what = "uses the most loaded language" if title_category_prefix == "loaded" else "has the highest combined rate of these cues"
    _headline(fig, f"{labels.get(top, top)} {what} ({summed.max():.1f} per 1,000 tokens in its own voice)")
    fig.tight_layout()
    return fig


def naming_heatmap(naming: pd.DataFrame, outlets: pd.DataFrame, kind: str = "spelling") -> plt.Figure:
    """Plot counts of naming variants per outlet (all layers).

    For spelling variants, only referents for which the corpus uses two or
    more variants are shown (where there is a choice to see); for loaded
    namings, every variant used at least once.
    """
    labels = dict(zip(outlets["outlet"], outlets["label"]))
    n = naming[naming["kind"] == kind]
    table = n.pivot_table(index=["referent", "variant"], columns="outlet", values="count", aggfunc="sum", fill_value=0)
    used = table[table.sum(axis=1) > 0]
    if kind == "spelling":  # a choice exists only where the corpus uses two or more variants of a referent
        n_used = used.groupby(level="referent").size()
        used = used[used.index.get_level_values("referent").isin(n_used[n_used > 1].index)]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(used) + 1.8))
    im = ax.imshow(used.to_numpy(), cmap="Oranges", aspect="auto")
    ax.set_yticks(range(len(used)), [f"{r}: {v}" for r, v in used.index])
    ax.set_xticks(range(len(used.columns)), [labels.get(o, o) for o in used.columns], rotation=30, ha="right")
    ax.grid(False)
    for i in range(used.shape[0]):
        for j in range(used.shape[1]):
            if used.iat[i, j]:
                ax.text(j, i, str(used.iat[i, j]), ha="center", va="center", fontsize=8)
    fig.colorbar(im, ax=ax, label="occurrences (count)")
    n_ref = used.index.get_level_values("referent").nunique()
    title = (
        f"Spelling choices: {n_ref} referents are written in more than one way"
        if kind == "spelling"
        else f"Loaded namings: {len(used)} used, for {n_ref} referents"
    )
    ax.set_title(title)
    fig.tight_layout()
    return fig


def sourcing_bars(profile: pd.DataFrame, outlets: pd.DataFrame, by: str = "outlet") -> plt.Figure:
    """Stacked bars: share of quotes with a named, role, anonymous or unknown speaker, per outlet (n = quotes)."""
    labels = dict(zip(outlets["outlet"], outlets["label"]))
    p = profile.set_index(by)
    fig, ax = plt.subplots(figsize=(9, 3.8))
    left = np.zeros(len(p))
    names = [f"{labels.get(o, o)} (n={n})" for o, n in zip(p.index, p["n_quotes"])]
    for col, colour in (
        ("named_share", "#4477AA"),
        ("role_share", "#66CCEE"),
        ("anonymous_share", "#EE6677"),
        ("unknown_share", "#BBBBBB"),
    ):
        if col not in p:
            continue
        ax.barh(names, p[col], left=left, color=colour, label=col.replace("_share", ""))
        left += p[col].to_numpy()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of quotes in the outlet's own voice")
    ax.invert_yaxis()
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title("Who speaks in the quotes of each outlet's own voice")
    fig.tight_layout()
    return fig


def _favor_against_bars(ax: plt.Axes, t: pd.DataFrame, y: np.ndarray) -> None:
    """Favour shares right and against shares left of zero, one pair of bars per row of ``t``, with their 5th-95th percentile intervals."""
    ax.barh(y - 0.2, t["favor_share"], height=0.38, color="#228833", label="favor")
    ax.barh(y + 0.2, -t["against_share"], height=0.38, color="#CC3311", label="against")
    ax.errorbar(
        t["favor_share"],
        y - 0.2,
        xerr=np.vstack([t["favor_share"] - t["favor_p05"], t["favor_p95"] - t["favor_share"]]).clip(min=0),
        fmt="none",
        ecolor="#333333",
        capsize=2,
    )
    ax.errorbar(
        -t["against_share"],
        y + 0.2,
        xerr=np.vstack([t["against_p95"] - t["against_share"], t["against_share"] - t["against_p05"]]).clip(min=0),
        fmt="none",
        ecolor="#333333",
        capsize=2,
    )
    ax.axvline(0, color="#555555", lw=0.8)


def stance_profile_plot(profile: pd.DataFrame, outlets: pd.DataFrame, voice: str = "own", by: str = "outlet") -> plt.Figure:
    """Net stance (favor share minus against share) per outlet and target, with intervals of each share."""
    labels = dict(zip(outlets["outlet"], outlets["label"]))
    colours = outlet_colours(outlets)
    p = profile[profile["voice"] == voice]
    targets = sorted(p["target"].unique())
    fig, axes = plt.subplots(1, len(targets), figsize=(3.1 * len(targets), 3.8), sharey=True)
    groups = sorted(p[by].unique())
    for ax, target in zip(np.atleast_1d(axes), targets):
        t = p[p["target"] == target].set_index(by).reindex(groups)
        y = np.arange(len(groups))
        _favor_against_bars(ax, t, y)
        ax.set_yticks(y, [labels.get(g, g) for g in groups])
        for tick, g in zip(ax.get_yticklabels(), groups):
            tick.set_color(colours.get(g, "black"))
        ax.set_title(target.replace("_", " "), fontsize=10)
        ax.set_xlabel("share of sentences\n(against left, favor right)")
    np.atleast_1d(axes)[0].legend(loc="lower left", fontsize=8)
    net = p.groupby(by)["net"].sum()
    who = "the outlets' own voices" if voice == "own" else "the voices they quote"
    _headline(fig, f"Stance in {who}: {labels.get(net.idxmin(), net.idxmin())} has the lowest net stance summed over targets")
    fig.tight_layout()
    return fig


def confusion_grid(confusion: pd.DataFrame, methods=("rules", "classifier", "majority"), target: str = "all") -> plt.Figure:
    """Confusion matrices (gold rows, predicted columns) of each stance method."""
    fig, axes = plt.subplots(1, len(methods), figsize=(3.6 * len(methods), 3.4))
    order = ["favor", "against", "none"]
    for ax, method in zip(np.atleast_1d(axes), methods):
        c = confusion[(confusion["target"] == target) & (confusion["method"] == method)]
        m = c.pivot(index="gold", columns="predicted", values="count").reindex(index=order, columns=order)
        ax.imshow(m.to_numpy(), cmap="Greys")
        ax.grid(False)
        for i in range(3):
            for j in range(3):
                v = m.iat[i, j]
                ax.text(j, i, str(v), ha="center", va="center", color="white" if v > m.to_numpy().max() / 2 else "black")
        ax.set_xticks(range(3), order)
        ax.set_yticks(range(3), order)
        ax.set_xlabel("predicted")
        ax.set_ylabel("hand label")
        ax.set_title(method)
    _headline(fig, f"Stance: where each method goes wrong (all targets pooled, {int(c['count'].sum())} sentence x target pairs)")
    fig.tight_layout()
    return fig


def frame_heatmap(profile: pd.DataFrame, outlets: pd.DataFrame, by: str = "outlet") -> plt.Figure:
    """Heat map of frame shares (own-voice sentences with the frame) per outlet, values and intervals in cells."""
    labels = dict(zip(outlets["outlet"], outlets["label"]))
    share = profile.pivot_table(index="frame", columns=by, values="share")
    lo = profile.pivot_table(index="frame", columns=by, values="share_p05")
    hi = profile.pivot_table(index="frame", columns=by, values="share_p95")
    fig, ax = plt.subplots(figsize=(9, 4.8))
    im = ax.imshow(share.to_numpy(), cmap="Purples", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(share.shape[1]), [labels.get(o, o) for o in share.columns], rotation=25, ha="right")
    ax.set_yticks(range(share.shape[0]), [f.replace("_", " ") for f in share.index])
    ax.grid(False)
    for i in range(share.shape[0]):
        for j in range(share.shape[1]):
            v = share.iat[i, j]
            ax.text(
                j,
                i,
                f"{v:.2f}\n[{lo.iat[i, j]:.2f}–{hi.iat[i, j]:.2f}]",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if v > 0.55 else "black",
            )
    fig.colorbar(im, ax=ax, label="share of own-voice sentences with the frame")
    ax.set_title("Share of own-voice sentences with each frame [5th-95th percentile]")
    fig.tight_layout()
    return fig


def coverage_heatmap(coverage: pd.DataFrame, outlets: pd.DataFrame, events: pd.DataFrame) -> plt.Figure:
    """Event x outlet coverage: share of text in cells, headline marked with *, blank where omitted."""
    labels = dict(zip(outlets["outlet"], outlets["label"]))
    names = dict(zip(events["event_id"], events["label"]))
    cov = coverage[coverage.groupby("event_id")["covered"].transform("any")]
    share = cov.pivot_table(index="event_id", columns="outlet", values="share_of_text", fill_value=0)
    head = cov.pivot_table(index="event_id", columns="outlet", values="in_headline", aggfunc="any", fill_value=False)
    order = share.gt(0).sum(axis=1).sort_values(ascending=False, kind="stable").index
    share, head = share.loc[order], head.loc[order]
    fig, ax = plt.subplots(figsize=(10, 0.34 * len(share) + 1.8))
    im = ax.imshow(share.to_numpy(), cmap="YlGnBu", aspect="auto", vmin=0)
    ax.set_yticks(range(len(share)), [names.get(e, e)[:60] for e in share.index], fontsize=8)
    ax.set_xticks(range(share.shape[1]), [labels.get(o, o) for o in share.columns], rotation=25, ha="right")
    ax.grid(False)
    for i in range(share.shape[0]):
        for j in range(share.shape[1]):
            v = share.iat[i, j]
            if v > 0:
                ax.text(
                    j,
                    i,
                    f"{v:.0%}{'*' if head.iat[i, j] else ''}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if v > share.to_numpy().max() / 2 else "black",
                )
    fig.colorbar(im, ax=ax, label="share of the outlet's text (tokens)")
    n_all = int(share.gt(0).all(axis=1).sum())
    kind = "event or story" if len(share) == 1 else "events or stories"
    every = f", {n_all} covered by every outlet" if share.shape[1] > 1 else ""
    ax.set_title(f"{len(share)} {kind}{every} (* = in the first sentence)")
    fig.tight_layout()
    return fig


def dendrogram_plot(link, names: list[str], title: str) -> plt.Figure:
    """Dendrogram of outlets from a scipy linkage matrix."""
    from scipy.cluster.hierarchy import dendrogram

    fig, ax = plt.subplots(figsize=(8, 3.8))
    dendrogram(link, labels=names, ax=ax, orientation="right", color_threshold=0, above_threshold_color="#444444")
    ax.set_xlabel("combined distance (0 = same, 1 = farthest pair on every view)")
    ax.set_title(title)
    ax.grid(False)
    fig.tight_layout()
    return fig


def bench_ratios(results: pd.DataFrame) -> plt.Figure:
    """Horizontal bars: each benchmark step's time as a multiple of the floor, per corpus size (log scale).

    Parameters
    ----------
    results : pandas.DataFrame
        The benchmark table (``documents, step, x floor``), as in ``bench/results.md``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    steps = [s for s in results["step"].drop_duplicates() if s != "floor"]
    sizes = sorted(results["documents"].unique())
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(steps) * len(sizes) + 1.5))
    height = 0.8 / len(sizes)
    for i, size in enumerate(sizes):
        part = results[results["documents"] == size].set_index("step")
        ys = np.arange(len(steps)) + i * height
        values = [part["x floor"].get(s, np.nan) for s in steps]
        ax.barh(
            ys,
            np.asarray(values, dtype=float) - 1,
            left=1,
            height=height,
            label=f"{size:,} documents",
            color=DEFAULT_COLOURS[i % len(DEFAULT_COLOURS)],
        )
    ax.set_yticks(np.arange(len(steps)) + height * (len(sizes) - 1) / 2, steps)
    ax.invert_yaxis()
    ax.set_xscale("log")
    # bars start at the floor (1x), so their lengths compare on the log scale; a step faster than the floor goes left of it
    fastest = float(np.nanmin(results.loc[results["step"] != "floor", "x floor"].to_numpy(dtype=float), initial=1.0))
    ax.set_xlim(left=min(1.0, fastest) / 1.25)
    ax.axvline(1, color="black", linewidth=1)
    for target, label in ((2, "lexical target (2x)"), (6, "whole-run target (6x)")):
        ax.axvline(target, color="grey", linestyle="--", linewidth=1)
        ax.annotate(label, (target, 1.0), xycoords=("data", "axes fraction"), rotation=90, va="top", ha="right", fontsize=9, color="grey")
    ax.set_xlabel("time as a multiple of CountVectorizer's tokenise-and-count (log scale)")
    ax.legend(loc="upper right")
    largest = results[results["documents"] == sizes[-1]]
    run = largest.loc[largest["step"].isin(["run", "run_dask"]), "x floor"].min()  # the faster engine, as the targets table
    verdict = "within" if run <= 6 else "above"
    _headline(fig, f"At {sizes[-1]:,} documents the whole run takes {run:.0f}x the floor's time, {verdict} the 6x target")
    fig.tight_layout()
    return fig


def stance_voices_plot(profile: pd.DataFrame, outlets: pd.DataFrame, by: str = "outlet") -> plt.Figure:
    """One target's favour and against shares per outlet, own voice beside the voices it quotes, with intervals (the explorer's chart).

    ``profile``: :func:`analysis.stance.stance_profile` rows of one target.
    """
    labels = dict(zip(outlets["outlet"], outlets["label"]))
    groups = sorted(profile[by].unique())
    fig, axes = plt.subplots(1, 2, figsize=(8, 0.5 + 0.45 * max(len(groups), 2)), sharey=True, squeeze=False)
    y = np.arange(len(groups))
    for ax, voice in zip(axes[0], ("own", "quoted")):
        shares = [f"{k}_{v}" for k in ("favor", "against") for v in ("share", "p05", "p95")]
        _favor_against_bars(ax, profile[profile["voice"] == voice].set_index(by).reindex(groups)[shares].fillna(0), y)
        ax.set_yticks(y, [labels.get(g, g) for g in groups])
        ax.set_xlim(-1, 1)
        ax.set_title("own voice" if voice == "own" else "quoted voices", fontsize=10)
        ax.set_xlabel("share of sentences (against left, favor right)")
    axes[0][0].legend(loc="lower left", fontsize=8)
    target = str(profile["target"].iloc[0]).replace("_", " ") if len(profile) else ""
    _headline(fig, f"Stance on {target}, with 5th-95th percentile intervals")
    fig.tight_layout()
    return fig


def frame_shares_plot(profile: pd.DataFrame, outlets: pd.DataFrame, by: str = "outlet") -> plt.Figure:
    """Share of own-voice sentences with each frame, one row of points per frame and outlet, with intervals (the explorer's chart)."""
    labels = dict(zip(outlets["outlet"], outlets["label"]))
    colours = outlet_colours(outlets)
    frames = sorted(profile["frame"].unique())
    groups = sorted(profile[by].unique())
    fig, ax = plt.subplots(figsize=(8, 0.6 + 0.35 * max(len(frames), 2)))
    step = 0.8 / max(len(groups), 1)
    for k, g in enumerate(groups):
        t = profile[profile[by] == g].set_index("frame").reindex(frames)
        y = np.arange(len(frames)) - 0.4 + step * (k + 0.5)
        err = np.vstack([t["share"] - t["share_p05"], t["share_p95"] - t["share"]]).clip(min=0)
        ax.errorbar(t["share"], y, xerr=err, fmt="o", color=colours.get(g, "#777777"), capsize=2, ms=4, label=labels.get(g, g))
    ax.set_yticks(np.arange(len(frames)), [f.replace("_", " ") for f in frames])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of own-voice sentences with the frame")
    ax.legend(fontsize=8, loc="lower right")
    _headline(fig, "Frames, with 5th-95th percentile intervals")
    fig.tight_layout()
    return fig
