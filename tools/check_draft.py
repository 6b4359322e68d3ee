"""Validate one draft YAML file against its JSON Schema (used while transcribing).

Usage: .venv/bin/python tools/check_draft.py FILE
"""
import json, sys, unicodedata, pathlib, datetime
import yaml
from jsonschema import Draft202012Validator

def strdates(x):
    if isinstance(x, dict):
        return {k: strdates(v) for k, v in x.items()}
    if isinstance(x, list):
        return [strdates(v) for v in x]
    if isinstance(x, (datetime.date, datetime.datetime)):
        return x.isoformat()
    return x

root = pathlib.Path(__file__).resolve().parent.parent
path = pathlib.Path(sys.argv[1])
raw = path.read_text(encoding="utf-8")
if unicodedata.normalize("NFC", raw) != raw:
    print("NOT NFC")
data = strdates(yaml.safe_load(raw))
schema = {"Plan": "plan", "Agencies": "agencies"}[data["kind"]]
v = Draft202012Validator(json.loads((root / "schema" / f"{schema}.schema.json").read_text()))
errs = sorted(v.iter_errors(data), key=lambda e: list(e.path))
for e in errs:
    print("/".join(map(str, e.path)), e.message[:300])
print("errors:", len(errs))
