"""The PDF of a run, laid out to print in the structure of the annual progress report: a cover with the
period and scope, then per section its headline figures with their change, and each table with a bar chart
of its figures above it (a printed page is narrow), drawn by fpdf2 itself: no browser is needed.

Reads the frozen snapshot only (:mod:`reports.exporting`), in English, French or Spanish."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from reports.exporting import language_of, localized
from reports.models import ReportRun
from reports.sections.base import first_number, is_number
from wcocb.printing import FONTS

BAR_COLOURS = [(13, 110, 253), (25, 135, 84), (255, 193, 7), (220, 53, 69), (111, 66, 193), (32, 201, 151)]
MAX_ROWS_CHARTED = 14


def _numbers(table: dict) -> tuple[int | None, list[tuple[str, float]]]:
    """The column charted (the first numeric one) and its ``(label, value)`` pairs."""
    rows = table["rows"]
    if not rows:
        return None, []
    column = first_number(rows[0])
    if column is None:
        return None, []
    label_at = table.get("chart", {}).get("label", 0) if table.get("chart") else 0
    return column, [(row[label_at], row[column] or 0) for row in rows]


class ReportPdf(FPDF):
    def __init__(self, title: str, language: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report_title = title
        self.language = language
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(120)
        self.cell(0, 5, f"{self.report_title} — {self.page_no()}", align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def text_line(self, text: str, size: int = 9) -> None:
        self.set_font("DejaVu", "", size)
        self.multi_cell(0, 4.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(self, header: list[str], rows: list[list], total: list | None = None) -> None:
        width = self.w - self.l_margin - self.r_margin
        columns = len(header)
        numeric = [bool(rows) and all(is_number(row[i]) or row[i] is None for row in rows) for i in range(columns)]
        text_columns = [i for i in range(columns) if not numeric[i]] or [0]
        number_width = min(24, width / columns)
        text_total = width - number_width * (columns - len(text_columns))
        # Text columns share the rest by what they hold: each asks for its widest text (capped) or its heading's
        # widest word; a column asking no more than an equal share gets what it asks, the others share the rest in
        # proportion, so a date or a code stays on one line and a long name wraps less.
        asked = {i: self._text_width(header[i], [row[i] for row in rows]) for i in text_columns}
        if sum(asked.values()) <= text_total:
            spare = text_total - sum(asked.values())
            given = {i: asked[i] + spare * asked[i] / sum(asked.values()) for i in text_columns}
        else:
            share = text_total / len(text_columns)
            small = {i: asked[i] for i in text_columns if asked[i] <= share}
            large = [i for i in text_columns if i not in small]
            rest = text_total - sum(small.values())
            given = {**small, **{i: rest * asked[i] / sum(asked[j] for j in large) for i in large}}
        widths = [given[i] if i in text_columns else number_width for i in range(columns)]
        self.set_font("DejaVu", "B", 7.5)
        self.set_fill_color(233, 236, 239)
        with self.table(
            col_widths=widths, text_align=["LEFT" if i in text_columns else "RIGHT" for i in range(columns)],
            line_height=4.5, first_row_as_headings=True, width=width,
        ) as grid:  # fmt: skip
            head = grid.row()
            for column in header:
                head.cell(column)
            self.set_font("DejaVu", "", 7.5)
            for row in rows:
                line = grid.row()
                for cell in row:
                    line.cell(_fmt(localized(cell, self.language)))
            if total:
                line = grid.row()
                blank = columns - len(total)
                for i in range(columns):
                    line.cell(_("Total") if i == 0 else ("" if i < blank else _fmt(total[i - blank])))
        self.ln(3)

    def _text_width(self, heading: str, cells: list) -> float:
        """The width (mm) a text column asks for: its widest text as printed (at most 60 mm) or its heading's widest
        word (a heading wraps between words), and the cell's padding."""
        self.set_font("DejaVu", "B", 7.5)
        word = max((self.get_string_width(part) for part in str(heading).split()), default=0)
        self.set_font("DejaVu", "", 7.5)
        text = max((self.get_string_width(_fmt(localized(cell, self.language))) for cell in cells), default=0)
        return max(word, min(text, 60)) + 2.5

    def bars(self, pairs: list[tuple[str, float]]) -> None:
        pairs = pairs[:MAX_ROWS_CHARTED]
        top = max((value for _label, value in pairs), default=0)
        if not pairs or not top:
            return
        width = self.w - self.l_margin - self.r_margin
        label_width, bar_height = 55, 4
        if self.will_page_break(len(pairs) * (bar_height + 1.5) + 4):
            self.add_page()
        self.set_font("DejaVu", "", 7)
        for index, (label, value) in enumerate(pairs):
            y = self.get_y()
            self.set_xy(self.l_margin, y)
            self.cell(label_width, bar_height, str(label)[:40])
            length = (width - label_width - 18) * value / top
            colour = BAR_COLOURS[index % len(BAR_COLOURS)]
            self.set_fill_color(*colour)
            if length > 0:
                self.rect(self.l_margin + label_width, y + 0.5, length, bar_height - 1, style="F")
            self.set_xy(self.l_margin + label_width + length + 1.5, y)
            self.cell(16, bar_height, _fmt(value))
            self.set_y(y + bar_height + 1.5)
        self.ln(2)


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def run_pdf(run: ReportRun, language: str) -> bytes:
    language = language_of(language)
    with translation.override(language):
        title = run.title or f"{_('Report')} {run.reference}"
        pdf = ReportPdf(title, language)
        pdf.add_page()
        pdf.heading(str(_("World Customs Organization — Capacity Building Directorate")), 11)
        pdf.heading(title, 18)
        parameters = run.snapshot.get("parameters", {})
        pdf.text_line(f"{_('Period')}: {parameters.get('period_start')} - {parameters.get('period_end')}", 10)
        pdf.text_line(f"{_('Experts as of')}: {parameters.get('as_of')}", 10)
        pdf.text_line(f"{_('Scope')}: {run.scope_label}", 10)
        previous = run.snapshot.get("previous_period", {})
        pdf.text_line(f"{_('Compared with')}: {previous.get('start')} - {previous.get('end')}", 10)
        pdf.ln(4)
        for section in run.snapshot.get("sections", []):
            pdf.heading(localized(section["title"], language), 14)
            for note in section.get("notes", []):
                pdf.text_line(localized(note, language), 8)
            pdf.ln(1)
            headline = [
                [localized(entry["label"], language), entry["value"], entry.get("previous"), entry.get("change")]
                for entry in section.get("headline", [])
            ]
            if headline:
                pdf.grid([_("Figure"), _("Value"), _("Previous period"), _("Change (%)")], headline)
            for table in section.get("tables", []):
                pdf.heading(localized(table["title"], language), 10)
                if table.get("chart"):
                    column, pairs = _numbers(table)
                    if column is not None:
                        pdf.bars([(localized(label, language), value) for label, value in pairs])
                header = [localized(column, language) for column in table["columns"]]
                if table["rows"]:
                    pdf.grid(header, table["rows"], table.get("total"))
                else:
                    pdf.text_line(_("Nothing to count."), 8)
                    pdf.ln(2)
        return bytes(pdf.output())
