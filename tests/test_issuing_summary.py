"""A federation's result report summarises and a reminder to many units puts them in an annex (issue 26,
point 11): the body does not grow with the number of CĐCS, nothing is cut inside a sentence, the best and
the lagging units are named, and the units are listed in an annex table that lib.render lays out."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import docx
from django.utils import timezone

from trienkhai.issuing import compose
from trienkhai.lib.render import render_docx
from trienkhai.orgs.models import UnitKind
from trienkhai.orgs.workflow import create_unit
from trienkhai.plans.models import PlanAssignment
from trienkhai.reports.models import Submission, SubmissionValue
from trienkhai.reports.workflow import open_submission

from .reports_world import ReportWorld
from .world import START

YEAR = 2025
ON = dt.date(2026, 3, 10)
MANY = 130
# Two sentences, the second long: a quote over the limit keeps the first sentence only.
LONG = (
    "Đã tổ chức {n} buổi tuyên truyền Nghị quyết 43 cho toàn thể đoàn viên. "
    + "Công đoàn phối hợp với chuyên môn nâng cao nhận thức và bản lĩnh chính trị, giác ngộ giai cấp, " * 6
    + "cho người lao động."
)


def body_texts(doc: dict) -> list[str]:
    """Every paragraph and item of the body (preamble, sections, closing), not the tables."""
    out = list(doc["preamble"])

    def walk(sections):
        for s in sections:
            out.extend(s["paragraphs"])
            out.extend(s["items"])
            walk(s["children"])

    walk(doc["sections"])
    return out + list(doc["closing"])


class ResultReportSummaryTests(ReportWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cdcs = []
        for i in range(MANY):
            unit = create_unit(
                parent=cls.commune,
                on=START,
                code=f"AB-HL-{i:03d}",
                name=f"Công đoàn Công ty số {i:03d}",
                kind=UnitKind.GRASSROOTS,
            )
            PlanAssignment.objects.create(plan=cls.plan, unit=unit, sent_on=START, deadline=START)
            cls.cdcs.append(unit)
        # Every unit but the last ten reports; sessions = its number + 1, so 128 is the best of all.
        for i, unit in enumerate(cls.cdcs[:-10]):
            sub = open_submission(form=cls.form, unit=unit, year=YEAR, index=1)
            for key, raw in {"sessions": i + 1, cls.narrative.key: LONG.format(n=i + 1)}.items():
                number = raw if isinstance(raw, int) else None
                SubmissionValue.objects.create(submission=sub, key=key, raw=str(raw), number=number)
            Submission.objects.filter(pk=sub.pk).update(
                status=Submission.Status.APPROVED, submitted_at=timezone.now(), approved_at=timezone.now()
            )

    def report(self, unit=None) -> dict:
        return compose.report_content(self.form, unit or self.province, YEAR, 1, code="LĐLĐ", on=ON)

    def test_result_report_body_does_not_grow_with_the_number_of_cdcs(self):
        doc = self.report()
        self.assertLessEqual(len(body_texts(doc)), 25)
        (annex,) = doc["annexes"]
        self.assertEqual(len(annex["table"]["rows"]), MANY + 2)  # every unit, in the annex table

    def test_no_paragraph_of_the_result_report_ends_inside_a_sentence(self):
        for text in body_texts(self.report()):
            self.assertRegex(text, r"[.:;]$", text)
            self.assertNotIn("…", text)
        quote = next(t for t in body_texts(self.report()) if "Nghị quyết 43 cho" in t)
        self.assertTrue(quote.endswith("Nghị quyết 43 cho toàn thể đoàn viên."), quote)

    def test_result_report_names_the_best_and_the_lagging_units(self):
        text = " ".join(body_texts(self.report()))
        best = re.search(r"cao nhất[^:]*: ([^.]*)\.", text).group(1)
        lagging = re.search(r"thấp nhất[^:]*: ([^.]*)\.", text).group(1)
        self.assertTrue(best.startswith("Công đoàn Công ty số 119 (120)"), best)
        self.assertTrue(lagging.startswith("Công đoàn Công ty số 000 (1)"), lagging)

    def test_a_report_of_a_few_units_still_quotes_each_of_them(self):
        doc = compose.report_content(self.form, self.school, YEAR, 1, code="CĐCS", on=ON)
        self.assertNotIn("annexes", doc)

    def test_result_report_renders_with_its_annex_table(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = render_docx(self.report(), Path(tmp) / "bc.docx")
            d = docx.Document(str(path))
        texts = [p.text for p in d.paragraphs]
        self.assertIn("Phụ lục", texts)
        self.assertTrue(any(t.startswith("(Kèm theo Báo cáo số") for t in texts))
        annex = d.tables[-1]
        self.assertEqual(len(annex.rows), MANY + 3)  # header + every unit
        self.assertEqual(annex.rows[1].cells[1].text, "Công đoàn Công ty May Hòa Lạc")
        self.assertLess(len([t for t in texts if t.strip()]), 60)

    def test_reminder_to_many_late_units_lists_them_in_an_annex(self):
        late = compose.report_late_units(self.form, self.province, YEAR + 1, 1, on=dt.date(YEAR + 2, 3, 1))
        self.assertGreater(len(late), 100)
        doc = compose.report_reminder_content(self.form, self.province, YEAR + 1, 1, late, code="LĐLĐ", on=ON)
        self.assertEqual(doc["addressees"], ["Các đơn vị có tên tại Phụ lục"])
        self.assertEqual(doc["recipients"], ["Các đơn vị có tên tại Phụ lục"])
        self.assertEqual(doc["sections"][0]["items"], [])
        self.assertEqual(len(doc["annexes"][0]["table"]["rows"]), len(late))
        with tempfile.TemporaryDirectory() as tmp:
            d = docx.Document(str(render_docx(doc, Path(tmp) / "cv.docx")))
        self.assertEqual(len(d.tables[-1].rows), len(late) + 1)
        self.assertIn(
            "- Các đơn vị có tên tại Phụ lục;",
            [p.text for t in d.tables for c in t._cells for p in c.paragraphs],
        )

    def test_reminder_to_a_few_late_units_names_them_and_has_no_annex(self):
        late = compose.report_late_units(self.form, self.commune, YEAR, 1, on=ON)[:2]
        doc = compose.report_reminder_content(self.form, self.commune, YEAR, 1, late, code="CĐX", on=ON)
        self.assertEqual(doc["recipients"], [u.unit.name for u in late])
        self.assertNotIn("annexes", doc)


def test_sentences_cut_at_a_sentence_end_or_not_at_all():
    self_long = "Một câu ngắn. " + "Câu thứ hai rất dài " * 40 + "kết thúc."
    assert compose.sentences(self_long) == "Một câu ngắn."
    one_sentence = "Không có dấu chấm nào " * 40
    assert compose.sentences(one_sentence) == " ".join(one_sentence.split()) + "."
    assert compose.sentences("Nội dung «bản lĩnh chính…» đến đoàn viên. " + "x " * 300).endswith("đoàn viên.")
