"""Agency names (ambiguous names list their candidates and exit 2; a unique best match is used and
named), R002 across registries points at file:line, and every command speaks Vietnamese in ``--lang vi``.

Runs on the frozen fixture repository tests/fixtures/repo (never on the shipped plans/ or kpi/)."""
from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest

import plans
from plans.checks.registry import all_rules
from plans.queries.names import AMBIGUOUS, FOUND, NameIndex

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "repo"
REPO_ARGS = ("--repo", FIX / "plans", "--repo", FIX / "kpi")
AS_OF = ("--as-of", "01/03/2026")
HP_PLAN = "hp-2026-kh-bcd799-pttd-pctp"


@pytest.fixture(scope="module")
def repo():
    return plans.load(str(FIX / "plans"), str(FIX / "kpi"))


@pytest.fixture(scope="module")
def index(repo):
    return NameIndex(repo)


# --------------------------------------------------------------------------------------------- names
def _police(repo):
    """Every province's police in the registries: bodies of a province whose official name starts
    "Công an thành phố/tỉnh"."""
    return {a.id for a in repo.agencies.values()
            if a.level == "province" and re.match(r"Công an (thành phố|tỉnh) ", a.name)}


def _short_form_holders(repo, short):
    return {a.id for a in repo.agencies.values() if short in a.short}


def test_fixture_has_several_police_and_catp_holders(repo):
    # what the ambiguity tests below rest on, read from the registries rather than assumed
    assert len(_police(repo)) >= 3
    assert len(_short_form_holders(repo, "CATP")) >= 2


@pytest.mark.parametrize("typed", ["Công an", "công an thành phố", "cong an"])
def test_police_without_a_place_is_ambiguous_and_lists_every_province(run, repo, typed):
    res = run("status", "--agency", typed, *AS_OF, *REPO_ARGS)
    assert res.exit_code == 2, res.output
    for ent_id in _police(repo):
        assert ent_id in res.output and repo.agencies[ent_id].name in res.output
    assert "Nhiệm vụ" not in res.stdout  # nothing was reported for a body picked behind the user's back


def test_catp_short_form_of_several_bodies_is_ambiguous(run, repo):
    holders = _short_form_holders(repo, "CATP")
    res = run("status", "--agency", "CATP", *AS_OF, *REPO_ARGS)
    assert res.exit_code == 2
    for ent_id in holders:
        assert ent_id in res.output


def test_department_without_a_place_is_ambiguous_across_provinces(run, repo):
    res = run("status", "--agency", "Sở Tư pháp", *AS_OF, *REPO_ARGS)
    assert res.exit_code == 2
    for ent_id in ("hn.so-tu-phap", "hp.so-tu-phap", "hue.so-tu-phap"):
        assert ent_id in res.output


@pytest.mark.parametrize("typed, expected", [
    ("so tu phap ha noi", "hn.so-tu-phap"),
    ("so giao duc hai phong", "hp.so-giao-duc-va-dao-tao"),
    ("so giao duc hai phng", "hp.so-giao-duc-va-dao-tao"),   # a typo
    ("cong an hue", "hue.cong-an"),                          # place name + body
    ("CATP Hải Phòng", "hp.cong-an"),                        # short form + place
    ("cong an tp ha noi", "hn.cong-an"),                     # "TP": the place's initials
])
def test_unique_best_match_is_used_and_named(run, repo, typed, expected):
    res = run("status", "--agency", typed, *AS_OF, "--format", "json", *REPO_ARGS)
    assert res.exit_code in (0, 1), res.output
    assert f"→ {repo.agencies[expected].name} ({expected})" in res.stderr
    assert f'"id": "{expected}"' in res.stdout


def test_exact_id_or_official_name_is_not_announced(run):
    for typed in ("hp.cong-an", "Công an thành phố Hải Phòng"):
        res = run("status", "--agency", typed, *AS_OF, "--format", "json", *REPO_ARGS)
        assert "→" not in res.stderr


@pytest.mark.parametrize("argv", [
    ("tasks", "--agency", "Công an"),
    ("agencies", "--show", "Công an"),
    ("kpi", "--agency", "Công an"),
    ("report", "new", "--plan", HP_PLAN, "--period", "2026-H1", "--agency", "Công an", "-o", "never-written.yaml"),
])
def test_every_command_taking_an_agency_refuses_an_ambiguous_name(run, tmp_path, argv):
    argv = [str(tmp_path / a) if a == "never-written.yaml" else a for a in argv]
    res = run(*argv, *REPO_ARGS)
    assert res.exit_code == 2
    assert "hn.cong-an" in res.output and "hue.cong-an" in res.output
    assert not (tmp_path / "never-written.yaml").exists()


def test_equally_good_is_decided_by_score_not_by_which_alias_exists(index):
    # Huế's registry has the bare alias "Công an"; the other police carry the same words plus only
    # their place, which the registry implies: all score alike, and "Bộ Công an" (one more word) less.
    r = index.resolve("Công an")
    assert r.status == AMBIGUOUS
    assert {c.id for c, _ in r.candidates} >= {"hn.cong-an", "hp.cong-an", "hue.cong-an"}
    assert "vn.bo-cong-an" not in {c.id for c, _ in r.candidates}
    assert index.resolve("Bộ Công an").entity.id == "vn.bo-cong-an"
    r = index.resolve("so giao duc hai phong ha noi")  # two places: no body is in both
    assert r.status != FOUND


# ------------------------------------------------------------------------------- R002 across registries
def test_duplicate_id_across_two_registries_points_to_file_and_line(run, tmp_path):
    shutil.copytree(FIX, tmp_path / "repo")
    hue = tmp_path / "repo" / "plans" / "agencies" / "hue.yaml"
    hue.write_text(hue.read_text(encoding="utf-8")
                   + "- id: hp.cong-an\n  name: Công an (bản trùng)\n  level: province\n", encoding="utf-8")
    for lang in ("vi", "en"):
        res = run("--lang", lang, "lint", tmp_path / "repo" / "plans")
        r002 = [ln for ln in res.output.splitlines() if "R002" in ln]
        assert r002, res.output
        assert "Where(" not in r002[0]
        assert re.search(r"hp\.yaml:\d+:\d+\)", r002[0]), r002[0]


# ------------------------------------------------------------------------------------------ language
ENGLISH = [
    "central", "province", "commune", "district", "lead", "partner", "executor", "advisor", "overdue", "due",
    "pending", "done", "in progress", "not started", "status", "task", "tasks", "agency", "agencies", "plan",
    "period", "report", "reports", "target", "targets", "error", "errors", "warning", "warnings", "unknown",
    "none", "yes", "no", "true", "false", "met", "not met", "group", "received", "upcoming", "recurring",
    "insufficient", "missing", "ministry", "department", "police", "court", "procuracy", "military", "party",
    "office", "committee", "organization", "other", "name", "aliases", "jurisdiction", "successor", "members",
    "includes", "level", "type", "kind", "valid", "note", "file", "deadline", "text", "role", "value", "goal",
    "baseline", "sample", "data", "wrote", "see", "the", "of", "and", "is", "not", "cases", "figures",
]
_ENGLISH_RX = re.compile(r"(?<![\w.\-/])(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                                                     sorted(ENGLISH, key=len, reverse=True)) + r")(?![\w\-/])",
                         re.IGNORECASE)
YAML_KEYS = sorted({k for f in (ROOT / "schema").glob("*.json")
                    for k in re.findall(r'"([a-z_][\w-]*)":\s*\{\s*"title"', f.read_text(encoding="utf-8"))},
                   key=len, reverse=True)
COMMANDS = ("lint", "rules", "rule", "status", "tasks", "plans", "agencies", "show", "kpi", "report", "render")


def _identifiers(repo) -> list[str]:
    """What the user types or sees as a code rather than a word: ids, rule codes and names."""
    ids = {*repo.agencies, *repo.groups, *repo.plans, *repo.indicators}
    for r in all_rules():
        ids |= {r.code, r.name}
    ids |= {"Plan", "Agencies", "Indicators", "Report"}  # the values of `kind:` a file must carry
    return sorted(ids, key=len, reverse=True)


@functools.lru_cache(maxsize=4)
def _identifier_rx(identifiers: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w.\-])(" + "|".join(map(re.escape, identifiers)) + r")(?![\w\-])")


def english_leaks(text: str, identifiers: list[str]) -> list[str]:
    """English words in ``text``, each with a little context; ids, codes, paths and commands removed."""
    s = " ".join(re.sub(r"[│┃║|]", " ", text).split())                      # table borders, wrapped cells
    s = re.sub(r"\bplans(\s+(" + "|".join(COMMANDS) + r"))+\b", " ", s)      # "plans lint", "plans report new"
    s = re.sub(r"\S*[/\\]\S*|\S+\.(yaml|md|docx|png|toml|json)\b", " ", s)   # paths and file names
    s = re.sub(r"--[a-z-]+", " ", s)                                         # options
    s = re.sub(r"\{\w+\}", " ", s)                                           # {placeholders} of rule messages
    s = re.sub(r"\b[\w-]+\s*[:=]\s*(true|false)\b", " ", s)                   # YAML/TOML settings to type
    s = re.sub(r"(?<![\w-])(" + "|".join(YAML_KEYS) + r")(?=:\s)|[“`\"](" + "|".join(YAML_KEYS) + r")[”`\"]",
               " ", s)                                                     # YAML keys: `kind:`, “kind”
    s = _identifier_rx(tuple(identifiers)).sub(" ", s)
    return [(m.group(0), " ".join(s[max(0, m.start() - 30):m.end() + 30].split())) for m in _ENGLISH_RX.finditer(s)]


def _commands(tmp: Path):
    """Every command once, in each output format it offers (table, csv, md)."""
    repo = REPO_ARGS  # nothing is written into it: report new and render write to tmp (-o)
    yield "lint", ("lint", "--show-suppressed", FIX / "plans", FIX / "kpi"), None
    yield "rules", ("rules",), None
    yield "rules md", ("rules", "--format", "md"), None
    yield "rule R001", ("rule", "R001"), None
    for fmt in ("table", "csv", "md"):
        yield f"status {fmt}", ("status", *AS_OF, "--format", fmt, *repo), None
        yield f"status --agency {fmt}", ("status", "--agency", "hp.so-giao-duc-va-dao-tao", *AS_OF,
                                         "--format", fmt, *repo), None
        yield f"status --agency (police) {fmt}", ("status", "--agency", "hue.cong-an", *AS_OF, "--format", fmt,
                                                  *repo), None
        yield f"tasks {fmt}", ("tasks", "--plan", HP_PLAN, "--format", fmt, *repo), None
        yield f"tasks --agency {fmt}", ("tasks", "--agency", "cong an hai phong", "--role", "chủ trì", "--format", fmt,
                                        *repo), None
        yield f"plans {fmt}", ("plans", "--format", fmt, *repo), None
        yield f"agencies {fmt}", ("agencies", "--format", fmt, *repo), None
        yield f"agencies --show {fmt}", ("agencies", "--show", "so lao dong ha noi", "--format", fmt, *repo), None
        yield f"agencies --show group {fmt}", ("agencies", "--show", "hp.cac-so-ban-nganh", "--format", fmt,
                                               *repo), None
        yield f"kpi {fmt}", ("kpi", "--plan", HP_PLAN, "--format", fmt, *repo), None
        yield f"kpi --trend {fmt}", ("kpi", "--plan", HP_PLAN, "--trend", "--format", fmt, *repo), None
    for fmt in ("table", "md"):
        yield f"show plan {fmt}", ("show", HP_PLAN, "--format", fmt, *repo), None
        yield f"show task {fmt}", ("show", "vn-2025-53-kh-bcd:II.2.a.3", "--format", fmt, *repo), None
        yield f"show section {fmt}", ("show", "vn-2025-53-kh-bcd:II.2", "--format", fmt, *repo), None
        yield f"show target {fmt}", ("show", f"{HP_PLAN}:T3", "--format", fmt, *repo), None
        yield f"show objective {fmt}", ("show", f"{HP_PLAN}:I.3.1", "--format", fmt, *repo), None
    yield "report new", ("report", "new", "--plan", HP_PLAN, "--period", "2026-H1", "--agency", "hp.so-tu-phap",
                         "-o", tmp / "new.yaml", *repo), None
    yield "render plan md", ("render", "plan", HP_PLAN, "--format", "md", "--appendix", "-o", tmp / "plan.md",
                             *repo), tmp / "plan.md"
    yield "render report md", ("render", "report", "--plan", HP_PLAN, "--period", "2026-H1", "--format", "md",
                               "-o", tmp / "report.md", *repo), tmp / "report.md"
    # errors a user meets
    yield "ambiguous agency", ("status", "--agency", "Công an", *repo), None
    yield "unknown agency", ("status", "--agency", "xyz không có", *repo), None
    yield "unknown plan", ("tasks", "--plan", "nope", *repo), None
    yield "bad role", ("status", "--agency", "hp.cong-an", "--role", "boss", *repo), None


def test_vietnamese_output_has_no_english_words(run, repo, tmp_path):
    idents = _identifiers(repo)
    leaks: dict[tuple[str, str], list[str]] = {}
    for label, argv, written in _commands(tmp_path):
        res = run("--lang", "vi", *argv)
        assert res.exit_code in (0, 1, 2), (label, res.output)
        text = res.output + (written.read_text(encoding="utf-8") if written and written.exists() else "")
        assert text.strip(), label
        for word, context in english_leaks(text, idents):
            leaks.setdefault((label, word.lower()), []).append(context)
    report = [f"{label}: {word!r} ×{len(ctx)}, e.g. “…{ctx[0]}…”" for (label, word), ctx in leaks.items()]
    assert not leaks, "English in --lang vi output:\n" + "\n".join(report)


def test_english_output_says_suppressed_in_english(run):
    res = run("--lang", "en", "lint", "--show-suppressed", FIX / "plans")
    assert "(suppressed: " in res.stdout and "bỏ qua" not in res.stdout


def test_role_is_typed_in_either_language(run):
    vi = run("tasks", "--agency", "hp.cong-an", "--role", "chủ trì", "--format", "json", *REPO_ARGS)
    en = run("tasks", "--agency", "hp.cong-an", "--role", "lead", "--format", "json", *REPO_ARGS)
    assert vi.exit_code == 0 and vi.stdout == en.stdout and '"role": "chủ trì"' in vi.stdout
    bad = run("status", "--agency", "hp.cong-an", "--role", "boss", *REPO_ARGS)
    assert bad.exit_code == 2 and "chủ trì, phối hợp, thực hiện, tham mưu" in bad.output


def test_leak_finder_sees_english_and_spares_identifiers(repo):
    idents = _identifiers(repo)
    assert [w for w, _ in english_leaks("Cấp: province; vai trò: lead; Not met", idents)] == ["province", "lead",
                                                                                              "Not met"]
    assert english_leaks("hp.cong-an R001 unknown-agency plans/hp/x.yaml chạy plans lint --no-sample; "
                         "(sample: true)", idents) == []
    assert english_leaks("tình trạng: not met", idents)


def _words_of(repo) -> set[str]:
    texts = [p.title for p in repo.plans.values()] + [e.name for e in (*repo.agencies.values(), *repo.groups.values())]
    for p in repo.plans.values():
        texts += [t.text for t in p.tasks()] + [tg.text for tg in p.targets]
    return {w for s in texts for w in re.findall(r"\w+", s or "")}


def _in_80_columns(monkeypatch, *argv) -> str:
    """Run a command as in an 80-column terminal (Rich sees a terminal; colours off)."""
    from typer.testing import CliRunner

    from plans.commands.app import app

    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    res = CliRunner().invoke(app, ["--lang", "vi", *map(str, argv), *map(str, REPO_ARGS)])
    assert res.exit_code in (0, 1), res.output
    assert "Traceback" not in res.output
    return re.sub(r"\x1b\[[0-9;]*m", "", res.stdout)


@pytest.mark.parametrize("argv", [
    ("agencies",), ("plans",), ("status", *AS_OF), ("status", "--agency", "hp.so-giao-duc-va-dao-tao", *AS_OF),
    ("kpi", "--plan", HP_PLAN), ("kpi", "--plan", HP_PLAN, "--trend"), ("tasks", "--plan", HP_PLAN),
    ("agencies", "--show", "hn.so-lao-dong-thuong-binh-va-xa-hoi"), ("show", "vn-2025-53-kh-bcd:II.2.a.3"),
])
def test_80_columns_vietnamese_and_nothing_cut(monkeypatch, repo, argv):
    """In an 80-column terminal every line fits, the words are Vietnamese, and ids, numbers and dates
    stay whole (a table too wide for the terminal is shown record by record)."""
    out = _in_80_columns(monkeypatch, *argv)
    assert out.strip()
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)
    assert not english_leaks(out, _identifiers(repo))
    words = _words_of(repo)
    cut = [w for w in re.findall(r"(\w+)…", out) if not w.isdigit() and w not in words]
    assert not cut, cut[:5]  # text shortened at a word boundary, never inside a word


def test_piped_table_wraps_between_words_and_keeps_ids_whole(run, repo):
    res = run("agencies", "--show", "hue.cong-an", *REPO_ARGS)
    for group in repo.groups_of("hue.cong-an"):
        assert f"({group})" in res.stdout


def test_80_columns_keeps_every_id_and_date_whole(monkeypatch, repo):
    out = _in_80_columns(monkeypatch, "agencies")
    assert all(ent_id in out for ent_id in repo.agencies)
    out = _in_80_columns(monkeypatch, "plans")
    for p in repo.plans.values():  # at 80 columns the period is one of the columns left out (and said so)
        assert p.id in out and p.number in out and f"{p.date or p.date_to:%m/%Y}" in out
    from typer.testing import CliRunner

    from plans.commands.app import app

    out = CliRunner().invoke(app, ["plans", *map(str, REPO_ARGS)], env={"COLUMNS": "160"}).stdout
    for p in repo.plans.values():
        assert p.id in out and p.number in out
        assert f"{p.period_start:%d/%m/%Y}–{p.period_end:%d/%m/%Y}" in out


# ---------------------------------------------------------------- Typer's own usage errors

@pytest.mark.parametrize("args, vi", [
    (["status", "--bogus"], "Không có tùy chọn --bogus"),
    (["kpi", "--period"], "Tùy chọn '--period' cần một giá trị."),
    (["lint", "--format", "zz"], "“zz” không phải một trong 'text', 'json', 'github', 'sarif'."),
    (["report", "new", "--plan", "x"], "Thiếu tùy chọn"),
])
def test_usage_errors_speak_vietnamese(run, args, vi):
    res = run(*args)
    out = " ".join(res.output.split()).replace("│", "").replace("  ", " ")
    assert res.exit_code == 2
    assert " ".join(vi.split()) in " ".join(out.split()), res.output
    assert "Usage:" not in res.output and "Error" not in res.output and "Lỗi" in res.output
    en = run("--lang", "en", *args)
    assert "Error" in en.output and "Lỗi" not in en.output and "Cách dùng" not in en.output
