"""The PDF certificate (fpdf2) with a QR code (qrcode) pointing at its public
verification page. Pure Python: both install from the package index alone."""

import io
import logging
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import qrcode
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

# A Unicode font when the machine has one (names are not all Latin-1); otherwise
# the PDF core font, with letters it cannot draw simplified.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
INK = (28, 43, 51)
PRIMARY = (15, 92, 99)
MUTED = (74, 90, 99)
logger = logging.getLogger(__name__)


@dataclass
class Signing:
    """Who issues and signs the certificate (Settings → Certificates) and the
    co-trainers who observed the holder."""

    agency: str = ""
    signatory: str = ""
    title: str = ""
    signature: bytes | None = None
    trainers: list[str] = field(default_factory=list)


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("certification:verify", args=[code])


def _font(pdf: FPDF) -> tuple[str, bool]:
    configured = getattr(settings, "CERTIFICATE_FONT", "")
    for path in (configured, *FONT_CANDIDATES):
        if path and Path(path).exists():
            pdf.add_font("body", "", path)
            return "body", True
    return "helvetica", False


def _latin1(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return plain.encode("latin-1", "replace").decode("latin-1")


def _qr(pdf: FPDF, url: str, *, x: float, y: float, size: float) -> None:
    """Draw the QR code as vector squares, one rectangle per run of dark cells."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        col = 0
        while col < len(cells):
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < len(cells) and cells[col]:
                col += 1
            pdf.rect(
                x + start * cell, y + row * cell, (col - start) * cell, cell, style="F"
            )


def _signature(pdf: FPDF, signing: Signing, *, x: float, y: float, w: float) -> None:
    """The signature image if there is one (a broken file is logged and skipped, the
    certificate still prints), then the line, the signatory and their title."""
    if signing.signature:
        try:
            pdf.image(
                io.BytesIO(signing.signature),
                x=x + w / 4,
                y=y,
                w=w / 2,
                h=14,
                keep_aspect_ratio=True,
            )
        except Exception:  # noqa: BLE001 - any unreadable image is only left out
            logger.warning("Certificate signature image could not be read")
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.3)
    pdf.line(x, y + 16, x + w, y + 16)


def certificate_pdf(cert, signing: Signing | None = None) -> bytes:
    """The certificate of ``cert`` (which has ``user`` and ``program`` loaded): the
    issuing agency, the holder's name, the program, issue and expiry dates, the
    co-trainers who observed them, the signatory, the verification code and a QR
    code of the verification address."""
    signing = signing or Signing()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    family, unicode_ok = _font(pdf)

    def text(value) -> str:
        value = str(value)
        return value if unicode_ok else _latin1(value)

    name, program = cert.user.get_full_name(), cert.program.name
    url = verification_url(cert.verification_code)
    pdf.set_title(text(_("%(program)s certificate") % {"program": program}))
    pdf.set_author("Roundtable Academy")
    pdf.set_subject(text(name))
    pdf.add_page()
    width, height = pdf.w, pdf.h

    pdf.set_draw_color(*PRIMARY)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, width - 20, height - 20)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, width - 28, height - 28)

    def line(value, size, *, y, color=INK):
        pdf.set_font(family, size=size)
        pdf.set_text_color(*color)
        pdf.set_xy(20, y)
        pdf.cell(width - 40, size * 0.5, text(value), align="C")

    line(signing.agency or _("Roundtable Academy"), 14, y=26, color=PRIMARY)
    line(_("Certificate"), 34, y=40)
    line(_("This certifies that"), 13, y=62, color=MUTED)
    line(name, 28, y=74)
    line(_("is certified as"), 13, y=94, color=MUTED)
    line(program, 22, y=105, color=PRIMARY)
    issued = date_format(cert.issued_on, "DATE_FORMAT")
    expires = date_format(cert.expires_on, "DATE_FORMAT")
    line(
        _("Issued %(issued)s · Valid until %(expires)s")
        % {"issued": issued, "expires": expires},
        13,
        y=122,
    )
    if signing.trainers:
        line(
            _("Observed by %(trainers)s") % {"trainers": " · ".join(signing.trainers)},
            11,
            y=132,
            color=MUTED,
        )
    if signing.signatory:
        block_w, block_x = 80, (width - 80) / 2
        _signature(pdf, signing, x=block_x, y=146, w=block_w)
        pdf.set_text_color(*INK)
        pdf.set_font(family, size=11)
        pdf.set_xy(block_x, 164)
        pdf.cell(block_w, 5, text(signing.signatory), align="C")
        if signing.title:
            pdf.set_font(family, size=9)
            pdf.set_text_color(*MUTED)
            pdf.set_xy(block_x, 170)
            pdf.cell(block_w, 5, text(signing.title), align="C")

    qr_size = 34
    qr_x, qr_y = width - 24 - qr_size, height - 24 - qr_size
    _qr(pdf, url, x=qr_x, y=qr_y, size=qr_size)
    pdf.set_font(family, size=10)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(24, height - 44)
    pdf.multi_cell(
        (width - 80) / 2 - 30 if signing.signatory else qr_x - 30,
        5,
        text(
            _(
                "Verification code: %(code)s\nCheck that this certificate is "
                "current at:\n%(url)s"
            )
            % {"code": cert.verification_code, "url": url}
        ),
    )
    return bytes(pdf.output())


def certificate_filename(cert) -> str:
    return f"certificate-{cert.program.code}-{cert.verification_code}.pdf"
