"""What can be checked of a PDF/A-2 file without veraPDF (not in the registries here):
the PDF/A identification in the XMP, every font embedded, an OutputIntent with an ICC
profile, and for level A the structure tree and the document language."""

from __future__ import annotations

import io

import pikepdf


def pdfa_problems(pdf_bytes: bytes, *, part: str = "2", conformance: str = "A") -> list[str]:
    """Everything of the above that is wrong with the file, as readable lines."""
    problems: list[str] = []
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    meta = pdf.open_metadata()
    if meta.get("pdfaid:part") != part or meta.get("pdfaid:conformance") != conformance:
        problems.append(f"XMP says PDF/A part {meta.get('pdfaid:part')!r} conformance "
                        f"{meta.get('pdfaid:conformance')!r}")
    intents = pdf.Root.get("/OutputIntents") or []
    pdfa_intents = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
    if not pdfa_intents:
        problems.append("no GTS_PDFA1 OutputIntent")
    for intent in pdfa_intents:
        profile = intent.get("/DestOutputProfile")
        if profile is None or profile.read_bytes()[36:40] != b"acsp":
            problems.append("the OutputIntent has no ICC profile")
    fonts = 0
    for number, page in enumerate(pdf.pages, 1):
        for name, font in (page.Resources.get("/Font") or {}).items():
            fonts += 1
            desc = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            fd = desc.get("/FontDescriptor")
            if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"page {number}: font {name} ({desc.get('/BaseFont')}) not embedded")
    if not fonts:
        problems.append("no fonts found")
    if conformance == "A":
        if "/StructTreeRoot" not in pdf.Root or not bool(pdf.Root.get("/MarkInfo", {}).get("/Marked")):
            problems.append("not tagged (no structure tree / MarkInfo)")
        if not str(pdf.Root.get("/Lang", "")):
            problems.append("no document language")
    return problems
