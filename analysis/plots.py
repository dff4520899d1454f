"""Figures: one matplotlib style, outlet colours from ``outlets.csv``, DataFrame in, Figure out.

Every plotting function takes tables computed elsewhere in the package and
returns a :class:`matplotlib.figure.Figure`; titles state what the figure
shows, computed from the same table.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from .corpus import LAYERS

#: Colours of the voice layers (fixed, so every figure agrees).
LAYER_COLOURS = {
    "relay_commentary": "#332288",
    "original_outlet": "#88CCEE",
    "quoted_block": "#DDCC77",
    "reader_comment": "#CC6677",
    "boilerplate": "#BBBBBB",
}

STYLE = {
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


def use_style() -> None:
    """Apply the project's matplotlib style (call once per notebook)."""
    mpl.rcParams.update(STYLE)


def outlet_colours(outlets: pd.DataFrame) -> dict[str, str]:
    """Map outlet key to its colour from the outlets table."""
    return dict(zip(outlets["outlet"], outlets["colour"]))


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
        One bar per document; the title names the document whose own voice
        (relay commentary + original outlet) is the smallest share.
    """
    table = layers.pivot_table(index="doc_id", columns="layer", values="n_tokens", aggfunc="sum", observed=False).fillna(0)
    table = table.reindex(columns=list(LAYERS), fill_value=0)
    labels = documents.set_index("doc_id")["label"]
    own = (table["relay_commentary"] + table["original_outlet"]) / table.sum(axis=1)
    fig, ax = plt.subplots()
    left = pd.Series(0.0, index=table.index)
    for layer in LAYERS:
        ax.barh([labels[d] for d in table.index], table[layer], left=left, color=LAYER_COLOURS[layer], label=layer.replace("_", " "))
        left += table[layer]
    lowest = own.idxmin()
    ax.set_title(f"{labels[lowest]}: only {own[lowest]:.0%} of its tokens are the outlet's own voice")
    ax.set_xlabel("tokens (count)")
    ax.invert_yaxis()
    ax.legend(loc="lower right", ncols=1)
    fig.tight_layout()
    return fig
