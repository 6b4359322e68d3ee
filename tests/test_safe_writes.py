"""Every command that writes goes through one safe path (plans.output.safewrite): lint --fix, report new,
render -o. Each test is a case seen on the old code: a planted temp link, a linked or hard-linked YAML, a
lost mode, a registry id that escapes the repository, an export over a plan or a chart, a full disk."""
import errno
import os
import shutil
import stat
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "repo"
HP26 = "hp-2026-kh-bcd799-pttd-pctp"
HP26_FILE = Path("plans") / "hp" / "2026-kh-bcd799-pttd-pctp.yaml"


def nfd_plan(mini):
    """Decompose the mini plan (as pasted from a PDF); return its NFC text."""
    text = mini.plan.read_text(encoding="utf-8")
    mini.plan.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    return text


def said(res) -> str:
    """What a command printed, unwrapped (error messages are wrapped to the terminal's width)."""
    return res.output.replace("\n", "")


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*plans-tmp*"))


@pytest.fixture
def repo(tmp_path):
    """A writable copy of the frozen fixture repository (plans/, kpi/, pyproject.toml)."""
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    return dest


def full_disk(monkeypatch, where="write"):
    """Simulate a full disk: every os.write (or os.fsync) fails with ENOSPC."""
    def boom(*_):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(os, where, boom)


# --- plans lint --fix -----------------------------------------------------------------------------

def test_fix_never_follows_a_planted_temp_link(run, mini, tmp_path):
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    planted = mini.path / "plan.yaml.plans-tmp"
    planted.symlink_to(victim)
    text = nfd_plan(mini)
    res = run("lint", mini.path, "--fix")
    assert res.exit_code == 0, res.output
    assert victim.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"
    assert planted.is_symlink() and mini.plan.read_text(encoding="utf-8") == text
    assert leftovers(mini.path) == ["plan.yaml.plans-tmp"]  # only the planted link, nothing of ours


def test_fix_does_not_replace_a_linked_yaml(run, mini, tmp_path):
    outside = tmp_path / "elsewhere" / "plan.yaml"
    outside.parent.mkdir()
    nfd_plan(mini)
    shutil.move(mini.plan, outside)
    mini.plan.symlink_to(outside)
    before = outside.read_bytes()
    res = run("--lang", "en", "lint", mini.path, "--fix")
    assert res.exit_code == 2 and "symbolic link" in said(res)
    assert mini.plan.is_symlink() and os.readlink(mini.plan) == str(outside)
    assert outside.read_bytes() == before


def test_fix_does_not_split_hard_links(run, mini, tmp_path):
    nfd_plan(mini)
    other = tmp_path / "other-name.yaml"
    os.link(mini.plan, other)
    before = mini.plan.read_bytes()
    res = run("--lang", "en", "lint", mini.path, "--fix")
    assert res.exit_code == 2 and "hard links" in said(res)
    assert mini.plan.read_bytes() == before and os.stat(mini.plan).st_ino == os.stat(other).st_ino


def test_fix_keeps_the_mode(run, mini):
    text = nfd_plan(mini)
    mini.plan.chmod(0o640)
    assert run("lint", mini.path, "--fix").exit_code == 0
    assert stat.S_IMODE(mini.plan.stat().st_mode) == 0o640
    assert mini.plan.read_text(encoding="utf-8") == text


def test_fix_composes_vietnamese_and_nothing_else(run, mini):
    others = "\u212a \uf900 \u0958 \u0928\u093c"  # KELVIN SIGN, a CJK compatibility ideograph, Devanagari nukta
    nfd = unicodedata.normalize("NFD", "Hà Nội")
    mini.edit("title: Thực hiện", f"title: {nfd} {others} Thực hiện")
    assert unicodedata.normalize("NFD", "Hà Nội") != "Hà Nội"
    res = run("lint", mini.path, "--format", "json")
    assert res.stdout.count('"R007"') == 1  # the decomposed Vietnamese only, on one line
    assert run("lint", mini.path, "--fix").exit_code == 0
    assert f"title: Hà Nội {others} Thực hiện" in mini.plan.read_text(encoding="utf-8")
    assert '"R007"' not in run("lint", mini.path, "--format", "json").stdout


def test_fix_leaves_a_file_that_does_not_parse(run, mini):
    bad = mini.path / "broken.yaml"
    raw = unicodedata.normalize("NFD", "kind: Plan\ntitle: Hà Nội\n  bad: [indent\n").encode("utf-8")
    bad.write_bytes(raw)
    res = run("--lang", "en", "lint", mini.path, "--fix")
    assert res.exit_code == 1 and "Skipped" in said(res) and "Y001" in said(res)
    assert bad.read_bytes() == raw


# --- plans report new ------------------------------------------------------------------------------

@pytest.mark.parametrize("evil", ["../../../../../outside/escaped", "ABSOLUTE"])
def test_report_new_refuses_an_id_that_leaves_the_repository(run, repo, tmp_path, monkeypatch, evil):
    if evil == "ABSOLUTE":
        evil = str(tmp_path / "abs" / "x")
    registry = repo / "plans" / "agencies" / "hp.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("agencies:\n", f"agencies:\n  - id: '{evil}'\n    name: Cơ quan lạ\n"
                                                    "    level: province\n    type: office\n", 1), encoding="utf-8")
    monkeypatch.chdir(repo)
    res = run("report", "new", "--plan", HP26, "--period", "2026-H1", "--agency", evil)
    assert res.exit_code == 2, res.output
    assert evil in said(res)
    assert not (tmp_path / "outside").exists() and not (tmp_path / "abs").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo"]


def test_report_new_on_a_full_disk_leaves_nothing_and_the_retry_works(run, repo, monkeypatch):
    monkeypatch.chdir(repo)
    args = ("report", "new", "--plan", HP26, "--period", "2026-H2", "--agency", "hp.cong-an")
    target = repo / "kpi" / "reports" / HP26 / "2026-H2" / "hp.cong-an.yaml"
    with monkeypatch.context() as m:
        full_disk(m)
        res = run("--lang", "en", *args)
    assert res.exit_code == 2 and "no space left" in said(res)
    assert not target.exists() and not target.parent.exists() and leftovers(repo) == []
    res = run(*args)
    assert res.exit_code == 0, res.output
    assert "task: " in target.read_text(encoding="utf-8")
    assert run(*args).exit_code == 2  # and never over the report someone is filling in


# --- plans render -o -------------------------------------------------------------------------------

@pytest.mark.parametrize("force", [(), ("--force",)])
def test_render_never_writes_over_a_plan(run, repo, monkeypatch, force):
    plan = repo / HP26_FILE
    before = plan.read_bytes()
    monkeypatch.chdir(repo)
    res = run("--lang", "en", "render", "plan", HP26, "-o", HP26_FILE, *force)
    assert res.exit_code == 2 and "data directory" in said(res)
    assert plan.read_bytes() == before
    monkeypatch.chdir(ROOT)  # from elsewhere, into that repository: refused as well
    res = run("render", "plan", HP26, "-o", plan, *force, "--repo", FIXTURE / "plans")
    assert res.exit_code == 2 and plan.read_bytes() == before
    res = run("render", "plan", HP26, "-o", repo / "kpi" / "new.md", *force, "--repo", FIXTURE / "plans")
    assert res.exit_code == 2 and not (repo / "kpi" / "new.md").exists()


def test_render_report_checks_the_chart_before_writing_anything(run, tmp_path):
    out, chart = tmp_path / "r.md", tmp_path / "r-bieu-do.png"
    chart.write_bytes(b"my own chart")
    args = ("render", "report", "--plan", HP26, "--period", "2026-H1", "-o", out,
            "--repo", FIXTURE / "plans", "--repo", FIXTURE / "kpi")
    res = run("--lang", "en", *args)
    assert res.exit_code == 2 and "--force" in said(res) and "r-bieu-do.png" in said(res)
    assert chart.read_bytes() == b"my own chart" and not out.exists()
    assert run(*args, "--force").exit_code == 0
    assert chart.read_bytes()[:4] == b"\x89PNG" and "r-bieu-do.png" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_render_on_a_full_disk_keeps_the_old_file(run, tmp_path, monkeypatch, where):
    out = tmp_path / "plan.md"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o600)
    args = ("render", "plan", HP26, "-o", out, "--force", "--repo", FIXTURE / "plans")
    with monkeypatch.context() as m:
        full_disk(m, where)
        res = run(*args)
    assert res.exit_code == 2 and "hết dung lượng đĩa" in said(res)
    assert out.read_text(encoding="utf-8") == "old\n" and os.listdir(tmp_path) == ["plan.md"]
    assert run(*args).exit_code == 0
    assert "BAN CHỈ ĐẠO 799" in out.read_text(encoding="utf-8") and stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("force", [(), ("--force",)])
def test_render_to_a_device_is_refused(run, force):
    res = run("--lang", "en", "render", "plan", HP26, "-o", "/dev/full", *force, "--repo", FIXTURE / "plans")
    assert res.exit_code == 2 and "not a regular file" in said(res)


def test_render_does_not_overwrite_without_force(run, tmp_path):
    out = tmp_path / "plan.md"
    out.write_text("mine\n", encoding="utf-8")
    res = run("render", "plan", HP26, "-o", out, "--repo", FIXTURE / "plans")
    assert res.exit_code == 2 and "--force" in said(res) and out.read_text(encoding="utf-8") == "mine\n"


# --- the Python API --------------------------------------------------------------------------------

def test_write_atomic_new_files_follow_the_umask_and_interrupts_leave_nothing(tmp_path, monkeypatch):
    from plans.output.safewrite import write_atomic

    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "a" / "b.txt", "xin chào")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a" / "b.txt").stat().st_mode) == 0o640

    def interrupted(*_):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a" / "b.txt", "khác", force=True)
    assert os.listdir(tmp_path / "a") == ["b.txt"]
    assert (tmp_path / "a" / "b.txt").read_text(encoding="utf-8") == "xin chào"


def test_write_atomic_refusals(tmp_path):
    from plans.output.safewrite import EXISTS, OUTSIDE, PROTECTED, SYMLINK, WriteRefused, write_atomic

    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "up").symlink_to(tmp_path)  # a linked directory that leads out
    (root / "link.txt").symlink_to(tmp_path / "victim.txt")
    cases = [(root / ".." / "x.txt", {"allowed_root": root}, OUTSIDE),
             (root / "up" / "x.txt", {"allowed_root": root}, OUTSIDE),
             (root / "sub" / "x.txt", {"protected": (root / "sub",)}, PROTECTED),
             (root / "link.txt", {"force": True}, SYMLINK)]
    for path, kw, reason in cases:
        with pytest.raises(WriteRefused) as e:
            write_atomic(path, "x", **kw)
        assert e.value.reason == reason
    assert not (tmp_path / "x.txt").exists() and not (tmp_path / "victim.txt").exists()
    write_atomic(root / "sub" / "ok.txt", "1", allowed_root=root)
    with pytest.raises(WriteRefused) as e:
        write_atomic(root / "sub" / "ok.txt", "2", allowed_root=root)
    assert e.value.reason == EXISTS and (root / "sub" / "ok.txt").read_text() == "1"


def test_a_stale_temp_of_a_killed_run_is_removed(tmp_path):
    from plans.output.safewrite import write_atomic

    stale = tmp_path / ".out.md.abcd1234.plans-tmp"
    stale.write_text("half", encoding="utf-8")
    os.utime(stale, (0, 0))
    fresh = tmp_path / ".out.md.efgh5678.plans-tmp"  # another run, still writing
    fresh.write_text("half", encoding="utf-8")
    write_atomic(tmp_path / "out.md", "done")
    assert sorted(os.listdir(tmp_path)) == [fresh.name, "out.md"]
