"""The compiled schema check (fastjsonschema) is only a gate before jsonschema: it must never accept
a file jsonschema refuses, and lint must say exactly the same with and without it."""
from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from plans.loading import compiled, loader
from plans.loading.yamlsafe import read_yaml

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = []
for _f in sorted(FIXTURES.rglob("*.yaml")):
    _data = read_yaml(str(_f))[0]
    if isinstance(_data, dict) and _data.get("kind") in loader.KINDS:
        DOCS.append((_f.relative_to(FIXTURES).as_posix(), _data))

ODD = [True, False, 1, 0, -1, 1.0, 1.5, 10**30, float("inf"), None, "", "x", "2026-02-30", "2026-13-01",
       "--02-30", "--02-29", "2026-01-01\n", "2026-1-1", "--7-30", [], [None], ["x", "x"], {}, {"id": 1}]


def _jsonschema_says(kind, data) -> list:
    return list(loader.validator(kind).iter_errors(data))


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, path + (i,))


def _set(data, path, value):
    cur = data
    for step in path[:-1]:
        cur = cur[step]
    cur[path[-1]] = value


def test_every_shipped_schema_compiles():
    for kind in loader.KINDS:
        assert loader.fast_check(kind) is not None, kind


def test_fixtures_get_the_same_verdict():
    assert len(DOCS) > 10
    for name, data in DOCS:
        kind = data["kind"]
        assert loader.fast_check(kind)(data) == (not _jsonschema_says(kind, data)), name


@pytest.mark.parametrize("seed", range(4))
def test_mutated_files_never_pass_when_jsonschema_refuses(seed):
    rnd = random.Random(seed)
    refused = 0
    for _ in range(60):
        name, original = rnd.choice(DOCS)
        data = copy.deepcopy(original)
        path = rnd.choice(list(_paths(data))[1:])
        how = rnd.random()
        if how < 0.15 and isinstance(path[-1], str):
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            del parent[path[-1]]  # a field taken out
        elif how < 0.25 and isinstance(path[-1], str):
            _set(data, path[:-1] + (path[-1] + "_x",), rnd.choice(ODD))  # a field not in the schema
        else:
            _set(data, path, copy.deepcopy(rnd.choice(ODD)))
        kind = original["kind"]
        errors = _jsonschema_says(kind, data)
        fast = loader.fast_check(kind)(data)
        assert not (errors and fast), (name, path, errors[0].message)
        refused += bool(errors)
    assert refused > 10  # the mutations do reach the schema


@pytest.mark.parametrize("value", [True, 1.0, 2, "1"])
def test_a_numeric_const_is_not_a_boolean(value):
    plan = next(copy.deepcopy(d) for _, d in DOCS if d["kind"] == "Plan")
    plan["schema_version"] = value
    assert loader.fast_check("Plan")(plan) == (not _jsonschema_says("Plan", plan))


def test_enum_of_numbers_and_booleans_as_jsonschema():
    from jsonschema import Draft202012Validator

    check = compiled.compile_schema({"enum": [1, True, [1], {"a": None}]})
    for value in (1, 1.0, True, False, 0, [1], [True], {"a": None}, {"a": 0}):
        assert check(value) == Draft202012Validator({"enum": [1, True, [1], {"a": None}]}).is_valid(value), value


@pytest.mark.parametrize("value", ["2026-02-29", "2026-02-28", "2026-00-10", "２０２６-01-01", "2026-01-01T00:00",
                                   "2024-02-29", "0000-01-01"])
def test_date_format_is_jsonschemas(value):
    from jsonschema import Draft202012Validator

    assert compiled._date(value) == Draft202012Validator.FORMAT_CHECKER.conforms(value, "date")


def test_schemas_it_cannot_read_as_jsonschema_are_not_compiled():
    assert compiled.compile_schema({"prefixItems": [{"type": "string"}]}) is None
    assert compiled.compile_schema({"unevaluatedProperties": False}) is None
    assert compiled.compile_schema({"$ref": "https://example.org/x.json"}) is None
    assert compiled.compile_schema({"type": "string", "format": "email"}) is None
    # a $ref with siblings applies both, as in 2020-12 (draft 7 would drop the siblings)
    check = compiled.compile_schema({"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s", "minLength": 2})
    assert check("ab") and not check("a") and not check(3)
    dep = compiled.compile_schema({"dependentSchemas": {"a": {"required": ["b"]}}})
    assert dep({"b": 1}) and dep({"a": 1, "b": 2}) and not dep({"a": 1})


def test_lint_says_the_same_without_the_compiled_check(repo, run, monkeypatch):
    plan = "plans/hp/2026-kh-bcd799-pttd-pctp.yaml"
    repo.edit(plan, "schema_version: 1", "schema_version: true")
    repo.edit(plan, "\nplace: ", "\nplaces: ")  # a field the schema does not know
    repo.edit(plan, "  to: 2026-02-09", "  to: 2026-02-30")  # a date that is no day
    monkeypatch.setenv("PLANS_CACHE_DIR", str(repo.path / ".cache-a"))
    fast = run("lint", "--format", "json")
    loader.fast_check.cache_clear()
    monkeypatch.setenv("PLANS_NO_COMPILED_SCHEMA", "1")
    monkeypatch.setenv("PLANS_CACHE_DIR", str(repo.path / ".cache-b"))
    try:
        slow = run("lint", "--format", "json")
    finally:
        loader.fast_check.cache_clear()
    assert fast.exit_code == slow.exit_code == 1
    found = json.loads(fast.stdout)
    assert found == json.loads(slow.stdout)
    s001 = [f for f in found["findings"] if f["code"] == "S001"]
    assert len(s001) >= 3, s001


def test_lint_loading_in_worker_processes_says_the_same(repo, run, monkeypatch):
    """Files loaded afresh by worker processes (many cache misses) give the same findings, in the
    same order, as files loaded one by one, and the entries they leave serve the next run."""
    from plans.loading import cache

    plan = "plans/hp/2026-kh-bcd799-pttd-pctp.yaml"
    repo.edit(plan, "  to: 2026-02-09", "  to: 2026-02-30")
    real_load = loader.load_file
    loaded = []  # files loaded in this process (a worker's appends stay in the worker)
    monkeypatch.setattr(loader, "load_file", lambda *a, **kw: loaded.append(a[0]) or real_load(*a, **kw))
    monkeypatch.setattr(cache, "PARALLEL_FROM", 1)
    monkeypatch.setenv("PLANS_CACHE_DIR", str(repo.path / ".cache-seq"))
    monkeypatch.setenv("PLANS_JOBS", "1")
    one = run("lint", "--format", "json")
    assert len(loaded) > 10
    del loaded[:]
    monkeypatch.setenv("PLANS_JOBS", "2")
    monkeypatch.setenv("PLANS_CACHE_DIR", str(repo.path / ".cache-par"))
    two = run("lint", "--format", "json")
    assert loaded == []  # every file was loaded by the workers
    again = run("lint", "--format", "json")  # the workers' entries, now read from the cache
    assert loaded == []
    assert one.exit_code == two.exit_code == again.exit_code == 1
    assert json.loads(one.stdout) == json.loads(two.stdout) == json.loads(again.stdout)
    assert any(f["code"] == "S001" for f in json.loads(two.stdout)["findings"])
