"""Rule R028: every ``carries_out`` link of a local plan points to an existing item of a plan it implements."""
from __future__ import annotations

from plans.checks.registry import rule
from plans.findings import ERROR, Finding
from plans.loading.model import Plan, Repository

_f = Finding.at


@rule("R028", ERROR, "carries-out-link",
      "Liên kết carries_out “{link}” {why}",
      "The carries_out link “{link}” {why_en}",
      "Một nhiệm vụ, mục tiêu hay chỉ tiêu của kế hoạch địa phương ghi mục nó thực hiện ở kế hoạch cấp trên bằng "
      "carries_out: [<mã kế hoạch>:<mã mục>], ví dụ vn-2025-53-kh-bcd:II.2.a.3. Kế hoạch được trỏ tới phải là kế "
      "hoạch mà kế hoạch này triển khai (implements.plan, hoặc implements.ref có số văn bản trùng một kế hoạch trong "
      "kho), và mã mục phải là một nhiệm vụ, mục tiêu hoặc chỉ tiêu có trong kế hoạch đó (không phải một mục, phần). "
      "Số mục ở hai cấp thường khác nhau: xem kế hoạch cấp trên bằng plans show <mã kế hoạch>, hoặc để plans cascade "
      "link <mã kế hoạch> gợi ý liên kết.",
      "A task, objective or target of a local plan names what it carries out in the plan above with carries_out: "
      "[<plan id>:<item id>], e.g. vn-2025-53-kh-bcd:II.2.a.3. The plan must be one this plan implements "
      "(implements.plan, or an implements.ref whose number is that of a plan in the repository), and the item a "
      "task, objective or target of it (not a section). Item numbers usually differ between the two levels: look "
      "the parent up with plans show <plan id>, or let plans cascade link <plan id> suggest the links.",
      "plans cascade link <mã kế hoạch> --write", "plans cascade link <plan id> --write", on=("Plan",))
def carries_out_link(repo: Repository):
    from plans.cascade.links import find_item, linkable, parents, parse_link

    for plan in (getattr(repo, "plans", None) or {}).values():
        if not isinstance(plan, Plan):
            continue
        nodes = [n for n in linkable(plan) if getattr(n, "carries_out", None)]
        if not nodes:
            continue
        above = {p.plan.id: p.plan for p in parents(repo, plan) if p.plan is not None}
        for node in nodes:
            for i, link in enumerate(node.carries_out):
                parsed = parse_link(link)
                if parsed is None:
                    why, why_en = "không đúng dạng <mã kế hoạch>:<mã mục>", "is not of the form <plan id>:<item id>"
                else:
                    pid, nid = parsed
                    parent = above.get(pid)
                    if parent is None:
                        named = ", ".join(sorted(above)) or "—"
                        if pid in repo.plans:
                            why = f"trỏ tới kế hoạch {pid}, không phải kế hoạch mà {plan.id} triển khai ({named})"
                            why_en = f"points to plan {pid}, which {plan.id} does not implement ({named})"
                        else:
                            why = f"trỏ tới kế hoạch {pid} không có trong kho (kế hoạch cấp trên: {named})"
                            why_en = f"points to plan {pid}, which is not in the repository (parents: {named})"
                    elif find_item(parent, nid) is None:
                        section = any(s.id == nid for s in parent.all_sections())
                        why = (f"trỏ tới mục {nid} của {parent.number}: đó là một phần, mục chứ không phải nhiệm vụ, "
                               f"mục tiêu hay chỉ tiêu" if section else
                               f"trỏ tới {nid}, không có trong {parent.number} ({pid})")
                        why_en = (f"points to {nid} of {parent.number}: a section, not a task, objective or target"
                                  if section else f"points to {nid}, which is not in {parent.number} ({pid})")
                    else:
                        continue
                yield _f("R028", ERROR, node.where("carries_out", i), link=str(link), why=why, why_en=why_en)
