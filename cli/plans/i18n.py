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
    # writes refused (plans.output.safewrite.WriteRefused reason codes); nothing is left half-written
    "write_exists": {"vi": "Không ghi {path}: tệp đã có. Thêm --force để ghi đè, hoặc chọn tệp khác bằng -o.",
                     "en": "Not writing {path}: the file exists. Add --force to overwrite it, or choose another file with -o."},
    "write_symlink": {"vi": "Không ghi {path}: đây là liên kết tượng trưng (symlink); plans không ghi xuyên qua "
                            "liên kết. Ghi vào tệp thật hoặc bỏ liên kết.",
                      "en": "Not writing {path}: it is a symbolic link; plans never writes through a link. "
                            "Write to the real file or remove the link."},
    "write_not-regular": {"vi": "Không ghi {path}: không phải tệp thông thường (thư mục, thiết bị…). Chọn một tệp.",
                          "en": "Not writing {path}: not a regular file (a directory, a device…). Choose a file."},
    "write_hard-link": {"vi": "Không ghi {path}: tệp có {detail} liên kết cứng (hard link); ghi lại sẽ tách rời "
                              "chúng. Sao ra một tệp riêng rồi chạy lại.",
                        "en": "Not writing {path}: the file has {detail} hard links; rewriting it would split "
                              "them. Make it a file of its own and run again."},
    "write_protected": {"vi": "Không ghi {path}: tệp nằm trong thư mục dữ liệu {detail} của kho (plans/, kpi/, "
                              "schema/), nơi lệnh xuất văn bản không bao giờ ghi. Chọn tệp ở nơi khác.",
                        "en": "Not writing {path}: it lies in the repository's data directory {detail} (plans/, kpi/, "
                              "schema/), where exports never write. Choose a file elsewhere."},
    "write_outside": {"vi": "Không ghi {path}: đường dẫn ra ngoài thư mục {detail}.",
                      "en": "Not writing {path}: the path leaves the directory {detail}."},
    "write_changed": {"vi": "Không ghi {path}: tệp vừa bị sửa trong lúc plans đang sửa; chạy lại.",
                      "en": "Not writing {path}: the file changed while plans was fixing it; run again."},
    "write_os-error": {"vi": "Không ghi được {path}: {detail}. Không để lại tệp ghi dở; tệp cũ (nếu có) giữ nguyên.",
                       "en": "Could not write {path}: {detail}. Nothing half-written is left; an existing file is "
                             "unchanged."},
    "errno_ENOSPC": {"vi": "hết dung lượng đĩa", "en": "no space left on the device"},
    "errno_EDQUOT": {"vi": "vượt hạn mức dung lượng", "en": "disk quota exceeded"},
    "errno_EIO": {"vi": "lỗi vào/ra của đĩa", "en": "input/output error"},
    "errno_EACCES": {"vi": "không có quyền ghi", "en": "permission denied"},
    "errno_EPERM": {"vi": "không được phép", "en": "operation not permitted"},
    "errno_EROFS": {"vi": "ổ đĩa chỉ cho đọc", "en": "read-only file system"},
    "errno_ENOTDIR": {"vi": "một phần của đường dẫn không phải thư mục", "en": "a part of the path is not a directory"},
    "bad_path_id": {"vi": "Mã “{id}” không dùng được làm tên tệp (chỉ chữ thường a-z, số, dấu chấm, gạch "
                          "ngang, bắt đầu bằng chữ hoặc số). Sửa sổ đăng ký rồi chạy plans lint.",
                    "en": "The id “{id}” cannot name a file (only a-z, digits, dots and hyphens, "
                          "starting with a letter or digit). Fix the registry and run plans lint."},
    "fix_unparsable": {"vi": "Bỏ qua {path}: tệp chưa đọc được như YAML ({code}); sửa lỗi đó trước rồi chạy lại --fix.",
                       "en": "Skipped {path}: it does not parse as YAML ({code}); fix that first, then run --fix again."},
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
    # target attainment (kpi, report, tracker, chart, site): one wording everywhere
    "status_met": {"vi": "đạt", "en": "met"},
    "status_not-met": {"vi": "không đạt", "en": "not met"},
    "status_insufficient": {"vi": "chưa đủ số liệu", "en": "insufficient data"},
    "status_not-due": {"vi": "chưa đến kỳ đánh giá", "en": "not yet due"},
    "problem_no-figures": {"vi": "chưa có số liệu", "en": "no figures"},
    "problem_missing-reporters": {"vi": "thiếu đơn vị báo cáo", "en": "reporters missing"},
    "problem_missing-component": {"vi": "thiếu số liệu thành phần", "en": "a component is missing"},
    "problem_missing-baseline": {"vi": "thiếu số liệu cùng kỳ năm gốc", "en": "baseline figures missing"},
    "problem_zero-denominator": {"vi": "mẫu số bằng 0", "en": "zero denominator"},
    "problem_zero-baseline": {"vi": "cùng kỳ năm gốc bằng 0", "en": "baseline is zero"},
    "problem_inconsistent": {"vi": "số liệu không khớp (tử số lớn hơn mẫu số)", "en": "figures do not add up"},
    "problem_period-not-covered": {"vi": "kỳ nằm ngoài thời kỳ kế hoạch", "en": "period outside the plan"},
    "problem_unknown-indicator": {"vi": "chỉ tiêu chưa gắn chỉ số", "en": "no indicator for the target"},
    "problem_provisional": {"vi": "kỳ chưa chốt số liệu: kết quả tạm tính", "en": "period not closed: provisional"},
    "state_in-progress": {"vi": "đang thực hiện trong hạn", "en": "in progress"},
    "state_not-begun": {"vi": "chưa thực hiện", "en": "not begun"},
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
    "col_field": {"vi": "Thông tin", "en": "Field"},
    "campaign_now": {"vi": "đang trong đợt {start}–{end}", "en": "campaign {start}–{end} running"},
    "day_soon": {"vi": "ngày {date}: {name}", "en": "{date}: {name}"},
    "unknown_agency": {"vi": "Không tìm thấy cơ quan “{name}”.", "en": "No agency “{name}”."},
    "chosen_agency": {"vi": "→ {name} ({id})", "en": "→ {name} ({id})"},
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
    "bad_period_year": {"vi": "Kỳ không hợp lệ: {value} (năm phải từ {min} đến {max})",
                        "en": "Invalid period: {value} (the year must be between {min} and {max})"},
    "bad_date_year": {"vi": "Ngày không hợp lệ: {value} (năm phải từ {min} đến {max})",
                      "en": "Invalid date: {value} (the year must be between {min} and {max})"},
    "template_unreadable": {"vi": "Không đọc được mẫu Word {path}: {error}",
                            "en": "Cannot read the Word template {path}: {error}"},
    "template_not_docx": {"vi": "{path} không phải tệp Word .docx; --template cần một tệp .docx như "
                                "templates/van-ban.docx",
                          "en": "{path} is not a Word .docx file; --template needs a .docx such as "
                                "templates/van-ban.docx"},
    "template_styles": {"vi": "Mẫu Word {path} thiếu các kiểu (style): {styles}. Hãy sửa từ templates/van-ban.docx",
                        "en": "The Word template {path} lacks the styles: {styles}. Start from "
                              "templates/van-ban.docx"},
    "internal_error": {"vi": "plans: lỗi của chương trình, không phải của dữ liệu, khi chạy “plans {command}”{file}: "
                             "{error}\nXin báo lỗi kèm lệnh trên; chạy lại với PLANS_DEBUG=1 để xem chi tiết.",
                       "en": "plans: a bug in plans, not in your data, while running “plans {command}”{file}: "
                             "{error}\nPlease report it with the command above; run again with PLANS_DEBUG=1 "
                             "for details."},
    "internal_error_file": {"vi": " (tệp {file})", "en": " (file {file})"},
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
    "suppressed_because": {"vi": "bỏ qua: {reason}", "en": "suppressed: {reason}"},
    "need_list": {"vi": "phải là một danh sách (YAML list)", "en": "must be a list (YAML sequence)"},
    "need_mapping": {"vi": "tệp phải là một bảng khóa: giá trị (YAML mapping)",
                     "en": "the file must be a mapping (key: value)"},
    "bad_role": {"vi": "Vai trò không hợp lệ: {value} (chọn: {choices})",
                 "en": "Invalid role: {value} (choose: {choices})"},
    "yes": {"vi": "có", "en": "yes"},
    "no": {"vi": "không", "en": "no"},
    # agency levels and kinds (the registry writes the English code; people read these)
    "level_central": {"vi": "trung ương", "en": "central"},
    "level_province": {"vi": "cấp tỉnh", "en": "province"},
    "level_district": {"vi": "cấp huyện", "en": "district"},
    "level_commune": {"vi": "cấp xã", "en": "commune"},
    "entity_agency": {"vi": "cơ quan", "en": "agency"},
    "entity_group": {"vi": "nhóm", "en": "group"},
    "type_government": {"vi": "Chính phủ", "en": "government"},
    "type_legislature": {"vi": "Quốc hội", "en": "legislature"},
    "type_position": {"vi": "chức danh", "en": "position"},
    "type_official": {"vi": "chức danh lãnh đạo", "en": "official"},
    "type_ministry": {"vi": "bộ, cơ quan ngang bộ", "en": "ministry"},
    "type_department": {"vi": "sở, ban, ngành", "en": "department"},
    "type_police": {"vi": "công an", "en": "police"},
    "type_police-unit": {"vi": "đơn vị thuộc công an", "en": "police unit"},
    "type_people-committee": {"vi": "ủy ban nhân dân", "en": "people's committee"},
    "type_people-council": {"vi": "hội đồng nhân dân", "en": "people's council"},
    "type_steering-committee": {"vi": "ban chỉ đạo", "en": "steering committee"},
    "type_procuracy": {"vi": "viện kiểm sát", "en": "procuracy"},
    "type_court": {"vi": "tòa án", "en": "court"},
    "type_military": {"vi": "quân sự, biên phòng", "en": "military"},
    "type_customs": {"vi": "hải quan", "en": "customs"},
    "type_mass-organization": {"vi": "tổ chức chính trị - xã hội", "en": "mass organization"},
    "type_party": {"vi": "cơ quan Đảng", "en": "party"},
    "type_office": {"vi": "văn phòng", "en": "office"},
    "type_media": {"vi": "cơ quan báo chí", "en": "media"},
    "type_council": {"vi": "hội đồng", "en": "council"},
    "type_other": {"vi": "khác", "en": "other"},
    # plan values written as codes in the YAML
    "recurrence_continuous": {"vi": "thường xuyên", "en": "continuous"},
    "recurrence_yearly": {"vi": "hằng năm", "en": "yearly"},
    "recurrence_6-monthly": {"vi": "6 tháng một lần", "en": "every 6 months"},
    "recurrence_quarterly": {"vi": "hằng quý", "en": "quarterly"},
    "recurrence_monthly": {"vi": "hằng tháng", "en": "monthly"},
    "direction_decrease": {"vi": "giảm (càng giảm càng tốt)", "en": "decrease"},
    "direction_increase": {"vi": "tăng (càng tăng càng tốt)", "en": "increase"},
    "unit_percent": {"vi": "%", "en": "percent"},
    "unit_count": {"vi": "số lượng", "en": "count"},
    # field labels of `agencies --show` and `show PLAN:ITEM` (the YAML key in JSON output)
    "field_id": {"vi": "Mã", "en": "Id"},
    "field_name": {"vi": "Tên chính thức", "en": "Name"},
    "field_kind": {"vi": "Loại", "en": "Kind"},
    "field_jurisdiction": {"vi": "Địa bàn", "en": "Jurisdiction"},
    "field_short": {"vi": "Tên viết tắt", "en": "Short forms"},
    "field_aliases": {"vi": "Tên khác", "en": "Aliases"},
    "field_parent": {"vi": "Cơ quan cấp trên", "en": "Parent"},
    "field_level": {"vi": "Cấp", "en": "Level"},
    "field_type": {"vi": "Loại cơ quan", "en": "Type"},
    "field_groups": {"vi": "Thuộc nhóm", "en": "Groups"},
    "field_includes": {"vi": "Gồm các nhóm", "en": "Includes"},
    "field_members": {"vi": "Thành viên", "en": "Members"},
    "field_open": {"vi": "Nhóm mở (chưa liệt kê hết)", "en": "Open (not every member listed)"},
    "field_valid_from": {"vi": "Hiệu lực từ", "en": "Valid from"},
    "field_valid_to": {"vi": "Hiệu lực đến", "en": "Valid to"},
    "field_successor": {"vi": "Cơ quan kế thừa", "en": "Successor"},
    "field_basis": {"vi": "Căn cứ thay đổi", "en": "Basis"},
    "field_note": {"vi": "Ghi chú", "en": "Note"},
    "field_file": {"vi": "Tệp", "en": "File"},
    "field_source": {"vi": "Vị trí trong tệp", "en": "Source"},
    "field_text": {"vi": "Nội dung", "en": "Text"},
    "field_title": {"vi": "Tiêu đề", "en": "Title"},
    "field_intro": {"vi": "Phần mở đầu", "en": "Introduction"},
    "field_paragraphs": {"vi": "Các đoạn", "en": "Paragraphs"},
    "field_plan_id": {"vi": "Kế hoạch", "en": "Plan"},
    "field_section_id": {"vi": "Thuộc mục", "en": "Section"},
    "field_sections": {"vi": "Mục con", "en": "Subsections"},
    "field_tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "field_assignment": {"vi": "Phân công (nguyên văn)", "en": "Assignment (as written)"},
    "field_lead": {"vi": "Chủ trì", "en": "Lead"},
    "field_partner": {"vi": "Phối hợp", "en": "Partners"},
    "field_executor": {"vi": "Thực hiện", "en": "Executors"},
    "field_advisor": {"vi": "Tham mưu", "en": "Advisors"},
    "field_deadline": {"vi": "Thời hạn", "en": "Deadline"},
    "field_deadline_text": {"vi": "Thời hạn (nguyên văn)", "en": "Deadline (as written)"},
    "field_recurrence": {"vi": "Tính chất", "en": "Recurrence"},
    "field_campaigns": {"vi": "Đợt cao điểm", "en": "Campaigns"},
    "field_days": {"vi": "Ngày hưởng ứng", "en": "Days"},
    "field_products": {"vi": "Sản phẩm", "en": "Products"},
    "field_refs": {"vi": "Văn bản dẫn chiếu", "en": "References"},
    "field_see": {"vi": "Xem thêm", "en": "See also"},
    "field_objective": {"vi": "Mục tiêu", "en": "Objective"},
    "field_indicator": {"vi": "Chỉ số", "en": "Indicator"},
    "field_comparator": {"vi": "Phép so sánh", "en": "Comparator"},
    "field_threshold": {"vi": "Ngưỡng", "en": "Threshold"},
    "field_unit": {"vi": "Đơn vị", "en": "Unit"},
    "field_direction": {"vi": "Chiều", "en": "Direction"},
    "field_baseline": {"vi": "Mốc so sánh", "en": "Baseline"},
    "date_of": {"vi": "ngày {date}", "en": "of {date}"},
    "issued_by": {"vi": "của {issuer}", "en": "by {issuer}"},
    # plans site
    "site_written": {"vi": "Đã dựng trang tại {out} (tính đến {date}): {n} tệp — {written} ghi mới, {unchanged} không đổi, "
                           "{removed} tệp cũ đã xoá. Mở {out}/index.html bằng trình duyệt.",
                     "en": "Site built in {out} (as of {date}): {n} files — {written} written, {unchanged} unchanged, "
                           "{removed} old files removed. Open {out}/index.html in a browser."},
    "site_in_the_way": {"vi": "Không ghi {path}: tệp này không do plans site tạo ra, hoặc đã bị sửa sau lần dựng trước. "
                              "Chọn thư mục khác bằng -o, hoặc thêm --force để ghi đè.",
                        "en": "Not writing {path}: plans site did not write this file, or it was changed since the "
                              "last build. Choose another folder with -o, or add --force to overwrite it."},
    "site_kept": {"vi": "Giữ nguyên {n} tệp cũ đã bị sửa (không xoá): {files}",
                  "en": "Kept {n} old files that were changed (not removed): {files}"},
    "site_bad_soon": {"vi": "--soon phải là số ngày, từ 0 trở lên.", "en": "--soon must be a number of days, 0 or more."},
    # terminal and input (issue 11)
    "ambiguous_plan": {"vi": "“{name}” là số của nhiều kế hoạch; hãy chọn một theo mã:",
                       "en": "“{name}” is the number of several plans; choose one by its id:"},
    "chosen_plan": {"vi": "→ {label} ({id})", "en": "→ {label} ({id})"},
    "hidden_columns": {"vi": "Cửa sổ hẹp ({width} cột): ẩn cột {columns}. Xem đủ: --format csv/json/md, "
                             "hoặc cửa sổ rộng hơn.",
                       "en": "Narrow window ({width} columns): hidden {columns}. To see all: --format csv/json/md, "
                             "or a wider window."},
    "col_table": {"vi": "Bảng", "en": "Table"},
    "col_plan_id": {"vi": "Mã kế hoạch", "en": "Plan id"},
    "col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "col_next_due": {"vi": "Hạn gần nhất", "en": "Next due"},
    "col_overdue_since": {"vi": "Quá hạn từ", "en": "Overdue since"},
    "col_jurisdiction": {"vi": "Địa bàn", "en": "Jurisdiction"},
    "table_task": {"vi": "nhiệm vụ", "en": "task"},
    "table_report": {"vi": "báo cáo", "en": "report"},
    "table_target": {"vi": "chỉ tiêu", "en": "target"},
    "unknown_jurisdiction": {"vi": "Không có địa bàn “{value}” (chọn: {choices})",
                             "en": "No jurisdiction “{value}” (choose: {choices})"},
    "version": {"vi": "plans {version}", "en": "plans {version}"},
    "field_comparison": {"vi": "Chỉ tiêu đặt ra", "en": "Goal"},
}


def t_or(key: str, lang: str, default: str) -> str:
    """``t(key)`` when the key is defined, else ``default`` (a value the data wrote freely)."""
    return t(key, lang) if key in TEXT else default


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


# plans cascade (issue 16): its messages live in their own module
from plans.i18n_cascade import TEXT as _CASCADE_TEXT  # noqa: E402

TEXT.update(_CASCADE_TEXT)
# plans render (documents): appended in one block
TEXT.update({
    "render_format_mismatch": {"vi": "{path} có đuôi .{ext} nhưng --format là {fmt}: bỏ --format (định dạng theo đuôi "
                                     "tệp) hoặc đổi tên tệp",
                               "en": "{path} ends in .{ext} but --format is {fmt}: drop --format (the extension "
                                     "decides) or rename the file"},
    "render_pdf_missing": {"vi": "Xuất PDF cần LibreOffice (soffice) nhưng máy chưa cài. Cài: sudo apt-get install -y "
                                 "libreoffice-writer-nogui, hoặc xuất .docx rồi in ra PDF từ Word",
                           "en": "PDF output needs LibreOffice (soffice), which is not installed. Install it "
                                 "(sudo apt-get install -y libreoffice-writer-nogui), or write .docx and print to "
                                 "PDF from Word"},
    "render_pdf_failed": {"vi": "LibreOffice không chuyển được sang PDF: {detail}",
                          "en": "LibreOffice could not convert to PDF: {detail}"},
    "render_pdf_timeout": {"vi": "LibreOffice chuyển sang PDF quá {detail} giây; thử lại, hoặc xuất .docx",
                           "en": "LibreOffice took over {detail} s to convert to PDF; try again, or write .docx"},
    "render_signer_kind": {"vi": "cần tên người ký (chữ) hoặc bảng khóa (title, name …)",
                           "en": "needs the signer's name (text) or a mapping (title, name …)"},
    "render_need_text": {"vi": "cần một dòng chữ", "en": "needs a line of text"},
    "render_unverified_head": {"vi": "cảnh báo: văn bản in những giá trị chưa xác minh (xem {file}):",
                               "en": "warning: the document prints unverified values (see {file}):"},
    "render_unverified_item": {"vi": "  dòng {line}: {what}{printed}", "en": "  line {line}: {what}{printed}"},
    "render_blank": {"vi": "cảnh báo: {what} còn để trống (“{printed}”): điền trước khi ký",
                     "en": "warning: {what} is left blank (“{printed}”): fill it in before signing"},
    "render_draft_hint": {"vi": "Thêm --draft để in bản dự thảo có đánh dấu các giá trị này.",
                          "en": "Add --draft to print a draft with these values marked."},
    "render_what_number": {"vi": "số, ký hiệu", "en": "the number"},
    "render_what_date": {"vi": "ngày ký", "en": "the date"},
    "render_what_place": {"vi": "địa danh", "en": "the place"},
    "render_what_document_type": {"vi": "tên loại văn bản", "en": "the document type"},
    "render_what_title": {"vi": "trích yếu", "en": "the summary"},
    "render_what_signer.name": {"vi": "họ tên người ký", "en": "the signer's name"},
    "render_what_signer.title": {"vi": "chức vụ, thẩm quyền người ký", "en": "the signer's title"},
    "render_what_recipients": {"vi": "nơi nhận", "en": "a recipient"},
    "render_what_footnotes": {"vi": "chú thích", "en": "a footnote"},
    "render_what_reporting": {"vi": "chế độ báo cáo", "en": "the reporting duty"},
    "render_what_sections": {"vi": "cấu trúc mục", "en": "the sections"},
    "render_what_node": {"vi": "mục {id}", "en": "item {id}"},
    "reminder_who": {"vi": "Chọn người nhận: --agency TÊN (một hoặc nhiều lần) hoặc --overdue (mọi cơ quan còn nợ "
                           "nhiệm vụ, báo cáo), không dùng cả hai",
                     "en": "Choose the recipients: --agency NAME (once or more) or --overdue (every agency that owes "
                           "tasks or reports), not both"},
    "reminder_nothing": {"vi": "Tính đến ngày {date}, không cơ quan nào (trong phạm vi đã chọn) có nhiệm vụ quá hạn "
                               "hoặc báo cáo chưa gửi: không có gì để đôn đốc",
                         "en": "As of {date}, no agency (in the scope chosen) has overdue tasks or reports not "
                               "sent: nothing to remind"},
    "reminder_issuers": {"vi": "Các việc còn nợ thuộc kế hoạch của nhiều cơ quan ban hành ({issuers}); một công văn "
                               "chỉ do một cơ quan gửi: chọn --plan hoặc -j/--jurisdiction",
                         "en": "The debts come from plans of several issuing bodies ({issuers}); a letter has one "
                               "sender: choose --plan or -j/--jurisdiction"},
})
# plans import (issue 14): one block, appended, so that a merge is easy
TEXT.update({
    "import_empty": {"vi": "{path}: tệp rỗng, không có nội dung để nhập.",
                     "en": "{path}: the file is empty; there is nothing to import."},
    "import_too-large": {"vi": "{path}: tệp quá lớn để là một kế hoạch ({detail}). Tách phần kế hoạch ra tệp riêng.",
                         "en": "{path}: too large to be a plan ({detail}). Put the plan in a file of its own."},
    "import_not-docx": {"vi": "{path}: không phải tệp Word (.docx) hợp lệ ({detail}). Mở bằng Word/LibreOffice và lưu lại dạng .docx.",
                        "en": "{path}: not a valid Word file (.docx) ({detail}). Open it in Word/LibreOffice and save it as .docx."},
    "import_bad-pdf": {"vi": "{path}: tệp PDF hỏng hoặc không đọc được ({detail}). Xin bản PDF khác hoặc bản Word.",
                       "en": "{path}: the PDF is damaged or unreadable ({detail}). Ask for another PDF or the Word file."},
    "import_encrypted": {"vi": "{path}: tệp PDF có mật khẩu; gỡ mật khẩu rồi nhập lại.",
                         "en": "{path}: the PDF is password-protected; remove the password and import again."},
    "import_no-text": {"vi": "{path}: bản quét không có lớp chữ; cần cài {detail} (Debian: sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils) để nhận dạng chữ.",
                       "en": "{path}: a scan without a text layer; install {detail} (Debian: sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils) to read it."},
    "import_ocr-failed": {"vi": "{path}: nhận dạng chữ (Tesseract) thất bại: {detail}",
                          "en": "{path}: OCR (Tesseract) failed: {detail}"},
    "import_unreadable": {"vi": "{path}: không đọc được tệp ({detail}).", "en": "{path}: cannot read the file ({detail})."},
    "import_unknown-type": {"vi": "{path}: không nhận dạng được loại tệp {detail}; dùng .docx, .pdf, .txt, .md hoặc ảnh quét.",
                            "en": "{path}: unknown file type {detail}; use .docx, .pdf, .txt, .md or a scanned image."},
    "import_not-text": {"vi": "{path}: không phải văn bản (có byte nhị phân hoặc mã hóa lạ); lưu lại dạng UTF-8.",
                        "en": "{path}: not text (binary bytes or an unknown encoding); save it as UTF-8."},
    "import_no_structure": {"vi": "{path}: không thấy cấu trúc kế hoạch (không có mục I., II., nhiệm vụ nào). Không ghi bản nháp.",
                            "en": "{path}: no plan structure found (no parts I., II., no tasks). No draft written."},
    "import_schema": {"vi": "Bản nháp chưa đạt lược đồ (lỗi của plans import, xin báo lại); không ghi:",
                      "en": "The draft does not pass the schema (a bug in plans import, please report it); not written:"},
    "import_written": {"vi": "Đã ghi bản nháp {path}", "en": "Draft written: {path}"},
    "import_found": {"vi": "Đọc được: {sections} mục, {tasks} nhiệm vụ ({assigned} có phân công, {roles} vai trò), "
                           "{objectives} mục tiêu, {targets} chỉ tiêu, {legal_bases} căn cứ, {reporting} chế độ báo cáo, "
                           "{recipients} nơi nhận.",
                     "en": "Read: {sections} sections, {tasks} tasks ({assigned} assigned, {roles} roles), {objectives} "
                           "objectives, {targets} targets, {legal_bases} legal bases, {reporting} reporting rules, "
                           "{recipients} recipients."},
    "import_header": {"vi": "Số {number} · {issuer} · {place}, {date} · {title}",
                      "en": "No. {number} · {issuer} · {place}, {date} · {title}"},
    "import_missing": {"vi": "Không tìm thấy: {fields}", "en": "Not found: {fields}"},
    "import_restored": {"vi": "Văn bản mất dấu (OCR): đã khôi phục dấu cho {changed}/{tokens} âm tiết (ghi trong source.note; cần đối chiếu).",
                        "en": "Text without diacritics (OCR): diacritics restored on {changed}/{tokens} syllables (noted in source.note; check them)."},
    "import_unknown": {"vi": "Tên cơ quan không có trong sổ ({n}); không gán mã:",
                       "en": "Agency names not in the registry ({n}); no id given:"},
    "import_unknown_line": {"vi": "  {task}: “{text}” — gần nhất: {near}", "en": "  {task}: “{text}” — nearest: {near}"},
    "import_copy_source": {"vi": "Chép tệp nhận được vào {path} (source.file của bản nháp) trước khi chạy plans lint.",
                           "en": "Copy the received file to {path} (the draft's source.file) before running plans lint."},
    "import_none": {"vi": "không có", "en": "none"},
    "import_unverified": {"vi": "{n} giá trị cần đối chiếu (unverified); xem: plans lint {path}",
                          "en": "{n} values to check (unverified); see: plans lint {path}"},
    "import_new_agencies": {"vi": "Đã ghi dự thảo sổ cơ quan cho {n} tên mới: {path}",
                            "en": "Registry draft for {n} new names written: {path}"},
    "import_no_new_agencies": {"vi": "Không có tên cơ quan mới; không ghi dự thảo sổ cơ quan.",
                               "en": "No new agency names; no registry draft written."},
    "import_bad_implements": {"vi": "Không có kế hoạch {id} trong kho (--implements).",
                              "en": "No plan {id} in the repository (--implements)."},
    "import_bad_jurisdiction": {"vi": "Không có sổ cơ quan cho địa bàn {j} (--jurisdiction); có: {choices}",
                                "en": "No registry for jurisdiction {j} (--jurisdiction); there are: {choices}"},
})
