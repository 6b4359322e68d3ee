"""Issue 11, the terminal and input: output that fits the width and pages like git (6), plans named by
their printed number, --lang after the subcommand, checked --format (7), shell completion and --version
(8), labelled `show` (9), Excel-safe CSV (10), and `status` without --agency by jurisdiction, with dates,
plans with illegible numbers told apart (5, display).

Every command runs on the fixture repository (a copy, as the working directory), through the CLI, as
in a pipe 80 columns wide unless a test says otherwise.
"""
import csv
import io
import re
import sys

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from plans.commands.app import app

HP25, HP26, VN = "hp-2025-kh-bcd799-pctp-mbn", "hp-2026-kh-bcd799-pttd-pctp", "vn-2025-53-kh-bcd"
HUE = "hue-2026-kh-ubnd-pctp"


@pytest.fixture(autouse=True)
def _pipe_80(monkeypatch):
    """A pipe: no terminal, COLUMNS=80 (what a clerk's window has), no pager settings from the caller."""
    for var in ("LINES", "PAGER", "PLANS_PAGER", "TTY_COMPATIBLE", "FORCE_COLOR", "PLANS_LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def fx(in_fixture_repo):
    return in_fixture_repo


def _lines_fit(text: str, width: int = 80) -> list[str]:
    """The lines wider than ``width`` terminal cells."""
    return [line for line in text.splitlines() if cell_len(line) > width]


def _csv(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data)))


# ---------------------------------------------------------------- 6. width

@pytest.mark.parametrize("argv", [
    ("kpi",), ("kpi", "--plan", HP26, "--trend"), ("plans",), ("status", "--as-of", "01/03/2026"),
    ("status", "--agency", "hp.so-giao-duc-va-dao-tao", "--as-of", "01/03/2026"),
    ("status", "--agency", "hp.cong-an", "--as-of", "01/07/2026", "--all"),
    ("tasks", "--agency", "bo cong an"), ("agencies",), ("rules",), ("show", VN),
    ("agencies", "--show", "hn.so-lao-dong-thuong-binh-va-xa-hoi"), ("show", f"{HUE}:T1"),
])
def test_piped_output_fits_80_columns(run, fx, argv):
    res = run(*argv)
    assert res.exit_code == 0, res.output
    assert res.stdout.strip()
    assert not _lines_fit(res.stdout), _lines_fit(res.stdout)[:3]
    assert "khô…" not in res.stdout and "khôn…" not in res.stdout  # words are wrapped, never cut


def test_ids_and_words_stay_whole_at_80_columns(run, fx):
    repo = fx.load()
    out = run("agencies").stdout
    assert all(ent_id in out.split() for ent_id in repo.agencies)  # each id whole, on one line
    out = run("plans").stdout
    assert all(p.id in out.split() for p in repo.plans.values())
    out = run("kpi", "--plan", HP26).stdout
    assert "không đạt" in out and "chưa đủ" not in out.replace("chưa đủ số liệu", "")
    assert all(f"T{i}" in out.split() for i in range(1, 12))
    out = run("status", "--agency", "hp.so-giao-duc-va-dao-tao", "--as-of", "01/07/2026").stdout  # after its report
    assert "II.2.a.13" in out.split() and "hoàn thành đúng" in out
    # the columns that do not fit are named, with how to see them
    assert "Cửa sổ hẹp (80 cột): ẩn cột Giao qua" in " ".join(out.split())


def test_piped_output_honours_columns(run, fx, monkeypatch):
    narrow = run("plans").stdout
    monkeypatch.setenv("COLUMNS", "150")
    wide = run("plans").stdout
    assert not _lines_fit(wide, 150) and _lines_fit(wide, 100)  # as wide as asked, no wider
    assert "01/01/2026–31/12/2026" in wide and "01/01/2026–31/12/2026" not in narrow  # more columns
    monkeypatch.delenv("COLUMNS")
    assert not _lines_fit(run("plans").stdout, 80)  # a pipe without COLUMNS: 80


def test_prose_and_titles_wrap_too(run, fx):
    out = run("status", "--agency", "hp.so-giao-duc-va-dao-tao", "--as-of", "01/03/2026").stdout
    head = out.splitlines()[0]
    assert head.startswith("Sở Giáo dục và Đào tạo thành phố Hải Phòng") and cell_len(head) <= 80
    assert "(hp.so-giao-duc-va-dao-tao)" in out


def test_piped_lint_findings_as_editors_read_them(run, repo):
    """In a pipe a finding is one line (``file:line:col: CODE severity: message``, never wrapped, even past
    80 columns); its source line is cut to the width with an ellipsis, tabs shown as spaces, an emoji
    code kept as written; the caret stands under the column."""
    plan = "plans/hp/2026-kh-bcd799-pttd-pctp.yaml"
    long = "Thực hiện công tác :warning: xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc " * 3
    repo.edit(plan, 'title: "Thực hiện công tác', 'title:\t"\\x07' + long)
    res = run("lint", "plans", "kpi")
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    i = next(i for i, x in enumerate(lines) if " R030 " in x)
    head, src, caret = lines[i:i + 3]
    assert re.fullmatch(r"plans/hp/2026-kh-bcd799-pttd-pctp\.yaml:12:\d+: R030 lỗi: .*U\+0007.* title", head), head
    assert cell_len(head) > 80  # not wrapped: editors and scripts read the whole line
    col = int(head.split(":")[2])
    assert src.startswith('     12 | title:        "\\x07Thực') and "\t" not in src  # the tab: up to column 24
    assert ":warning:" in src and "⚠" not in res.stdout  # the user's text, as written
    assert cell_len(src) == 80 and src.endswith("…")
    assert caret == "        | " + " " * (col - 1) + "^"
    assert re.fullmatch(r"\d+ tệp · 1 lỗi · \d+ cảnh báo · \d+ được bỏ qua có lý do", lines[-1]), lines[-1]


def test_emoji_codes_are_shown_as_written(run, fx):
    """A name or path typed with an emoji code (``:fire:``) is the user's text: messages repeat it as typed."""
    res = run("status", "--agency", ":fire: x")
    assert res.exit_code == 2 and "“:fire: x”" in res.stderr and "🔥" not in res.stderr
    res = run("lint", "no-such-dir:fire:")
    assert res.exit_code == 2 and "no-such-dir:fire:" in res.stderr and "🔥" not in res.stderr


# ---------------------------------------------------------------- 6. paging

PAGER_SCRIPT = "import sys; open(sys.argv[1], 'wb').write(sys.stdin.buffer.read())"


@pytest.fixture
def terminal(monkeypatch, tmp_path):
    """stdout is a terminal of 80×10; the pager writes what it is given to a file."""
    import plans.commands._common as common

    monkeypatch.setattr(common, "_stdout_is_terminal", lambda: True)
    monkeypatch.setenv("LINES", "10")
    paged = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(PAGER_SCRIPT, encoding="utf-8")
    monkeypatch.setenv("PAGER", f"{sys.executable} {script} {paged}")
    return paged


def test_long_output_goes_through_the_pager(run, fx, terminal):
    res = run("rules")
    assert res.exit_code == 0
    assert res.stdout == ""
    text = terminal.read_bytes().decode("utf-8")
    assert "R001" in text and "R030" in text
    assert not _lines_fit(re.sub(r"\x1b\[[0-9;]*m", "", text), 80)


@pytest.mark.parametrize("how", ["--no-pager before", "--no-pager after", "PLANS_PAGER=cat", "PAGER=cat"])
def test_no_pager(run, fx, terminal, monkeypatch, how):
    args = ["rules"]
    if how == "--no-pager before":
        args = ["--no-pager", "rules"]
    elif how == "--no-pager after":
        args = ["rules", "--no-pager"]
    else:
        var, _ = how.split("=")
        monkeypatch.setenv(var, "cat")
    res = run(*args)
    assert res.exit_code == 0 and "R030" in res.stdout
    assert not terminal.exists()


def test_short_output_and_pipes_are_not_paged(run, fx, terminal, monkeypatch):
    monkeypatch.setenv("LINES", "200")
    res = run("plans")  # fits the screen: printed as it is
    assert VN in res.stdout and not terminal.exists()
    import plans.commands._common as common

    monkeypatch.setattr(common, "_stdout_is_terminal", lambda: False)
    monkeypatch.setenv("LINES", "5")
    assert "R030" in run("rules").stdout and not terminal.exists()  # not a terminal: never paged


def test_a_missing_pager_prints_the_text(run, fx, terminal, monkeypatch):
    monkeypatch.setenv("PAGER", "/nonexistent/pager -R")
    res = run("rules")
    assert res.exit_code == 0 and "R030" in res.stdout


# ---------------------------------------------------------------- 7. input

@pytest.mark.parametrize("typed", ["53/KH-BCĐ", "53/kh-bcd", "53-KH-BCD", VN])
def test_a_plan_is_named_by_its_printed_number(run, fx, typed):
    res = run("tasks", "--plan", typed, "--format", "json")
    assert res.exit_code == 0, res.output
    import json

    assert {r["plan"] for r in json.loads(res.stdout)} == {VN}
    res = run("show", f"{typed}:II.2.a.3")
    assert res.exit_code == 0 and "Bộ Công an (vn.bo-cong-an)" in res.stdout
    if typed != VN:
        assert f"→ 53/KH-BCĐ ({VN})" in res.stderr  # which plan the number was taken to mean


def test_plan_numbers_everywhere_a_plan_is_taken(run, fx):
    assert run("kpi", "--plan", "4.../KH-BCĐ", "--format", "json").exit_code == 0
    assert run("status", "--agency", "hp.cong-an", "--plan", "4…/kh-bcd", "--as-of", "01/03/2026").exit_code == 0
    res = run("report", "new", "--plan", "4…/KH-BCĐ", "--period", "2026-H1", "--agency", "hp.cong-an",
              "-o", str(fx.path.parent / "r.yaml"))
    assert res.exit_code == 0, res.output


def test_a_number_two_plans_carry_is_ambiguous(run, repo):
    repo.edit("plans/hn/2024-133-kh-ubnd.yaml", 'number: "133/KH-UBND"', 'number: "53/KH-BCĐ"')
    res = run("tasks", "--plan", "53/kh-bcd")
    assert res.exit_code == 2
    assert "nhiều kế hoạch" in res.stderr and VN in res.stderr and "hn-2024-133-kh-ubnd" in res.stderr
    res = run("show", "99/KH-XYZ")
    assert res.exit_code == 2 and "Không có kế hoạch" in res.stderr


@pytest.mark.parametrize("typed", ["tham mưu", "tham muu", "chủ trì", "chu tri", "phoi hop", "thực hiện", "lead"])
def test_role_in_vietnamese(run, fx, typed):
    res = run("tasks", "--agency", "cong an hai phong", "--role", typed, "--format", "json")
    assert res.exit_code == 0, res.output


def test_bad_role_names_the_role(run, fx):
    res = run("status", "--agency", "hp.cong-an", "--role", "giam sat")
    assert res.exit_code == 2 and "Vai trò" in res.stderr and "chủ trì" in res.stderr


def test_lang_after_the_subcommand(run, fx):
    res = run("status", "--lang", "en", "--agency", "hp.cong-an", "--as-of", "01/03/2026")
    assert res.exit_code == 0, res.output
    assert "as of 01/03/2026" in res.stdout and "Tasks" in res.stdout
    res = run("report", "new", "--plan", "x", "--lang=en")  # in a subgroup, and as --lang=en
    assert res.exit_code == 2 and "Missing option" in res.output


def test_rules_refuses_an_unknown_format(run, fx):
    res = run("rules", "--format", "xml")
    assert res.exit_code == 2 and "xml" in res.output
    assert run("rules", "--format", "md").stdout.startswith("| Mã")


# ---------------------------------------------------------------- 8. completion and --version

def test_version(run):
    from importlib.metadata import version

    res = run("--version")
    assert res.exit_code == 0 and res.stdout.strip() == f"plans {version('plans')}"


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o default -F _plans_completion plans"),
                                           ("zsh", "#compdef plans"), ("fish", "complete --command plans")])
def test_completion_scripts(run, shell, marker):
    res = run("completion", shell)
    assert res.exit_code == 0 and marker in res.stdout and "_PLANS_COMPLETE" in res.stdout


def _complete(env: dict) -> list[str]:
    res = CliRunner().invoke(app, [], prog_name="plans", env=env)
    assert res.exit_code == 0 and not res.stderr
    return [line for line in res.stdout.splitlines() if line]


def test_completion_offers_agencies_plans_and_items(fx):
    bash = {"_PLANS_COMPLETE": "complete_bash", "COMP_CWORD": "3"}
    assert _complete({**bash, "COMP_WORDS": "plans status --agency hue.so-t"}) == ["hue.so-tai-chinh", "hue.so-tu-phap"]
    got = _complete({**bash, "COMP_WORDS": "plans tasks --plan 53"})
    assert got == ["53/KH-BCĐ"]
    got = _complete({**bash, "COMP_WORDS": "plans kpi --plan hp-"})
    assert got == [HP25, HP26]
    zsh = _complete({"_PLANS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"plans show {VN}:II.2.a.1"})
    assert f"{VN}\\\\:II.2.a.1" in "\n".join(zsh) and "Từng bộ, ngành" in "\n".join(zsh)
    fish = _complete({"_PLANS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                      "_TYPER_COMPLETE_ARGS": "plans agencies -j h"})
    assert [line.split("\t")[0] for line in fish] == ["hn", "hp", "hue"]


def test_completion_never_prints_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no repository here
    env = {"_PLANS_COMPLETE": "complete_bash", "COMP_CWORD": "3", "COMP_WORDS": "plans status --agency hp"}
    assert _complete(env) == []
    env["COMP_WORDS"] = "plans status --repo /nonexistent --agency hp"
    env["COMP_CWORD"] = "5"
    assert _complete(env) == []


# ---------------------------------------------------------------- 9. show

def test_show_a_target_with_labels_and_its_goal(run, fx):
    out = run("show", f"{HUE}:T1").stdout
    assert "Chỉ tiêu đặt ra   ≥ 100%" in out
    assert ">=" not in out and "Phép so sánh" not in out and "{" not in out and "None" not in out


def test_show_a_task_and_an_agency_in_labelled_fields(run, fx):
    out = run("show", f"{VN}:II.2.a.3").stdout
    assert "Chủ trì" in out and "Bộ Công an (vn.bo-cong-an)" in out and "30/7: Ngày toàn dân" in out
    assert "'--07-30'" not in out and "{'id'" not in out and "'title': None" not in out
    out = run("agencies", "--show", "hn.so-lao-dong-thuong-binh-va-xa-hoi").stdout
    assert "Hiệu lực đến     28/02/2025" in out and "Cấp              cấp tỉnh" in out
    assert "2025-02-28" not in out and not re.search(r"^(kind|level) ", out, re.M)


def test_show_a_whole_plan_as_a_document_at_the_width(run, fx, monkeypatch):
    out = run("show", VN).stdout
    assert not _lines_fit(out) and "KẾ HOẠCH" in out
    assert "**" not in out and "|:---:|" not in out  # read as a document, not Markdown source
    monkeypatch.setenv("COLUMNS", "120")
    wide = run("show", VN).stdout
    assert _lines_fit(wide, 100) and not _lines_fit(wide, 120)
    assert run("show", VN, "--format", "md").stdout.startswith("| BAN CHỈ ĐẠO")  # the source, on request


# ---------------------------------------------------------------- 10. CSV for spreadsheets

def test_csv_bom_for_excel(fx):
    runner = CliRunner()
    plain = runner.invoke(app, ["plans", "--format", "csv"]).stdout_bytes
    bom = runner.invoke(app, ["plans", "--format", "csv", "--bom"]).stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf") and bom.startswith(b"\xef\xbb\xbf")
    assert bom[3:] == plain
    assert "Số, ký hiệu".encode("utf-8") in plain  # UTF-8, whatever the console
    for argv in (["kpi"], ["status", "--as-of", "01/03/2026"], ["tasks", "--plan", VN], ["agencies"], ["rules"],
                 ["status", "--agency", "hp.cong-an"], ["agencies", "--show", "hp.cong-an"]):
        assert runner.invoke(app, [*argv, "--format", "csv", "--bom"]).stdout_bytes.startswith(b"\xef\xbb\xbf"), argv


def test_kpi_csv_numbers_are_numbers(run, fx):
    rows = _csv(run("kpi", "--plan", HP26, "--format", "csv").stdout)
    head, body = rows[0], rows[1:]
    by_id = {r[head.index("Mã")]: dict(zip(head, r)) for r in body}
    assert by_id["T1"]["Giá trị"] == "14.62" and by_id["T1"]["Đơn vị"] == "%"
    assert by_id["T3"]["Giá trị"] == "88.84" and by_id["T3"]["Chênh lệch"] == "-1.16"
    assert by_id["T1"]["Chênh lệch"] == "2.62" and by_id["T8"]["Giá trị"] == "0"
    assert all(not v.endswith("%") for r in body for k, v in zip(head, r) if k in ("Giá trị", "Chênh lệch"))
    assert by_id["T1"]["Mã kế hoạch"] == HP26


def test_status_csv_keeps_reports_out_of_task_columns(run, fx):
    rows = _csv(run("status", "--agency", "hue.so-tu-phap", "--as-of", "01/06/2026", "--format", "csv").stdout)
    head, body = rows[0], rows[1:]
    assert head[0] == "Bảng" and "Mục" in head and "Kỳ" in head and "Hạn gửi" in head
    tasks = [dict(zip(head, r)) for r in body if r[0] == "nhiệm vụ"]
    reports = [dict(zip(head, r)) for r in body if r[0] == "báo cáo"]
    assert tasks and reports
    assert all(r["Mục"] and not r["Kỳ"] for r in tasks)
    assert all(r["Kỳ"] and r["Hạn gửi"] and not r["Mục"] and not r["Nội dung"] for r in reports)
    assert any(r["Kỳ"] == "6 tháng đầu năm 2026" and r["Hạn gửi"] == "12/06/2026" for r in reports)
    only = _csv(run("status", "--agency", "hue.so-tu-phap", "--as-of", "01/06/2026", "--format", "csv",
                    "--table", "reports").stdout)
    assert "Bảng" not in only[0] and "Mục" not in only[0] and len(only) == len(reports) + 1


def test_csv_still_neutralises_formulas(run, repo):
    repo.edit("plans/agencies/hp.yaml", "name: Sở Giáo dục và Đào tạo thành phố Hải Phòng", 'name: "=1+2"')
    rows = _csv(run("status", "-j", "hp", "--as-of", "01/03/2026", "--format", "csv", "--bom").stdout.lstrip("\ufeff"))
    assert ["'=1+2"] == [r[0] for r in rows if "1+2" in r[0]]


# ---------------------------------------------------------------- 5. status without --agency; plan labels

def test_status_by_jurisdiction_with_dates(run, fx):
    import json

    res = run("status", "-j", "hue", "--as-of", "01/03/2026", "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["agencies"]
    assert rows and all(r["agency"].startswith("hue.") and r["jurisdiction"] == "hue" for r in rows)
    assert any(r["next_due"] for r in rows)
    out = run("status", "--jurisdiction", "hue", "--as-of", "01/03/2026").stdout
    assert out.startswith("thành phố Huế — tính đến 01/03/2026")
    assert "Hải Phòng" not in out and "Bộ Công an" not in out
    assert "Hạn gần nhất" in " ".join(out.split()) and re.search(r"\b\d\d/\d\d/2026\b", out.split("\n", 1)[1])
    res = run("status", "-j", "xx")
    assert res.exit_code == 2 and "hue" in res.stderr


def test_plans_with_illegible_numbers_are_told_apart(run, fx, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = run("tasks", "--agency", "hp.cong-an", "--search", "tuyên truyền").stdout
    assert "…/KH-BCĐ (20–28/02/2025)" in out and "4…/KH-BCĐ (01–09/02/2026)" in out
    out = run("status", "--agency", "hp.cong-an", "--as-of", "01/07/2025", "--all").stdout
    assert "…/KH-BCĐ (20–28/02/2025)" in out
    assert "53/KH-BCĐ (" not in run("tasks", "--search", "30/7").stdout  # a legible number stays as printed
