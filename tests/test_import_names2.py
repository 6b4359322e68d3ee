"""Issue 14: the last (task, role, agency) misses of the DOCX round trip, and their general causes in
the importer: a name read whole before its tail words are cut ("các đơn vị có liên quan"), a combined
group with list words between its parts ("các bộ, ban, ngành, đoàn thể, địa phương"), a name printed
without the comma before a list, "A và B" held as A's alias, the plan's own registry before another
province's, a subject whose verb-like word belongs to a name, a heading naming the body that does the
tasks beneath it. Runs on tests/fixtures only."""
from __future__ import annotations

from collections import Counter

import pytest

from import_helpers import tasks, triples


@pytest.fixture(scope="module")
def model(frozen_repo):
    import plans

    return plans.load(str(frozen_repo / "plans"), str(frozen_repo / "kpi"))


def resolver(model, j):
    from plans.importer.names import Resolver

    return Resolver(model, j)


@pytest.mark.parametrize("j, text, ids", [
    # the registry's name ends with words a list's tail ("… có liên quan") also ends with
    ("hn", "các cơ quan truyền thông và các đơn vị có liên quan", ["hn.cac-co-quan-truyen-thong", "hn.cac-don-vi-lien-quan"]),
    # the combined group, with a list word ("ban") and a name of its own ("đoàn thể") between its parts
    ("vn", "các bộ, ban, ngành, đoàn thể, địa phương", ["vn.cac-bo-nganh-dia-phuong", "vn.cac-doan-the"]),
    # no comma between a body and the combined group that follows it
    ("hp", "Thành Đoàn Hải Phòng, Hội Liên hiệp phụ nữ thành phố các sở, ngành, địa phương",
     ["hp.thanh-doan", "hp.hoi-lhpn", "hp.cac-so-ban-nganh-dia-phuong"]),
    # "A và B" is one of A's aliases, yet B is a group of its own
    ("vn", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên, các bộ, ngành, địa phương",
     ["vn.uy-ban-trung-uong-mttq-viet-nam", "vn.cac-to-chuc-thanh-vien-mttq-viet-nam", "vn.cac-bo-nganh-dia-phuong"]),
    # only Huế's registry holds the run as one name: Hà Nội's own groups are taken
    ("hn", "các ban, sở, ngành, đoàn thể", ["hn.cac-so-ban-nganh", "hn.cac-to-chuc-chinh-tri-xa-hoi"]),
])
def test_lists_resolve_to_the_registry_names(model, j, text, ids):
    nl = resolver(model, j).names(text)
    assert nl.ids == ids and not nl.unknown


def test_a_narrowed_index_does_not_answer_from_the_whole_registry(model):
    """The registry index remembers its answers; the importer's narrowed copies must not share them
    (a body of another province was taken, or the import failed with KeyError)."""
    r = resolver(model, "hn")
    r.index.resolve("Công an thành phố")          # answered over every registry first
    assert r.one("Công an thành phố") == "hn.cong-an"
    assert r.names("Công an thành phố, các đơn vị có liên quan").ids == ["hn.cong-an", "hn.cac-don-vi-lien-quan"]


def test_the_subject_runs_past_a_verb_like_word_of_a_name(model):
    from plans.importer.assign import sentence_roles

    text = ("Căn cứ nội dung Kế hoạch này, các ban, sở, ngành, tổ chức đoàn thể có liên quan, UBND các quận, "
            "huyện, thị xã có kế hoạch triển khai thực hiện phù hợp với tình hình đơn vị, địa phương.")
    assert sentence_roles(text, resolver(model, "hn")).as_dict() == {
        "executor": ["hn.cac-so-ban-nganh", "hn.cac-to-chuc-chinh-tri-xa-hoi", "hn.ubnd-cac-quan-huyen-thi-xa"]}


def test_a_heading_naming_a_body_assigns_the_tasks_beneath_by_their_verbs(model):
    from plans.importer.assign import heading_body, heading_roles

    r = resolver(model, "hn")
    ids = heading_body("Công an Thành phố, Cơ quan thường trực Ban chỉ đạo 138/TP:", r)
    assert ids == ["hn.cong-an"]                     # the apposition is its capacity, not another body
    got = heading_roles(ids, "Chịu trách nhiệm theo dõi việc thực hiện Kế hoạch này. Phối hợp với các ban, "
                             "sở, ngành, đoàn thể tham mưu tổ chức các đoàn kiểm tra.", r).as_dict()
    assert got == {"lead": ["hn.cong-an"], "partner": ["hn.cac-so-ban-nganh", "hn.cac-to-chuc-chinh-tri-xa-hoi"],
                   "advisor": ["hn.cong-an"]}
    got = heading_roles(ids, "Phối hợp với Ban thi đua khen thưởng Thành phố kịp thời tham mưu khen thưởng.", r)
    assert got.as_dict() == {"executor": ["hn.cong-an"], "partner": ["hn.ban-thi-dua-khen-thuong"],
                             "advisor": ["hn.cong-an"]}
    # a heading that is a title, not names, assigns nothing
    assert heading_body("Công tác phòng ngừa xã hội:", r) == []


@pytest.mark.parametrize("plan_id, ids", [
    ("hn-2024-133-kh-ubnd", {"II.2.1.4.6", "III.1", "III.3.1", "III.3.2"}),
    ("hp-2025-kh-bcd799-pctp-mbn", {"II.2.a.4"}),
    ("vn-2025-53-kh-bcd", {"III.1", "II.2.a.9", "II.7.1"}),
])
def test_docx_round_trip_gives_back_the_assignments(run, repo, plan_id, ids):
    """``plans render plan --format docx`` then ``plans import``: the same (task, role, agency) triples for
    the tasks whose assignments the round trip used to miss (bench/import_eval.py counts all of them on
    the shipped plans)."""
    import yaml

    ref = next(d for d in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in repo.plans.rglob("*.yaml")
                           if "agencies" not in p.parts) if d.get("id") == plan_id)
    docx = repo.path / "plan.docx"
    res = run("render", "plan", plan_id, "--format", "docx", "-o", str(docx))
    assert res.exit_code == 0, res.output
    out = repo.path / "back.yaml"
    res = run("import", str(docx), "-o", str(out), "--jurisdiction", ref["jurisdiction"])
    assert res.exit_code == 0, res.output
    got = yaml.safe_load(out.read_text(encoding="utf-8"))
    a = Counter({k: v for k, v in triples(got).items() if k[0] in ids})
    b = Counter({k: v for k, v in triples(ref).items() if k[0] in ids})
    assert b and (sorted(b - a), sorted(a - b)) == ([], [])
