"""Machine-readable lint output: JSON, GitHub workflow annotations, SARIF 2.1.0."""
from __future__ import annotations

import json
import os

from plans import __version__
from plans.checks.registry import all_rules

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rel(path: str) -> str:
    rel = os.path.relpath(os.path.abspath(path))
    return (path if rel.startswith("..") else rel).replace(os.sep, "/")


def _rels():
    """``_rel`` remembered per file for one output (tens of thousands of findings, a few thousand files)."""
    memo: dict[str, str] = {}

    def rel(path: str) -> str:
        got = memo.get(path)
        if got is None:
            got = memo[path] = _rel(path)
        return got

    return rel


def to_json(result, lang: str = "vi") -> str:
    rel = _rels()
    doc = {
        "version": __version__,
        "summary": {"files": len(result.files), "errors": result.errors, "warnings": result.warnings,
                    "suppressed": result.suppressed},
        "findings": [],
    }
    head = _indented(doc)[:-len("[]\n}")]
    if not result.findings:
        return head + "[]\n}"
    from json.encoder import encode_basestring as q  # what json.dumps writes for a str (C)

    # each finding as json.dumps(f.to_dict(lang), indent=2) would write it, nested in the list
    items = []
    for f in result.findings:
        d = f.to_dict(lang)
        if type(d["line"]) is not int or type(d["column"]) is not int or len(d) not in (6, 7):
            items.append(_indented({"x": [dict(d, file=rel(f.file))]})[len('{\n  "x": [\n'):-len("\n  ]\n}")])
            continue
        tail = f',\n      "suppressed": {q(d["suppressed"])}' if "suppressed" in d else ""
        items.append(f'    {{\n      "code": {q(d["code"])},\n      "severity": {q(d["severity"])},\n'
                     f'      "file": {q(rel(f.file))},\n      "line": {d["line"]},\n      "column": {d["column"]},\n'
                     f'      "message": {q(d["message"])}{tail}\n    }}')
    return head + "[\n" + ",\n".join(items) + "\n  ]\n}"


def _indented(doc: dict) -> str:
    """``json.dumps(doc, ensure_ascii=False, indent=2)``, written with the C encoder for each flat
    value (``indent`` alone makes ``json`` use its pure-Python encoder: seconds at national scale)."""
    def flat(d: dict, pad: str) -> str:
        if not d:
            return "{}"
        inner = ",\n".join(f"{pad}  {dumps(k)}: {dumps(v)}" for k, v in d.items())
        return "{\n" + inner + "\n" + pad + "}"

    from json.encoder import encode_basestring  # the C function json.dumps uses for a str

    def dumps(v) -> str:
        t = type(v)
        if t is str:
            return encode_basestring(v)
        if t is int:
            return int.__repr__(v)
        return json.dumps(v, ensure_ascii=False)

    parts = []
    for k, v in doc.items():
        if isinstance(v, dict) and all(not isinstance(x, (dict, list)) for x in v.values()):
            text = flat(v, "  ")
        elif isinstance(v, list) and v and all(isinstance(x, dict) and all(
                not isinstance(y, (dict, list)) for y in x.values()) for x in v):
            text = "[\n" + ",\n".join("    " + flat(x, "    ") for x in v) + "\n  ]"
        else:
            text = json.dumps(v, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        parts.append(f"  {dumps(k)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}"


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def to_github(result, lang: str = "vi") -> str:
    """One ``::error``/``::warning`` workflow command per active finding."""
    out, rel = [], _rels()
    for f in result.active:
        level = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        props = f"file={_gh_escape(rel(f.file), True)},line={f.line},col={f.col},title={_gh_escape(f.code, True)}"
        out.append(f"::{level} {props}::{_gh_escape(f.code + ' ' + f.message(lang))}")
    return "\n".join(out)


def to_sarif(result, lang: str = "vi") -> str:
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "plans",
        "version": __version__,
        "informationUri": "https://github.com/plans-vn/plans",
        "rules": [{
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.message.get(lang) or r.message["vi"]},
            "fullDescription": {"text": r.explain.get(lang) or r.explain["vi"]},
            "help": {"text": r.explain.get(lang) or r.explain["vi"]},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        } for r in rules],
    }
    results, rel = [], _rels()
    for f in result.findings:
        item = {
            "ruleId": f.code,
            "ruleIndex": index.get(f.code, 0),
            "level": _SARIF_LEVEL.get(f.severity, "note"),
            "message": {"text": f.message(lang)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": rel(f.file), "uriBaseId": "SRCROOT"},
                "region": {"startLine": max(f.line, 1), "startColumn": max(f.col, 1)},
            }}],
        }
        if f.suppressed is not None:
            item["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
        results.append(item)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {"SRCROOT": {"uri": "file://" + os.path.abspath(".").replace(os.sep, "/") + "/"}},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
