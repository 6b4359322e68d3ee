"""Outputs that data cannot inject into: CSV formulas, Markdown/HTML, control characters; periods and
years that never crash; unusable Word templates; exit codes only 0, 1, 2.

Every test builds its repository from a copy of tests/fixtures/repo and edits the YAML there."""
import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "repo"
# Tests that only read pass the frozen fixture in place (never written to): its model is cached between runs.
FIXTURE_ARGS = ["--repo", str(FIXTURE / "plans"), "--repo", str(FIXTURE / "kpi")]
HP26 = "hp-2026-kh-bcd799-pttd-pctp"
HP26_FILE = Path("plans") / "hp" / "2026-kh-bcd799-pttd-pctp.yaml"
HUE_FILE = Path("plans") / "hue" / "2026-kh-ubnd-pctp.yaml"
SCHOOLS = "hp.so-giao-duc-va-dao-tao"
TASK_TEXT = 'text: "Tổ chức rà soát tổng thể các yếu tố'
SIGNER_NAME = 'name: "Vũ Tiến Phụng"'
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# `repo` (conftest.py): a private copy of the fixture repository, made the working directory


def csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


def is_number(cell):
    return re.fullmatch(r"[+-]?\d+(\.\d+)?%?", cell) is not None


def assert_no_formula(rows):
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or is_number(cell), cell


# ---------------------------------------------------------------- 1. CSV injection

def test_csv_cells_from_data_are_never_formulas(run, repo):
    repo.edit(HP26_FILE, TASK_TEXT, 'text: "=HYPERLINK(\\"http://x.example\\",\\"bấm\\") Tổ chức rà soát tổng thể các yếu tố')
    repo.edit(Path("plans") / "agencies" / "hp.yaml", "name: Sở Giáo dục và Đào tạo thành phố Hải Phòng",
              "name: \"@SUM(1+1)*cmd|' /C calc'!A0\"")
    res = run("status", "--agency", SCHOOLS, "--as-of", "01/03/2026", "--format", "csv", *repo.args())
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert_no_formula(rows)
    assert any(c.startswith("'=HYPERLINK(") for r in rows for c in r)  # neutralised, the text kept

    res = run("status", "--as-of", "01/03/2026", "--format", "csv", *repo.args())
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert_no_formula(rows)
    assert ["'@SUM(1+1)*cmd|' /C calc'!A0"] == [r[0] for r in rows if "SUM" in r[0]]


def test_kpi_csv_writes_comparisons_as_signs_and_keeps_numbers(run):
    res = run("kpi", "--plan", HP26, "--period", "2026-H1", "--format", "csv", *FIXTURE_ARGS)
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert_no_formula(rows)
    by_id = {r[2]: r for r in rows[1:]}
    assert by_id["T8"][4] == "bằng 0"          # "==" in words, never a leading "="
    assert by_id["T1"][4] == "≥ 12%" and by_id["T3"][4] == "> 90%"
    assert by_id["T3"][7] == "-1.16"           # a negative difference stays a number
    assert by_id["T1"][7] == "2.62"            # a number, as a spreadsheet reads it


# ---------------------------------------------------------------- 2. Markdown / HTML injection

def test_markdown_escapes_signer_title_and_line_starts(run, repo):
    repo.edit(HP26_FILE, SIGNER_NAME, 'name: "<img src=x onerror=alert(1)>"')
    repo.edit(HP26_FILE, 'title: "TRƯỞNG BAN"', 'title: "<script>alert(1)</script>"')
    # (authority is an enum: a link there is S001 and never reaches a document; on_behalf_of is free text)
    repo.edit(HP26_FILE, 'on_behalf_of: "BAN CHỈ ĐẠO"', 'on_behalf_of: "[bấm](javascript:alert(1))"')
    repo.edit(HP26_FILE, TASK_TEXT, 'text: "<iframe src=x></iframe> Tổ chức rà soát tổng thể các yếu tố')
    repo.edit(HP26_FILE, '  - "Căn cứ Kế hoạch hành động', '  - "# Tiêu đề giả\\n> trích\\n1. Căn cứ Kế hoạch hành động')
    for args in (("render", "plan", HP26), ("show", HP26, "--format", "md")):
        res = run(*args, *repo.args())
        assert res.exit_code == 0, res.output
        md = res.stdout
        for bad in ("<img", "<script", "<iframe", "[bấm](javascript:"):
            assert bad not in md, (args, bad)
        assert "\\[bấm\\](javascript:alert(1))" in md  # a literal text, not a link
        assert "&lt;img src=x onerror=alert(1)&gt;" in md and "&lt;script&gt;" in md
        assert "\n\\# Tiêu đề giả\n&gt; trích\n1\\. Căn cứ" in md   # no heading, quote or list from data
        assert "Thực hiện công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc" in md


def test_status_markdown_heading_and_tables_are_escaped(run, repo):
    repo.edit(Path("plans") / "agencies" / "hp.yaml", "name: Sở Giáo dục và Đào tạo thành phố Hải Phòng",
              'name: "Sở <script>alert(1)</script> | *x*"')
    res = run("status", "--agency", SCHOOLS, "--as-of", "01/03/2026", "-f", "md", *repo.args())
    assert res.exit_code == 0, res.output
    assert "<script" not in res.stdout
    head = res.stdout.splitlines()[0]
    assert head.startswith("## Sở &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\*"), head


# ---------------------------------------------------------------- 3. control characters

def test_control_characters_are_a_lint_finding(run, repo):
    repo.edit(HP26_FILE, 'title: "Thực hiện công tác', 'title: "Thực\\x07 hiện\\e[31m công tác')
    repo.edit(HP26_FILE, SIGNER_NAME, 'name: "Vũ Tiến\\0 Phụng"')
    res = run("lint", str(repo.path / "plans"), str(repo.path / "kpi"))
    assert res.exit_code == 1
    hits = [line for line in res.stdout.splitlines() if " R030 " in line]
    assert len(hits) == 2, res.stdout
    assert re.match(r".*2026-kh-bcd799-pttd-pctp\.yaml:12:8: R030 lỗi: .*U\+0007.* title$", hits[0]), hits[0]
    assert hits[1].endswith("signer.name") and "U+0000" in hits[1]
    assert "\x07" not in res.stdout and "\x1b" not in res.stdout  # the excerpt shows a sign instead
    res = run("--lang", "en", "lint", str(repo.path / "plans"), "--format", "json")
    assert "Control character U+0007 in title" in res.stdout
    assert run("rule", "R030").exit_code == 0


def test_control_characters_never_reach_an_output(run, repo, tmp_path):
    repo.edit(HP26_FILE, 'title: "Thực hiện công tác', 'title: "Thực\\x07 hiện\\x1b[31m công\\x0c tác')
    repo.edit(HP26_FILE, SIGNER_NAME, 'name: "Vũ Tiến\\x00 Phụng\\x7f"')
    repo.edit(HP26_FILE, TASK_TEXT, 'text: "\\x08Tổ chức rà soát\\v tổng thể các yếu tố')
    out = tmp_path / "kh.docx"
    res = run("render", "plan", HP26, "--format", "docx", "--appendix", "-o", out, *repo.args())
    assert res.exit_code == 0, res.output
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any("Thực hiện[31m công tác" in x for x in texts)
    assert any("Vũ Tiến Phụng" in x for x in texts)
    assert not any(CONTROL.search(x) for x in texts)
    report = tmp_path / "bc.docx"
    res = run("render", "report", "--plan", HP26, "--period", "2026-H1", "-f", "docx", "-o", report, *repo.args())
    assert res.exit_code == 0, res.output
    assert not any(CONTROL.search(p.text) for p in Document(str(report)).paragraphs)
    skeleton = tmp_path / "skeleton.yaml"  # report new writes the task and target texts into comments
    res = run("report", "new", "--plan", HP26, "--period", "2026-H1", "--agency", "hp.cong-an", "-o", skeleton,
              *repo.args())
    assert res.exit_code == 0, res.output
    assert "rà soát tổng thể" in skeleton.read_text(encoding="utf-8")
    assert not CONTROL.search(skeleton.read_text(encoding="utf-8"))
    office = tmp_path / "office.yaml"
    office.write_text('signer: {name: "Lê\\x07 Văn B\\x1b[2J"}\nrecipients: ["Như trên;\\x0b"]\n', encoding="utf-8")
    signed = tmp_path / "bc-office.docx"
    res = run("render", "report", "--plan", HP26, "--period", "2026-H1", "-f", "docx", "-o", signed,
              "--office", office, *repo.args())
    assert res.exit_code == 0, res.output
    texts = [c.text for t in Document(str(signed)).tables for r in t.rows for c in r.cells]
    assert any("Lê Văn B[2J" in x for x in texts) and not any(CONTROL.search(x) for x in texts)
    for args in (("render", "plan", HP26), ("plans", "-f", "csv"), ("tasks", "--plan", HP26),
                 ("show", f"{HP26}:II.2.a.1", "-f", "md"), ("status", "--agency", SCHOOLS, "--as-of", "01/03/2026")):
        res = run(*args, *repo.args())
        assert res.exit_code == 0, (args, res.output)
        assert not CONTROL.search(res.stdout), args


# ---------------------------------------------------------------- 4. periods and years

def test_every_month_quarter_half_and_year_is_a_period(run):
    for month in (f"M{i:02d}" for i in range(1, 13)):
        res = run("kpi", "--plan", HP26, "--period", f"2026-{month}", "-f", "json", *FIXTURE_ARGS)
        assert res.exit_code == 0, res.output
        assert f'"period": "2026-{month}"' in res.stdout


def test_report_new_and_render_report_take_every_period(run, tmp_path):
    labels = {"2026-M05": "tháng 05/2026", "2026-M12": "tháng 12/2026", "2026-Q4": "quý IV/2026",
              "2026-H2": "6 tháng cuối năm 2026", "2026": "năm 2026"}
    for period, label in labels.items():
        out = tmp_path / f"{period}.yaml"
        res = run("report", "new", "--plan", HP26, "--period", period, "--agency", "hp.cong-an", "-o", out,
                  *FIXTURE_ARGS)
        assert res.exit_code == 0, res.output
        assert out.exists()
        res = run("render", "report", "--plan", HP26, "--period", period, *FIXTURE_ARGS)
        assert res.exit_code == 0, res.output
        assert label in res.stdout


@pytest.mark.parametrize("period", ["0000", "9999-H2", "1899", "2101-Q1", "0001-M01"])
def test_years_out_of_range_are_a_usage_error(run, tmp_path, period):
    for args in (("kpi", "--plan", HP26, "--period", period),
                 ("report", "new", "--plan", HP26, "--period", period, "--agency", "hp.cong-an",
                  "-o", tmp_path / "r.yaml"),
                 ("render", "report", "--plan", HP26, "--period", period)):
        res = run(*args, *FIXTURE_ARGS)
        assert res.exit_code == 2, res.output
        assert "năm phải từ 1900 đến 2100" in res.output
        res = run("--lang", "en", *args, *FIXTURE_ARGS)
        assert res.exit_code == 2 and "the year must be between 1900 and 2100" in res.output
        assert not (tmp_path / "r.yaml").exists()


def test_dates_out_of_range_on_the_command_line(run):
    for day in ("31/12/9999", "0001-01-01"):
        res = run("status", "--agency", SCHOOLS, "--as-of", day, *FIXTURE_ARGS)
        assert res.exit_code == 2 and "1900" in res.output, res.output


@pytest.mark.parametrize("end", ["9999-12-31", "0001-01-01"])
def test_a_date_beyond_the_range_in_data_is_a_finding(run, repo, end):
    repo.edit(HUE_FILE, "  end: '2026-12-31'", f"  end: '{end}'")
    res = run("lint", str(repo.path / "plans"), str(repo.path / "kpi"), "--format", "json")
    assert res.exit_code == 1, res.output
    assert re.search(r'"code": "S001",\s+"severity": "error",\s+"file": "[^"]*2026-kh-ubnd-pctp.yaml",\s+'
                     r'"line": 17', res.stdout), res.stdout
    for args in (("status",), ("status", "--agency", "hue.cong-an", "--all"),
                 ("tasks", "--plan", "hue-2026-kh-ubnd-pctp"), ("render", "plan", "hue-2026-kh-ubnd-pctp")):
        res = run(*args, *repo.args())
        assert res.exit_code in (0, 2) and "Traceback" not in res.output, (args, res.output)


def test_a_report_period_beyond_the_range_is_a_finding(run, repo):
    f = repo.path / "kpi" / "reports" / HP26 / "2026-H1" / "hp.cong-an.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("period: 2026-H1", "period: 9999-H2"), encoding="utf-8")
    res = run("lint", str(repo.path / "plans"), str(repo.path / "kpi"))
    assert res.exit_code == 1 and "S001" in res.stdout
    assert run("kpi", *repo.args()).exit_code == 0


# ---------------------------------------------------------------- 5. unusable Word templates

def test_a_template_that_is_not_docx_is_a_usage_error(run, repo, tmp_path):
    import docx

    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))  # a real DOCX, but without the "VB …" styles
    cases = {ROOT / "README.md": "không phải tệp Word .docx", tmp_path: "Không đọc được mẫu Word",
             tmp_path / "missing.docx": "Không đọc được mẫu Word", plain: "thiếu các kiểu (style): VB"}
    for template, words in cases.items():
        for args in (("render", "plan", HP26), ("render", "report", "--plan", HP26, "--period", "2026-H1"))[
                :2 if template == plain else 1]:
            out = tmp_path / "out.docx"
            res = run(*args, "-f", "docx", "-o", out, "--template", template, *repo.args())
            assert res.exit_code == 2, (template, res.output)
            assert words in res.output and str(template) in res.output, res.output
            assert not out.exists()
    res = run("--lang", "en", "render", "plan", HP26, "-f", "docx", "-o", tmp_path / "o.docx",
              "--template", ROOT / "README.md", *repo.args())
    assert res.exit_code == 2 and "is not a Word .docx file" in res.output


# ---------------------------------------------------------------- 6. exit codes

def _boom(*a, **k):
    raise OSError(5, "Input/output error", "plans/vn/broken.yaml")


def test_main_exits_2_on_an_unexpected_error_and_names_the_bug(monkeypatch, capsys, repo):
    from plans.commands import app as app_module
    from plans.loading import loader

    monkeypatch.setattr(loader, "load_repository", _boom)
    monkeypatch.delenv("PLANS_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["plans", "tasks", "--plan", HP26, *repo.args()])
    with pytest.raises(SystemExit) as exc:
        app_module.main()
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "lỗi của chương trình" in err and "“plans tasks”" in err and "plans/vn/broken.yaml" in err
    assert "Traceback" not in err and "PLANS_DEBUG=1" in err

    monkeypatch.setattr(sys, "argv", ["plans", "--lang", "en", "render", "plan", HP26, *repo.args()])
    with pytest.raises(SystemExit) as exc:
        app_module.main()
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "a bug in plans" in err and "“plans render plan”" in err and "(file plans/vn/broken.yaml)" in err

    monkeypatch.setenv("PLANS_DEBUG", "1")
    with pytest.raises(OSError):
        app_module.main()


def test_exit_codes_of_the_installed_command():
    """The real entry point (python -m plans), not typer's test runner: only 0, 1 and 2."""
    cmd = [sys.executable, "-m", "plans"]
    ok = subprocess.run([*cmd, "kpi", "--plan", HP26, "--period", "2026-M07", *FIXTURE_ARGS],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([*cmd, "kpi", "--plan", HP26, "--period", "9999-H2", *FIXTURE_ARGS],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "1900" in bad.stderr and "Traceback" not in bad.stderr
