"""Write plans/agencies/<province>.yaml for the 34 provinces and cities of Viet Nam after 01/7/2025.

The names and administrative unit codes come from the PyPI package ``vietnam-provinces`` (Nguyễn Hồng
Quân; data of the 2025 reorganisation, 34 units), which is not a dependency of plans: run this once, by
hand, in a throwaway environment, and review the diff:

    python3 -m venv /tmp/vp && /tmp/vp/bin/pip install vietnam-provinces==2025.10.1 pyyaml
    /tmp/vp/bin/python tools/make_province_registries.py [--force]

Each registry holds the province's People's Committee (member of the national group "các địa phương")
and its police (member of "Công an các tỉnh, thành phố trực thuộc Trung ương"). Registries that already
exist (hp, hn, hue: kept by hand, with many more bodies) are never touched; only their code is checked.
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = ROOT / "plans" / "agencies"

# Jurisdiction codes already used by hand-kept registries (codename of the package -> code).
EXISTING = {"ha_noi": "hn", "hai_phong": "hp", "hue": "hue"}

# Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh:
# the provinces merged into each new one (the 11 units not listed were not merged).
MERGED = {
    "tuyen_quang": ["Tuyên Quang", "Hà Giang"],
    "lao_cai": ["Lào Cai", "Yên Bái"],
    "thai_nguyen": ["Thái Nguyên", "Bắc Kạn"],
    "phu_tho": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "bac_ninh": ["Bắc Ninh", "Bắc Giang"],
    "hung_yen": ["Hưng Yên", "Thái Bình"],
    "hai_phong": ["thành phố Hải Phòng", "Hải Dương"],
    "ninh_binh": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "quang_tri": ["Quảng Trị", "Quảng Bình"],
    "da_nang": ["thành phố Đà Nẵng", "Quảng Nam"],
    "quang_ngai": ["Quảng Ngãi", "Kon Tum"],
    "gia_lai": ["Gia Lai", "Bình Định"],
    "khanh_hoa": ["Khánh Hòa", "Ninh Thuận"],
    "lam_dong": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "dak_lak": ["Đắk Lắk", "Phú Yên"],
    "ho_chi_minh": ["Thành phố Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    "dong_nai": ["Đồng Nai", "Bình Phước"],
    "tay_ninh": ["Tây Ninh", "Long An"],
    "can_tho": ["thành phố Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "vinh_long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "dong_thap": ["Đồng Tháp", "Tiền Giang"],
    "ca_mau": ["Cà Mau", "Bạc Liêu"],
    "an_giang": ["An Giang", "Kiên Giang"],
}
BASIS = ("Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh "
         "(chính quyền địa phương cấp tỉnh mới hoạt động từ 01/7/2025)")


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def registry(p) -> tuple[str, dict]:
    city = p.division_type.value.startswith("thành phố")
    bare = p.name.removeprefix("Thành phố ").strip()
    kind = "thành phố" if city else "tỉnh"
    place = f"{kind} {bare}"
    jur = p.codename.replace("_", "-")
    short_ubnd, short_ca = ("UBND thành phố", "CATP") if city else ("UBND tỉnh", "CAT")
    merged = MERGED.get(p.codename)
    note = None
    if merged:
        parts = [m if m.lower().startswith("thành phố") else f"tỉnh {m}" for m in merged]
        note = f"Từ 01/7/2025 {place} được sắp xếp từ {', '.join(parts[:-1])} và {parts[-1]}."
    ubnd = {
        "id": f"{jur}.ubnd", "name": f"Ủy ban nhân dân {place}", "short": [short_ubnd],
        "aliases": [f"UBND {place}", f"UBND {bare}", ascii_fold(f"Uy ban nhan dan {place}"),
                    ascii_fold(f"UBND {place}")],
        "level": "province", "type": "people-committee", "groups": ["vn.cac-dia-phuong"],
    }
    police = {
        "id": f"{jur}.cong-an", "name": f"Công an {place}", "short": [short_ca],
        "aliases": [f"Công an {bare}", ascii_fold(f"Cong an {place}")],
        "parent": "vn.bo-cong-an", "level": "province", "type": "police",
        "groups": ["vn.cong-an-cac-tinh-thanh-pho"],
    }
    if merged:
        for ent in (ubnd, police):
            ent["basis"] = BASIS
            ent["note"] = note
    doc = {"kind": "Agencies", "schema_version": 1, "jurisdiction": jur, "name": place,
           "code": f"{p.code.value:02d}", "agencies": [ubnd, police]}
    return jur, doc


def main(argv=None) -> int:
    import yaml
    from vietnam_provinces import Province, __data_version__, __version__

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="rewrite registries this script wrote before")
    args = ap.parse_args(argv)
    provinces = list(Province.iter_all())
    assert len(provinces) == 34, len(provinces)
    header = (f"# Sinh bởi tools/make_province_registries.py từ gói vietnam-provinces {__version__} "
              f"(dữ liệu {__data_version__}); bổ sung cơ quan khác bằng tay khi có kế hoạch của địa phương.\n")
    for p in provinces:
        if p.codename in EXISTING:
            print(f"giữ nguyên {EXISTING[p.codename]}.yaml (mã {p.code.value:02d})")
            continue
        jur, doc = registry(p)
        path = AGENCIES / f"{jur}.yaml"
        if path.exists() and not args.force:
            print(f"đã có {path.relative_to(ROOT)}, bỏ qua (--force để ghi lại)")
            continue
        text = header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200)
        path.write_text(text, encoding="utf-8")
        print(f"đã ghi {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
