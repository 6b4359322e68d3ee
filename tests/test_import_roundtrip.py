"""``plans import`` of documents ``plans render`` made: the printed numbering carries the ids back
("2.1.", "(1)", an untitled item's label on its intro), runs of "(1) (2)" items that are sections or
tasks, a closing parenthesis shared by a list; and a failed write leaves the existing file whole.
Runs on tests/fixtures only (the fixture plans are copies of the reviewed ones)."""
from __future__ import annotations

from pathlib import Path

import pytest

from import_helpers import load, tasks, triples, walk


def reviewed(repo, plan_id):
    return next(d for d in (load(p) for p in repo.plans.rglob("*.yaml") if "agencies" not in p.parts)
                if d.get("id") == plan_id)


def round_trip(run, repo, plan_id):
    ref = reviewed(repo, plan_id)
    docx = repo.path / f"{plan_id}.docx"
    res = run("render", "plan", plan_id, "--format", "docx", "-o", str(docx))
    assert res.exit_code == 0, res.output
    out = repo.path / "back.yaml"
    res = run("import", str(docx), "-o", str(out), "--jurisdiction", ref["jurisdiction"])
    assert res.exit_code == 0, res.output
    return ref, load(out), docx


@pytest.fixture(scope="module")
def trips(frozen_repo, tmp_path_factory):
    """Round trips through the Python API (render → DOCX → import), each plan once per module."""
    import plans
    from plans.importer import import_file
    from plans.render.docx_render import plan_document, to_bytes

    repo = plans.load(str(frozen_repo / "plans"), str(frozen_repo / "kpi"))
    out = tmp_path_factory.mktemp("trips")
    done: dict = {}

    def trip(plan_id):
        if plan_id not in done:
            path = out / f"{plan_id}.docx"
            path.write_bytes(to_bytes(plan_document(repo, repo.plans[plan_id])))
            ref = next(d for d in (load(p) for p in (frozen_repo / "plans").rglob("*.yaml")
                                   if "agencies" not in p.parts) if d.get("id") == plan_id)
            res = import_file(str(path), repo, str(frozen_repo), jurisdiction=ref["jurisdiction"])
            done[plan_id] = (ref, res.data, path)
        return done[plan_id]

    return trip


def docx_lines(path):
    from plans.importer.extract import extract

    return extract(str(path)).blocks


@pytest.mark.parametrize("plan_id", ["hn-2024-133-kh-ubnd", "hue-2026-kh-ubnd-pctp"])
def test_round_trip_gives_back_the_task_ids_and_roles(run, repo, plan_id):
    """Hà Nội's and Huế's plans number items "2.1." and "(1)" under them: every task id comes back and
    nearly every (task, role, agency); bench/import_eval.py prints the figures."""
    ref, got, _ = round_trip(run, repo, plan_id)
    want, have = set(tasks(ref)), set(tasks(got))
    assert len(want & have) >= 0.95 * len(want), sorted(want - have)
    assert len(want & have) >= 0.9 * len(have), sorted(have - want)
    a, b = triples(got), triples(ref)
    hit = sum((a & b).values())
    assert hit >= 0.85 * sum(b.values()) and hit >= 0.85 * sum(a.values())


def test_hue_items_holding_several_tasks_are_sections(trips):
    ref, got, docx = trips("hue-2026-kh-ubnd-pctp")
    lines = docx_lines(docx)
    assert "2.1. Phòng ngừa xã hội" in lines                          # printed as the source prints it
    assert any(x.startswith("(1) Tiến hành rà soát tổng thể") for x in lines)
    tk = tasks(got)
    # "(3) … (…thực hiện). Lồng ghép … (Liên đoàn Lao động chủ trì …)": three tasks of section II.2.1.3
    assert {"II.2.1.3.1", "II.2.1.3.2", "II.2.1.3.3"} <= set(tk)
    assert tk["II.2.1.3.2"]["lead"] == ["hue.lien-doan-lao-dong"]
    # the sibling run under "2.2." follows the same pattern, though each of its items is one task
    assert "II.2.2.1.1" in tk and "II.2.2.1" not in tk


def test_hn_item_with_an_intro_and_bullets_is_a_section(trips):
    ref, got, docx = trips("hn-2024-133-kh-ubnd")
    lines = docx_lines(docx)
    assert any(x.startswith("(4) Tiếp tục tổ chức, đổi mới các hoạt động tuyên truyền") for x in lines)
    tk = tasks(got)
    assert {"II.2.1.1", "II.2.1.2", "II.2.1.3"} <= set(tk)            # "(1)" items that are one task each
    sec = next(s for s in walk(got["sections"]) if s["id"] == "II.2.1.4")
    assert sec["intro"][0].startswith("Tiếp tục tổ chức")
    assert [t["id"] for t in sec["tasks"]] == [f"II.2.1.4.{k}" for k in range(1, 7)]
    assert tk["II.2.1.4.1"]["lead"] == ["hn.so-lao-dong-thuong-binh-va-xa-hoi"]
    # "(như: …, thực hiện chính sách …)" is an example list, not who carries the task out
    assert tk["II.2.1.2"]["executor"] == tasks(ref)["II.2.1.2"]["executor"]
    # II.3: five items, one closing parenthesis: every item has its executors
    for k in range(1, 6):
        assert "hn.vien-kiem-sat-nhan-dan" in tk[f"II.3.{k}"]["executor"], k


def test_names_in_brackets_inside_a_sentence_are_no_assignment():
    from plans.importer.body import split_tasks

    class NoNames:  # a resolver that knows no body: only the role words count
        ocr = False

        def names(self, text):
            from plans.importer.names import NameList

            return NameList([], [])

        def one(self, text):
            return None

    text = ("Định kỳ báo cáo về Cơ quan Thường trực (Công an Thành phố - Phòng Tham mưu) để tổng hợp, "
            "báo cáo UBND Thành phố (Các sở, ngành thực hiện).")
    got = split_tasks([(None, text)], NoNames(), whole=True)
    assert len(got) == 1 and got[0].assignment == "Các sở, ngành thực hiện"


def test_a_failed_write_leaves_the_existing_draft_whole(run, repo, monkeypatch):
    """--force replaces the file in one step: when the replacement fails, the old file is intact and no
    temporary file is left next to it."""
    import os

    from plans.output import safewrite

    out = repo.path / "draft.yaml"
    out.write_text("bản của người dùng\n", encoding="utf-8")
    src = Path(__file__).resolve().parent / "fixtures" / "importer" / "web-paste.md"

    def broken(a, b):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safewrite.os, "replace", broken)
    res = run("import", str(src), "-o", str(out), "--force")
    monkeypatch.setattr(safewrite.os, "replace", os.replace)
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "draft.yaml" in res.output
    assert out.read_text(encoding="utf-8") == "bản của người dùng\n"
    assert sorted(p.name for p in repo.path.iterdir() if p.name.startswith(".draft.yaml")) == []


def test_names_before_a_semicolon_share_the_role_and_the_standing_body_leads_and_advises(repo):
    import plans
    from plans.importer.assign import parse_roles, sentence_roles
    from plans.importer.names import Resolver

    r = Resolver(plans.load("plans", "kpi"), "hp")
    roles = parse_roles("Sở Văn hóa - Thể thao; Sở Du lịch chủ trì, phối hợp các sở, ngành, địa phương thực hiện", r)
    assert roles.as_dict()["lead"] == ["hp.so-van-hoa-va-the-thao", "hp.so-du-lich"]
    text = ("Công an thành phố - Cơ quan Thường trực Ban Chỉ đạo 799 thành phố chịu trách nhiệm tổ chức theo dõi, "
            "hướng dẫn việc thực hiện kế hoạch này; kịp thời tham mưu đề xuất Ban Chỉ đạo chỉ đạo giải quyết.")
    got = sentence_roles(text, r).as_dict()
    assert got["lead"] == ["hp.cong-an"] and got["advisor"] == ["hp.cong-an"]
    # following up and reporting, without "tham mưu", is leading only
    got = sentence_roles(text.split(";")[0] + "; định kỳ tổng hợp, báo cáo theo quy định.", r).as_dict()
    assert got == {"lead": ["hp.cong-an"]}


@pytest.mark.parametrize("plan_id", ["hp-2025-kh-bcd799-pctp-mbn", "hp-2026-kh-bcd799-pttd-pctp"])
def test_a_day_read_in_part_comes_back_as_the_same_range(trips, plan_id):
    """20–28/02 prints "ngày 2… tháng 02", 01–09/02 "ngày 0… tháng 02": the draft has the same range."""
    ref, got, _ = trips(plan_id)
    assert {k: str(v) for k, v in got["date_range"].items()} == {k: str(v) for k, v in ref["date_range"].items()}


def test_pdf_footnotes_are_left_out_of_the_text():
    """A PDF page as pypdf reports it to a visitor (size, text): the raised note number and the notes at
    the foot of the page are dropped; the body, a page number and small type elsewhere stay."""
    from plans.importer.extract import _pages_without_notes

    class Page:
        def __init__(self, parts):
            self.parts = parts

        def extract_text(self, visitor_text=None):
            for size, text in self.parts:
                visitor_text(text, [1, 0, 0, 1, 0, 0], [1, 0, 0, 1, 0, 0], {}, size)
            return "".join(t for _, t in self.parts)

    nl = (12.0, "\n")
    page = Page([(13.0, "2"), nl, (14.0, "a) Tập trung lãnh đạo, chỉ đạo (các sở thực hiện)."), (8.1, "1"), nl,
                 (14.0, "b) Phát huy vai trò lãnh đạo."), nl, (11.0, "- Lưu: VT."), nl,
                 (11.0, "1"), (11.0, " Trong đó: 100% xã, phường."), nl, (11.0, "kết quả Kỳ họp thứ 10.")])
    text = _pages_without_notes([page])[0]
    assert text.splitlines() == ["2", "a) Tập trung lãnh đạo, chỉ đạo (các sở thực hiện).",
                                 "b) Phát huy vai trò lãnh đạo.", "- Lưu: VT."]


def test_a_date_not_printed_is_narrowed_by_what_the_plan_cites_and_its_first_deadline(trips):
    """Huế's plan prints "ngày … tháng … năm 2026": it cites a resolution of 11/02/2026 (in a footnote,
    read from the DOCX) and its earliest deadline is "trước ngày 20/3/2026", so it was signed between."""
    from plans.importer.draft import schema_errors

    ref, got, _ = trips("hue-2026-kh-ubnd-pctp")
    assert {k: str(v) for k, v in got["date_range"].items()} == {"from": "2026-02-11", "to": "2026-03-19"}
    assert any(u["field"] == "date" and "thu hẹp" in u["note"] for u in got["unverified"])
    assert [f["text"][:40] for f in got["footnotes"]] == [f["text"][:40] for f in ref["footnotes"]]
    assert schema_errors(got) == []
