#!/usr/bin/env python3
"""Publish the `plans diff --format md` review on a pull request (GitHub) or merge request (GitLab).

    plans diff "$BASE" HEAD --format md > review.md
    python tools/pr_comment.py github review.md     # job summary + one PR comment, updated on every push
    python tools/pr_comment.py gitlab review.md     # one merge-request note, updated on every push

The comment carries a hidden marker (``<!-- plans-diff-review -->``); the script looks for its own earlier
comment by that marker and edits it instead of adding another, so a pull request has ONE review comment.

GitHub: ``GITHUB_TOKEN`` (``permissions: pull-requests: write``), ``GITHUB_REPOSITORY``, the pull request
number from ``GITHUB_EVENT_PATH`` (or ``PR_NUMBER``), ``GITHUB_API_URL``; the text is also appended to
``$GITHUB_STEP_SUMMARY`` when set. GitLab: ``CI_API_V4_URL``, ``CI_PROJECT_ID``, ``CI_MERGE_REQUEST_IID`` and
a token allowed to write notes in ``PLANS_REVIEW_TOKEN`` (a project access token with ``api`` scope; the job
token cannot write notes).

Standard library only (urllib). A missing token or a refusal (a pull request from a fork gets a read-only
token) is said on stderr and the script exits 0: the review is still in the job summary / log. Exit 2 on a
usage error, 1 when the API answered with another error.
"""
from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

MARKER = "<!-- plans-diff-review -->"
LIMIT = 60000  # GitHub refuses comment bodies over 65,536 characters; GitLab notes allow 1,000,000
NOTE = "\n\n… (rút gọn / truncated — xem bản đầy đủ trong tóm tắt của job CI / see the CI job summary)\n"


class ApiError(Exception):
    def __init__(self, status: int, detail: str = ""):
        super().__init__(f"HTTP {status}: {detail}")
        self.status, self.detail = status, detail


def urllib_http(method: str, url: str, headers: dict, data: dict | None = None):
    """One JSON request; returns the decoded answer. Raises ApiError on an HTTP error."""
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, method=method, headers={
        **headers, "Content-Type": "application/json", "User-Agent": "plans-diff-review"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - https API URL from the CI runner
            raw = resp.read()
    except urllib.error.HTTPError as e:
        raise ApiError(e.code, e.read()[:300].decode("utf-8", "replace")) from None
    except (urllib.error.URLError, OSError) as e:
        raise ApiError(0, str(e)) from None
    return json.loads(raw) if raw else None


def comment_body(markdown: str, limit: int = LIMIT) -> str:
    """The comment: the marker, then the review, cut at a line when too long."""
    text = markdown.rstrip("\n")
    room = limit - len(MARKER) - len(NOTE) - 2
    if len(text) > room:
        cut = text.rfind("\n", 0, room)
        text = text[: cut if cut > 0 else room]
        if text.count("<details>") > text.count("</details>"):
            text += "\n</details>"
        text += NOTE
    return f"{MARKER}\n{text}\n"


def _find(items, key: str = "body"):
    return next((c for c in items if MARKER in (c.get(key) or "")), None)


def github(env: dict, body: str, http=urllib_http) -> str:
    api = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    repo, token = env.get("GITHUB_REPOSITORY"), env.get("GITHUB_TOKEN")
    number = env.get("PR_NUMBER")
    if not number and env.get("GITHUB_EVENT_PATH"):
        try:
            with open(env["GITHUB_EVENT_PATH"], encoding="utf-8") as f:
                number = (json.load(f).get("pull_request") or {}).get("number")
        except (OSError, ValueError):
            number = None
    if not (repo and number):
        raise SystemExit("pr_comment: not a pull request (GITHUB_REPOSITORY and the pull request number needed)")
    if not token:
        return "skipped: no GITHUB_TOKEN"
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json",
               "X-GitHub-Api-Version": "2022-11-28"}
    page, found = 1, None
    while found is None:
        items = http("GET", f"{api}/repos/{repo}/issues/{number}/comments?per_page=100&page={page}", headers) or []
        found = _find(items)
        if len(items) < 100:
            break
        page += 1
    if found is not None:
        http("PATCH", f"{api}/repos/{repo}/issues/comments/{found['id']}", headers, {"body": body})
        return f"updated comment {found['id']}"
    made = http("POST", f"{api}/repos/{repo}/issues/{number}/comments", headers, {"body": body}) or {}
    return f"posted comment {made.get('id', '')}".strip()


def gitlab(env: dict, body: str, http=urllib_http) -> str:
    api = (env.get("CI_API_V4_URL") or "").rstrip("/")
    project, iid = env.get("CI_PROJECT_ID"), env.get("CI_MERGE_REQUEST_IID")
    token = env.get("PLANS_REVIEW_TOKEN")
    if not (api and project and iid):
        raise SystemExit("pr_comment: not a merge request pipeline (CI_API_V4_URL, CI_PROJECT_ID, "
                         "CI_MERGE_REQUEST_IID needed)")
    if not token:
        return "skipped: no PLANS_REVIEW_TOKEN"
    headers = {"PRIVATE-TOKEN": token}
    base = f"{api}/projects/{project}/merge_requests/{iid}/notes"
    page, found = 1, None
    while found is None:
        items = http("GET", f"{base}?per_page=100&page={page}&sort=asc", headers) or []
        found = _find(items)
        if len(items) < 100:
            break
        page += 1
    if found is not None:
        http("PUT", f"{base}/{found['id']}", headers, {"body": body})
        return f"updated note {found['id']}"
    made = http("POST", base, headers, {"body": body}) or {}
    return f"posted note {made.get('id', '')}".strip()


def main(argv: list[str] | None = None, env: dict | None = None, http=urllib_http) -> int:
    argv = sys.argv[1:] if argv is None else argv
    env = dict(os.environ) if env is None else env
    if len(argv) != 2 or argv[0] not in ("github", "gitlab"):
        print("usage: pr_comment.py github|gitlab REVIEW.md", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            markdown = f.read()
    except (OSError, UnicodeDecodeError) as e:
        print(f"pr_comment: cannot read {argv[1]}: {e}", file=sys.stderr)
        return 2
    if argv[0] == "github" and env.get("GITHUB_STEP_SUMMARY"):
        with open(env["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as f:
            f.write(markdown.rstrip("\n") + "\n")
    body = comment_body(markdown, LIMIT if argv[0] == "github" else 900_000)
    try:
        said = (github if argv[0] == "github" else gitlab)(env, body, http)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return 2
    except ApiError as e:
        if e.status in (401, 403, 404):  # a fork's read-only token, or no access: the summary still has it
            print(f"pr_comment: the review was not posted ({e}); it is in the job summary", file=sys.stderr)
            return 0
        print(f"pr_comment: {e}", file=sys.stderr)
        return 1
    print(f"pr_comment: {said}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
