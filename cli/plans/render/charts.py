"""The attainment chart: each target's value against its threshold, as a PNG (matplotlib, Agg)."""
from __future__ import annotations

import io


def attainment_chart(rows, lang: str = "vi", sample: bool = False) -> bytes | None:
    """``rows``: Attainment objects with a value in percent. Returns PNG bytes, or None if none has one."""
    pts = [a for a in rows if a.value is not None and a.target.unit == "percent"]
    if not pts:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [a.target.id for a in pts]
    values = [float(a.value) for a in pts]
    goals = [float(a.target.threshold) for a in pts]
    colors = {"met": "#2e7d32", "not-met": "#c62828", "insufficient": "#9e9e9e", "not-due": "#1565c0"}
    fig, ax = plt.subplots(figsize=(6.3, 0.45 * len(pts) + 1.2), dpi=150)
    y = range(len(pts))
    ax.barh(list(y), values, color=[colors[a.status] for a in pts], height=0.55)
    ax.scatter(goals, list(y), marker="|", s=400, color="black", zorder=3,
               label="Chỉ tiêu" if lang == "vi" else "Target")
    for i, v in enumerate(values):  # the figure inside the bar's end, so it never meets the target mark
        ax.text(max(v - 1, 1), i, f"{v:.1f}%", va="center", ha="right" if v > 15 else "left", fontsize=8,
                color="white" if v > 15 else "black")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(110, max(values + goals) + 10))
    ax.set_xlabel("%")
    title = "Mức đạt chỉ tiêu" if lang == "vi" else "Target attainment"
    if sample:
        title += " — DỮ LIỆU MẪU" if lang == "vi" else " — SAMPLE DATA"
    ax.set_title(title, fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=8, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()
