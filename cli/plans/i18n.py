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
