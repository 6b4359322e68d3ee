"""Rules over targets, indicators and periodic reports (R012–R019, R031)."""
from __future__ import annotations

from fractions import Fraction

from plans.checks.registry import rule
from plans.findings import ERROR, WARNING, Finding
from plans.loading.model import Repository
from plans.queries import periods


_f = Finding.at


@rule("R012", ERROR, "unknown-indicator",
      "Chỉ tiêu {target} trỏ tới chỉ số “{indicator}” không có trong danh mục kpi/",
      "Target {target} points to indicator “{indicator}”, which is not in the kpi/ catalog",
      "Mỗi chỉ tiêu phải nói nó đo chỉ số nào trong kpi/indicators.yaml, để tính được mức đạt. Thêm chỉ số vào "
      "danh mục (số liệu thành phần, loại, đơn vị) hoặc sửa mã. Quy tắc chỉ chạy khi danh mục được nạp.",
      "Every target names the indicator it measures in kpi/indicators.yaml, so attainment can be computed. Add the "
      "indicator to the catalog or correct the id. The rule runs only when the catalog is loaded.", on=("Plan",))
def unknown_indicator(repo: Repository):
    if not repo.indicators:
        return
    for plan in repo.plans.values():
        for tg in plan.targets:
            if not tg.indicator:
                yield _f("R012", ERROR, tg.where("id"), target=tg.id, indicator="")
            elif tg.indicator not in repo.indicators:
                yield _f("R012", ERROR, tg.where("indicator"), target=tg.id, indicator=tg.indicator)


_LOWER = (">", ">=")
_UPPER = ("<", "<=", "==")


@rule("R013", ERROR, "target-misfit",
      "Chỉ tiêu {target} không khớp chỉ số {indicator}: {why}",
      "Target {target} does not fit indicator {indicator}: {why_en}",
      "Đơn vị, phép so sánh và ngưỡng của chỉ tiêu phải hợp với chỉ số: tỷ lệ (%) từ 0 đến 100 với “trên”/“từ … "
      "trở lên”; mức kéo giảm so với cùng kỳ là % với “ít nhất”; số đếm cần giảm (ví dụ số đơn vị xếp loại Yếu) "
      "dùng “không quá”/“bằng”.",
      "A target's unit, comparator and threshold must suit its indicator: a rate (%) between 0 and 100 with a "
      "lower bound; a reduction against the baseline in % with a lower bound; a count to keep down with an upper "
      "bound or equality.", on=("Plan",))
def target_misfit(repo: Repository):
    for plan in repo.plans.values():
        for tg in plan.targets:
            ind = repo.indicators.get(tg.indicator or "")
            if ind is None:
                continue
            why = why_en = None
            if tg.unit != ind.unit:
                why, why_en = f"đơn vị {tg.unit}, chỉ số tính bằng {ind.unit}", f"unit {tg.unit}, indicator is in {ind.unit}"
            elif ind.kind in ("ratio", "share") and not (0 <= tg.threshold <= 100):
                why, why_en = f"ngưỡng {tg.threshold:g}% nằm ngoài 0–100", f"threshold {tg.threshold:g}% outside 0–100"
            elif ind.kind in ("ratio", "share", "change") and tg.comparator not in _LOWER:
                why, why_en = f"phép so sánh “{tg.comparator}” không hợp chỉ số cần đạt tối thiểu", \
                    f"comparator “{tg.comparator}” does not suit a minimum to reach"
            elif ind.kind == "count" and ind.direction == "decrease" and tg.comparator not in _UPPER:
                why, why_en = f"phép so sánh “{tg.comparator}” không hợp số đếm cần giữ thấp", \
                    f"comparator “{tg.comparator}” does not suit a count to keep down"
            elif ind.direction and tg.direction and ind.direction != tg.direction:
                why, why_en = f"chiều {tg.direction} ngược chiều chỉ số ({ind.direction})", \
                    f"direction {tg.direction} against the indicator's ({ind.direction})"
            if why:
                yield _f("R013", ERROR, tg.where("comparator") if "so sánh" in why else tg.where("unit"),
                         target=tg.id, indicator=ind.id, why=why, why_en=why_en)


def _strictness(comparator: str, threshold: float):
    """Orderable strictness of a bound: higher is stricter. None for equality."""
    t = Fraction(str(threshold))
    if comparator in _LOWER:
        return ("lower", t, 1 if comparator == ">" else 0)
    if comparator in ("<", "<="):
        return ("upper", -t, 1 if comparator == "<" else 0)
    return None


@rule("R014", ERROR, "looser-than-parent",
      "Chỉ tiêu {target} ({mine}) lỏng hơn chỉ tiêu {parent_target} của kế hoạch cấp trên {parent} ({theirs})",
      "Target {target} ({mine}) is looser than target {parent_target} of the parent plan {parent} ({theirs})",
      "Kế hoạch triển khai (implements) không được đặt chỉ tiêu thấp hơn kế hoạch cấp trên trên cùng chỉ số: "
      "“trên 90%” chặt hơn “từ 90% trở lên”, và cả hai chặt hơn “trên 85%”. Chỉ tiêu chặt hơn (ví dụ Hải Phòng "
      "2026 kéo giảm ít nhất 12% so với 5% của năm trước) là hợp lệ.",
      "A plan that implements another may not set a looser target on the same indicator: “above 90%” is stricter "
      "than “90% or more”, and both are stricter than “above 85%”. Stricter targets are fine.", on=("Plan",))
def looser_than_parent(repo: Repository):
    for plan in repo.plans.values():
        for imp in plan.implements:
            parent = repo.plans.get(imp.plan or "")
            if parent is None:
                continue
            theirs = {t.indicator: t for t in parent.targets if t.indicator}
            for tg in plan.targets:
                pt = theirs.get(tg.indicator)
                if pt is None:
                    continue
                a, b = _strictness(tg.comparator, tg.threshold), _strictness(pt.comparator, pt.threshold)
                if a and b and a[0] == b[0] and a[1:] < b[1:]:
                    yield _f("R014", ERROR, tg.where("threshold"), target=tg.id, parent_target=pt.id,
                             parent=parent.number, mine=f"{tg.comparator} {tg.threshold:g}",
                             theirs=f"{pt.comparator} {pt.threshold:g}")


@rule("R015", ERROR, "report-reference",
      "Báo cáo trỏ tới {what} “{ref}” không có{where}",
      "Report points to {what_en} “{ref}” that does not exist{where}",
      "Một báo cáo định kỳ phải nêu đúng mã kế hoạch, cơ quan báo cáo, nhiệm vụ (mã trong kế hoạch), chỉ số và "
      "số liệu thành phần (mã trong kpi/indicators.yaml). Dùng plans report new để tạo khung báo cáo đúng.",
      "A periodic report names an existing plan, reporting agency, task (id in the plan), indicator and component "
      "(ids in kpi/indicators.yaml). Use plans report new to create a correct skeleton.", on=("Report",))
def report_reference(repo: Repository):
    for r in repo.reports:
        plan = repo.plans.get(r.plan)
        if plan is None:
            yield _f("R015", ERROR, r.where("plan"), what="kế hoạch", what_en="plan", ref=r.plan, where="")
            continue
        if repo.entity(r.agency) is None:
            yield _f("R015", ERROR, r.where("agency"), what="cơ quan", what_en="agency", ref=r.agency, where="")
        ids = plan.node_ids()
        for tp in r.tasks:
            if tp.task not in ids:
                yield _f("R015", ERROR, tp.where("task"), what="nhiệm vụ", what_en="task", ref=tp.task,
                         where=f" trong {plan.number}")
        for fg in r.figures:
            ind = repo.indicators.get(fg.indicator)
            if ind is None:
                yield _f("R015", ERROR, fg.where("indicator"), what="chỉ số", what_en="indicator", ref=fg.indicator,
                         where="")
                continue
            known = {c.id for c in ind.components}
            for part in ("values", "baseline"):
                for k in getattr(fg, part):
                    if k not in known:
                        yield _f("R015", ERROR, fg.where(part, k), what="số liệu thành phần", what_en="component",
                                 ref=k, where=f" của {ind.id}")


@rule("R016", ERROR, "report-period",
      "Kỳ báo cáo {period} nằm ngoài thời kỳ của kế hoạch {plan} ({start}–{end})",
      "Report period {period} is outside the period of plan {plan} ({start}–{end})",
      "Một báo cáo chỉ có nghĩa cho kỳ nằm trong thời kỳ của kế hoạch; thường do gõ nhầm năm.",
      "A report only makes sense for a period inside the plan's period; usually a mistyped year.", on=("Report",))
def report_period(repo: Repository):
    from plans.kpi.attainment import plan_covers

    for r in repo.reports:
        plan = repo.plans.get(r.plan)
        if plan is None:
            continue
        try:
            p = periods.parse(r.period)
        except ValueError:
            continue  # the schema says so
        if not plan_covers(plan, p):
            yield _f("R016", ERROR, r.where("period"), period=r.period, plan=plan.number,
                     start=plan.period_start.strftime("%d/%m/%Y"), end=plan.period_end.strftime("%d/%m/%Y"))


@rule("R017", ERROR, "figures-inconsistent",
      "Số liệu {indicator} không khớp: {num} ({a}) lớn hơn {den} ({b})",
      "Figures for {indicator} do not add up: {num} ({a}) is greater than {den} ({b})",
      "Tử số của một tỷ lệ không thể lớn hơn mẫu số (ví dụ số đã giải quyết lớn hơn số đã tiếp nhận). Kiểm tra "
      "lại số liệu; chỉ tiêu liên quan sẽ ghi “chưa đủ số liệu” cho tới khi sửa.",
      "A rate's numerator cannot exceed its denominator (resolved greater than received). Check the figures; the "
      "target shows “insufficient data” until they are fixed.", on=("Report",))
def figures_inconsistent(repo: Repository):
    for r in repo.reports:
        for fg in r.figures:
            ind = repo.indicators.get(fg.indicator)
            if ind is None or ind.kind not in ("ratio", "share"):
                continue
            for part in ("values", "baseline"):
                d = getattr(fg, part)
                a, b = d.get(ind.numerator), d.get(ind.denominator)
                if a is not None and b is not None and a > b:
                    yield _f("R017", ERROR, fg.where(part, ind.numerator), indicator=ind.id, num=ind.numerator,
                             den=ind.denominator, a=f"{d[ind.numerator]:g}", b=f"{d[ind.denominator]:g}")


@rule("R018", WARNING, "sample-data",
      "Báo cáo là dữ liệu mẫu (sample: true); mọi kết quả tính từ nó đều ghi rõ là mẫu",
      "Report holds sample data (sample: true); every result computed from it says so",
      "Dữ liệu mẫu chỉ dùng để trình diễn. Trong kho thật, đặt refuse-sample-data = true trong [tool.plans] (hoặc "
      "plans lint --no-sample) để mức này thành lỗi.",
      "Sample data is for demonstrations. In a real repository set refuse-sample-data = true under [tool.plans] "
      "(or plans lint --no-sample) to make this an error.", on=("Report",))
def sample_data(repo: Repository):
    for r in repo.reports:
        if r.sample:
            yield _f("R018", WARNING, r.where("sample"))


@rule("R019", ERROR, "duplicate-report",
      "Đã có báo cáo của {agency} cho {plan}, kỳ {period} ({other})",
      "{agency} already reported on {plan}, period {period} ({other})",
      "Mỗi cơ quan có một tệp báo cáo cho mỗi kế hoạch và kỳ; hai tệp làm số liệu bị cộng hai lần.",
      "One report file per agency, plan and period; two would count the figures twice.", on=("Report",))
def duplicate_report(repo: Repository):
    seen = {}
    for r in repo.reports:
        key = (r.plan, r.period, r.agency)
        if key in seen:
            yield _f("R019", ERROR, r.where("agency"), agency=r.agency, plan=r.plan, period=r.period,
                     other=str(seen[key].pos))
        else:
            seen[key] = r


@rule("R031", WARNING, "unfilled-report",
      "Báo cáo chưa điền: chưa có ngày ký, số liệu hay tiến độ nhiệm vụ nào; chưa được tính là đã nhận",
      "Report not filled in: no signing date, figure or task progress yet; it does not count as received",
      "plans report new viết khung báo cáo với chỗ trống (null, chuỗi rỗng, status: not-started). Khung chưa điền "
      "không được tính là đã nhận: plans status vẫn báo chưa nhận, plans kpi và báo cáo tổng hợp không dùng nó. "
      "Điền ngày ký (date), số liệu và tiến độ, hoặc xoá tệp nếu tạo nhầm.",
      "plans report new writes a skeleton with blanks (null, empty strings, status: not-started). An unfilled "
      "skeleton does not count as received: plans status still shows it as owed, and plans kpi and the summary "
      "report ignore it. Fill in the signing date, the figures and the progress, or delete the file if it was "
      "made by mistake.", on=("Report",))
def unfilled_report(repo: Repository):
    from plans.loading.view import is_filled

    for r in repo.reports:
        if not is_filled(r):
            yield _f("R031", WARNING, r.where("agency"))
