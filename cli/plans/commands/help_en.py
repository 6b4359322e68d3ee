"""The help of every command, option and argument in English, for ``--lang en`` (and ``PLANS_LANG=en``).

The command modules write their help in Vietnamese; :data:`HELP` maps each of those texts, exactly as
written in the code, to its English. :mod:`plans.commands.usage_vi` shows the English in the help panels
when the language is English. A text written in both languages, "vi (en)", maps to a pair (vi, en):
each language then shows only its own half.

A new or changed Vietnamese help text needs its entry here; ``tests/test_help_en.py`` names the command
and option that lack one, and ``python -m plans.commands.help_en`` prints the missing entries, ready to
fill in (keys from walking the Click command tree, :func:`help_texts`).

Terms as in the English messages (``plans.i18n``): agency, lead, partner, executor, advisor, registry,
jurisdiction, plan id, period, target, indicator, task, section, report, standing agency.
"""
from __future__ import annotations

import unicodedata
from typing import Iterator, Optional, Union

HELP: dict[str, Union[str, tuple[str, str]]] = {
    # plans: written "vi (en)"; each language shows its own half
    'Kế hoạch phòng, chống tội phạm lưu dạng YAML: kiểm tra, truy vấn, chỉ tiêu, báo cáo. (Crime-prevention '
    'plans kept as YAML: lint, query, KPIs, reports.)':
        ('Kế hoạch phòng, chống tội phạm lưu dạng YAML: kiểm tra, truy vấn, chỉ tiêu, báo cáo.',
         'Crime-prevention plans kept as YAML: lint, query, KPIs, reports.'),
    # plans --lang
    'Ngôn ngữ / language: vi, en (trước hoặc sau tên lệnh).':
        'Language: vi, en (before or after the command name).',
    # plans --no-pager
    'Không dùng trình phân trang (less) khi in ra màn hình; cũng: PLANS_PAGER=cat.':
        'Do not page the output (less) on a terminal; also: PLANS_PAGER=cat.',
    # plans --version
    'Phiên bản plans.':
        'The version of plans.',
    # plans lint
    'Kiểm tra lược đồ và các quy tắc. Thoát 0: sạch, 1: có lỗi, 2: sai cách dùng/cấu hình.\n\nVí dụ: plans '
    'lint plans/ --format sarif > plans.sarif':
        'Check the schema and the rules. Exit 0: clean, 1: errors, 2: usage or configuration '
        'error.\n\nExample: plans lint plans/ --format sarif > plans.sarif',
    # plans lint paths
    'Tệp hoặc thư mục (mặc định: plans và kpi).':
        'Files or folders (default: plans and kpi).',
    # plans lint --fix
    'Sửa an toàn những gì sửa được (chuẩn hóa NFC).':
        'Make the safe fixes (Unicode NFC).',
    # plans lint --show-suppressed
    'Hiện cả phát hiện đã bỏ qua có lý do.':
        'Also show findings suppressed with a reason.',
    # plans lint --config
    'Đường dẫn pyproject.toml.':
        'Path of pyproject.toml.',
    # plans lint --no-sample
    'Coi dữ liệu mẫu (sample: true) là lỗi.':
        'Treat sample data (sample: true) as an error.',
    # plans rules
    'Liệt kê mọi quy tắc: mã, mức, tên, thông báo.\n\nVí dụ: plans rules --format md':
        'List every rule: code, severity, name, message.\n\nExample: plans rules --format md',
    # plans rules --bom
    'CSV có BOM (UTF-8) để Excel trên Windows đọc đúng tiếng Việt.':
        'CSV with a BOM (UTF-8), so that Excel on Windows reads Vietnamese right.',
    # plans rule
    'Giải thích một quy tắc: thông báo, lý do, cách sửa.\n\nVí dụ: plans rule R005':
        'Explain one rule: message, reason, fix.\n\nExample: plans rule R005',
    # plans rule code
    'Mã quy tắc, ví dụ R005.':
        'Rule code, e.g. R005.',
    # plans completion
    'In đoạn mã gợi ý lệnh (tab completion) cho shell: mã cơ quan, mã và số kế hoạch, mục.\n\nVí dụ: plans '
    'completion bash > ~/.local/share/bash-completion/completions/plans':
        'Print the tab-completion script for a shell: agency ids, plan ids and numbers, sections.\n\nExample: '
        'plans completion bash > ~/.local/share/bash-completion/completions/plans',
    # plans completion shell
    'bash, zsh hoặc fish.':
        'bash, zsh or fish.',
    # plans kpi
    'Mức đạt chỉ tiêu: giá trị, ngưỡng, đạt/không đạt/chưa đủ số liệu, chênh lệch, đơn vị chưa báo cáo.\n\nVí '
    'dụ: plans kpi --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1':
        'Target attainment: value, threshold, met/not met/not enough data, gap, agencies that have not '
        'reported.\n\nExample: plans kpi --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1',
    # plans kpi --plan
    'Mã hoặc số kế hoạch (mặc định: mọi kế hoạch có báo cáo).':
        'Plan id or number (default: every plan with reports).',
    # plans kpi --period
    'Kỳ: 2026, 2026-H1, 2026-9M, 2026-Q1, 2026-M03.':
        'Period: 2026, 2026-H1, 2026-9M, 2026-Q1, 2026-M03.',
    # plans kpi --agency
    'Chỉ số liệu của một cơ quan.':
        'Only the figures of one agency.',
    # plans kpi --trend
    'Giá trị theo từng kỳ đã có báo cáo.':
        'The value in each period reported so far.',
    # plans kpi --as-of
    'Tính đến ngày (dd/mm/yyyy): chỉ báo cáo đã nhận đến ngày đó, của kỳ đã chốt số liệu. Mặc định hôm nay.':
        'As of this day (dd/mm/yyyy): only reports received by then, for periods already closed. Default: '
        'today.',
    # plans kpi --repo
    'Thư mục kho (mặc định plans và kpi).':
        'Repository folder (default: plans and kpi).',
    # plans tasks
    'Lọc nhiệm vụ trên mọi kế hoạch.\n\nVí dụ: plans tasks --agency "bo cong an" --search "30/7"':
        'Filter tasks across all plans.\n\nExample: plans tasks --agency "bo cong an" --search "30/7"',
    # plans tasks --plan
    'Mã hoặc số kế hoạch (53/KH-BCĐ).':
        'Plan id or number (53/KH-BCĐ).',
    # plans tasks --agency
    'Cơ quan (tên, viết tắt, mã; không dấu được).':
        'Agency (name, short name or id; diacritics optional).',
    # plans tasks --role
    'chủ trì, phối hợp, thực hiện, tham mưu (hoặc lead, partner, executor, advisor).':
        'lead, partner, executor, advisor (the Vietnamese role names work too).',
    # plans tasks --section
    'Mục, ví dụ II.2 (gồm cả mục con).':
        'Section, e.g. II.2 (with its subsections).',
    # plans tasks --due-before
    'Thời hạn trước hoặc bằng ngày.':
        'Deadline on or before this day.',
    # plans tasks --due-after
    'Thời hạn sau hoặc bằng ngày.':
        'Deadline on or after this day.',
    # plans tasks --recurring
    'Chỉ việc thường xuyên / không.':
        'Only recurring tasks / only the others.',
    # plans tasks --search
    'Tìm trong nội dung (không phân biệt dấu, hoa thường).':
        'Search the task text (ignoring diacritics and case).',
    # plans tasks --repo
    'Thư mục kho.':
        'Repository folder.',
    # plans plans
    'Danh sách kế hoạch: số, cơ quan ban hành, ngày, thời kỳ, kế hoạch cấp trên.\n\nVí dụ: plans plans '
    '--format md':
        'List the plans: number, issuing agency, date, period, parent plan.\n\nExample: plans plans --format '
        'md',
    # plans agencies
    'Sổ cơ quan: liệt kê, tìm, xem một cơ quan.\n\nVí dụ: plans agencies "lao dong" -j hn ; plans agencies '
    '--show "so lao dong ha noi"':
        'The agency registry: list, search, show one agency.\n\nExample: plans agencies "lao dong" -j hn ; '
        'plans agencies --show "so lao dong ha noi"',
    # plans agencies search
    'Tìm theo tên, viết tắt, mã (không dấu được).':
        'Search by name, short name or id (diacritics optional).',
    # plans agencies --show
    'Xem đầy đủ một cơ quan: tên khác, nhóm, kế thừa.':
        'Show one agency in full: other names, groups, succession.',
    # plans show
    'Xem toàn bộ một kế hoạch hoặc một mục/nhiệm vụ.\n\nVí dụ: plans show vn-2025-53-kh-bcd:II.2.a.3':
        'Show a whole plan, or one section or task.\n\nExample: plans show vn-2025-53-kh-bcd:II.2.a.3',
    # plans show ref
    'Kế hoạch (mã vn-2025-53-kh-bcd hoặc số 53/KH-BCĐ), hoặc kế hoạch:mục (vn-2025-53-kh-bcd:II.2.a.3).':
        'A plan (id vn-2025-53-kh-bcd or number 53/KH-BCĐ), or plan:section (vn-2025-53-kh-bcd:II.2.a.3).',
    # plans status
    'Việc của một cơ quan trên mọi kế hoạch: nhiệm vụ, báo cáo, chỉ tiêu; không có --agency: tổng hợp theo cơ '
    'quan.\n\nVí dụ: plans status --agency "so giao duc hai phong" --as-of 01/03/2026':
        'What one agency owes across all plans: tasks, reports, targets; without --agency: a summary per '
        'agency.\n\nExample: plans status --agency "so giao duc hai phong" --as-of 01/03/2026',
    # plans status --agency
    'Tên, tên viết tắt hoặc mã cơ quan (gõ không dấu cũng được).':
        'Agency name, short name or id (typing without diacritics works).',
    # plans status --jurisdiction
    'Không có --agency: chỉ các cơ quan của một địa bàn (vn, hp, hn, hue…).':
        'Without --agency: only the agencies of one jurisdiction (vn, hp, hn, hue…).',
    # plans status --as-of
    'Tính đến ngày (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định hôm nay.':
        'As of this day (dd/mm/yyyy or yyyy-mm-dd); default: today.',
    # plans status --plan
    'Chỉ một kế hoạch (mã hoặc số, ví dụ 53/KH-BCĐ).':
        'Only one plan (id or number, e.g. 53/KH-BCĐ).',
    # plans status --soon
    'Số ngày coi là sắp đến hạn.':
        'Days ahead that count as due soon.',
    # plans status --all
    'Cả các kế hoạch đã hết thời kỳ.':
        'Also the plans whose period has ended.',
    # plans status --table
    'CSV: chỉ một bảng (tasks, reports, targets); mặc định cả ba, phân biệt bằng cột “Bảng”.':
        'CSV: only one table (tasks, reports, targets); default: all three, told apart by the “Table” column.',
    # plans status --repo
    'Thư mục kho (mặc định plans).':
        'Repository folder (default: plans).',
    # plans cascade
    'Kế hoạch địa phương có thực hiện đủ kế hoạch cấp trên không: mục thiếu, chỉ tiêu lỏng hơn, thời hạn muộn '
    'hơn.\n\nVí dụ: plans cascade hp-2025-kh-bcd799-pctp-mbn ; plans cascade --down 53/KH-BCĐ ;\nplans '
    'cascade link hp-2025-kh-bcd799-pctp-mbn --write':
        'Does a local plan carry out all of the plan above it: missing sections, looser targets, later '
        'deadlines.\n\nExample: plans cascade hp-2025-kh-bcd799-pctp-mbn ; plans cascade --down 53/KH-BCĐ '
        ';\nplans cascade link hp-2025-kh-bcd799-pctp-mbn --write',
    # plans cascade first
    'Mã hoặc số kế hoạch; “link PLAN” để gợi ý liên kết.':
        'Plan id or number; “link PLAN” to suggest links.',
    # plans cascade --down
    'Chiều ngược: các kế hoạch triển khai PLAN và độ bao phủ của từng kế hoạch.':
        'The other way: the plans that implement PLAN, and how much of it each covers.',
    # plans cascade --write
    '(link) Ghi các liên kết gợi ý vào tệp kế hoạch.':
        '(link) Write the suggested links into the plan file.',
    # plans cascade --cutoff
    '(link) Điểm tối thiểu để gợi ý (0–100).':
        '(link) Lowest score to suggest (0–100).',
    # plans cascade --lang
    'vi, en (như plans --lang).':
        'vi, en (as plans --lang).',
    # plans site
    'Dựng trang tĩnh (mở được không cần mạng): tổng quan, từng kế hoạch, từng cơ quan, chỉ tiêu, tìm '
    'kiếm.\n\nVí dụ: plans site -o _site --as-of 01/03/2026':
        'Build static pages (open without a network): overview, each plan, each agency, targets, '
        'search.\n\nExample: plans site -o _site --as-of 01/03/2026',
    # plans site -o
    'Thư mục ghi trang (mặc định _site).':
        'Folder to write the pages to (default: _site).',
    # plans site --lang
    'Ngôn ngữ của trang: vi, en (mặc định như lệnh).':
        'Language of the pages: vi, en (default: that of the command).',
    # plans site --force
    'Ghi đè cả tệp không do plans site tạo hoặc đã bị sửa.':
        'Overwrite even files plans site did not make, or that were edited.',
    # plans diff
    'Thay đổi giữa hai phiên bản kế hoạch: theo mã nhiệm vụ, chỉ tiêu, cơ quan; ảnh hưởng tới từng cơ '
    'quan.\n\nVí dụ: plans diff main ; plans diff origin/main HEAD --format md ; plans diff --paths cu/ moi/':
        'Changes between two versions of the plans: by task id, target, agency; the effect on each '
        'agency.\n\nExample: plans diff main ; plans diff origin/main HEAD --format md ; plans diff --paths '
        'cu/ moi/',
    # plans diff base
    'Phiên bản gốc (nhánh, thẻ, commit). Mặc định: điểm rẽ nhánh với nhánh chính (merge-base).':
        'Base version (branch, tag, commit). Default: where the branch left the main branch (merge-base).',
    # plans diff head
    'Phiên bản mới. Mặc định: thư mục làm việc.':
        'New version. Default: the working tree.',
    # plans diff --paths
    'So sánh hai thư mục hoặc tệp, không cần git.':
        'Compare two folders or files, without git.',
    # plans diff --format
    'text, md (bình luận review), json.':
        'text, md (review comment), json.',
    # plans diff --exit-code
    'Thoát mã 1 khi có thay đổi (như git diff --exit-code).':
        'Exit 1 when something changed (as git diff --exit-code).',
    # plans import
    'Nhập một kế hoạch nhận được (DOCX, PDF, văn bản OCR) thành bản nháp YAML để rà soát.\n\nVí dụ: plans '
    'import ke-hoach-nhan-duoc.docx -o plans/hp/2026-kh-moi.yaml':
        'Import a plan received (DOCX, PDF, OCR text) as a draft YAML file to review.\n\nExample: plans '
        'import ke-hoach-nhan-duoc.docx -o plans/hp/2026-kh-moi.yaml',
    # plans import file
    'Văn bản nhận được: .docx, .pdf, .txt, .md, ảnh quét.':
        'The document received: .docx, .pdf, .txt, .md, a scanned image.',
    # plans import -o
    'Tệp YAML ghi ra (mặc định plans/<địa bàn>/<mã>.yaml trong kho).':
        'YAML file to write (default: plans/<jurisdiction>/<id>.yaml in the repository).',
    # plans import --jurisdiction
    'Địa bàn (mã sổ cơ quan: vn, hp, hn, hue…); mặc định theo cơ quan ban hành.':
        'Jurisdiction (registry id: vn, hp, hn, hue…); default: that of the issuing agency.',
    # plans import --implements
    'Mã kế hoạch cấp trên mà kế hoạch này thực hiện.':
        'Id of the parent plan this plan carries out.',
    # plans import --new-agencies
    'Ghi dự thảo sổ cơ quan cho các tên chưa có vào tệp này.':
        'Write a draft registry of the names not yet known into this file.',
    # plans import --force
    'Ghi đè tệp đã có.':
        'Overwrite an existing file.',
    # plans export
    'Sổ theo dõi Excel: mọi nhiệm vụ, mỗi cơ quan một trang, chỉ tiêu và mức đạt, báo cáo phải gửi và đã '
    'nhận.\n\nVí dụ: plans export --format xlsx --plan hue-2026-kh-ubnd-pctp --as-of 01/04/2026 -o '
    'theo-doi.xlsx':
        'Excel tracker: every task, one sheet per agency, targets and attainment, reports owed and '
        'received.\n\nExample: plans export --format xlsx --plan hue-2026-kh-ubnd-pctp --as-of 01/04/2026 -o '
        'theo-doi.xlsx',
    # plans export --format
    'xlsx (sổ theo dõi).':
        'xlsx (tracker workbook).',
    # plans export --plan
    'Chỉ một kế hoạch (mã).':
        'Only one plan (id).',
    # plans export --agency
    'Chỉ một cơ quan.':
        'Only one agency.',
    # plans export --as-of
    'Tính đến ngày (dd/mm/yyyy); mặc định hôm nay.':
        'As of this day (dd/mm/yyyy); default: today.',
    # plans export -o
    'Tệp .xlsx ghi ra.':
        'The .xlsx file to write.',
    # plans export --force
    'Ghi đè tệp đã có (không bao giờ ghi vào plans/, kpi/, schema/ hay qua liên kết).':
        'Overwrite an existing file (never in plans/, kpi/, schema/ nor through a link).',
    # plans calendar
    'Lịch thời hạn (iCalendar .ics, giờ Việt Nam): hạn nhiệm vụ, hạn báo cáo, đợt cao điểm, ngày hưởng ứng '
    'hằng năm.\n\nVí dụ: plans calendar --agency "cong an hue" -o cong-an-hue.ics':
        'Deadline calendar (iCalendar .ics, Vietnam time): task deadlines, report deadlines, campaigns, '
        'yearly observance days.\n\nExample: plans calendar --agency "cong an hue" -o cong-an-hue.ics',
    # plans calendar --agency
    'Lịch của một cơ quan (mặc định: mọi thời hạn).':
        'The calendar of one agency (default: every deadline).',
    # plans calendar --alarm-days
    'Nhắc trước bao nhiêu ngày (lúc 08:00).':
        'Remind this many days before (at 08:00).',
    # plans calendar --no-alarm
    'Không đặt nhắc việc.':
        'No reminders.',
    # plans calendar -o
    'Tệp .ics ghi ra (mặc định: in ra).':
        'The .ics file to write (default: print it).',
    # plans calendar --per-agency
    'Ghi một tệp <mã cơ quan>.ics cho mỗi cơ quan vào thư mục này.':
        'Write one <agency id>.ics file per agency into this folder.',
    # plans report
    'Báo cáo định kỳ: tạo khung báo cáo để điền.':
        'Periodic reports: make a report form to fill in.',
    # plans report new
    'Tạo khung báo cáo: mọi chỉ số và nhiệm vụ cơ quan phải báo cáo trong kỳ, để điền số liệu.\n\nVí dụ: '
    'plans report new --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1 --agency "cong an hai phong"\nSổ '
    'Excel: thêm --format xlsx [-o TỆP.xlsx]; nhập lại bằng plans report import TỆP.xlsx':
        'Make a report form: every indicator and task the agency reports on in the period, to fill in with '
        'figures.\n\nExample: plans report new --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1 --agency '
        '"cong an hai phong"\nExcel workbook: add --format xlsx [-o FILE.xlsx]; import it back with plans '
        'report import FILE.xlsx',
    # plans report new --plan
    'Mã hoặc số kế hoạch.':
        'Plan id or number.',
    # plans report new --period
    'Kỳ: 2026-H1, 2026, 2026-Q3…':
        'Period: 2026-H1, 2026, 2026-Q3…',
    # plans report new --agency
    'Cơ quan báo cáo.':
        'The reporting agency.',
    # plans report new -o
    'Tệp ghi ra (mặc định kpi/reports/…).':
        'File to write (default: kpi/reports/…).',
    # plans report new --sample
    'Đánh dấu là dữ liệu mẫu.':
        'Mark it as sample data.',
    # plans report new --format
    'yaml (khung trong kho) hoặc xlsx (sổ Excel gửi cơ quan).':
        'yaml (form in the repository) or xlsx (Excel workbook to send to the agency).',
    # plans report new --force
    'Chỉ với xlsx: ghi đè sổ đã có.':
        'xlsx only: overwrite an existing workbook.',
    # plans report import
    'Nhập sổ Excel báo cáo đã điền thành kpi/reports/<kế hoạch>/<kỳ>/<cơ quan>.yaml, kiểm tra như báo cáo '
    'viết tay.\n\nVí dụ: plans report import bao-cao-hp.cong-an.xlsx ; plans report import --dir '
    'bao-cao-nhan-ve/ --period 2026-H1':
        'Import a filled-in Excel report as kpi/reports/<plan>/<period>/<agency>.yaml, checked like a report '
        'written by hand.\n\nExample: plans report import bao-cao-hp.cong-an.xlsx ; plans report import --dir '
        'bao-cao-nhan-ve/ --period 2026-H1',
    # plans report import files
    'Sổ Excel đã điền (.xlsx).':
        'Filled-in Excel workbooks (.xlsx).',
    # plans report import --dir
    'Nhập mọi tệp .xlsx trong thư mục; in các cơ quan chưa báo cáo.':
        'Import every .xlsx file in the folder; list the agencies that have not reported.',
    # plans report import --plan
    'Chỉ nhận sổ của kế hoạch này.':
        'Only accept workbooks for this plan.',
    # plans report import --period
    'Chỉ nhận sổ của kỳ này (2026-H1 …).':
        'Only accept workbooks for this period (2026-H1 …).',
    # plans report import --agency
    'Chỉ nhận sổ của cơ quan này.':
        'Only accept workbooks from this agency.',
    # plans report import --replace
    'Thay báo cáo đã có (sau khi xem khác biệt).':
        'Replace an existing report (after showing the differences).',
    # plans render
    'Xuất văn bản: kế hoạch, báo cáo kết quả, công văn đôn đốc (Markdown, DOCX theo Nghị định 30/2020, PDF).':
        'Documents: plans, progress reports, reminder letters (Markdown, DOCX in the Decree 30/2020 layout, '
        'PDF).',
    # plans render plan
    'Xuất kế hoạch thành văn bản (Markdown, DOCX hoặc PDF), có thể kèm phụ lục phân công.\n\nVí dụ: plans '
    'render plan vn-2025-53-kh-bcd --appendix -o 53-KH-BCD.docx':
        'Render a plan as a document (Markdown, DOCX or PDF), optionally with the task assignment '
        'appendix.\n\nExample: plans render plan vn-2025-53-kh-bcd --appendix -o 53-KH-BCD.docx',
    # plans render plan plan_id
    'Mã kế hoạch.':
        'Plan id.',
    # plans render plan --format
    'md, docx hoặc pdf (qua LibreOffice); mặc định theo đuôi tệp -o (.md, .docx, .pdf), không có -o: md.':
        'md, docx or pdf (via LibreOffice); default: from the -o file extension (.md, .docx, .pdf); without '
        '-o: md.',
    # plans render plan -o
    'Tệp ghi ra (bắt buộc với docx, pdf).':
        'File to write (required for docx, pdf).',
    # plans render plan --appendix
    'Kèm Phụ lục phân công nhiệm vụ (trang ngang).':
        'Add the task assignment appendix (landscape pages).',
    # plans render plan --template
    'Mẫu Word khác templates/van-ban.docx.':
        'A Word template other than templates/van-ban.docx.',
    # plans render plan --draft
    'Bản dự thảo: in các giá trị chưa xác minh hoặc còn để trống có đánh dấu.':
        'Draft: values not yet verified, or left empty, are printed with a mark.',
    # plans render report
    'Báo cáo kết quả thực hiện kế hoạch trong một kỳ: chỉ tiêu (kèm biểu đồ), nhiệm vụ, đơn vị chưa báo '
    'cáo.\n\nVí dụ: plans render report --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1 -o bc.docx '
    '--number 125/BC-BCĐ':
        'Progress report on a plan for one period: targets (with charts), tasks, agencies that have not '
        'reported.\n\nExample: plans render report --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1 -o '
        'bc.docx --number 125/BC-BCĐ',
    # plans render report --number
    'Số, ký hiệu của báo cáo, ví dụ 125/BC-CAHP.':
        'Number and code of the report, e.g. 125/BC-CAHP.',
    # plans render report --date
    'Ngày ký báo cáo (dd/mm/yyyy).':
        'Date the report is signed (dd/mm/yyyy).',
    # plans render report --signer
    'Người ký: “Nguyễn Văn A” hoặc “KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A”.':
        'Signer: “Nguyễn Văn A” or “KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A”.',
    # plans render report --as-of
    'Lập báo cáo vào ngày (dd/mm/yyyy); chỉ tính báo cáo đã nhận đến ngày đó. Mặc định hôm nay.':
        'Report as of this day (dd/mm/yyyy); counts only reports received by then. Default: today.',
    # plans render reminder
    'Công văn đôn đốc các cơ quan có nhiệm vụ quá hạn hoặc chưa gửi báo cáo, theo thể thức Nghị định '
    '30/2020.\n\nVí dụ: plans render reminder --overdue -j hue --as-of 01/07/2026 -o don-doc.docx':
        'Reminder letter to the agencies with overdue tasks or reports not sent, in the Decree 30/2020 '
        'layout.\n\nExample: plans render reminder --overdue -j hue --as-of 01/07/2026 -o don-doc.docx',
    # plans render reminder --agency
    'Cơ quan nhận (tên, tên tắt hoặc mã; nhắc lại được).':
        'Recipient agency (name, short name or id; repeatable).',
    # plans render reminder --overdue
    'Mọi cơ quan có nhiệm vụ quá hạn hoặc báo cáo chưa gửi.':
        'Every agency with overdue tasks or reports not sent.',
    # plans render reminder --as-of
    'Tính đến ngày (dd/mm/yyyy), mặc định hôm nay.':
        'As of this day (dd/mm/yyyy), default: today.',
    # plans render reminder --plan
    'Chỉ một kế hoạch.':
        'Only one plan.',
    # plans render reminder -j
    'Chỉ kế hoạch của một địa bàn (hp, hn, hue, vn).':
        'Only the plans of one jurisdiction (hp, hn, hue, vn).',
    # plans render reminder --reply-by
    'Hạn hoàn thành, gửi báo cáo (mặc định: 7 ngày sau --as-of).':
        'Deadline to complete and report (default: 7 days after --as-of).',
    # plans render reminder --number
    'Số, ký hiệu công văn.':
        'Number and code of the letter.',
    # plans render reminder --date
    'Ngày ký (dd/mm/yyyy).':
        'Date of signing (dd/mm/yyyy).',
    # plans render reminder --signer
    'Người ký (như ở render report).':
        'Signer (as in render report).',
}


def help_in(text: Optional[str], lang: str) -> Optional[str]:
    """What help ``text`` reads in ``lang``; None when it is shown as written."""
    entry = HELP.get(text) if text else None
    if entry is None:
        return None
    if isinstance(entry, tuple):
        return {"vi": entry[0], "en": entry[1]}.get(lang)
    return entry if lang == "en" else None


def has_vietnamese(text: Optional[str]) -> bool:
    """Whether ``text`` has a letter outside ASCII (ă, đ, ế…): a text English help must not show as is."""
    return bool(text) and any(ord(c) > 127 and unicodedata.category(c).startswith("L") for c in text)


def help_texts(command, path: str = "plans") -> Iterator[tuple[str, str]]:
    """(where, help text) for a Click command and everything under it: "plans status" for a command's
    help, "plans status --bom" for an option's, "plans show REF" for an argument's. Hidden ones are skipped."""
    if getattr(command, "hidden", False):
        return
    for text in (command.help, command.short_help):
        if text:
            yield path, text
    for param in command.params:
        text = getattr(param, "help", None)
        if text and not getattr(param, "hidden", False):
            name = max(param.opts, key=len) if param.param_type_name == "option" else (param.metavar or param.name or "").upper()
            yield f"{path} {name}", text
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from help_texts(sub, f"{path} {name}")


def untranslated(command, path: str = "plans") -> list[str]:
    """Where a help text with Vietnamese letters has no English in :data:`HELP` ("plans status --bom")."""
    return [where for where, text in help_texts(command, path) if has_vietnamese(text) and text not in HELP]


def _missing_entries() -> str:
    import typer

    from plans.commands.app import app

    missing: dict[str, str] = {}
    for where, text in help_texts(typer.main.get_command(app)):
        if has_vietnamese(text) and text not in HELP:
            missing.setdefault(text, where)
    return "".join(f"    # {where}\n    {text!r}:\n        '',\n" for text, where in missing.items())


if __name__ == "__main__":  # pragma: no cover - a maintainer's helper: the entries to add, to fill in
    print(_missing_entries(), end="")
