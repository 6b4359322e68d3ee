"""Adding ``carries_out`` links to a plan file without disturbing anything else in it.

The file is read with ruamel.yaml's round-trip loader, which reports the line and column of every key;
the new links go in at those places as new lines (``carries_out: [plan:item]`` right under the item's
``id``, or one more entry in an existing list), and every other byte of the file stays as it was:
comments, order, quoting, line wrapping. (Dumping the whole document again would re-wrap 300 to 1,000
lines of each shipped plan.) The result is read back with the same loader and must hold exactly the old
data plus the new links, or nothing is written (:class:`EditError`).
"""
from __future__ import annotations

import copy
import io


class EditError(Exception):
    """The links could not be added safely; ``reason``: ``unparsable``, ``not-found`` or ``mismatch``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    return y


def _items(data):
    """(id, mapping) of every objective, target and task of a loaded plan document."""
    for key in ("objectives", "targets"):
        for m in data.get(key) or []:
            if isinstance(m, dict) and "id" in m:
                yield str(m["id"]), m

    def walk(sections):
        for s in sections or []:
            if not isinstance(s, dict):
                continue
            for t in s.get("tasks") or []:
                if isinstance(t, dict) and "id" in t:
                    yield str(t["id"]), t
            yield from walk(s.get("sections"))

    yield from walk(data.get("sections"))


def _plain(x):
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x if isinstance(x, (int, float, bool, type(None))) else str(x)


def add_links(text: str, additions: dict[str, list[str]]) -> tuple[str, int]:
    """``text`` with ``additions`` {item id: [links]} added to the items' ``carries_out`` (links already
    there are skipped). Returns the new text and the number of links added."""
    y = _yaml()
    try:
        data = y.load(text)
    except Exception as e:  # ruamel raises many kinds; all mean the same here
        raise EditError("unparsable", str(e).splitlines()[0] if str(e) else type(e).__name__) from None
    if not isinstance(data, dict):
        raise EditError("unparsable", "not a mapping")
    by_id = {}
    for iid, m in _items(data):
        by_id.setdefault(iid, m)
    lines = text.split("\n")
    inserts: list[tuple[int, str]] = []      # (line index to insert before, line)
    replaces: dict[int, str] = {}
    expected = _plain(copy.deepcopy(data))
    exp_by_id = {iid: m for iid, m in _items(expected)}
    added = 0
    for iid, links in additions.items():
        m = by_id.get(iid)
        if m is None:
            raise EditError("not-found", iid)
        have = [str(x) for x in (m.get("carries_out") or [])]
        new = [lk for lk in dict.fromkeys(links) if lk not in have]
        if not new:
            continue
        added += len(new)
        exp_by_id[iid]["carries_out"] = have + new
        if "carries_out" not in m:
            line, col = m.lc.key("id")
            inserts.append((line + 1, " " * col + f"carries_out: [{', '.join(new)}]"))
            continue
        seq = m["carries_out"]
        kline, _ = m.lc.key("carries_out")
        if getattr(getattr(seq, "fa", None), "flow_style", lambda: False)() or not seq:
            src = lines[kline]
            start, end = src.find("["), src.rfind("]")
            if start < 0 or end < start:
                raise EditError("mismatch", iid)  # a flow list over several lines: leave it to a person
            inner = src[start + 1:end].strip()
            replaces[kline] = src[:start + 1] + (inner + ", " if inner else "") + ", ".join(new) + src[end:]
        else:
            last_line, last_col = seq.lc.item(len(seq) - 1)
            inserts.append((last_line + 1, "\n".join(" " * (last_col - 2) + f"- {lk}" for lk in new)))
    for i, s in replaces.items():
        lines[i] = s
    for at, s in sorted(inserts, key=lambda x: x[0], reverse=True):
        lines.insert(at, s)
    out = "\n".join(lines)
    try:
        check = _plain(_yaml().load(out))
    except Exception as e:
        raise EditError("mismatch", str(e).splitlines()[0] if str(e) else type(e).__name__) from None
    if check != expected:
        raise EditError("mismatch", "the file read back differs from what was meant")
    return out, added
