"""Submissions through HTTP: the full cycle, validation, lost updates, reopening, files, lateness."""

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from trienkhai.core.models import Notification
from trienkhai.reports.models import Indicator, Submission, SubmissionEvent, SubmissionValue

from .reports_world import ReportWorld

S = Submission.Status


class FullCycleTests(ReportWorld):
    def test_submit_return_resubmit_approve_then_locked(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.post(sub, "submit", **self.good_values())
        assert r.status_code == 302
        sub.refresh_from_db()
        assert sub.status == S.SUBMITTED
        assert Notification.objects.filter(user=self.officer_minh, verb="submitted").exists()

        self.login(self.officer_minh)
        r = self.client.post(
            f"/bao-cao/{sub.pk}/duyet/",
            {"action": "return", "comment": "Xem lại số buổi", "c_sessions": "Số buổi phải khớp biên bản"},
        )
        sub.refresh_from_db()
        assert sub.status == S.RETURNED
        assert sub.field_comments == {"sessions": "Số buổi phải khớp biên bản"}
        assert Notification.objects.filter(user=self.cdcs_hoa, verb="returned").exists()

        self.login(self.cdcs_hoa)
        page = self.client.get(f"/bao-cao/{sub.pk}/")
        self.assertContains(page, "Số buổi phải khớp biên bản")
        r = self.post(sub, "submit", **{**self.good_values(), "v_sessions": "5"})
        sub.refresh_from_db()
        assert sub.status == S.RESUBMITTED

        self.login(self.officer_minh)
        self.client.post(f"/bao-cao/{sub.pk}/duyet/", {"action": "approve"})
        sub.refresh_from_db()
        assert sub.status == S.APPROVED
        assert [e.to_status for e in sub.events.all()] == ["submitted", "returned", "resubmitted", "approved"]

        self.login(self.cdcs_hoa)
        r = self.post(sub, "save", v_sessions="99")
        assert r.status_code == 302
        assert SubmissionValue.objects.get(submission=sub, key="sessions").raw == "5"
        self.assertNotContains(self.client.get(f"/bao-cao/{sub.pk}/"), 'name="v_sessions"')

    def test_member_cannot_review_own_unit(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        self.post(sub, "submit", **self.good_values())
        r = self.client.post(f"/bao-cao/{sub.pk}/duyet/", {"action": "approve"})
        assert r.status_code == 404
        sub.refresh_from_db()
        assert sub.status == S.SUBMITTED

    def test_return_needs_a_comment(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        self.post(sub, "submit", **self.good_values())
        self.login(self.officer_minh)
        self.client.post(f"/bao-cao/{sub.pk}/duyet/", {"action": "return", "comment": ""})
        sub.refresh_from_db()
        assert sub.status == S.SUBMITTED


class LatenessTests(ReportWorld):
    def test_on_time_when_submitted_before_deadline(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        self.post(sub, "submit", **self.good_values())
        sub.refresh_from_db()
        assert sub.is_late is False

    def test_late_when_submitted_after_deadline(self):
        sub = self.school_submission()
        Submission.objects.filter(pk=sub.pk).update(deadline=dt.date(2020, 1, 1))
        sub.refresh_from_db()
        self.login(self.cdcs_hoa)
        self.post(sub, "submit", **self.good_values())
        sub.refresh_from_db()
        assert sub.is_late is True
        self.assertContains(self.client.get(f"/bao-cao/{sub.pk}/"), "Nộp muộn")


class ValidationTests(ReportWorld):
    def submit(self, **changes):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.post(sub, "submit", **{**self.good_values(), **changes})
        sub.refresh_from_db()
        return sub, r

    def test_negative_number_is_refused_and_kept(self):
        sub, r = self.submit(v_sessions="-3")
        assert r.status_code == 400
        assert sub.status == S.DRAFT
        self.assertContains(r, "Không được là số âm.", status_code=400)
        self.assertContains(r, 'value="-3"', status_code=400)
        assert SubmissionValue.objects.get(submission=sub, key="sessions").raw == "-3"

    def test_percent_over_100(self):
        sub, r = self.submit(v_rate="120")
        self.assertContains(r, "Tỷ lệ phải từ 0 đến 100%.", status_code=400)
        self.assertContains(r, 'value="120"', status_code=400)

    def add_score(self) -> None:
        Indicator.objects.create(
            form=self.form, code="score", label="Điểm tự đánh giá", unit_of_measure="điểm (thang 100)",
            kind=Indicator.Kind.DECIMAL, max_value=100, required=False, position=9,
        )  # fmt: skip

    def test_score_above_its_maximum_is_refused_on_submit(self):
        self.add_score()
        sub, r = self.submit(v_score="150")
        assert sub.status == S.DRAFT
        self.assertContains(
            r, "Vượt giá trị tối đa: đã nhập 150, tối đa 100 điểm (thang 100).", status_code=400
        )
        self.assertContains(r, 'value="150"', status_code=400)

    def test_score_at_its_maximum_is_accepted(self):
        self.add_score()
        sub, _r = self.submit(v_score="100")
        assert sub.status == S.SUBMITTED

    def test_form_builder_sets_a_maximum_typed_the_vietnamese_way(self):
        self.login(self.chairwoman_lan)
        url = f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu/moi/"
        data = {"code": "score", "label": "Điểm", "kind": "decimal", "position": 9}
        self.assertContains(
            self.client.post(url, {**data, "max_value": "0"}),
            "Giá trị tối đa phải lớn hơn 0.",
            status_code=200,
        )
        assert self.client.post(url, {**data, "max_value": "10,5"}).status_code == 302
        assert Indicator.objects.get(form=self.form, code="score").max_value == Decimal("10.5")

    def test_score_above_its_maximum_is_refused_as_typed(self):
        self.add_score()
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.client.post(
            f"/bao-cao/{sub.pk}/tu-dong-luu/",
            {"lock_version": sub.lock_version, "v_score": "150"},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(r, 'id="err-score"')
        self.assertContains(r, "Vượt giá trị tối đa: đã nhập 150, tối đa 100 điểm (thang 100).")
        assert SubmissionValue.objects.get(submission=sub, key="score").raw == "150"  # kept as typed

    def test_integer_with_decimals(self):
        sub, r = self.submit(v_sessions="2,5")
        self.assertContains(r, "Phải là số nguyên", status_code=400)

    def test_rule_violated(self):
        sub, r = self.submit(v_new_members="120", v_total_members="85")
        assert sub.status == S.DRAFT
        self.assertContains(r, "không được lớn hơn tổng số đoàn viên", status_code=400)
        self.assertContains(r, 'value="120"', status_code=400)

    def test_missing_narrative(self):
        sub, r = self.submit(**{f"v_{self.narrative.key}": "  "})
        assert sub.status == S.DRAFT
        self.assertContains(r, "Chưa nhập kết quả thực hiện cho nhóm nhiệm vụ này.", status_code=400)

    def test_valid_vietnamese_numbers_are_read(self):
        sub, r = self.submit()
        assert sub.status == S.SUBMITTED
        assert SubmissionValue.objects.get(submission=sub, key="spent").number == 3500000
        assert SubmissionValue.objects.get(submission=sub, key="rate").number == 92.5


class AutosaveTests(ReportWorld):
    def test_autosave_keeps_invalid_values_and_returns_message(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.client.post(
            f"/bao-cao/{sub.pk}/tu-dong-luu/",
            {"lock_version": sub.lock_version, "v_sessions": "abc", "v_rate": "50"},
            HTTP_HX_REQUEST="true",
        )
        assert r.status_code == 200
        self.assertContains(r, "Đã gửi lên máy chủ")
        self.assertContains(r, "Không phải là số")
        assert SubmissionValue.objects.get(submission=sub, key="sessions").raw == "abc"
        sub.refresh_from_db()
        self.assertContains(r, f'value="{sub.lock_version}"')

    def test_autosave_with_stale_version_writes_nothing(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.client.post(
            f"/bao-cao/{sub.pk}/tu-dong-luu/", {"lock_version": sub.lock_version + 7, "v_sessions": "3"}
        )
        self.assertContains(r, "Người khác vừa lưu")
        assert not SubmissionValue.objects.filter(submission=sub).exists()


class LostUpdateTests(ReportWorld):
    def test_second_save_gets_conflict_screen_with_both_versions(self):
        sub = self.school_submission()
        version = sub.lock_version
        self.login(self.cdcs_hoa)
        self.client.post(
            f"/bao-cao/{sub.pk}/", {"action": "save", "lock_version": version, "v_sessions": "4"}
        )
        # The officer opened the same draft before Hoa saved, and now saves on behalf of the unit.
        self.login(self.officer_minh)
        r = self.client.post(
            f"/bao-cao/{sub.pk}/", {"action": "save", "lock_version": version, "v_sessions": "7"}
        )
        assert r.status_code == 409
        self.assertContains(r, "Bản người khác đã lưu", status_code=409)
        self.assertContains(r, 'value="7"', status_code=409)  # mine, still in the form
        self.assertContains(r, ">4<", status_code=409)  # theirs, saved
        assert SubmissionValue.objects.get(submission=sub, key="sessions").raw == "4"
        sub.refresh_from_db()
        self.assertContains(
            r, f'name="lock_version" id="lock_version" value="{sub.lock_version}"', status_code=409
        )


class OwnAutosaveTests(ReportWorld):
    PAGE = "0123456789abcdef0123456789abcdef"
    OTHER_PAGE = "fedcba9876543210fedcba9876543210"

    def test_submit_right_after_own_autosave_is_not_a_conflict(self):
        # The page posted its submit with the version it had before its own autosave was answered.
        sub = self.school_submission()
        version = sub.lock_version
        self.login(self.cdcs_hoa)
        self.client.post(
            f"/bao-cao/{sub.pk}/tu-dong-luu/",
            {"lock_version": version, "client": self.PAGE, "v_sessions": "4"},
            HTTP_HX_REQUEST="true",
        )
        values = {**self.good_values(), "action": "submit", "lock_version": version, "client": self.PAGE}
        r = self.client.post(f"/bao-cao/{sub.pk}/", values)
        assert r.status_code == 302
        sub.refresh_from_db()
        assert sub.status == S.SUBMITTED
        assert SubmissionValue.objects.get(submission=sub, key="sessions").raw == "4"

    def test_same_user_in_another_page_still_gets_the_conflict(self):
        sub = self.school_submission()
        version = sub.lock_version
        self.login(self.cdcs_hoa)
        self.client.post(
            f"/bao-cao/{sub.pk}/",
            {"action": "save", "lock_version": version, "client": self.OTHER_PAGE, "v_sessions": "4"},
        )
        r = self.client.post(
            f"/bao-cao/{sub.pk}/",
            {"action": "save", "lock_version": version, "client": self.PAGE, "v_sessions": "9"},
        )
        assert r.status_code == 409
        assert SubmissionValue.objects.get(submission=sub, key="sessions").raw == "4"

    def test_own_page_after_someone_else_saved_gets_the_conflict(self):
        sub = self.school_submission()
        version = sub.lock_version
        self.login(self.cdcs_hoa)
        self.client.post(
            f"/bao-cao/{sub.pk}/",
            {"action": "save", "lock_version": version, "client": self.PAGE, "v_sessions": "4"},
        )
        self.login(self.officer_minh)
        self.client.post(
            f"/bao-cao/{sub.pk}/",
            {"action": "save", "lock_version": version + 1, "client": self.OTHER_PAGE, "v_sessions": "5"},
        )
        self.login(self.cdcs_hoa)
        r = self.client.post(
            f"/bao-cao/{sub.pk}/",
            {"action": "save", "lock_version": version + 1, "client": self.PAGE, "v_sessions": "6"},
        )
        assert r.status_code == 409
        assert SubmissionValue.objects.get(submission=sub, key="sessions").raw == "5"


class ReopenTests(ReportWorld):
    def approved(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        self.post(sub, "submit", **self.good_values())
        self.login(self.officer_minh)
        self.client.post(f"/bao-cao/{sub.pk}/duyet/", {"action": "approve"})
        sub.refresh_from_db()
        assert sub.status == S.APPROVED
        return sub

    def test_reviewer_reopens_with_reason(self):
        sub = self.approved()
        self.client.post(f"/bao-cao/{sub.pk}/mo-lai/", {"reason": "Sai số đoàn viên"})
        sub.refresh_from_db()
        assert sub.status == S.RETURNED
        event = sub.events.last()
        assert (event.from_status, event.to_status, event.comment) == (
            "approved",
            "returned",
            "Sai số đoàn viên",
        )
        assert event.actor == self.officer_minh

    def test_reopen_without_reason_is_refused(self):
        sub = self.approved()
        self.client.post(f"/bao-cao/{sub.pk}/mo-lai/", {"reason": "  "})
        sub.refresh_from_db()
        assert sub.status == S.APPROVED

    def test_unit_member_cannot_reopen(self):
        sub = self.approved()
        self.login(self.cdcs_hoa)
        r = self.client.post(f"/bao-cao/{sub.pk}/mo-lai/", {"reason": "Muốn sửa"})
        assert r.status_code == 404
        sub.refresh_from_db()
        assert sub.status == S.APPROVED
        assert not SubmissionEvent.objects.filter(submission=sub, to_status="returned").exists()


class EvidenceTests(ReportWorld):
    def test_pdf_is_attached(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        f = SimpleUploadedFile("bien-ban.pdf", tiny_pdf(), content_type="application/pdf")
        r = self.client.post(f"/bao-cao/{sub.pk}/minh-chung/", {"files": f}, follow=True)
        self.assertContains(r, "Đã đính kèm «bien-ban.pdf»")
        assert sub.evidence.count() == 1

    def test_evidence_downloads_only_within_scope(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        f = SimpleUploadedFile("bien-ban.pdf", tiny_pdf(), content_type="application/pdf")
        self.client.post(f"/bao-cao/{sub.pk}/minh-chung/", {"files": f})
        url = f"/bao-cao/{sub.pk}/minh-chung/{sub.evidence.get().pk}/"
        r = self.client.get(url)
        assert r.status_code == 200
        assert b"".join(r.streaming_content) == tiny_pdf()
        self.login(self.officer_minh)  # reviewer above the school
        assert self.client.get(url).status_code == 200
        self.login(self.outsider)
        assert self.client.get(url).status_code == 404

    def test_evidence_whose_file_storage_lost_gets_404_not_500(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        f = SimpleUploadedFile("bien-ban.pdf", tiny_pdf(), content_type="application/pdf")
        self.client.post(f"/bao-cao/{sub.pk}/minh-chung/", {"files": f})
        evidence = sub.evidence.get()
        evidence.file.storage.delete(evidence.file.name)
        r = self.client.get(f"/bao-cao/{sub.pk}/minh-chung/{evidence.pk}/")
        assert r.status_code == 404

    def test_bad_type_is_refused_with_message(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        f = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
        r = self.client.post(f"/bao-cao/{sub.pk}/minh-chung/", {"files": f}, follow=True)
        self.assertContains(r, "Không nhận tệp «virus.exe»")
        assert sub.evidence.count() == 0

    @override_settings(REPORT_UPLOAD_MAX_BYTES=10)
    def test_too_big_is_refused_with_message(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        f = SimpleUploadedFile("anh.jpg", b"x" * 100, content_type="image/jpeg")
        r = self.client.post(f"/bao-cao/{sub.pk}/minh-chung/", {"files": f}, follow=True)
        self.assertContains(r, "quá lớn")
        assert sub.evidence.count() == 0


def tiny_pdf() -> bytes:
    """A real one-page PDF."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def office_zip(parts: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


class EvidenceContentTests(ReportWorld):
    """Evidence is checked by content as document ingest is, not by its extension alone."""

    def attach(self, name: str, data: bytes):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        f = SimpleUploadedFile(name, data)
        response = self.client.post(f"/bao-cao/{sub.pk}/minh-chung/", {"files": f}, follow=True)
        assert sub.evidence.count() == 0, name
        return response

    def test_empty_pdf(self):
        self.assertContains(self.attach("trong.pdf", b""), "Không nhận tệp «trong.pdf»")

    def test_random_bytes_named_docx(self):
        self.assertContains(
            self.attach("bao-cao.docx", bytes(range(256)) * 40), "Không nhận tệp «bao-cao.docx»"
        )

    def test_html_named_pdf(self):
        html = b"<!doctype html><html><script>alert(1)</script></html>"
        self.assertContains(self.attach("bien-ban.pdf", html), "Không nhận tệp «bien-ban.pdf»")

    def test_macro_document_renamed_docx_is_called_a_macro_file(self):
        macro = office_zip(
            {
                "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" '
                b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
                "word/document.xml": b"<w:document/>",
                "word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(100),
            }
        )
        self.assertContains(self.attach("ke-hoach.docx", macro), "Tệp có macro")

    def test_zip_bomb(self):
        import io
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            with zf.open("word/document.xml", "w", force_zip64=True) as entry:
                for _ in range(60):
                    entry.write(bytes(4 * 1024 * 1024))
        self.assertContains(self.attach("bom.docx", buf.getvalue()), "Không nhận tệp «bom.docx»")

    def test_a_real_pdf_and_image_pass(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        from .upload_corpus import png_image

        png = png_image(4, 4)
        for name, data in (("bien-ban.pdf", tiny_pdf()), ("anh.png", png)):
            self.client.post(f"/bao-cao/{sub.pk}/minh-chung/", {"files": SimpleUploadedFile(name, data)})
        assert sub.evidence.count() == 2


class HistoryTests(ReportWorld):
    def test_history_shows_who_changed_what_from_what(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        self.post(sub, "save", v_sessions="4")
        sub.refresh_from_db()
        self.post(sub, "save", v_sessions="6")
        r = self.client.get(f"/bao-cao/{sub.pk}/lich-su/")
        self.assertContains(r, "Số buổi tuyên truyền")
        self.assertContains(r, '<td class="text-muted">4</td><td>6</td>', html=False)
        self.assertContains(r, "Hoa")

    def test_history_opens_for_values_saved_outside_a_request(self):
        # The demo loader and the task worker save values with no request, so history has no user.
        from trienkhai.reports.workflow import save_values

        sub = self.school_submission()
        save_values(submission=sub, values={"sessions": "2"}, lock_version=sub.lock_version, user=None)
        self.login(self.cdcs_hoa)
        sub.refresh_from_db()
        self.post(sub, "save", v_sessions="3")
        r = self.client.get(f"/bao-cao/{sub.pk}/lich-su/")
        assert r.status_code == 200
        self.assertContains(r, '<td class="text-muted">2</td><td>3</td>', html=False)
        self.assertContains(r, "—")

    def test_report_page_opens_when_a_state_change_has_no_actor(self):
        from trienkhai.reports.workflow import submit_submission

        sub = self.school_submission()
        values = {k[2:]: v for k, v in self.good_values().items()}
        submit_submission(submission=sub, values=values, lock_version=sub.lock_version, user=None)
        self.login(self.cdcs_hoa)
        r = self.client.get(f"/bao-cao/{sub.pk}/")
        self.assertContains(r, "hệ thống")


class OnBehalfTests(ReportWorld):
    def test_reviewer_entering_marks_on_behalf(self):
        sub = self.school_submission()
        self.login(self.officer_minh)
        self.post(sub, "save", v_sessions="3")
        sub.refresh_from_db()
        assert sub.entered_on_behalf
        self.assertContains(self.client.get(f"/bao-cao/{sub.pk}/"), "Cấp trên nhập thay")


class NotificationPageTests(ReportWorld):
    def test_bell_count_and_mark_read(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        self.post(sub, "submit", **self.good_values())
        self.login(self.officer_minh)
        self.assertContains(self.client.get("/"), 'id="unread-count">1<')
        note = Notification.objects.get(user=self.officer_minh)
        r = self.client.post(f"/thong-bao/{note.pk}/doc/")
        assert r.status_code == 302 and r["Location"] == f"/bao-cao/{sub.pk}/"
        note.refresh_from_db()
        assert note.read_at is not None
        self.assertNotContains(self.client.get("/"), 'id="unread-count"')

    def test_other_users_notification_is_404(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        self.post(sub, "submit", **self.good_values())
        note = Notification.objects.get(user=self.officer_minh)
        self.login(self.outsider)
        assert self.client.post(f"/thong-bao/{note.pk}/doc/").status_code == 404
        assert len(mail.outbox) == 0  # nobody in the world has an address


class WordingTests(ReportWorld):
    def test_unit_of_measure_is_not_printed_twice(self):
        self.form.indicators.filter(code="spent").update(
            label="Kinh phí đã chi (đồng)", unit_of_measure="đồng"
        )
        self.login(self.cdcs_hoa)
        page = self.client.get(f"/bao-cao/{self.school_submission().pk}/").content.decode()
        assert "Kinh phí đã chi (đồng)</label>" in page
        assert '(đồng)</label> <span class="text-muted small">(đồng)</span>' not in page
        self.form.indicators.filter(code="spent").update(label="Kinh phí đã chi")
        page = self.client.get(f"/bao-cao/{self.school_submission().pk}/").content.decode()
        assert 'Kinh phí đã chi</label> <span class="text-muted small">(đồng)</span>' in page

    def test_notifications_never_say_bao_cao_bao_cao_and_the_log_names_fields_by_label(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        self.post(sub, "submit", **self.good_values())
        self.login(self.officer_minh)
        self.client.post(
            f"/bao-cao/{sub.pk}/duyet/",
            {"action": "return", "comment": "", "c_sessions": "Thiếu biên bản"},
        )
        note = Notification.objects.get(user=self.cdcs_hoa, verb="returned")
        assert note.text.startswith("Báo cáo năm — Năm")
        assert "Báo cáo Báo cáo" not in note.text
        event = SubmissionEvent.objects.get(submission=sub, to_status=S.RETURNED)
        assert "Số buổi tuyên truyền: Thiếu biên bản" in event.comment
        assert "sessions" not in event.comment
