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


def to_json(result, lang: str = "vi") -> str:
    doc = {
        "version": __version__,
        "summary": {"files": len(result.files), "errors": result.errors, "warnings": result.warnings,
                    "suppressed": result.suppressed},
        "findings": [dict(f.to_dict(lang), file=_rel(f.file)) for f in result.findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def to_github(result, lang: str = "vi") -> str:
    """One ``::error``/``::warning`` workflow command per active finding."""
    out = []
    for f in result.active:
        level = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        props = f"file={_gh_escape(_rel(f.file), True)},line={f.line},col={f.col},title={_gh_escape(f.code, True)}"
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
    results = []
    for f in result.findings:
        item = {
            "ruleId": f.code,
            "ruleIndex": index.get(f.code, 0),
            "level": _SARIF_LEVEL.get(f.severity, "note"),
            "message": {"text": f.message(lang)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _rel(f.file), "uriBaseId": "SRCROOT"},
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
