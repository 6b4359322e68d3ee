"""Real Word footnotes for python-docx documents.

python-docx has no footnote API, so the footnotes part is written with its low-level OPC/OXML layer:
a ``/word/footnotes.xml`` part (content type ``…wordprocessingml.footnotes+xml``) related to the main
document part, the two separator footnotes Word expects (ids -1 and 0, named in settings.xml's
``w:footnotePr``), and one ``w:footnote`` per note. In the text, a superscript run holding
``<w:footnoteReference w:id="n"/>`` is the mark; Word and LibreOffice number the marks themselves, in
document order, and print each note at the foot of the page its mark is on.
"""
from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# settings.xml children that come after w:footnotePr (CT_Settings sequence), to insert it in order
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
                      "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                      "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                      "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


class Footnotes:
    """Collects the notes of one document; ``add`` puts the mark at the end of a paragraph, ``finish``
    writes the part (call it once, before saving)."""

    def __init__(self, doc, style: str = "VB Chú thích"):
        self.doc = doc
        self.style_id = doc.styles[style].style_id if style in [s.name for s in doc.styles] else None
        self.notes: list[tuple[int, str]] = []
        # a Word-made template may carry its own footnotes part (separators only): write into it
        self.part = next((rel.target_part for rel in doc.part.rels.values()
                          if rel.reltype == RT.FOOTNOTES and not rel.is_external), None)
        self.first_id = 1
        if self.part is not None:
            ids = [int(x) for x in parse_xml(self.part.blob).xpath("//w:footnote/@w:id")]
            self.first_id = max([0, *ids]) + 1

    def add(self, paragraph, text: str) -> int:
        """A footnote with ``text``, its mark appended to ``paragraph``; returns its id."""
        fid = self.first_id + len(self.notes)
        run = paragraph.add_run()
        rpr = run._r.get_or_add_rPr()
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(fid))
        run._r.append(ref)
        self.notes.append((fid, text))
        return fid

    def _root(self):
        if self.part is not None:
            root = parse_xml(self.part.blob)
            for note in root.findall(qn("w:footnote")):
                if note.get(qn("w:type")) in (None, "normal"):
                    root.remove(note)
            return root
        return parse_xml(f"<w:footnotes {nsdecls('w')}>"
                         f'<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
                         f' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
                         f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
                         f' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
                         f"</w:footnote></w:footnotes>")

    def finish(self) -> None:
        if not self.notes:
            return
        from lxml import etree

        root = self._root()
        for fid, text in self.notes:
            note = OxmlElement("w:footnote")
            note.set(qn("w:id"), str(fid))
            p = OxmlElement("w:p")
            if self.style_id:
                ppr = OxmlElement("w:pPr")
                ps = OxmlElement("w:pStyle")
                ps.set(qn("w:val"), self.style_id)
                ppr.append(ps)
                p.append(ppr)
            mark = OxmlElement("w:r")
            rpr = OxmlElement("w:rPr")
            va = OxmlElement("w:vertAlign")
            va.set(qn("w:val"), "superscript")
            rpr.append(va)
            mark.append(rpr)
            mark.append(OxmlElement("w:footnoteRef"))
            p.append(mark)
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = " " + text
            r.append(t)
            p.append(r)
            note.append(p)
            root.append(note)
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if self.part is not None:
            self.part._blob = blob
            return
        doc_part = self.doc.part
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE, blob, doc_part.package)
        doc_part.relate_to(part, RT.FOOTNOTES)
        self._settings()

    def _settings(self) -> None:
        settings = self.doc.settings.element
        for old in settings.findall(qn("w:footnotePr")):
            settings.remove(old)
        pr = OxmlElement("w:footnotePr")
        for i in ("-1", "0"):
            f = OxmlElement("w:footnote")
            f.set(qn("w:id"), i)
            pr.append(f)
        after = next((el for el in settings if el.tag.split("}")[-1] in _AFTER_FOOTNOTE_PR), None)
        if after is not None:
            after.addprevious(pr)
        else:
            settings.append(pr)
