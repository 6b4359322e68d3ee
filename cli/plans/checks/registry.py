"""Every finding code: stable code, severity, one-line message, explanation (vi/en).

Checks are small functions over the loaded model, registered with :func:`rule`.
Codes:  Y… reading the file (YAML, encoding, safety);  S… JSON Schema;  R… rules over the model.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from plans.findings import ERROR, WARNING


@dataclass
class Rule:
    code: str
    severity: str
    name: str
    message: dict  # lang -> format string over the finding's args
    explain: dict  # lang -> longer text
    check: Callable | None = None
    fix: dict = field(default_factory=dict)  # lang -> how to fix / whether --fix does it
    on: tuple = ()  # the kinds of file its findings are on, when only some ("Agencies",); () = any


RULES: dict[str, Rule] = {}


def define(code, severity, name, vi, en, explain_vi, explain_en, fix_vi="", fix_en=""):
    RULES[code] = Rule(code, severity, name, {"vi": vi, "en": en}, {"vi": explain_vi, "en": explain_en},
                       fix={"vi": fix_vi, "en": fix_en} if fix_vi else {})
    return RULES[code]


def rule(code, severity, name, vi, en, explain_vi, explain_en, fix_vi="", fix_en="", on=()):
    """Decorator: register a check function under ``code``. ``on`` names the kinds of file its findings
    can be on (a registry rule: ``("Agencies",)``), so that judging other files alone does not run it."""
    def deco(fn):
        r = define(code, severity, name, vi, en, explain_vi, explain_en, fix_vi, fix_en)
        r.check = fn
        r.on = tuple(on)
        return fn
    return deco


# ---------------------------------------------------------------- reading (Y) and schema (S)

define("Y001", ERROR, "yaml-syntax",
       "YAML không hợp lệ: {error}", "Invalid YAML: {error}",
       "Tệp không đọc được như YAML. Thường do thụt lề sai, thiếu dấu hai chấm, hoặc chuỗi chứa ký tự đặc biệt "
       "(:, #, “) mà không đặt trong nháy kép. Sửa tại dòng và cột được chỉ ra rồi chạy lại.",
       "The file cannot be parsed as YAML: usually wrong indentation, a missing colon, or a string holding special "
       "characters (:, #) without quotes. Fix it at the reported line and column and run again.")
define("Y002", ERROR, "duplicate-key",
       "Khóa “{key}” lặp lại (lần đầu ở dòng {first}); giá trị sau sẽ che giá trị trước",
       "Key “{key}” appears twice (first on line {first}); the later value would hide the earlier one",
       "Một ánh xạ YAML có hai khóa trùng tên. Trình đọc thông thường giữ lặng lẽ giá trị sau và làm mất giá trị trước; "
       "plans từ chối để không dữ liệu nào bị mất. Gộp hai khóa hoặc xóa khóa thừa.",
       "A YAML mapping holds the same key twice. Ordinary loaders silently keep the last value and lose the first; "
       "plans refuses, so that nothing is lost. Merge or remove one of them.")
define("Y003", ERROR, "not-utf8",
       "Tệp không phải UTF-8 (byte {byte}); hãy lưu lại với bảng mã UTF-8",
       "File is not UTF-8 (byte {byte}); save it again as UTF-8",
       "Mọi tệp trong kho phải là UTF-8. Tệp này có lẽ được lưu bằng Windows-1258 hoặc TCVN3. Mở bằng trình soạn "
       "thảo, chọn lưu với bảng mã UTF-8 (không BOM).",
       "Every file must be UTF-8. This one was probably saved as Windows-1258 or TCVN3. Re-save it as UTF-8 without BOM.")
define("Y004", ERROR, "bom",
       "Tệp bắt đầu bằng BOM; hãy lưu lại dạng UTF-8 không BOM",
       "File starts with a byte-order mark; save it as UTF-8 without BOM",
       "Dấu BOM (EF BB BF) ở đầu tệp làm một số công cụ đọc sai khóa đầu tiên. Lưu lại với “UTF-8” thay vì "
       "“UTF-8 with BOM”. Nội dung còn lại vẫn được kiểm tra.",
       "A byte-order mark at the start of the file confuses some tools. Save as “UTF-8”, not “UTF-8 with BOM”. "
       "The rest of the file is still checked.")
define("Y005", ERROR, "unsafe-tag",
       "Thẻ YAML “{tag}” không được phép; tệp kế hoạch chỉ chứa chuỗi, số, danh sách và ánh xạ",
       "YAML tag “{tag}” is not allowed; plan files hold only strings, numbers, lists and mappings",
       "Thẻ như !!python/object có thể khiến trình đọc YAML chạy mã. plans không bao giờ dựng đối tượng từ thẻ: "
       "tệp bị từ chối. Xóa thẻ và ghi giá trị dạng văn bản.",
       "Tags such as !!python/object can make a YAML loader run code. plans never constructs objects from tags: "
       "the file is refused. Remove the tag and write the value as plain text.")
define("Y006", ERROR, "alias",
       "Không dùng neo/bí danh YAML (&, *); hãy viết đầy đủ giá trị",
       "YAML anchors and aliases (&, *) are not allowed; write the value out",
       "Neo và bí danh khiến một dòng có thể nở thành hàng tỷ nút (“billion laughs”) và làm dữ liệu khó duyệt "
       "qua pull request. Viết lại giá trị đầy đủ ở mỗi chỗ dùng.",
       "Anchors and aliases let a few lines expand into billions of nodes (“billion laughs”) and make reviews harder. "
       "Write the value out where it is used.")
define("Y007", ERROR, "too-deep",
       "Lồng nhau quá {limit} cấp", "Nested more than {limit} levels deep",
       "Kế hoạch thật không lồng sâu như vậy; tệp có thể bị hỏng hoặc cố ý gây hại. Kiểm tra cấu trúc mục.",
       "Real plans are never nested this deep; the file is broken or hostile. Check the section structure.")
define("Y008", ERROR, "too-large",
       "Tệp quá lớn ({size} byte, giới hạn {limit}); hãy tách thành nhiều tệp",
       "File too large ({size} bytes, limit {limit}); split it",
       "Một kế hoạch thường dưới 200 KB. Tệp lớn hơn giới hạn không được đọc để bảo vệ bộ nhớ của CI. "
       "Tách tệp, hoặc nâng giới hạn max-file-bytes trong [tool.plans] nếu thật cần.",
       "A plan is usually under 200 KB. Files over the limit are not read, to protect CI memory. Split the file, "
       "or raise max-file-bytes under [tool.plans] if you really need to.")
define("Y009", ERROR, "unknown-kind",
       "Thiếu hoặc sai “kind” (“{kind}”); phải là Plan, Agencies, Indicators hoặc Report",
       "Missing or unknown “kind” (“{kind}”); must be Plan, Agencies, Indicators or Report",
       "Mỗi tệp YAML phải nói rõ nó là gì bằng khóa kind ở đầu tệp, để chọn đúng lược đồ kiểm tra.",
       "Every YAML file states what it is with a top-level kind key, so the right schema is applied.")
define("Y011", ERROR, "multiple-documents",
       "Tệp chứa nhiều tài liệu YAML (---); mỗi tệp chỉ một", "File holds several YAML documents (---); one per file",
       "Mỗi kế hoạch, sổ cơ quan hay báo cáo nằm trong một tệp riêng.",
       "Each plan, registry or report lives in a file of its own.")
define("Y012", ERROR, "unreadable",
       "Không đọc được tệp: {error}", "Cannot read file: {error}",
       "Kiểm tra quyền đọc và đường dẫn.", "Check the path and read permissions.")
define("Y013", ERROR, "symlink-outside",
       "Liên kết tượng trưng trỏ ra ngoài kho ({target}); tệp không được đọc",
       "Symbolic link points outside the repository ({target}); the file is not read",
       "Một tệp YAML là liên kết tượng trưng tới một tệp nằm ngoài kho. plans không đọc theo liên kết ra ngoài kho, để "
       "một pull request không thể khiến công cụ đọc hay in ra tệp của máy chạy (ví dụ /etc/shadow). Thay liên kết "
       "bằng chính tệp, đặt trong kho.",
       "A YAML file is a symbolic link to a file outside the repository. plans does not follow links out of the "
       "repository, so that a pull request cannot make it read or print a file of the machine it runs on (such as "
       "/etc/shadow). Replace the link with the file itself, inside the repository.")
define("Y014", ERROR, "not-a-file",
       "Không phải tệp thường ({type}); không đọc", "Not a regular file ({type}); not read",
       "Chỉ tệp thường được đọc. Một FIFO làm lệnh treo mãi, một thiết bị như /dev/zero không bao giờ hết. Xóa mục "
       "này khỏi kho hoặc thay bằng tệp thường.",
       "Only regular files are read: a FIFO would hang the command and a device such as /dev/zero never ends. Remove "
       "it from the repository or replace it with a regular file.")
define("Y015", ERROR, "too-many-nodes",
       "Tệp có quá {limit} nút YAML; hãy tách thành nhiều tệp", "File holds more than {limit} YAML nodes; split it",
       "Một kế hoạch thật có vài nghìn giá trị. Tệp vượt giới hạn không được dựng để bảo vệ thời gian và bộ nhớ của "
       "CI (ví dụ một danh sách một triệu phần tử).",
       "A real plan holds a few thousand values. A file over the limit is not built, to protect CI's time and memory "
       "(a flow list of a million items, say).")
define("S001", ERROR, "schema",
       "Sai lược đồ tại {where}: {error}", "Schema violation at {where}: {error_en}",
       "Tệp không khớp lược đồ JSON trong schema/ cho loại của nó. Trình soạn thảo có hỗ trợ lược đồ (VS Code với "
       "YAML extension) hiển thị tên và mô tả tiếng Việt của từng trường khi rê chuột.",
       "The file does not match the JSON Schema in schema/ for its kind. An editor with schema support "
       "(VS Code with the YAML extension) shows each field's title and description on hover.")
define("R011", WARNING, "bad-suppression",
       "Chú thích bỏ qua “{comment}” thiếu lý do hoặc mã không tồn tại",
       "Suppression “{comment}” has no reason or names an unknown code",
       "Mỗi lần tắt một quy tắc phải nêu mã và lý do: `# plans: ignore[R005] lý do`. Lý do để người duyệt hiểu vì "
       "sao dữ liệu được giữ nguyên.",
       "Every suppression names a code and a reason: `# plans: ignore[R005] reason`, so reviewers know why.")


def all_rules() -> list[Rule]:
    import plans.checks.kpi_rules  # noqa: F401  (registers R012–R019)
    import plans.checks.plan_rules  # noqa: F401  (registers R021–R027)
    import plans.checks.rules  # noqa: F401  (registers the R… checks)
    import plans.checks.text_rules  # noqa: F401  (registers R030)
    import plans.checks.cascade_rules  # noqa: F401  (registers R028)

    if len(_SORTED) != len(RULES):  # asked once per finding when messages are written: sorted once
        _SORTED[:] = [RULES[c] for c in sorted(RULES)]
    return list(_SORTED)


_SORTED: list[Rule] = []


def get(code: str) -> Rule | None:
    if not _SORTED:
        all_rules()
    return RULES.get(code.upper())

