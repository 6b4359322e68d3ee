"""tools/pr_comment.py publishes the review as ONE comment (GitHub) or note (GitLab): no network here, the HTTP
call is injected and recorded."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "pr_comment.py"


@pytest.fixture(scope="module")
def pc():
    spec = importlib.util.spec_from_file_location("pr_comment", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class FakeApi:
    def __init__(self, pages, error=None):
        self.pages, self.calls, self.error = pages, [], error

    def __call__(self, method, url, headers, data=None):
        self.calls.append((method, url, headers, data))
        if self.error and method != "GET":
            raise self.error
        if method == "GET":
            page = int(re.search(r"[?&]page=(\d+)", url).group(1))
            return self.pages[page - 1] if page <= len(self.pages) else []
        return {"id": 999}


@pytest.fixture
def review(tmp_path):
    f = tmp_path / "review.md"
    f.write_text("### Thay đổi kế hoạch: main → HEAD\n\n- T1: ≥ 5% → ≥ 12% (chặt hơn)\n", encoding="utf-8")
    return f


def gh_env(tmp_path, **kw):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7}}), encoding="utf-8")
    return {"GITHUB_TOKEN": "t0k", "GITHUB_REPOSITORY": "office/plans", "GITHUB_EVENT_PATH": str(event),
            "GITHUB_API_URL": "https://api.example", **kw}


def test_github_posts_once_then_updates(pc, review, tmp_path):
    summary = tmp_path / "summary.md"
    api = FakeApi([[{"id": 1, "body": "LGTM"}]])
    assert pc.main(["github", str(review)], gh_env(tmp_path, GITHUB_STEP_SUMMARY=str(summary)), api) == 0
    method, url, headers, data = api.calls[-1]
    assert (method, url) == ("POST", "https://api.example/repos/office/plans/issues/7/comments")
    assert headers["Authorization"] == "Bearer t0k"
    assert data["body"].startswith(pc.MARKER) and "T1: ≥ 5% → ≥ 12%" in data["body"]
    assert "T1: ≥ 5% → ≥ 12%" in summary.read_text(encoding="utf-8")
    # second push: the earlier comment (on page 2) is found by its marker and edited, not duplicated
    page1 = [{"id": i, "body": "other"} for i in range(100)]
    api = FakeApi([page1, [{"id": 555, "body": data["body"]}]])
    assert pc.main(["github", str(review)], gh_env(tmp_path), api) == 0
    assert [c[0] for c in api.calls] == ["GET", "GET", "PATCH"]
    assert api.calls[-1][1] == "https://api.example/repos/office/plans/issues/comments/555"


def test_github_fork_token_is_not_a_failure(pc, review, tmp_path, capsys):
    api = FakeApi([[]], error=pc.ApiError(403, "Resource not accessible by integration"))
    assert pc.main(["github", str(review)], gh_env(tmp_path), api) == 0
    assert "not posted" in capsys.readouterr().err
    api = FakeApi([[]], error=pc.ApiError(500, "boom"))
    assert pc.main(["github", str(review)], gh_env(tmp_path), api) == 1
    assert pc.main(["github", str(review)], {**gh_env(tmp_path), "GITHUB_TOKEN": ""}, FakeApi([])) == 0
    assert pc.main(["bitbucket", str(review)], gh_env(tmp_path), FakeApi([])) == 2


def test_gitlab_note(pc, review):
    env = {"CI_API_V4_URL": "https://gl.example/api/v4", "CI_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "3",
           "PLANS_REVIEW_TOKEN": "glpat"}
    api = FakeApi([[]])
    assert pc.main(["gitlab", str(review)], env, api) == 0
    assert api.calls[-1][0:2] == ("POST", "https://gl.example/api/v4/projects/42/merge_requests/3/notes")
    assert api.calls[-1][2] == {"PRIVATE-TOKEN": "glpat"}
    api = FakeApi([[{"id": 8, "body": pc.MARKER + "\nold"}]])
    assert pc.main(["gitlab", str(review)], env, api) == 0
    assert api.calls[-1][0:2] == ("PUT", "https://gl.example/api/v4/projects/42/merge_requests/3/notes/8")
    assert pc.main(["gitlab", str(review)], {}, FakeApi([])) == 2


def test_long_review_is_cut_at_a_line_inside_the_limit(pc):
    md = "<details>\n" + "\n".join(f"- II.{i}: thêm nhiệm vụ" for i in range(20000)) + "\n</details>\n"
    body = pc.comment_body(md, 5000)
    assert len(body) <= 5000
    assert body.count("<details>") == body.count("</details>")
    assert "truncated" in body and body.startswith(pc.MARKER)


def test_the_review_text_comes_from_plans_diff(pc, run, tmp_path, monkeypatch):
    """End to end without network: plans diff --format md → pr_comment → the body posted."""
    from diff_helpers import HP26, History

    h = History(tmp_path / "repo")
    h.edit(HP26, "                lead: [hp.so-van-hoa-the-thao-va-du-lich]\n", "                lead: [hp.cong-an]\n")
    h.commit("lead")
    monkeypatch.chdir(h.root)
    md = run("diff", "base", "lead", "--format", "md").stdout
    review = tmp_path / "review.md"
    review.write_text(md, encoding="utf-8")
    api = FakeApi([[]])
    assert pc.main(["github", str(review)], gh_env(tmp_path), api) == 0
    posted = api.calls[-1][3]["body"]
    assert "II.2.a.6: chủ trì đổi từ Sở Văn hóa, Thể thao và Du lịch thành phố Hải Phòng sang Công an thành phố Hải " \
           "Phòng" in posted
    assert "**Công an thành phố Hải Phòng** (`hp.cong-an`): +1 nhiệm vụ" in posted
