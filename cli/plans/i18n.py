"""User-facing text in Vietnamese (default) and English."""
from __future__ import annotations

LANGS = ("vi", "en")

TEXT = {
    "summary": {"vi": "{files} tệp · {errors} lỗi · {warnings} cảnh báo · {suppressed} được bỏ qua có lý do",
                "en": "{files} files · {errors} errors · {warnings} warnings · {suppressed} suppressed with a reason"},
    "clean": {"vi": "Không có lỗi.", "en": "No errors."},
    "no_such_path": {"vi": "Không tìm thấy đường dẫn: {path}", "en": "No such path: {path}"},
    "unknown_rule": {"vi": "Không có quy tắc {code}. Xem danh sách: plans rules",
                     "en": "No rule {code}. See the list: plans rules"},
    "bad_format": {"vi": "Định dạng không hỗ trợ: {fmt} (chọn: {choices})",
                   "en": "Unsupported format: {fmt} (choose: {choices})"},
    "bad_config": {"vi": "Cấu hình sai trong {file}: {error}", "en": "Bad configuration in {file}: {error}"},
    "col_code": {"vi": "Mã", "en": "Code"},
    "col_severity": {"vi": "Mức", "en": "Severity"},
    "col_name": {"vi": "Tên", "en": "Name"},
    "col_message": {"vi": "Thông báo", "en": "Message"},
    "severity_error": {"vi": "lỗi", "en": "error"},
    "severity_warning": {"vi": "cảnh báo", "en": "warning"},
    "severity_info": {"vi": "thông tin", "en": "info"},
    "explain": {"vi": "Giải thích", "en": "Explanation"},
    "fix": {"vi": "Cách sửa", "en": "Fix"},
    "fixed": {"vi": "Đã sửa {n} tệp: {files}", "en": "Fixed {n} files: {files}"},
    # roles
    "role_lead": {"vi": "chủ trì", "en": "lead"},
    "role_partner": {"vi": "phối hợp", "en": "partner"},
    "role_executor": {"vi": "thực hiện", "en": "executor"},
    "role_advisor": {"vi": "tham mưu", "en": "advisor"},
    # task states
    "state_overdue": {"vi": "quá hạn", "en": "overdue"},
    "state_due-soon": {"vi": "sắp đến hạn", "en": "due soon"},
    "state_open": {"vi": "trong hạn", "en": "open"},
    "state_recurring": {"vi": "thường xuyên", "en": "recurring"},
    "state_in-period": {"vi": "trong năm kế hoạch", "en": "during the plan year"},
    "state_ended": {"vi": "kế hoạch đã hết thời kỳ", "en": "plan period ended"},
    "state_not-started": {"vi": "chưa đến thời kỳ", "en": "not started"},
    "state_done-on-time": {"vi": "hoàn thành đúng hạn", "en": "done on time"},
    "state_done-late": {"vi": "hoàn thành quá hạn", "en": "done late"},
    "state_in-progress": {"vi": "đang thực hiện trong hạn", "en": "in progress"},
    # report states
    "state_not-received": {"vi": "chưa nhận (quá hạn)", "en": "not received (late)"},
    "state_upcoming": {"vi": "chưa đến hạn", "en": "upcoming"},
    "state_received": {"vi": "đã nhận", "en": "received"},
    "state_no-date": {"vi": "theo quy định, không ghi hạn", "en": "as regulated, no date"},
    # headings and columns
    "as_of": {"vi": "tính đến {date}", "en": "as of {date}"},
    "ceased": {"vi": "Cơ quan này chấm dứt sau ngày {date}; công việc do {names} tiếp nhận.",
               "en": "This body ceased after {date}; its work was taken over by {names}."},
    "predecessor_note": {"vi": "Tiếp nhận công việc của: {names}.", "en": "Took over the work of: {names}."},
    "via_group": {"vi": "qua nhóm “{name}”", "en": "through group “{name}”"},
    "via_predecessor": {"vi": "kế thừa từ {name}", "en": "inherited from {name}"},
    "tasks_heading": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "reports_heading": {"vi": "Báo cáo phải gửi", "en": "Reports owed"},
    "targets_heading": {"vi": "Chỉ tiêu phụ trách", "en": "Targets in its charge"},
    "no_tasks": {"vi": "Không có nhiệm vụ nào được giao.", "en": "No tasks assigned."},
    "col_plan": {"vi": "Kế hoạch", "en": "Plan"},
    "col_task": {"vi": "Mục", "en": "Item"},
    "col_role": {"vi": "Vai trò", "en": "Role"},
    "col_via": {"vi": "Giao qua", "en": "Via"},
    "col_deadline": {"vi": "Thời hạn", "en": "Deadline"},
    "col_state": {"vi": "Tình trạng", "en": "State"},
    "col_text": {"vi": "Nội dung", "en": "Text"},
    "col_period": {"vi": "Kỳ", "en": "Period"},
    "col_due": {"vi": "Hạn gửi", "en": "Due"},
    "col_cutoff": {"vi": "Chốt số liệu", "en": "Data cutoff"},
    "col_recipient": {"vi": "Gửi về", "en": "To"},
    "col_agency": {"vi": "Cơ quan", "en": "Agency"},
    "col_tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "col_lead": {"vi": "Chủ trì", "en": "Lead"},
    "col_overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "col_due_soon": {"vi": "Sắp đến hạn", "en": "Due soon"},
    "col_reports_missing": {"vi": "Báo cáo chưa nhận", "en": "Reports not received"},
    "col_number": {"vi": "Số, ký hiệu", "en": "Number"},
    "col_issuer": {"vi": "Cơ quan ban hành", "en": "Issuer"},
    "col_date": {"vi": "Ngày", "en": "Date"},
    "col_years": {"vi": "Thời kỳ", "en": "Period"},
    "col_implements": {"vi": "Thực hiện", "en": "Implements"},
    "col_title": {"vi": "Trích yếu", "en": "Title"},
    "col_id": {"vi": "Mã", "en": "Id"},
    "col_short": {"vi": "Viết tắt", "en": "Short"},
    "col_level": {"vi": "Cấp", "en": "Level"},
    "col_validity": {"vi": "Hiệu lực", "en": "Valid"},
    "col_target": {"vi": "Chỉ tiêu", "en": "Target"},
    "campaign_now": {"vi": "đang trong đợt {start}–{end}", "en": "campaign {start}–{end} running"},
    "day_soon": {"vi": "ngày {date}: {name}", "en": "{date}: {name}"},
    "unknown_agency": {"vi": "Không tìm thấy cơ quan “{name}”.", "en": "No agency “{name}”."},
    "did_you_mean": {"vi": "Có phải: {names}?", "en": "Did you mean: {names}?"},
    "ambiguous_agency": {"vi": "“{name}” khớp nhiều cơ quan; hãy chọn một (mã hoặc tên đầy đủ):",
                         "en": "“{name}” matches several agencies; pick one (id or full name):"},
    "bad_date": {"vi": "Ngày không hợp lệ: {value} (dùng dd/mm/yyyy hoặc yyyy-mm-dd)",
                 "en": "Invalid date: {value} (use dd/mm/yyyy or yyyy-mm-dd)"},
    "unknown_plan": {"vi": "Không có kế hoạch “{id}”. Xem: plans plans", "en": "No plan “{id}”. See: plans plans"},
    "not_found": {"vi": "Không tìm thấy “{id}”.", "en": "Nothing found for “{id}”."},
    "load_errors": {"vi": "Kho dữ liệu có {n} lỗi; chạy plans lint để xem.",
                    "en": "The repository has {n} errors; run plans lint to see them."},
    "cache_refused": {"vi": "Không dùng bộ nhớ đệm {path}: phải là của chính bạn, không phải liên kết tượng trưng, "
                            "chỉ bạn được ghi (chmod 700). Lệnh vẫn chạy, chỉ chậm hơn.",
                      "en": "Not using the cache {path}: it must be yours, not a symbolic link, and writable "
                            "only by you (chmod 700). The command still runs, only slower."},
    "bad_period": {"vi": "Kỳ không hợp lệ: {value} (dùng 2026, 2026-H1, 2026-9M, 2026-Q1, 2026-M03)",
                   "en": "Invalid period: {value} (use 2026, 2026-H1, 2026-9M, 2026-Q1, 2026-M03)"},
    "period_not_in_plan": {"vi": "Kỳ {period} nằm ngoài thời kỳ của kế hoạch {plan}.",
                           "en": "Period {period} is outside plan {plan}."},
    "exists": {"vi": "Tệp {path} đã có; không ghi đè. Chọn tệp khác bằng -o.",
               "en": "{path} exists; not overwritten. Choose another file with -o."},
    "written": {"vi": "Đã tạo {path}: {figures} chỉ số, {tasks} nhiệm vụ cần điền.",
                "en": "Wrote {path}: {figures} indicators, {tasks} tasks to fill in."},
    "col_value": {"vi": "Giá trị", "en": "Value"},
    "col_goal": {"vi": "Chỉ tiêu đặt ra", "en": "Goal"},
    "col_margin": {"vi": "Chênh lệch", "en": "Margin"},
    "col_baseline": {"vi": "Cùng kỳ năm gốc", "en": "Baseline"},
    "col_missing": {"vi": "Chưa báo cáo", "en": "Not reported"},
    "col_note": {"vi": "Ghi chú", "en": "Note"},
    "kind_year": {"vi": "hằng năm", "en": "yearly"},
    "kind_6-months": {"vi": "6 tháng", "en": "6-monthly"},
    "kind_9-months": {"vi": "9 tháng", "en": "9 months"},
    "kind_quarter": {"vi": "hằng quý", "en": "quarterly"},
    "kind_month": {"vi": "hằng tháng", "en": "monthly"},
    "kind_ad-hoc": {"vi": "đột xuất", "en": "ad hoc"},
    "kind_once": {"vi": "một lần", "en": "once"},
    "rendered": {"vi": "Đã ghi {path}", "en": "Wrote {path}"},
    "need_output": {"vi": "DOCX cần tệp ghi ra: -o TỆP.docx", "en": "DOCX needs an output file: -o FILE.docx"},
    "sample_progress": {"vi": "tiến độ nhiệm vụ lấy từ báo cáo mẫu", "en": "task progress comes from sample reports"},
    "sample_data": {"vi": "DỮ LIỆU MẪU — không phải số liệu thật", "en": "SAMPLE DATA — not real figures"},
}


def t(key: str, lang: str = "vi", **kw) -> str:
    entry = TEXT[key]
    s = entry.get(lang) or entry["vi"]
    return s.format(**kw) if kw else s


class _Default(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def rule_message(code: str, lang: str, args: dict) -> str:
    from plans.checks.registry import get

    r = get(code)
    if r is None:
        return code
    tmpl = r.message.get(lang) or r.message["vi"]
    return tmpl.format_map(_Default(args))
