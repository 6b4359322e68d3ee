"""The JSON Schemas: valid draft 2020-12, one per kind, every property titled and described in Vietnamese."""
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted((ROOT / "schema").glob("*.schema.json"))


def test_one_schema_per_kind():
    assert [p.name for p in SCHEMAS] == ["agencies.schema.json", "indicators.schema.json", "plan.schema.json",
                                         "report.schema.json"]


def walk_properties(node, path=""):
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{path}/{name}", sub
        for k, v in node.items():
            yield from walk_properties(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk_properties(v, f"{path}/{i}")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_and_documented(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")
    missing = [where for where, sub in walk_properties(schema)
               if not (isinstance(sub, dict) and sub.get("title") and sub.get("description"))]
    assert not missing, missing
    # Vietnamese, with diacritics
    assert any(ch in schema["description"] for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ")
