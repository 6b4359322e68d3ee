"""``plans import``: a received plan (DOCX, PDF, OCR text, web text) → a draft plan YAML for review.

Layers: :mod:`extract` (file → lines), :mod:`diacritics` (OCR text → Vietnamese with diacritics),
:mod:`lines` (lines → paragraphs), :mod:`header` and :mod:`body` (paragraphs → fields), :mod:`names`
and :mod:`assign` (names → registry ids, roles), :mod:`draft` (fields → YAML through ruamel.yaml).
No typer, no printing: :func:`import_file` returns an :class:`ImportResult` the command reports.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field

from plans.importer.body import parse_body, plan_year, propose_indicator
from plans.importer.extract import Extracted, ExtractError, extract  # noqa: F401
from plans.importer.header import find_type_line, parse_closing, parse_header
from plans.importer.lines import paragraphs
from plans.importer.names import Resolver, Unknown
from plans.importer.vntext import fold_keep

RESTORE_ABOVE = 0.2   # share of syllables the corpus does not know above which the text is restored


@dataclass
class ImportResult:
    data: dict                                   # the draft plan (JSON-like: dates as ISO strings)
    found: dict = field(default_factory=dict)    # counts of what was read
    missing: list[str] = field(default_factory=list)
    unknown: list[tuple[str, Unknown]] = field(default_factory=list)
    restored: tuple[int, int] | None = None      # (tokens changed, tokens looked at)
    kind: str = ""
    text: str = ""                               # the text the parser read (after restoration)


def _places(repo) -> list[str]:
    out = set()
    for p in repo.plans.values():
        if p.place:
            out.add(p.place)
    for name in repo.jurisdiction_names.values():
        out.add(re.sub(r"^(thành phố|tỉnh)\s+", "", name, flags=re.I))
    return sorted(out, key=len, reverse=True)


def _jurisdiction_of_place(repo, place: str | None) -> str | None:
    if not place:
        return None
    f = fold_keep(place).strip()
    for code, name in repo.jurisdiction_names.items():
        if f and f in fold_keep(name):
            return code
    return None


def _known_symbols(repo) -> list[str]:
    out = set()
    for p in repo.plans.values():
        for num in [p.number] + [getattr(r, "number", "") for r in (getattr(p, "legal_bases", None) or [])]:
            if isinstance(num, str) and "/" in num:
                out.add(num.split("/", 1)[1])
    return sorted(out)


def canonical_symbol(sym: str, known: list[str]) -> str | None:
    """A document symbol read through OCR ("KH-BCPH", "QP-TTg") → the known one it stands for
    ("KH-BCĐ", "QĐ-TTg"), or None. OCR reads Đ as P or D; only a near match with the same first
    segment is taken."""
    from rapidfuzz.distance import Levenshtein

    def norm(s):
        return s.upper().replace("Đ", "D").replace("P", "D").replace("B", "D") if s else s

    if sym in known:
        return None
    best, dist = None, 3
    for k in known:
        if k.split("-")[0].upper() != sym.split("-")[0].upper():
            continue
        d = Levenshtein.distance(norm(sym), norm(k))
        if d < dist and d <= 2:
            best, dist = k, d
    return best


def _issuer(resolver: Resolver, lines: list[str], preamble: list[str]):
    """(issuer id, parent id, text read) from the header's left column or the preamble's "X ban hành"."""
    lines = [ln for ln in lines if not re.search(r"/|\d{3,}", ln) or re.search(r"\b\d{3}\b", ln)]
    n = len(lines)
    for k in range(n):  # the longest tail that is one body
        text = " ".join(lines[k:])
        ent = resolver.one(text)
        if ent:
            parent = resolver.one(" ".join(lines[:k])) if k else None
            return ent, parent, text
    for k in range(n - 1, -1, -1):
        ent = resolver.one(lines[k])
        if ent:
            return ent, None, lines[k]
    for p in preamble:
        m = re.search(r"([^,;]{3,120}?)\s+ban hành\s", p)
        if not m:
            continue
        who = m.group(1)
        pm = re.search(r"\(([^()]+)\)\s*$", who)
        cands = [pm.group(1)] if pm else []
        words = who.split()
        cands += [" ".join(words[-k:]) for k in range(min(len(words), 12), 1, -1)]
        for c in cands:
            ent = resolver.one(c)
            if ent:
                return ent, None, c
    return None, None, " ".join(lines)


TOPICS = (("toi pham", "phong-chong-toi-pham"), ("mua ban nguoi", "phong-chong-mua-ban-nguoi"),
          ("ma tuy", "phong-chong-ma-tuy"), ("phong trao toan dan bao ve an ninh", "phong-trao-toan-dan-bvanto"))


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_keep(s)).strip("-")


def import_file(path: str, repo, root: str | None = None, *, jurisdiction: str | None = None,
                implements: str | None = None, model=None, source_file: str | None = None) -> ImportResult:
    """Read ``path`` and make a draft plan against the repository ``repo`` (registries, plans,
    indicators). ``model``: a :class:`plans.importer.diacritics.Model` (built from ``root`` when None
    and the text needs it). Raises :class:`ExtractError` for input that is no document."""
    ex = extract(path)
    return import_extracted(ex, repo, root, jurisdiction=jurisdiction, implements=implements, model=model,
                            source_file=source_file or path)


def import_extracted(ex: Extracted, repo, root: str | None = None, *, jurisdiction: str | None = None,
                     implements: str | None = None, model=None, source_file: str = "") -> ImportResult:
    from plans.importer import diacritics

    lines = [unicodedata.normalize("NFC", b) for b in ex.blocks]
    if ex.kind in ("text", "markdown", "pdf", "ocr"):
        lines = [b.replace("**", "").replace("*(", "(").replace(")*", ")").replace("*", "") for b in lines]
    text = "\n".join(lines)
    received = list(lines)  # as read, before any restoration (same lines, same order)
    restored = None
    if model is None and root and diacritics.diacritic_share(text) < 0.45:
        model = diacritics.corpus_from_repository(root)  # only for text that lost its diacritics
    if model is not None and diacritics.needs_restoring(model, text) > RESTORE_ABOVE:
        r = diacritics.restore(model, text)
        restored = (r.changed, r.tokens)
        lines = r.text.split("\n")
        text = r.text

    missing: list[str] = []
    hdr = parse_header(lines, _places(repo))
    t_idx = find_type_line(lines)
    body_start = hdr.body_start if t_idx is not None else 0
    # closing: from "Nơi nhận" (or the signature's KT./TM.) to the end
    close_idx = None
    for i in range(len(lines) - 1, body_start, -1):
        # on the line as received too: a restoration may turn OCR's "Noi nhign" into other words
        if any(re.match(r"^\s*n\w{1,2}i\s+nh\w{1,4}n\b", fold_keep(x.replace("*", "")))
               for x in (lines[i], received[i] if i < len(received) and len(received) == len(lines) else "")):
            close_idx = i
            break
    body_lines = lines[body_start:close_idx] if close_idx else lines[body_start:]
    closing = parse_closing(lines[close_idx:]) if close_idx else None
    first_block = None
    if not hdr.title and t_idx is None and not ex.paragraphs:
        # a scan that lost its first page part: its first lines up to a blank line may be the trích yếu
        first_block = _first_block(body_lines)
        if first_block:
            body_lines = body_lines[first_block[1]:]
    scan_notes: list[str] = []  # footnotes a scan printed inside the body, taken out of it
    paras = paragraphs(body_lines, whole=ex.paragraphs, notes=scan_notes)
    footnotes = ex.footnotes or scan_notes
    if first_block:
        paras.insert(0, first_block[0])

    resolver = Resolver(repo, jurisdiction or _jurisdiction_of_place(repo, hdr.place))
    resolver.ocr = restored is not None
    issuer, parent, issuer_read = _issuer(resolver, hdr.issuer_lines, [p for p in paras[:6]])
    if not issuer and not resolver.jurisdiction:
        # no header and no place: the registry whose bodies the text names most often
        guess = _vote_jurisdiction(repo, resolver, paras, lines[close_idx:] if close_idx else [])
        if guess:
            resolver.set_jurisdiction(guess)
            issuer, parent, issuer_read = _issuer(resolver, hdr.issuer_lines, [p for p in paras[:6]])
            jurisdiction = jurisdiction or guess
    if issuer and not jurisdiction:
        jurisdiction = issuer.split(".")[0]
    jurisdiction = jurisdiction or resolver.jurisdiction
    resolver.set_jurisdiction(jurisdiction)

    title_guessed = False
    if not hdr.title and t_idx is None and paras:
        # no type line (a scan that lost its first part): the trích yếu is then the first short line
        from plans.importer.lines import marker as _marker

        first = paras[0]
        if len(first) < 200 and not first.rstrip().endswith((":", ".")) and _marker(first)[0] is None:
            hdr.title = paras.pop(0)
            title_guessed = True
    year = plan_year(hdr.title, hdr.date or (hdr.date_range[0] if hdr.date_range else None))
    body = parse_body(paras, resolver, year, whole=ex.paragraphs)

    unverified: list[dict] = []
    notes: list[str] = []
    d: dict = {"kind": "Plan", "schema_version": 1}
    known = _known_symbols(repo)
    number = hdr.number
    if hdr.symbol:
        canon = canonical_symbol(hdr.symbol, known)
        if canon:
            notes.append(f'Ký hiệu in "{hdr.symbol}" đọc là {canon}.')
            number = number.split("/", 1)[0] + "/" + canon
    sym = number.split("/", 1)[1] if number else "kh"
    num_part = number.split("/", 1)[0] if number else ""
    d["id"] = "-".join(x for x in (jurisdiction or "xx", str(year), num_part if num_part.isdigit() else "",
                                   _slug(sym)) if x)
    if number:
        d["number"] = number
        if "…" in number or not re.match(r"^\d", number) or hdr.symbol and canonical_symbol(hdr.symbol, known):
            unverified.append({"field": "number", "read_as": f"{hdr.number_read or ''} /{hdr.symbol}".strip(),
                               "note": "Số văn bản đọc chưa chắc chắn trên bản nhận được; đối chiếu bản gốc."})
    else:
        d["number"] = "…" + _symbol_of(repo, hdr.document_type or "KẾ HOẠCH", issuer)
        missing.append("number")
        unverified.append({"field": "number", "note": "Không tìm thấy số văn bản (Số: …/…); điền theo bản gốc."})
    d["document_type"] = hdr.document_type or "KẾ HOẠCH"
    if not hdr.document_type:
        missing.append("document_type")
        unverified.append({"field": "document_type", "note": "Không tìm thấy dòng tên loại văn bản; ghi tạm KẾ HOẠCH."})
    if issuer:
        d["issuer"] = issuer
        if parent:
            d["issuer_parent"] = parent
    else:
        missing.append("issuer")
        d["issuer"] = f"{jurisdiction or 'vn'}.chua-xac-dinh"
        unverified.append({"field": "issuer", "read_as": issuer_read or "",
                           "note": "Không xác định được cơ quan ban hành trong sổ cơ quan; chọn mã đúng."})
    if hdr.place:
        d["place"] = hdr.place
    else:
        missing.append("place")
        place = _place_of(repo, jurisdiction)
        if place:
            d["place"] = place
            unverified.append({"field": "place", "read_as": "",
                               "note": "Không tìm thấy địa danh; lấy theo địa bàn của cơ quan ban hành."})
    if hdr.date:
        d["date"] = hdr.date
    elif hdr.date_range:
        d["date_range"] = {"from": hdr.date_range[0], "to": hdr.date_range[1]}
        unverified.append({"field": "date", "read_as": hdr.date_read or "",
                           "note": "Không đọc được ngày ký; ghi khoảng ngày có thể (date_range), không đoán."})
    else:
        missing.append("date")
        d["date_range"] = {"from": f"{year}-01-01", "to": f"{year}-12-31"}
        unverified.append({"field": "date", "note": "Không tìm thấy ngày ký; ghi tạm cả năm kế hoạch (date_range)."})
    if "date_range" in d and _narrow_date_range(d, body, footnotes):
        for u in unverified:
            if u["field"] == "date":
                u["note"] += (f" Khoảng ngày thu hẹp còn {d['date_range']['from']}–{d['date_range']['to']}: không sớm "
                              "hơn văn bản viện dẫn muộn nhất, không muộn hơn ngày trước hạn sớm nhất trong kế hoạch.")
    d["title"] = hdr.title or "…"
    if title_guessed:
        unverified.append({"field": "title", "read_as": hdr.title,
                           "note": "Không có dòng tên loại văn bản; trích yếu lấy theo dòng đầu tiên."})
    if not hdr.title:
        missing.append("title")
        unverified.append({"field": "title", "note": "Không tìm thấy trích yếu (dòng dưới tên loại văn bản)."})
    ft = fold_keep(hdr.title or "")
    topics = [code for key, code in TOPICS if key in ft]
    if topics:
        d["topics"] = topics
    d["jurisdiction"] = jurisdiction or "vn"
    d["period"] = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    src_note = [f"Bản nháp do plans import tạo từ tệp {ex.kind.upper()}; cần rà soát trước khi hợp nhất."]
    if restored:
        src_note.append(f"Văn bản nhận được mất dấu tiếng Việt (OCR): dấu được khôi phục tự động cho {restored[0]} "
                        f"trên {restored[1]} âm tiết theo mô hình học từ kho; số, ngày, ký hiệu văn bản giữ nguyên.")
        unverified.append({"field": "source", "read_as": "văn bản không dấu",
                           "note": "Dấu tiếng Việt được khôi phục tự động; đối chiếu từng đoạn với bản gốc."})
    src_note += notes
    if body.dropped:
        src_note.append("Bỏ qua các dòng ngắn trước phần mở đầu (dấu công văn đến…): "
                        + "; ".join(f'"{x}"' for x in body.dropped[:6]) + ".")
    d["source"] = {"file": source_file, "note": " ".join(src_note)}
    if body.preamble:
        d["preamble"] = body.preamble
    else:
        missing.append("preamble")
    if body.legal_bases:
        d["legal_bases"] = body.legal_bases
        for lb in body.legal_bases:
            if "/" in lb["number"]:
                canon = canonical_symbol(lb["number"].split("/", 1)[1], known)
                if canon:
                    lb["number"] = lb["number"].split("/", 1)[0] + "/" + canon
    impl = _implements(repo, body, implements)
    if impl:
        d["implements"] = impl
    if body.objectives:
        d["objectives"] = body.objectives
    else:
        missing.append("objectives")
    if body.targets:
        inds = [(i.id, i.name) for i in getattr(repo, "indicators", {}).values()] if hasattr(repo, "indicators") else []
        tl = []
        for n, t in enumerate(body.targets, 1):
            e = {"id": f"T{n}", "text": t.text}
            ind = propose_indicator(t.text, inds)
            if ind:
                e["indicator"] = ind
            e.update({"comparator": t.comparator, "threshold": int(t.threshold) if t.threshold.is_integer() else t.threshold,
                      "unit": t.unit})
            if t.direction:
                e["direction"] = t.direction
            if t.baseline:
                e["baseline"] = t.baseline
            if t.objective:
                e["objective"] = t.objective
            tl.append(e)
            if ind:
                unverified.append({"field": f"T{n}.indicator", "read_as": t.text,
                                   "note": "Chỉ số do plans import đề xuất theo câu chữ; xác nhận hoặc sửa."})
        d["targets"] = tl
    d["sections"] = body.sections or []
    if not body.sections:
        missing.append("sections")
    if body.reporting:
        d["reporting"] = body.reporting
    if ex.footnotes:
        d["footnotes"] = [{"n": n, "text": t} for n, t in enumerate(ex.footnotes, 1)]
    elif scan_notes:  # numbered as printed; where each one is anchored is left to the reviewer
        d["footnotes"] = [{"n": int(t.split()[0]), "text": t.split(None, 1)[1]} for t in scan_notes]
        unverified.append({"field": "footnotes", "read_as": "",
                           "note": "Chú thích đọc từ chân trang bản quét (đã bỏ khỏi nội dung); "
                                   "gán vị trí (anchor) theo bản gốc."})
    if closing and closing.recipients:
        recs = []
        for r in closing.recipients:
            ids = resolver.names(re.sub(r"^(Đ/c|đ/c|Các đồng chí)\s+", "", r["text"])).ids
            rec = {"text": r["text"]}
            if ids:
                rec["agencies"] = ids
            if r.get("purpose"):
                rec["purpose"] = r["purpose"]
            recs.append(rec)
        d["recipients"] = recs
    else:
        missing.append("recipients")
    if closing and closing.signer.get("name"):
        d["signer"] = closing.signer
    elif closing and closing.signer:
        s = dict(closing.signer)
        s["name"] = "…"
        d["signer"] = s
        unverified.append({"field": "signer.name", "read_as": " / ".join(closing.signer_read)[:200],
                           "note": "Không đọc được tên người ký."})
    else:
        missing.append("signer")
    guessed = [(tid, u) for tid, u in body.unknown if u.guessed]
    unknown = [(tid, u) for tid, u in body.unknown if not u.guessed]
    for tid, u in guessed[:50]:
        unverified.append({"field": tid, "read_as": u.text,
                           "note": f"Tên cơ quan đọc từ bản OCR không khớp sổ; đã gán tạm {u.guessed} "
                                   f"({u.candidates[0][1]}), cơ quan gần nhất. Xác nhận hoặc sửa."})
    for tid, u in unknown[:50]:
        near = ", ".join(f"{i} ({n})" for i, n, _ in u.candidates[:3])
        unverified.append({"field": tid, "read_as": u.text,
                           "note": "Tên cơ quan không có trong sổ cơ quan" + (f"; gần nhất: {near}" if near else "")
                           + ". Thêm vào sổ (--new-agencies) hoặc sửa tên."})
    if unverified:
        d["unverified"] = unverified
    found = {
        "sections": sum(1 for _ in _walk_secs(body.sections)),
        "tasks": sum(len(s.get("tasks", [])) for s in _walk_secs(body.sections)),
        "assigned": sum(1 for s in _walk_secs(body.sections) for t in s.get("tasks", [])
                        if any(k in t for k in ("lead", "partner", "executor", "advisor"))),
        "roles": sum(len(t.get(k, [])) for s in _walk_secs(body.sections) for t in s.get("tasks", [])
                     for k in ("lead", "partner", "executor", "advisor")),
        "objectives": len(body.objectives), "targets": len(body.targets), "legal_bases": len(body.legal_bases),
        "reporting": len(body.reporting), "recipients": len(d.get("recipients", [])),
    }
    return ImportResult(d, found, missing, unknown, restored, ex.kind, text)


def _narrow_date_range(d: dict, body, footnotes: list[str]) -> bool:
    """A signing day not printed: the plan is signed no earlier than the latest document it cites
    (legal bases, references in its tasks and notes) and no later than the day before its earliest
    deadline. The range read from the header (a month, a year) is narrowed to that, never widened."""
    import datetime as dt

    from plans.importer.body import _walk_tasks, document_refs

    lo, hi = d["date_range"]["from"], d["date_range"]["to"]
    cited = [r.get("date") for r in body.legal_bases]
    deadlines = []
    for sec in body.sections:
        for t in _walk_tasks(sec):
            cited += [r.get("date") for r in t.get("refs") or []]
            if t.get("deadline"):
                deadlines.append(t["deadline"])
    for note in footnotes:
        cited += [r.get("date") for r in document_refs(note)]
    cited = [c for c in cited if c and lo <= c <= hi]
    new_lo = max([lo, *cited])
    new_hi = hi
    if deadlines:
        day_before = (dt.date.fromisoformat(min(deadlines)) - dt.timedelta(days=1)).isoformat()
        if new_lo <= day_before < hi:
            new_hi = day_before
    if (new_lo, new_hi) != (lo, hi) and new_lo <= new_hi:
        d["date_range"] = {"from": new_lo, "to": new_hi}
        return True
    return False


_TYPE_CODES = {"KẾ HOẠCH": "KH", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "CHƯƠNG TRÌNH": "CTr", "HƯỚNG DẪN": "HD"}


def _symbol_of(repo, document_type: str, issuer: str | None) -> str:
    """"/KH-UBND": the symbol a document of this type gets from this issuer (the type's code and the
    issuer's abbreviation, an upper-case word of its short names), or "" when either is unknown."""
    code = _TYPE_CODES.get(document_type.upper())
    ent = repo.agencies.get(issuer) if issuer else None
    if not code or ent is None:
        return ""
    for short in getattr(ent, "short", None) or []:
        for w in short.split():
            if len(w) >= 2 and w.isupper() and w.isalpha():
                return f"/{code}-{w}"
    return ""


def _place_of(repo, jurisdiction: str | None) -> str | None:
    """The place a body of ``jurisdiction`` signs at: its province or city without "thành phố"/"tỉnh"."""
    name = repo.jurisdiction_names.get(jurisdiction or "") if jurisdiction and jurisdiction != "vn" else None
    return re.sub(r"^(thành phố|tỉnh)\s+", "", name, flags=re.I) if name else None


def _first_block(lines: list[str]) -> tuple[str, int] | None:
    """(text, index after it) of the lines before the first blank line, when they read as a title:
    short, no printed number, not ending a sentence or opening a list."""
    from plans.importer.lines import marker as _marker

    block, i = [], 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and lines[i].strip():
        block.append(lines[i].strip())
        i += 1
    text = " ".join(block)
    if not block or len(block) > 3 or len(text) >= 200 or text.endswith((":", ".", ";")) or _marker(text)[0]:
        return None
    return text, i


def _vote_jurisdiction(repo, resolver: Resolver, paras: list[str], closing: list[str]) -> str | None:
    texts = []
    for p in paras:
        texts += [m.group(1) for m in re.finditer(r"\(([^()]{5,200})\)", p)]
    texts = texts[:40] + [ln.strip(" -;.") for ln in closing if ln.strip().startswith("-")][:20]
    votes: dict[str, int] = {}
    resolver.want_nearest = False
    for j in repo.jurisdiction_names:
        if j == "vn":
            continue
        resolver.set_jurisdiction(j)
        votes[j] = sum(1 for tx in texts for i in resolver.names(tx).ids if i.startswith(j + "."))
    resolver.set_jurisdiction(None)
    resolver.want_nearest = True
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _walk_secs(secs):
    for s in secs:
        yield s
        yield from _walk_secs(s.get("sections", []))


def _implements(repo, body, implements: str | None) -> list[dict]:
    if implements:
        if implements in repo.plans:
            return [{"plan": implements}]
        return []
    for p in body.preamble[:3]:
        if not re.match(r"^\s*(Thực hiện|Căn cứ|Triển khai)\b", p):
            continue
        from plans.importer.body import document_refs

        refs = document_refs(p)
        if not refs:
            continue
        ref = refs[0]
        for pl in repo.plans.values():
            if pl.number and fold_keep(pl.number) == fold_keep(ref["number"]) or (
                    pl.number and ref["number"].split("/")[0] == pl.number.split("/")[0]
                    and ref.get("date") and pl.date and str(pl.date) == ref.get("date")):
                return [{"plan": pl.id}]
        return [{"ref": ref}]
    return []
