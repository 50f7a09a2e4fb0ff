"""PDFs written by hand: real, selectable text (pypdf extracts it) and simple vector shapes.

The PDF uses the standard Helvetica fonts with WinAnsi encoding, so French accents need no
embedded font, and computes its cross-reference table so that any reader opens it.
"""

import textwrap

from home.demo.specs import DocumentSpec

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56


def _pdf_text(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252) with its special characters escaped."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_info_text(text: str) -> bytes:
    """A string for the document information: UTF-16 with a byte order mark, in hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _hex_to_rgb(colour: str) -> str:
    colour = colour.lstrip("#")
    return " ".join(f"{int(colour[i : i + 2], 16) / 255:.3f}" for i in (0, 2, 4))


def _circle(cx, cy, r) -> str:
    """A circle as four Bézier curves."""
    k = 0.5523 * r
    return (
        f"{cx + r} {cy} m "
        f"{cx + r} {cy + k} {cx + k} {cy + r} {cx} {cy + r} c "
        f"{cx - k} {cy + r} {cx - r} {cy + k} {cx - r} {cy} c "
        f"{cx - r} {cy - k} {cx - k} {cy - r} {cx} {cy - r} c "
        f"{cx + k} {cy - r} {cx + r} {cy - k} {cx + r} {cy} c "
    )


def _diagram(top: int) -> list[bytes]:
    """The three pillars of open democracy as overlapping circles, with their names."""
    ops = []
    radius = 95
    cx = PAGE_WIDTH // 2
    circles = [
        (cx - 62, top - 110, "#2b7a78", "Transparence"),
        (cx + 62, top - 110, "#f2b134", "Participation"),
        (cx, top - 215, "#de6b48", "Collaboration"),
    ]
    for x, y, colour, _label in circles:
        ops.append(f"q {_hex_to_rgb(colour)} rg /Half gs {_circle(x, y, radius)}f Q".encode())
    labels = [(cx - 175, top - 40), (cx + 60, top - 40), (cx - 45, top - 330)]
    for (x, y), (*_shape, label) in zip(labels, circles, strict=True):
        ops.append(b"BT /F2 13 Tf " + f"{x} {y} Td ".encode() + _pdf_text(label) + b" Tj ET")
    ops.append(
        b"BT /F2 11 Tf "
        + f"{cx - 58} {top - 150} Td ".encode()
        + _pdf_text("Démocratie ouverte")
        + b" Tj ET"
    )
    return ops


def _text_lines(paragraphs, y) -> tuple[list[bytes], int]:
    """Drawing operators for paragraphs wrapped to the page width, from height ``y`` down."""
    ops = []
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, width=88):
            ops.append(
                b"BT /F1 11 Tf " + f"{MARGIN} {y} Td ".encode() + _pdf_text(line) + b" Tj ET"
            )
            y -= 16
        y -= 10
    return ops, y


def render_pdf(spec: DocumentSpec) -> bytes:
    """The bytes of a valid PDF for ``spec``; the same spec gives the same bytes."""
    y = PAGE_HEIGHT - MARGIN - 20
    ops = [b"BT /F2 18 Tf " + f"{MARGIN} {y} Td ".encode() + _pdf_text(spec.heading) + b" Tj ET"]
    y -= 36
    if spec.diagram:
        ops.extend(_diagram(y))
        y -= 380
    ops.extend(_text_lines(spec.paragraphs, y)[0])
    pages = [b"\n".join(ops)]
    for paragraphs in spec.more_pages:
        pages.append(b"\n".join(_text_lines(paragraphs, PAGE_HEIGHT - MARGIN - 20)[0]))
    return assemble_pdf(pages, spec.title)


def text_pdf(pages, title: str = "") -> bytes:
    """A PDF with one page per item of ``pages``, each a sequence of paragraphs of text."""
    return assemble_pdf(
        [b"\n".join(_text_lines(paragraphs, PAGE_HEIGHT - MARGIN - 20)[0]) for paragraphs in pages],
        title,
    )


def assemble_pdf(contents: list[bytes], title: str) -> bytes:
    """A PDF file from the content streams of its pages, with its cross-reference table.

    Objects: catalog, page tree, the two fonts, the transparency state, then each page and its
    content stream, and the document information last.
    """
    first_page = 6
    kids = " ".join(f"{first_page + 2 * index} 0 R" for index in range(len(contents)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(contents)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /ExtGState /ca 0.7 >>",
    ]
    for index, content in enumerate(contents):
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> /ExtGState << /Half 5 0 R >> >> "
                f"/Contents {first_page + 2 * index + 1} 0 R >>"
            ).encode()
        )
        objects.append(
            b"<< /Length "
            + str(len(content)).encode()
            + b" >>\nstream\n"
            + content
            + b"\nendstream"
        )
    objects.append(b"<< /Title " + _pdf_info_text(title) + b" /Producer (Territoires en Commun) >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(out)
