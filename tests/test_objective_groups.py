"""Objectives carry the headings the plan printed between them (issue 11, item 14): Hà Nội's part I reads
"1. Mục tiêu, yêu cầu" … "2. Một số chỉ tiêu công tác cơ bản", and both renderings print them."""
HN = "plans/hn/2024-133-kh-ubnd.yaml"
GROUPS = ('objective_groups:\n  - id: I.1\n    title: "Mục tiêu, yêu cầu"\n'
          '  - id: I.2\n    title: "Một số chỉ tiêu công tác cơ bản"\nobjectives:\n')


def test_objective_headings_render_in_markdown_and_docx(run, repo, tmp_path):
    res = run("render", "plan", "hn-2024-133-kh-ubnd", *repo.args())
    assert "Mục tiêu, yêu cầu\n" not in res.output
    repo.edit(HN, "objectives:\n", GROUPS)
    res = run("lint", HN)
    assert res.exit_code == 0, res.output
    md = run("render", "plan", "hn-2024-133-kh-ubnd", *repo.args()).output
    first, second = md.index("### 1. Mục tiêu, yêu cầu"), md.index("### 2. Một số chỉ tiêu công tác cơ bản")
    assert first < md.index("**I.1.1.**") < md.index("**I.1.3.**") < second < md.index("**I.2.1.**")
    out = tmp_path / "hn.docx"
    res = run("render", "plan", "hn-2024-133-kh-ubnd", "--format", "docx", "-o", str(out), *repo.args())
    assert res.exit_code == 0, res.output
    from docx import Document

    texts = [p.text for p in Document(str(out)).paragraphs]
    assert texts.index("1. Mục tiêu, yêu cầu") < texts.index("2. Một số chỉ tiêu công tác cơ bản")


def test_a_group_heading_without_its_title_is_a_schema_error(run, repo):
    repo.edit(HN, "objectives:\n", "objective_groups:\n  - id: I.1\nobjectives:\n")
    res, doc = run.json("lint", HN, "--format", "json")
    assert res.exit_code == 1 and any(f["code"] == "S001" and "title" in f["message"] for f in doc["findings"])
