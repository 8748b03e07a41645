"""Printable course material (fpdf2): the trainer's guide a co-trainer pair runs the
day from, and the participants' workbook of handouts. Pure content: callers pass the
course plan and, for the workbook, the program's questions and phase minutes."""

import logging
import unicodedata
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from content import rules

# fontTools logs every subsetting step at DEBUG; that is noise in a request log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
INK = (28, 43, 51)
PRIMARY = (15, 92, 99)
MUTED = (74, 90, 99)
RULE = (200, 208, 212)


def _latin1(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    for fancy, simple in (("\u2014", "-"), ("\u2013", "-"), ("\u2019", "'")):
        plain = plain.replace(fancy, simple)
    return plain.encode("latin-1", "replace").decode("latin-1")


class Document(FPDF):
    """A4 portrait with a running footer, a Unicode font when the machine has one,
    and the few text styles the guide and workbook use."""

    def __init__(self, title: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc_title = title
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(title)
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            self.add_font("body", "", str(regular))
            self.add_font("body", "B", str(bold))
            self.family, self.unicode = "body", True
        else:
            self.family, self.unicode = "helvetica", False

    def t(self, text) -> str:
        text = str(text or "")
        return text if self.unicode else _latin1(text)

    def footer(self):
        self.set_y(-12)
        self.set_font(self.family, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.t(f"{self.doc_title} · {self.page_no()}"), align="C")

    def heading(self, text, size=16, color=PRIMARY, space=3):
        self.set_font(self.family, "B", size)
        self.set_text_color(*color)
        self.multi_cell(
            0, size * 0.5, self.t(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(space)

    def para(self, text, size=10, color=INK, style=""):
        self.set_font(self.family, style, size)
        self.set_text_color(*color)
        self.multi_cell(
            0, size * 0.5, self.t(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(1.5)

    def labelled(self, label, text):
        if not str(text or "").strip():
            return
        self.para(label, size=9, color=MUTED, style="B")
        self.para(text)

    def rule(self):
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)

    def table(self, header, rows, widths):
        self.set_font(self.family, size=9)
        self.set_text_color(*INK)
        with super().table(
            col_widths=widths,
            text_align="LEFT",
            line_height=4.6,
            headings_style=FontFace(emphasis="BOLD", color=PRIMARY),
            first_row_as_headings=True,
            borders_layout="HORIZONTAL_LINES",
        ) as table:
            for values in [header, *rows]:
                row = table.row()
                for value in values:
                    row.cell(self.t(value))
        self.ln(3)


def _clock(value) -> str:
    return value.strftime("%H:%M")


def _materials(plan) -> list[str]:
    seen = []
    for _title, segments in plan:
        for segment in segments:
            for item in segment["materials"]:
                if item not in seen:
                    seen.append(item)
    return seen


def trainer_guide_pdf(*, course, plan, start) -> bytes:
    """The day for a co-trainer pair: agenda with clock times from ``start``, every
    segment's notes and role-play briefs, and the materials to bring."""
    rows = rules.agenda(plan, start)
    segments = [row.segment for row in rows]
    by_lead = rules.minutes_by_lead(segments)
    pdf = Document(_("%(course)s: trainer's guide") % {"course": course.title})
    pdf.add_page()
    pdf.heading(pdf.doc_title, size=20)
    pdf.para(
        _(
            "%(minutes)s minutes of instruction, starting at %(start)s and ending at "
            "%(end)s with breaks. Child-welfare trainer leads %(cw)s minutes, the "
            "trainer with lived experience %(le)s, both together %(both)s."
        )
        % {
            "minutes": rules.instruction_minutes(segments),
            "start": _clock(start),
            "end": _clock(rows[-1].ends) if rows else _clock(start),
            "cw": by_lead[rules.CHILD_WELFARE],
            "le": by_lead[rules.LIVED_EXPERIENCE],
            "both": by_lead[rules.BOTH],
        }
    )
    pdf.heading(_("Agenda"), size=14)
    pdf.table(
        [_("Time"), _("Segment"), _("Kind"), _("Led by"), _("Min")],
        [
            [
                f"{_clock(r.starts)}–{_clock(r.ends)}",
                r.segment["title"],
                r.kind_label,
                r.lead_label,
                str(r.segment["minutes"])
                if rules.counts(r.segment)
                else f"({r.segment['minutes']})",
            ]
            for r in rows
        ],
        (24, 70, 30, 34, 16),
    )
    pdf.para(
        _("Minutes in brackets are breaks: listed, not counted."), size=9, color=MUTED
    )
    module = None
    for row in rows:
        if row.module != module:
            module = row.module
            pdf.add_page()
            pdf.heading(module, size=15)
        _segment_notes(pdf, row)
    pdf.add_page()
    pdf.heading(_("Materials to bring"), size=14)
    for item in _materials(plan):
        pdf.para(f"☐  {item}" if pdf.unicode else f"[ ]  {item}")
    return bytes(pdf.output())


def _segment_notes(pdf, row):
    s = row.segment
    pdf.heading(f"{_clock(row.starts)}–{_clock(row.ends)}  {s['title']}", size=12)
    pdf.para(
        f"{row.kind_label} · {row.lead_label} · "
        + _("%(n)s minutes") % {"n": s["minutes"]},
        size=9,
        color=MUTED,
    )
    pdf.labelled(_("Purpose"), s["purpose"])
    pdf.labelled(_("What participants do"), s["participants_do"])
    pdf.labelled(_("Materials"), "; ".join(s["materials"]))
    pdf.labelled(_("Facilitator notes"), s["notes"])
    pdf.labelled(_("If it touches someone's own trauma"), s["trauma_response"])
    for play in s["role_plays"]:
        pdf.heading(
            _("Role-play: %(case)s") % {"case": play["case"]}, size=11, color=INK
        )
        pdf.labelled(_("The scene"), play["scene"])
        for seat in play["seats"]:
            pdf.labelled(seat["seat"].replace("_", " ").capitalize(), seat["brief"])
        pdf.labelled(_("Coaching the youth's player"), play["youth_coaching"])
        pdf.labelled(_("Debrief"), play["debrief"])
    pdf.rule()


def run_sheet_rows(*, plan, start) -> list[list[str]]:
    """The day as spreadsheet rows: a header, then one row per segment."""
    header = [
        _("Start"),
        _("End"),
        _("Module"),
        _("Segment"),
        _("Kind"),
        _("Led by"),
        _("Minutes"),
        _("Counts as instruction"),
        _("Participants do"),
        _("Materials"),
    ]
    return [header] + [
        [
            _clock(r.starts),
            _clock(r.ends),
            r.module,
            r.segment["title"],
            r.kind_label,
            r.lead_label,
            str(r.segment["minutes"]),
            _("yes") if rules.counts(r.segment) else _("no"),
            r.segment["participants_do"],
            "; ".join(r.segment["materials"]),
        ]
        for r in rules.agenda(plan, start)
    ]


def workbook_pdf(*, course, questions, phases) -> bytes:
    """Participants' handouts: genealogy chart, connectedness chart, permanency pact,
    the program's five questions and the phases with their minutes."""
    pdf = Document(_("%(course)s: participant workbook") % {"course": course.title})
    pdf.add_page()
    pdf.heading(pdf.doc_title, size=20)
    for number, title in enumerate(
        (
            _("Genealogy chart"),
            _("Connectedness chart"),
            _("Permanency pact"),
            _("The five brainstorm questions"),
            _("The phases of a roundtable and their minutes"),
        ),
        start=2,
    ):
        pdf.para(f"{title}  ·  " + _("page %(n)s") % {"n": number}, size=11)
    pdf.ln(4)
    pdf.para(
        _(
            "Handouts for the day. Use the fictional case you are given; never "
            "write a real child's name in this workbook."
        )
    )
    _genealogy(pdf)
    _connectedness(pdf)
    _pact(pdf)
    pdf.add_page()
    pdf.heading(_("The five brainstorm questions"))
    for number, question in enumerate(questions, start=1):
        pdf.para(f"{number}. {question}", size=11, style="B")
        for _line in range(3):
            pdf.rule()
            pdf.ln(3)
    pdf.heading(_("The phases of a roundtable and their minutes"), size=14)
    pdf.table(
        [_("Phase"), _("Minutes")],
        [[name, str(minutes)] for name, minutes in phases]
        + [[_("Total for one child"), str(sum(m for _n, m in phases))]],
        (130, 44),
    )
    pdf.para(_("Each further sibling adds an hour; the phases grow in proportion."))
    return bytes(pdf.output())


def _genealogy(pdf):
    pdf.add_page()
    pdf.heading(_("Genealogy chart"))
    pdf.para(
        _(
            "Three generations, both sides. Star anyone nobody has asked about "
            "permanency. The young person decides who goes on the chart."
        )
    )
    pdf.set_draw_color(*INK)
    top = pdf.get_y() + 4
    width, height = 34, 14
    for row, count in enumerate((4, 2, 1)):
        y = top + row * 42
        span = (pdf.w - pdf.l_margin - pdf.r_margin) / count
        for i in range(count):
            x = pdf.l_margin + span * i + (span - width) / 2
            pdf.rect(x, y, width, height)
    pdf.set_font(pdf.family, size=9)
    for row, label in enumerate((_("Grandparents"), _("Parents"), _("Youth"))):
        pdf.set_xy(pdf.l_margin, top + row * 42 + height + 1)
        pdf.cell(0, 5, pdf.t(label), align="C")
    pdf.set_y(top + 3 * 42)
    pdf.para(_("Siblings, aunts, uncles, cousins and others:"))
    for _line in range(5):
        pdf.rule()
        pdf.ln(3)


def _connectedness(pdf):
    pdf.add_page()
    pdf.heading(_("Connectedness chart"))
    pdf.para(
        _(
            "The youth in the centre; people closer in are closer to them. Include "
            "non-relatives: coaches, godparents, teachers, neighbours."
        )
    )
    cx, cy = pdf.w / 2, pdf.get_y() + 75
    pdf.set_draw_color(*INK)
    for radius in (12, 35, 58, 72):
        pdf.ellipse(cx - radius, cy - radius, radius * 2, radius * 2)
    pdf.set_font(pdf.family, size=9)
    pdf.set_xy(cx - 12, cy - 2.5)
    pdf.cell(24, 5, pdf.t(_("Youth")), align="C")
    pdf.set_y(cy + 80)
    pdf.para(
        _(
            "Inner ring: talks to every week. Middle: every month. Outer: "
            "lost touch, but could be found."
        ),
        size=9,
        color=MUTED,
    )


def _pact(pdf):
    pdf.add_page()
    pdf.heading(_("Permanency pact"))
    pdf.para(
        _(
            "A written promise from a caring adult to a young person. Every item "
            "says what, how often and for how long."
        )
    )
    pdf.para(
        _("Between ______________________ (youth) and ______________________ (adult)")
    )
    widths = (90, 42, 42)
    pdf.set_font(pdf.family, "B", 9)
    pdf.set_text_color(*PRIMARY)
    for width, label in zip(
        widths, (_("Support"), _("How often"), _("For how long")), strict=True
    ):
        pdf.cell(width, 7, pdf.t(label))
    pdf.ln(7)
    pdf.set_draw_color(*RULE)
    top = pdf.get_y()
    for row in range(9):
        y = top + row * 12
        pdf.line(pdf.l_margin, y, pdf.l_margin + sum(widths), y)
    for x in (widths[0], widths[0] + widths[1]):
        pdf.line(pdf.l_margin + x, top, pdf.l_margin + x, top + 96)
    pdf.set_y(top + 100)
    pdf.para(
        _(
            "Examples: a place for holidays; a call every Sunday; help buying a "
            "car; a key to the house; a reference for a first job."
        ),
        size=9,
        color=MUTED,
    )
    pdf.para(_("Signed: ______________________    ______________________"))
