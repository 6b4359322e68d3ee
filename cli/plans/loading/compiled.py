"""A fast yes/no for a file's schema: the schemas compiled to Python by fastjsonschema.

Validation with jsonschema walks the schema for every value (``$ref`` lookups, a validator object
per step): on a national-scale repository it took most of lint's time. fastjsonschema turns a schema
into plain Python code once per process, about ten times faster. It is used only as a gate:

- a file it accepts has no schema finding (jsonschema is not run);
- a file it refuses — or anything it cannot decide — is validated by jsonschema as before, whose
  errors make the S001 findings. So every message stays exactly what jsonschema says.

This is sound only if the compiled check never accepts what jsonschema refuses. fastjsonschema
knows drafts 4 to 7, the schemas are 2020-12: :func:`draft7` rewrites the few 2020-12 forms the
schemas use into their draft-7 equivalents (``dependentSchemas`` → ``dependencies``; a ``$ref`` with
sibling keywords → ``allOf``) and declines — no compiled check, jsonschema for every file — any schema
with a keyword or a reference whose meaning it does not carry over exactly. Where fastjsonschema is stricter (``$`` in a pattern is read as end of text) the file just
goes to jsonschema, which then finds nothing and the file is valid. The formats are the loader's
own checks (``date`` as jsonschema checks it, and the plans' ``day-or-date`` and ``month-day``);
tests compare both validators on the fixtures and on mutated files.
"""
from __future__ import annotations

import datetime as dt
import re

# Keywords whose value is a schema, a list of schemas or a map of name → schema.
_ONE = ("additionalProperties", "items", "not", "contains", "propertyNames", "if", "then", "else")
_LIST = ("anyOf", "oneOf", "allOf")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
# Keywords that mean the same in draft 7 and 2020-12 and that fastjsonschema checks as jsonschema does.
_SAME = frozenset({
    "type", "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "required", "minProperties",
    "maxProperties", "enum", "const", "$ref"})
_ANNOTATIONS = frozenset({"title", "description", "$comment", "examples", "deprecated", "readOnly", "writeOnly",
                          "$id", "$schema"})
_RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # jsonschema's own test for "date"


class Unsupported(Exception):
    """The schema uses something the compiled check would not read as jsonschema does."""


def draft7(schema, top: bool = True):
    """``schema`` (2020-12) as an equivalent draft-7 schema, or :class:`Unsupported`."""
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema)[:40])
    out: dict = {}
    for k, v in schema.items():
        if k in _ANNOTATIONS or k == "default":
            continue  # no assertion (defaults are never filled in: use_default=False)
        if k in _ONE:
            if k == "items" and not isinstance(v, (dict, bool)):
                raise Unsupported("items as a list")  # prefixItems in 2020-12, another meaning in draft 7
            out[k] = draft7(v, False)
        elif k in _LIST:
            if not isinstance(v, list):
                raise Unsupported(k)
            out[k] = [draft7(s, False) for s in v]
        elif k in _MAP:
            if not isinstance(v, dict):
                raise Unsupported(k)
            out["dependencies" if k == "dependentSchemas" else k] = {n: draft7(s, False) for n, s in v.items()}
        elif k in _SAME:
            if k == "$ref" and not (isinstance(v, str) and (v == "#" or v.startswith(("#/$defs/", "#/definitions/")))):
                raise Unsupported(f"$ref {v!r}")
            out[k] = v
        else:
            raise Unsupported(k)
    if "$ref" in out and len(out) > 1:  # draft 7 ignores a $ref's siblings, 2020-12 applies them
        ref = out.pop("$ref")
        defs = {k: out.pop(k) for k in ("$defs", "definitions") if k in out}  # stay where "#/$defs/…" points
        out = {"allOf": [{"$ref": ref}, out], **defs}
    if top:
        out["$schema"] = "http://json-schema.org/draft-07/schema#"
    return out


def _date(s) -> bool:
    if not isinstance(s, str):
        return True
    try:
        return bool(_RE_DATE.fullmatch(s) and dt.date.fromisoformat(s))
    except ValueError:
        return False


def _formats() -> dict:
    from plans.loading import loader

    return {"date": _date, "day-or-date": loader._day_or_date,
            "month-day": loader._yearly_day}


def _used_formats(schema, found: set) -> set:
    if isinstance(schema, dict):
        for k, v in schema.items():
            if k == "format" and isinstance(v, str):
                found.add(v)
            else:
                _used_formats(v, found)
    elif isinstance(schema, list):
        for v in schema:
            _used_formats(v, found)
    return found


def compile_schema(schema: dict):
    """A function ``data -> bool`` (True: valid), or ``None`` when the schema cannot be compiled
    faithfully (then every file goes to jsonschema)."""
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - a dependency; without it lint is only slower
        return None
    formats = _formats()
    if not _used_formats(schema, set()) <= set(formats):
        return None  # a format checked only by jsonschema's own checker
    try:
        check = fastjsonschema.compile(draft7(schema), formats=formats, use_default=False)
    except (Unsupported, fastjsonschema.JsonSchemaDefinitionException, ValueError, TypeError, RecursionError):
        return None

    def valid(data) -> bool:
        try:
            check(data)
        except Exception:  # refused, or anything unexpected: jsonschema decides and explains
            return False
        return True

    return valid
