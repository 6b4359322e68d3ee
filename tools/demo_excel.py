"""The Excel round trip of `make demo`, on a temporary copy of the repository (the shipped data is
never written): the standing agency makes an agency's report form, a clerk fills it in (here by
openpyxl, with invented figures, so the report is marked sample data), the form is imported into a
report, and `plans kpi` counts it. Then the agency's deadline calendar and the tracker workbook."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
PLANS = str(Path(sys.executable).with_name("plans"))
PLAN, PERIOD, AGENCY = "hp-2026-kh-bcd799-pttd-pctp", "2026-H2", "hp.cong-an"


def plans(*args: str) -> None:
    print("$ plans " + " ".join(f'"{a}"' if " " in a else a for a in args), flush=True)
    subprocess.run([PLANS, *args], check=True)


def fill(path: Path) -> None:
    """What the clerk types: every total, a part below it, last year's same period, a task done."""
    wb = openpyxl.load_workbook(path)
    ms = wb["_plans"]
    layout = json.loads("".join(c.value for c in ms[9][1:] if isinstance(c.value, str)))
    figs = wb[layout["sheets"]["figures"]]
    for n, entry in enumerate(layout["figures"]):
        comps = entry["components"]
        if len(comps) == 1 and not comps[0]["baseline"]:  # a count to keep down (units rated "Yếu")
            figs[comps[0]["value"]] = 0
            continue
        for j, comp in enumerate(comps):
            total = 900 + 25 * n
            figs[comp["value"]] = total - (7 + 9 * n) * j  # a part (listed after its total) is smaller
            if comp["baseline"]:
                figs[comp["baseline"]] = 1100
    info = wb[layout["sheets"]["info"]]
    info[layout["info"]["number"]] = "MẪU-02/BC-CATP"
    info[layout["info"]["date"]] = dt.date(2026, 12, 10)
    tasks = wb[layout["sheets"]["tasks"]]
    row = layout["tasks"][1]["row"]
    tasks[f"E{row}"] = "Hoàn thành đúng hạn"
    tasks[f"F{row}"] = dt.date(2026, 10, 5)
    tasks[f"G{row}"] = "Báo cáo mẫu số 09/BC-CATP"
    wb.save(path)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="plans-demo-") as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        for name in ("plans", "kpi"):
            shutil.copytree(ROOT / name, repo / name)
        shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
        os.chdir(repo)
        form = Path(tmp) / f"bao-cao-{AGENCY}.xlsx"
        plans("report", "new", "--format", "xlsx", "--sample", "--plan", PLAN, "--period", PERIOD,
              "--agency", AGENCY, "-o", str(form))
        fill(form)
        print(f"(điền sổ {form.name} như cán bộ của cơ quan sẽ điền trong Excel)", flush=True)
        plans("report", "import", str(form), "--period", PERIOD)
        plans("kpi", "--plan", PLAN, "--period", PERIOD)
        plans("calendar", "--agency", AGENCY, "-o", str(Path(tmp) / f"{AGENCY}.ics"))
        plans("export", "--format", "xlsx", "--plan", PLAN, "--as-of", "2026-12-15", "-o",
              str(Path(tmp) / "theo-doi.xlsx"))


if __name__ == "__main__":
    main()
