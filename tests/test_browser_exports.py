"""In real Chromium: a register export above EXPORT_SYNC_MAX_ROWS becomes a job; its page shows the
progress while the worker builds the file, then reloads by itself and offers the download."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from trienkhai.core.exports import build_export
from trienkhai.core.models import ExportJob
from trienkhai.members.workflow import add_member
from trienkhai.orgs.models import Role, UnitKind
from trienkhai.orgs.workflow import add_membership, create_unit

from .browser import DESKTOP, PHONE, browser, check_a11y, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"


def test_a_large_register_export_shows_its_progress_then_the_download(live_server, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    start = dt.date(2015, 1, 1)
    province = create_unit(
        parent=None, on=start, code="AB", name="Liên đoàn Lao động tỉnh An Bình", kind=UnitKind.PROVINCIAL
    )
    school = create_unit(
        parent=province,
        on=start,
        code="AB-TH",
        name="Công đoàn Trường Tiểu học Hòa Lạc",
        kind=UnitKind.GRASSROOTS,
    )
    for n, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")):
        add_member(unit=school, full_name=name, birth_year=1985 + n, sex="male", joined_on=start)
    chair = get_user_model().objects.create_user("cdcs_hoa", password=PASSWORD, first_name="Hoa")
    add_membership(user=chair, unit=school, role=Role.CDCS_CHAIR, start_date=start, end_date=None)
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(page, live_server.url, "cdcs_hoa", PASSWORD)
        page.goto(f"{live_server.url}/doan-vien/don-vi/{school.pk}/xuat-excel/")
        page.select_option("#id_purpose", "report")
        page.click("#export-form button")
        page.wait_for_selector("#export-progress")
        job = ExportJob.objects.get()
        assert "Đang chờ tạo tệp" in page.inner_text("#export-state")
        shot(page, "exports-job-waiting-desktop")
        page.set_viewport_size(PHONE)
        shot(page, "exports-job-waiting-phone")
        page.set_viewport_size(DESKTOP)
        build_export(job_id=job.pk)  # what the task worker does
        page.wait_for_selector("#export-download", timeout=10_000)  # the polling reloads the page
        shot(page, "exports-job-done-desktop")
        page.set_viewport_size(PHONE)
        shot(page, "exports-job-done-phone")
        page.set_viewport_size(DESKTOP)
        check_a11y(page, "export job")
        with page.expect_download() as download:
            page.click("#export-download")
        assert download.value.suggested_filename == job.filename
