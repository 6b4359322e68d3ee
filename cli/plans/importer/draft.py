"""The draft as YAML: checked against ``schema/plan.schema.json``, keys in the schema's order (the order
of the shipped plans), block style, dates unquoted, written through ruamel.yaml's round-trip emitter."""
from __future__ import annotations

import datetime as dt
import io
import re

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_KEYS = {"date", "start", "end", "deadline", "from", "to"}


def schema_errors(data: dict) -> list[str]:
    """Schema violations of the draft, as "path: message" lines (none for a good draft)."""
    from plans.loading.loader import validator

    v = validator("Plan")
    if v is None:
        return []
    out = []
    for err in sorted(v.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in err.absolute_path)
        out.append(f"{path or '(gốc)'}: {err.message[:200]}")
    return out


def _resolve(schema: dict, root: dict) -> dict:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        node = root
        for key in schema["$ref"][2:].split("/"):
            node = node.get(key, {})
        schema = node
        seen += 1
    return schema if isinstance(schema, dict) else {}


def _ordered(obj, schema: dict, root: dict):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    schema = _resolve(schema, root)
    if isinstance(obj, dict):
        props = schema.get("properties", {})
        order = list(props)
        keys = sorted(obj, key=lambda k: (order.index(k) if k in order else len(order), str(k)))
        m = CommentedMap()
        for k in keys:
            v = obj[k]
            if k in _DATE_KEYS and isinstance(v, str) and _ISO.match(v):
                try:
                    v = dt.date.fromisoformat(v)
                except ValueError:
                    pass
            m[k] = _ordered(v, props.get(k, {}), root)
        return m
    if isinstance(obj, list):
        items = schema.get("items", {})
        s = CommentedSeq()
        for v in obj:
            s.append(_ordered(v, items, root))
        return s
    return obj


def to_yaml(data: dict) -> str:
    import json

    from ruamel.yaml import YAML

    from plans.loading.loader import schema_dir

    try:
        root = json.loads((schema_dir() / "plan.schema.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        root = {}
    doc = _ordered(data, root, root)
    y = YAML(typ="rt")
    y.default_flow_style = False
    y.allow_unicode = True
    y.width = 4096
    y.indent(mapping=2, sequence=2, offset=0)
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()
