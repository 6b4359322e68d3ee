"""Files → one Repository. Bad input becomes findings; nothing raises, nothing prints."""
from __future__ import annotations

import json
import os
from contextvars import ContextVar
from functools import lru_cache, wraps
from pathlib import Path

from plans.findings import ERROR, Finding
from plans.loading import model as m
from plans.loading.model import items
MAX_BYTES = 20 * 1024 * 1024  # files over this are refused (Y008); [tool.plans] max-file-bytes

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schema"
KINDS = {"Plan": "plan", "Agencies": "agencies", "Indicators": "indicators", "Report": "report"}
YAML_SUFFIXES = (".yaml", ".yml")


class LoadError(Exception):
    """A usage error: a path given on the command line does not exist."""


def default_paths() -> list[str]:
    """What commands read when no path is given: the plans and the KPI data, where present."""
    return [p for p in ("plans", "kpi") if os.path.isdir(p)] or ["plans"]


def schema_dir() -> Path:
    env = os.environ.get("PLANS_SCHEMA_DIR")
    if env:
        return Path(env)
    if SCHEMA_DIR.is_dir():
        return SCHEMA_DIR
    # installed as a wheel (pre-commit, `pip install .`): the schemas of the repository being linted
    from plans.config import find_pyproject

    found = find_pyproject(".")
    if found is not None and (found.parent / "schema").is_dir():
        return found.parent / "schema"
    return Path(__file__).resolve().parents[1] / "schema"


@lru_cache(maxsize=None)
def _schema(kind: str):
    path = schema_dir() / f"{KINDS[kind]}.schema.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator(kind: str):
    schema = _schema(kind)
    if schema is None:
        return None
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema, format_checker=_format_checker())


@lru_cache(maxsize=None)
def fast_check(kind: str):
    """``data -> bool``: the kind's schema compiled (``loading/compiled.py``); True means jsonschema
    would find nothing either. ``None`` when there is no schema or it cannot be compiled faithfully."""
    schema = _schema(kind)
    if schema is None or os.environ.get("PLANS_NO_COMPILED_SCHEMA"):
        return None
    from plans.loading.compiled import compile_schema

    return compile_schema(schema)


# Set while only a few files are validated (a warm lint with one file changed): compiling a schema
# (about 0.1–0.3 s) then costs more than it saves, and jsonschema alone gives the same errors.
few_files: ContextVar[bool] = ContextVar("plans_few_files", default=False)


def schema_errors(kind: str, data) -> list:
    """jsonschema's errors for ``data`` (none when the kind has no schema). A file the compiled
    check accepts is not walked by jsonschema at all; any other goes to jsonschema, whose errors
    make the findings, so the messages are jsonschema's whichever path a file takes."""
    fast = None if few_files.get() and fast_check.cache_info().currsize == 0 else fast_check(kind)
    if fast is not None and fast(data):
        return []
    v = validator(kind)
    return [] if v is None else list(v.iter_errors(data))


def _format_checker():
    """JSON Schema's formats plus the two day forms of the plans: "day-or-date" (YYYY-MM-DD, or
    --MM-DD for a day every year) and "month-day" (--MM-DD). A pattern alone lets 2026-13-45 and
    --02-30 through, and such a deadline would then vanish from every query."""
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(Draft202012Validator.FORMAT_CHECKER.checkers)
    checker.checks("day-or-date")(_day_or_date)
    checker.checks("month-day")(_yearly_day)
    return checker


def _month_day(s: str) -> bool:
    import datetime as dt

    try:
        dt.date(2000, int(s[2:4]), int(s[5:7]))  # 2000 is a leap year: --02-29 is a real yearly day
    except ValueError:
        return False
    return True


def _yearly_day(s) -> bool:
    """The "month-day" format: a --MM-DD that names a real day of the year (anything else is the pattern's)."""
    return not isinstance(s, str) or not s.startswith("--") or _month_day(s)


def _day_or_date(s) -> bool:
    import datetime as dt

    if not isinstance(s, str):
        return True
    if s.startswith("--"):
        return _month_day(s)
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def discover(paths: list[str], keys: dict | None = None) -> list[str]:
    """YAML files under ``paths`` (files are taken as given), sorted, deduplicated. ``keys``, when
    given, receives each file's real path (the name it is deduplicated by)."""
    found: list[tuple[str, str | None]] = []  # (path, its real path when the walk knows it)
    for p in paths:
        if os.path.isdir(p):
            # walked from its normal form, the names found are normal (os.path.normpath) already
            top = os.path.normpath(p)
            _walk("" if top == "." else top, real_path(p), found)
        elif os.path.exists(p):
            found.append((p, None))
        else:
            raise LoadError(p)
    seen, uniq = set(), []
    dirs: dict[str, str] = {}
    for f, key in found:
        name = f if key is not None else os.path.normpath(f)
        if key is None:
            key = _real_file(name, dirs)  # one file named twice (plans/x.yaml and /abs/plans/x.yaml) is read once
        if keys is not None:
            keys[name] = key
        if key not in seen:
            seen.add(key)
            uniq.append(name)
    return uniq


def _walk(top: str, real_top: str, out: list) -> None:
    """``os.walk(top)``'s YAML files in its order (files sorted, then sorted subdirectories, hidden
    ones skipped, symbolic links to directories not followed), each with its real path, from one
    ``scandir`` per directory: the listing says which entries are links, and a directory that is not
    one is its parent's real path and its name, so nothing is stat'ed or resolved again."""
    try:
        with os.scandir(top or ".") as it:
            entries = list(it)
    except OSError:
        return  # as os.walk: a directory that cannot be listed is passed over
    files, subdirs = [], []
    for e in entries:
        try:
            is_dir = e.is_dir()
        except OSError:
            is_dir = False
        (subdirs if is_dir else files).append(e)
    # os.path.join(top, name), as a prefix: the same string, without a call per file
    at = top if top.endswith(os.sep) or not top else top + os.sep
    real_at = real_top if real_top.endswith(os.sep) else real_top + os.sep
    for e in sorted(files, key=lambda e: e.name):
        name = e.name
        if name.endswith(YAML_SUFFIXES):
            path = at + name
            try:
                link = e.is_symlink()
            except OSError:
                link = True
            out.append((path, real_path(path) if link else real_at + name))
    for e in sorted(subdirs, key=lambda e: e.name):
        try:
            if e.name.startswith(".") or e.is_symlink():
                continue
        except OSError:
            continue
        _walk(at + e.name, real_at + e.name, out)


def _real_file(path: str, dirs: dict) -> str:
    """``real_path(path)``, with the real path of each directory asked once (``dirs``): a file that
    is not itself a symlink is its directory's real path and its name."""
    import stat

    head, name = os.path.split(path)
    try:
        if name in ("", ".", "..") or stat.S_ISLNK(os.lstat(path).st_mode):
            return real_path(path)
    except (OSError, ValueError):
        return real_path(path)
    real = dirs.get(head)
    if real is None:
        real = dirs[head] = real_path(head or ".")
    return os.path.join(real, name)


def real_path(path: str) -> str:
    """``path`` with every symlink resolved (its absolute path when that fails): one name per file."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


def load_repository(paths: list[str], config=None, max_bytes: int = MAX_BYTES, cache: bool = False):
    """Load every YAML file under ``paths``. Returns ``(repository, findings)``.

    With ``cache=True`` what loading each file produced (its data and findings, as JSON in SQLite)
    is kept in the user's cache directory, keyed by the file's path and content, the schemas and
    this package's code: an unchanged file skips parsing and validation (see ``loading/cache.py``).
    """
    files = discover(paths)
    roots = read_roots(paths, config)
    if cache:
        from plans.loading import cache as c

        return c.load(files, max_bytes, roots)
    repo = m.Repository()
    findings: list[Finding] = []
    for path in files:
        load_file(path, repo, findings, max_bytes=max_bytes, roots=roots)
    repo.load_findings = findings
    return repo, findings


def read_roots(paths: list[str], config=None) -> list[str]:
    """Where a symlinked file may point: inside the repository (the directory of its pyproject.toml) or
    inside a path the user named (a directory, or a file's directory)."""
    roots = [real_path(config.root)] if config is not None and getattr(config, "file", None) else []
    for p in paths:
        named_dir = os.path.isdir(p) and not os.path.islink(p)
        roots.append(real_path(p if named_dir else os.path.dirname(os.path.abspath(p))))
    return roots


_REFUSED = {"Y008", "Y012", "Y013", "Y014", "Y015"}


def load_file(path: str, repo: m.Repository, findings: list[Finding], max_bytes: int = MAX_BYTES,
              roots=None) -> None:
    from plans.loading.yamlsafe import LazyPositions, position, read_yaml

    data, positions, problems = read_yaml(path, max_bytes=max_bytes, roots=roots)
    kept = _positions_out.get()
    if kept is not None and data is not None:
        kept.append(positions)
    for p in problems:
        findings.append(Finding(p.code, ERROR, path, p.line, p.col, p.args))
    if data is None:
        repo.files[path] = m.SourceFile(path, None, refused=any(p.code in _REFUSED for p in problems))
        return
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str) or kind not in KINDS:  # a list or a mapping is no kind (and not hashable)
        line, col = position(positions, ("kind",))
        findings.append(Finding("Y009", ERROR, path, line, col, {"kind": "" if kind is None else str(kind)}))
        repo.files[path] = m.SourceFile(path, None)
        return
    kind = data["kind"]
    repo.files[path] = m.SourceFile(path, kind)
    errors = schema_errors(kind, data)
    if errors:
        for err in errors:
            findings.append(_schema_finding(path, err, positions))
        if not prune(data, errors, validator(kind).schema.get("required", ())):
            return  # the file's findings say why; nothing of it enters the model
    lazy = LazyPositions(path, positions, max_bytes)
    build(kind, data, path, lazy, repo)
    lazy.release()


def build(kind: str, data: dict, path: str, positions, repo: m.Repository) -> None:
    """Add one file's validated data to the model (after a fresh load, or from the cache)."""
    builder = {"Plan": _build_plan, "Agencies": _build_agencies, "Indicators": _build_indicators,
               "Report": _build_report}.get(kind)
    if builder is None:
        return
    try:
        builder(data, path, positions, repo)
    except (TypeError, AttributeError, KeyError, ValueError):
        pass  # the schema findings already say what is wrong; the model just skips the file


# The lists whose items are records the builders iterate with ``items()`` (a task, a target, an agency…);
# a list of plain values (lead, aliases) is never cut item by item: its record goes instead.
RECORD_LISTS = frozenset({
    "sections", "tasks", "targets", "objectives", "reporting", "footnotes", "recipients", "unverified",
    "legal_bases", "implements", "campaigns", "days", "refs", "agencies", "groups", "indicators", "components",
    "figures"})


def prune(data: dict, errors, required=()) -> bool:
    """Take out of ``data`` what the schema refused, so that the model holds only valid values and no
    check or command meets a string where it expects a number (``threshold: 30%``).

    Each error removes the smallest record that holds it: the deepest item of a list of records (a task,
    a target, an agency, a figure), replaced by None so that the other records keep their indexes and
    positions; failing that, the top-level field. Returns False when the file cannot be built at all (a
    required top-level field is wrong, or the error is the document itself).
    """
    for err in errors:
        if err.validator == "additionalProperties":
            continue  # builders read only the fields they know
        path = list(err.absolute_path)
        chain, cur = [data], data
        try:
            for step in path:
                cur = cur[step]
                chain.append(cur)
        except (KeyError, IndexError, TypeError):
            continue  # an ancestor was already taken out
        cut = None
        for j in range(len(path), 1, -1):
            if isinstance(path[j - 1], int) and path[j - 2] in RECORD_LISTS and isinstance(chain[j - 1], list):
                cut = j
                break
        if cut is not None:
            chain[cut - 1][path[cut - 1]] = None
        elif path and path[0] not in required:
            data.pop(path[0], None)
        else:
            return False
    return True


def _schema_finding(path: str, err, positions: dict) -> Finding:
    from plans.loading.yamlsafe import position

    loc = tuple(err.absolute_path)
    extra = None
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set(err.schema.get("properties", {}))
        bad = [k for k in err.instance if k not in allowed]
        if bad:
            extra = bad[0]
            loc = loc + (bad[0], "#key")
    while loc and loc not in positions:
        loc = loc[:-1]
    line, col = position(positions, loc)
    where = "/".join(str(x) for x in err.absolute_path) or "/"
    en = err.message if len(err.message) < 300 else err.message[:297] + "…"
    return Finding("S001", ERROR, path, line, col, {
        "where": where, "error": _vi_message(err, extra) or en, "error_en": en,
        "validator": err.validator, "key": extra or "",
    })


def _short(v) -> str:
    s = repr(v) if not isinstance(v, str) else v
    return s if len(s) <= 60 else s[:57] + "…"


def _vi_message(err, extra) -> str | None:
    """The common JSON Schema errors in Vietnamese, with what to do."""
    v, inst, val = err.validator, err.instance, err.validator_value
    if v == "required":
        import re

        m = re.match(r"'(.+)' is a required property", err.message)
        return f"thiếu trường bắt buộc “{m.group(1) if m else '?'}”"
    if v == "additionalProperties" and extra:
        hint = ""
        if " " in extra or extra[:1].isupper() or any(ch in extra for ch in "ăâđêôơưáàảãạ"):
            hint = " — có dấu phẩy trong giá trị của ánh xạ {…}? Đặt giá trị đó trong nháy kép"
        return f"trường “{extra}” không có trong lược đồ{hint}"
    if v == "enum":
        return f"“{_short(inst)}” không phải một trong: {', '.join(map(str, val))}"
    if v == "const":
        return f"phải là “{val}”"
    if v == "type":
        names = {"string": "chuỗi", "number": "số", "integer": "số nguyên", "array": "danh sách",
                 "object": "ánh xạ", "boolean": "true/false", "null": "để trống"}
        want = " hoặc ".join(names.get(t, t) for t in (val if isinstance(val, list) else [val]))
        return f"“{_short(inst)}” phải là {want}"
    if v == "pattern":
        return f"“{_short(inst)}” không đúng dạng (mẫu {val})"
    if v == "format" and val == "date":
        return f"“{_short(inst)}” không phải ngày hợp lệ (YYYY-MM-DD)"
    if v == "format" and val == "day-or-date":
        return f"“{_short(inst)}” không phải ngày hợp lệ (YYYY-MM-DD, hoặc --MM-DD cho ngày lặp lại hằng năm)"
    if v == "format" and val == "month-day":
        return f"“{_short(inst)}” không phải ngày hợp lệ trong năm (--MM-DD, ví dụ --07-30)"
    if v in ("minLength", "minItems"):
        return "không được để trống"
    if v == "not" and isinstance(val, dict):  # fields that exclude each other (signer: chain or authority)
        names = [r for sub in val.get("anyOf", [val]) if isinstance(sub, dict) for r in sub.get("required", [])]
        if names:
            return f"không ghi {', '.join(f'“{n}”' for n in names)} ở đây (xem mô tả các trường trong lược đồ)"
    if v in ("minimum", "maximum"):
        return f"{_short(inst)} {'nhỏ hơn' if v == 'minimum' else 'lớn hơn'} giới hạn {val}"
    if v == "oneOf":
        return "phải có đúng một trong các dạng cho phép (ví dụ plan hoặc ref, không cả hai)"
    return None


# ---------------------------------------------------------------- builders

# While lint parses a file for its cache it collects here the file's positions (checks/incremental.py).
_positions_out: ContextVar[list | None] = ContextVar("plans_positions_out", default=None)

# While the cache loads a file afresh it collects here the data the builder was given (after
# validation), so that the next run can build the model from it without parsing the file again.
_given: ContextVar[list | None] = ContextVar("plans_builder_input", default=None)


def load_recorded(path: str, repo: m.Repository, findings: list[Finding], max_bytes: int = MAX_BYTES,
                  roots=None, positions: bool = False) -> tuple[list, list | None]:
    """:func:`load_file`, returning what its builder was given (the data a cache entry keeps) and, with
    ``positions``, the positions ``read_yaml`` found (one mapping per file read, else ``None``)."""
    token = _given.set([])
    tokp = _positions_out.set([]) if positions else None
    try:
        load_file(path, repo, findings, max_bytes=max_bytes, roots=roots)
        return _given.get(), (_positions_out.get() if positions else None)
    finally:
        _given.reset(token)
        if tokp is not None:
            _positions_out.reset(tokp)


def _kept(builder):
    @wraps(builder)
    def build(d, path, positions, repo):
        given = _given.get()
        if given is not None:
            given.append(d)
        return builder(d, path, positions, repo)

    return build


def _ctx(path, positions):
    return {"file": path, "positions": positions}


def _ref(d, path, ppath, positions):
    if not isinstance(d, dict):
        return None
    return m.DocRef(number=d.get("number", ""), type=d.get("type"), date=d.get("date"), issuer=d.get("issuer"),
                    title=d.get("title"), path=ppath, **_ctx(path, positions))


@_kept
def _build_plan(d, path, positions, repo):
    ctx = _ctx(path, positions)
    period = d.get("period") or {}
    plan_id = d["id"]

    def task(t, tp, section_id):
        return m.Task(
            id=t["id"], text=t.get("text", ""), plan_id=plan_id, section_id=section_id,
            assignment=t.get("assignment"),
            lead=list(t.get("lead") or []), partner=list(t.get("partner") or []),
            executor=list(t.get("executor") or []), advisor=list(t.get("advisor") or []),
            deadline=m.parse_date(t.get("deadline")), deadline_text=t.get("deadline_text"),
            recurrence=t.get("recurrence"),
            campaigns=[m.Campaign(start=m.parse_date(c.get("start")), end=m.parse_date(c.get("end")), name=c.get("name"),
                                  path=tp + ("campaigns", i), **ctx) for i, c in items(t.get("campaigns"))],
            days=[m.Day(date=x["date"], name=x.get("name", ""), path=tp + ("days", i), **ctx)
                  for i, x in items(t.get("days"))],
            products=list(t.get("products") or []),
            refs=[_ref(r, path, tp + ("refs", i), positions) for i, r in items(t.get("refs"))],
            see=list(t.get("see") or []), carries_out=list(t.get("carries_out") or []),
            path=tp, **ctx)

    def section(s, sp):
        return m.Section(
            id=s["id"], title=s.get("title"), intro=list(s.get("intro") or []),
            tasks=[task(t, sp + ("tasks", i), s["id"]) for i, t in items(s.get("tasks"))],
            sections=[section(c, sp + ("sections", i)) for i, c in items(s.get("sections"))],
            path=sp, **ctx)

    plan = m.Plan(
        id=plan_id, number=d["number"], issuer=d["issuer"], date=m.parse_date(d.get("date")), title=d.get("title", ""),
        date_from=m.parse_date((d.get("date_range") or {}).get("from")),
        date_to=m.parse_date((d.get("date_range") or {}).get("to")),
        period_start=m.parse_date(period.get("start")), period_end=m.parse_date(period.get("end")),
        document_type=d.get("document_type", "KẾ HOẠCH"), issuer_parent=d.get("issuer_parent"), place=d.get("place"),
        topics=list(d.get("topics") or []), jurisdiction=d.get("jurisdiction"), source=d.get("source") or {},
        preamble=list(d.get("preamble") or []),
        legal_bases=[_ref(r, path, ("legal_bases", i), positions) for i, r in items(d.get("legal_bases"))],
        implements=[m.Implements(plan=x.get("plan"), ref=_ref(x.get("ref"), path, ("implements", i, "ref"), positions),
                                 path=("implements", i), **ctx) for i, x in items(d.get("implements"))],
        objectives=[m.Objective(id=o["id"], text=o.get("text", ""), paragraphs=list(o.get("paragraphs") or []),
                                carries_out=list(o.get("carries_out") or []), path=("objectives", i), **ctx) for i, o in items(d.get("objectives"))],
        objective_groups=[{"id": g["id"], "title": g["title"]} for _, g in items(d.get("objective_groups"))],
        targets=[m.Target(id=t["id"], text=t.get("text", ""), comparator=t.get("comparator"), threshold=t.get("threshold"),
                          unit=t.get("unit"), indicator=t.get("indicator"), direction=t.get("direction"),
                          baseline=t.get("baseline"), objective=t.get("objective"),
                          period_start=m.parse_date((t.get("period") or {}).get("start")),
                          period_end=m.parse_date((t.get("period") or {}).get("end")),
                          carries_out=list(t.get("carries_out") or []), path=("targets", i), **ctx)
                 for i, t in items(d.get("targets"))],
        sections=[section(s, ("sections", i)) for i, s in items(d.get("sections"))],
        reporting=[m.ReportDuty(period=r.get("period"), recipient=r.get("recipient"), due=r.get("due"),
                                due_dates=list(r.get("due_dates") or []), reporters=list(r.get("reporters") or []),
                                basis=_ref(r.get("basis"), path, ("reporting", i, "basis"), positions),
                                text=r.get("text"), section=r.get("section"), path=("reporting", i), **ctx)
                   for i, r in items(d.get("reporting"))],
        footnotes=[m.Footnote(n=f["n"], text=f.get("text", ""), anchor=f.get("anchor"), path=("footnotes", i), **ctx)
                   for i, f in items(d.get("footnotes"))],
        recipients=[m.Recipient(text=r.get("text", ""), agencies=list(r.get("agencies") or []), purpose=r.get("purpose"),
                                path=("recipients", i), **ctx) for i, r in items(d.get("recipients"))],
        signer=d.get("signer") or {}, objectives_title=d.get("objectives_title"),
        unverified=[m.Unverified(field_=u.get("field", ""), note=u.get("note", ""), read_as=u.get("read_as"),
                                 path=("unverified", i), **ctx) for i, u in items(d.get("unverified"))],
        notes=d.get("notes"),
        path=(), **ctx)
    if plan.id in repo.plans:
        repo.duplicates.append(("plan", repo.plans[plan.id], plan))
    else:
        repo.plans[plan.id] = plan


@_kept
def _build_agencies(d, path, positions, repo):
    ctx = _ctx(path, positions)
    jur = d.get("jurisdiction", "")
    if d.get("name"):
        repo.jurisdiction_names.setdefault(jur, d["name"])
    if d.get("code"):
        repo.jurisdiction_codes.setdefault(jur, d["code"])
    for i, a in items(d.get("agencies")):
        ag = m.Agency(
            id=a["id"], name=a["name"], jurisdiction=jur, short=list(a.get("short") or []),
            aliases=list(a.get("aliases") or []), parent=a.get("parent"), level=a.get("level"), type=a.get("type"),
            groups=list(a.get("groups") or []), valid_from=m.parse_date(a.get("valid_from")),
            valid_to=m.parse_date(a.get("valid_to")), successor=list(a.get("successor") or []),
            basis=a.get("basis"), note=a.get("note"), path=("agencies", i), **ctx)
        _register(repo, ag)
    for i, g in items(d.get("groups")):
        gr = m.Group(
            id=g["id"], name=g["name"], jurisdiction=jur, aliases=list(g.get("aliases") or []),
            includes=list(g.get("includes") or []), members=list(g.get("members") or []), open=bool(g.get("open")),
            valid_from=m.parse_date(g.get("valid_from")), valid_to=m.parse_date(g.get("valid_to")),
            successor=list(g.get("successor") or []), note=g.get("note"), path=("groups", i), **ctx)
        _register(repo, gr)


def _register(repo, ent):
    existing = repo.entity(ent.id)
    if existing is not None:
        repo.duplicates.append(("agency", existing, ent))
        return
    (repo.groups if ent.is_group else repo.agencies)[ent.id] = ent


@_kept
def _build_indicators(d, path, positions, repo):
    ctx = _ctx(path, positions)
    for i, x in items(d.get("indicators")):
        ind = m.Indicator(
            id=x["id"], name=x["name"], kind=x["kind"], unit=x["unit"],
            components=[m.Component(id=c["id"], name=c.get("name", ""), unit=c.get("unit", ""), name_en=c.get("name_en"),
                                    path=("indicators", i, "components", j), **ctx)
                        for j, c in items(x.get("components"))],
            name_en=x.get("name_en"), numerator=x.get("numerator"), denominator=x.get("denominator"),
            value=x.get("value"), direction=x.get("direction"), responsible=list(x.get("responsible") or []),
            description=x.get("description"), path=("indicators", i), **ctx)
        if ind.id in repo.indicators:
            repo.duplicates.append(("indicator", repo.indicators[ind.id], ind))
        else:
            repo.indicators[ind.id] = ind


@_kept
def _build_report(d, path, positions, repo):
    from plans.kpi.model import build_report

    repo.reports.append(build_report(d, path, positions))
