"""Bad input to the query, KPI and render commands: a clear message and exit 2, never a traceback."""
import pytest


@pytest.mark.parametrize("args, text", [
    (["status", "--agency", "hp.cong-an", "--as-of", "31/02/2026"], "Ngày không hợp lệ"),
    (["status", "--agency", "hp.cong-an", "--role", "boss"], "boss"),
    (["status", "--agency", "hp.cong-an", "--plan", "nope"], "Không có kế hoạch “nope”"),
    (["status", "--agency", "hp.cong-an", "--repo", "does/not/exist"], "Không tìm thấy đường dẫn"),
    (["tasks", "--plan", "nope"], "Không có kế hoạch"),
    (["tasks", "--due-before", "soon"], "Ngày không hợp lệ"),
    (["kpi", "--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H3"], "Kỳ không hợp lệ"),
    (["kpi", "--agency", "không có cơ quan này xyz"], "Không tìm thấy cơ quan"),
    (["report", "new", "--plan", "vn-2025-53-kh-bcd", "--period", "2024-H1", "--agency", "bo cong an"],
     "nằm ngoài thời kỳ"),
    (["render", "plan", "nope"], "Không có kế hoạch"),
    (["render", "report", "--plan", "vn-2025-53-kh-bcd", "--period", "H1"], "Kỳ không hợp lệ"),
    (["show", "vn-2025-53-kh-bcd:II.99"], "Không tìm thấy"),
])
def test_usage_errors(run, in_fixture_repo, args, text):
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert text in res.output


def test_english_usage_error(run, in_fixture_repo):
    res = run("--lang", "en", "status", "--agency", "hp.cong-an", "--as-of", "yesterday")
    assert res.exit_code == 2 and "Invalid date" in res.output


def test_queries_go_on_when_a_file_is_broken(run, repo):
    repo.write("plans/broken.yaml", "kind: Plan\nid: [\n")
    res = run("status", "--agency", "hp.cong-an", "--as-of", "2026-03-01", "--repo", repo.plans)
    assert res.exit_code == 0
    assert "1 lỗi; chạy plans lint" in res.output
