"""In real Chromium: officer_son uploads the seed, corrects a task on the review screen, saves it as a
plan and follows the registry chain 27/KH-LĐLĐ → 79/KH-LĐLĐ → 43-NQ/TW."""

import pytest

from trienkhai.documents.models import Document, LegalBasis
from trienkhai.orgs import demo as org_demo
from trienkhai.orgs.models import Unit
from trienkhai.plans.models import Plan

from .browser import DESKTOP, PHONE, browser, check_a11y, login, shot
from .documents_world import IMMEDIATE, SEED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_review_save_as_plan_and_follow_the_chain(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE  # the worker's reading happens within the upload request here
    units = org_demo.build_units()
    org_demo.build_users(units)
    seed = SEED
    prg = Unit.objects.get(code="PRG")
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(page, live_server.url, "officer_son", org_demo.DEMO_PASSWORD)
        page.click("#nav-documents .dropdown-toggle")  # the navbar menu of documents in, bases, out
        page.click("#nav-documents a[href='/van-ban/']")
        page.click("#upload-link")
        page.wait_for_selector("#dropzone")
        check_a11y(page, "upload")

        # A wrong file first: the message sits under the file field and the unit stays chosen.
        page.select_option("select[name=owner_unit]", str(prg.pk))
        page.set_input_files(
            "#id_file", files=[{"name": "rong.docx", "mimeType": "application/octet-stream", "buffer": b""}]
        )
        page.click("#upload-submit")
        page.wait_for_selector("#file-error")
        assert page.inner_text("#file-error") == "Tệp rỗng, không có nội dung."
        assert page.input_value("select[name=owner_unit]") == str(prg.pk)
        shot(page, "documents-upload-error")
        check_a11y(page, "upload with an error", languages=False)

        # Drag and drop: upload.js hands the dropped file to the ordinary file input.
        page.evaluate(
            """([name, text]) => {
                const dt = new DataTransfer();
                dt.items.add(new File([text], name, {type: "text/plain"}));
                const zone = document.getElementById("dropzone");
                zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
            }""",
            ["ke-hoach-27.txt", seed.read_text(encoding="utf-8")],
        )
        assert page.inner_text("#dropzone .file-picker-name") == "ke-hoach-27.txt"
        shot(page, "documents-upload")
        page.click("#upload-submit")
        page.wait_for_selector("#review-form")
        assert page.locator(".task-item").count() == 26
        assert "26 nhiệm vụ" in page.inner_text("#task-count")
        assert "27/KH-LĐLĐ" in page.inner_text("#parse-warnings")
        shot(page, "documents-review-desktop")
        check_a11y(page, "review")

        page.fill(
            "textarea[name=t-0-text]", "Quán triệt sâu sắc Nghị quyết số 43-NQ/TW đến toàn thể đoàn viên."
        )
        page.fill("input[name=h-place]", "Phú Riềng")
        page.click("#save-plan")
        page.wait_for_url(f"{live_server.url}/ke-hoach/**")
        plan = Plan.objects.get()
        assert plan.tasks.count() == 26
        assert (
            plan.tasks.order_by("group__position", "position").first().text.startswith("Quán triệt sâu sắc")
        )
        assert "phát huy truyền thống" in page.content()
        shot(page, "documents-plan-after-save")
        check_a11y(page, "plan saved from the document")

        document = Document.objects.get()
        assert document.review_state == Document.ReviewState.SAVED
        assert document.original_name == "ke-hoach-27.txt"
        assert document.original.read() == seed.read_bytes()
        phone = b.new_page(viewport=PHONE, locale="vi-VN", is_mobile=True)
        login(phone, live_server.url, "officer_son", org_demo.DEMO_PASSWORD)
        phone.goto(f"{live_server.url}/van-ban/{document.pk}/")
        phone.wait_for_selector("#review-form")
        shot(phone, "documents-review-phone")
        check_a11y(phone, "review on a phone")

        own = LegalBasis.objects.get(number="27/KH-LĐLĐ")
        page.goto(f"{live_server.url}/can-cu/{own.pk}/")
        page.wait_for_selector("#basis-chain")
        chain = page.inner_text("#basis-chain")
        assert chain.index("43-NQ/TW") < chain.index("79/KH-LĐLĐ") < chain.index("27/KH-LĐLĐ")
        shot(page, "documents-registry-chain")
        check_a11y(page, "registry chain")
        page.click("#basis-chain >> text=43-NQ/TW")
        page.wait_for_selector("#basis-below")
        assert "79/KH-LĐLĐ" in page.inner_text("#basis-below")
        check_a11y(page, "registry: 43-NQ/TW")

        page.goto(f"{live_server.url}/can-cu/?q=nghi+quyet+43")
        assert "43-NQ/TW" in page.inner_text("#basis-list")
        shot(page, "documents-registry-search")
        check_a11y(page, "registry search")
