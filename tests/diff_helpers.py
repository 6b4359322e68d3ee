"""A real git history built from the fixture repository, one commit per kind of change (for test_diff.py)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "repo"
HP26 = "plans/hp/2026-kh-bcd799-pttd-pctp.yaml"
HP25 = "plans/hp/2025-kh-bcd799-pctp-mbn.yaml"
HUE = "plans/hue/2026-kh-ubnd-pctp.yaml"
HN = "plans/hn/2024-133-kh-ubnd.yaml"
HP_REG = "plans/agencies/hp.yaml"
REPORT = "kpi/reports/hp-2026-kh-bcd799-pttd-pctp/2026-H1/hp.cong-an.yaml"


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root.parent)}
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=env).stdout


class History:
    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(FIXTURE, root)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "base")
        git(root, "tag", "base")

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        (self.root / rel).write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert text.count(old) == 1, (rel, old)
        self.write(rel, text.replace(old, new))

    def commit(self, tag: str) -> None:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", tag)
        git(self.root, "tag", tag)


def block(text: str, start: str, indent: int) -> str:
    """The YAML list item starting at the line ``start`` (with ``indent`` spaces before "- id:"), up to the next
    item at the same or a lower indentation."""
    i = text.index(start)
    lines = text[i:].split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        stripped = line.lstrip(" ")
        if line.strip() and len(line) - len(stripped) <= indent:
            break
        out.append(line)
    return "\n".join(out) + "\n"


def build(root: Path) -> History:
    h = History(root)
    # 1. the lead of a task changed
    h.edit(HP26, "                lead: [hp.so-van-hoa-the-thao-va-du-lich]\n",
           "                lead: [hp.cong-an]\n")
    h.commit("lead")
    # 2. T1's threshold raised from 5 to 12 (its text and objective still say 5%)
    text = h.read(HP25)
    t1 = text.index("- id: T1\n")
    i = text.index("  threshold: 5\n", t1)
    h.write(HP25, text[:i] + "  threshold: 12\n" + text[i + len("  threshold: 5\n"):])
    h.commit("threshold")
    # 3. a deadline moved
    h.edit(HUE, "      deadline: '2026-03-25'\n", "      deadline: '2026-04-30'\n")
    h.commit("deadline")
    # 4. a task deleted
    text = h.read(HP26)
    h.write(HP26, text.replace(block(text, "              - id: II.2.a.5\n", 14), ""))
    h.commit("delete")
    # 5. a partner added
    h.edit(HP26, "                assignment: \"Công an thành phố thực hiện\"\n                executor: [hp.cong-an]\n"
                 "              - id: II.2.a.12",
           "                assignment: \"Công an thành phố thực hiện\"\n                executor: [hp.cong-an]\n"
           "                partner: [hp.so-tu-phap]\n              - id: II.2.a.12")
    h.commit("partner")
    # 6. two tasks swapped (each keeps its id)
    text = h.read(HP26)
    a, b = block(text, "              - id: II.2.a.9\n", 14), block(text, "              - id: II.2.a.10\n", 14)
    h.write(HP26, text.replace(a + b, b + a))
    h.commit("swap")
    # 7. a task moved to another section
    text = h.read(HP26)
    t = block(text, "              - id: II.2.a.11\n", 14)
    text = text.replace(t, "")
    moved = "\n".join(line[4:] if line.strip() else line for line in t.split("\n"))
    h.write(HP26, text.replace("          - id: II.3.1\n", moved + "          - id: II.3.1\n"))
    h.commit("move")
    # 8. an agency renamed in the registry, with a successor
    h.edit(HP_REG, "  - id: hp.so-tu-phap\n    name: Sở Tư pháp thành phố Hải Phòng\n",
           "  - id: hp.so-tu-phap-va-phap-che\n    name: Sở Tư pháp và Pháp chế thành phố Hải Phòng\n"
           "    parent: hp.ubnd\n    level: province\n    type: department\n    groups:\n      - hp.cac-so-ban-nganh\n"
           "    valid_from: 2026-01-01\n"
           "  - id: hp.so-tu-phap\n    name: Sở Tư pháp thành phố Hải Phòng\n"
           "    valid_to: 2025-12-31\n    successor: [hp.so-tu-phap-va-phap-che]\n")
    h.commit("registry")
    # 9. a report's figure changed
    text = h.read(REPORT)
    h.write(REPORT, text.replace("      cases: 812 #", "      cases: 830 #", 1))
    h.commit("figure")
    # 10. diacritics only (tone placement hòa → hoà)
    h.edit(HP26, "Nâng cao hiệu quả công tác hòa giải ở cơ sở", "Nâng cao hiệu quả công tác hoà giải ở cơ sở")
    h.commit("diacritics")
    # 11. a file renamed, nothing else
    git(h.root, "mv", HUE, "plans/hue/ke-hoach-2026.yaml")
    h.commit("rename")
    # 12. across the 2025 reorganisation: ceased bodies replaced by their successor as lead
    h.edit(HP25, "        lead:\n        - hp.so-van-hoa-va-the-thao\n        - hp.so-du-lich\n",
           "        lead:\n        - hp.so-van-hoa-the-thao-va-du-lich\n")
    h.commit("reorg")
    # 13. two tasks swapped and renumbered to follow the printed order (ids follow positions)
    text = h.read(HP26)
    a, b = block(text, "              - id: II.2.a.2\n", 14), block(text, "              - id: II.2.a.3\n", 14)
    a2 = a.replace("- id: II.2.a.2\n", "- id: II.2.a.3\n")
    b2 = b.replace("- id: II.2.a.3\n", "- id: II.2.a.2\n")
    h.write(HP26, text.replace(a + b, b2 + a2))
    h.commit("swap-renumbered")
    # 14. a plan that no longer loads (a required field gone)
    text = h.read(HN)
    first = next(line for line in text.split("\n") if line.startswith("number:"))
    h.write(HN, text.replace(first + "\n", "", 1))
    h.commit("broken")
    return h
