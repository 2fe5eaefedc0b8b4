"""Charts of statistics tables (matplotlib, the `plot` extra): PNG files for the CLI, inline
SVG for the web app."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path


def draw_table(table, path: Path | None = None, fmt: str = "png"):
    """Draw every numeric column of a `results.Table` by year, to `path` or as bytes."""
    from greta_search.api import GretaSearchError

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise GretaSearchError("plots need matplotlib: pip install 'greta-search[plot]'") from None
    series = table.series()
    if not series:
        raise GretaSearchError(f"{table.caption}: no numeric yearly series to plot")
    years = table.years()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "greta"}):
        fig, ax = plt.subplots(figsize=(8, 4.5))
        for column, values in series.items():
            ax.plot(years, [float("nan") if v is None else v for v in values], marker="o",
                    label=column)
        ax.set_xticks(years)
        ax.set_title(textwrap.shorten(f"{table.caption}: {table.description or ''}", 90),
                     fontsize=9)
        ax.set_xlabel("year")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        fig.text(0.01, 0.01, table.doc, fontsize=7, color="grey")
        fig.tight_layout()
        if path is not None:
            fig.savefig(path, dpi=120)
            plt.close(fig)
            return None
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=120)
        plt.close(fig)
    return buffer.getvalue()
