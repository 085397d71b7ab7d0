"""In real Chromium, over the demo: every page passes axe-core (WCAG 2.1 AA, no serious or critical
violation) at 1366 px and at 390 px, in Vietnamese and in English; its tables fit a phone; forms name
and count their errors; dialogs, the unit tree and HTMX swaps work from the keyboard alone."""

import datetime as dt

import pytest

from trienkhai.orgs.demo import DEMO_PASSWORD
from trienkhai.orgs.models import Unit, today
from trienkhai.plans.models import Plan, PlanAssignment, Task, TaskGroup
from trienkhai.reports.demo import TITLE as YEARLY_FORM
from trienkhai.reports.models import Indicator, ReportForm, Submission

from .browser import DESKTOP, browser, check_a11y, login
from .demo_world import load_demo as demo_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo() -> None:
    demo_world()


def _draft_plan() -> Plan:
    on = today()
    plan = Plan.objects.create(
        owner_unit=Unit.objects.get(code="DNI"),
        number="50/KH-LĐLĐ",
        title="Kế hoạch tổ chức Tháng Công nhân năm nay",
        period_start=on,
        period_end=on + dt.timedelta(days=180),
        purposes=["Chăm lo thiết thực cho đoàn viên, người lao động"],
    )
    group = TaskGroup.objects.create(plan=plan, position=0, label="1", title="Tuyên truyền, vận động")
    Task.objects.create(plan=plan, group=group, position=0, code="1.1", text="Treo băng rôn hưởng ứng")
    return plan


def _visit(page, base: str, path: str, name: str) -> None:
    response = page.goto(base + path)
    expected = 404 if name == "not-found" else 200
    assert response is not None and response.status == expected, f"{name}: {path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    check_a11y(page, name, restore=False)


def test_every_page_passes_axe_at_both_widths_in_both_languages(live_server):
    _demo()
    base = live_server.url
    seed = Plan.objects.get(number="27/KH-LĐLĐ", parent_plan=None)
    draft = _draft_plan()
    form = ReportForm.objects.get(plan=seed, title=YEARLY_FORM)
    dni, x_pr = Unit.objects.get(code="DNI"), Unit.objects.get(code="X-PR")
    school = Unit.objects.get(code="PR-THCS-PR")
    submitted = Submission.objects.filter(form=form, year=2026, status="submitted").first()
    approved = Submission.objects.filter(form=form, year=2026, status="approved").first()
    returned = Submission.objects.get(form=form, year=2026, unit__code="PR-CS-PR")
    draft_report = Submission.objects.get(form=form, year=2026, unit=school)
    received = PlanAssignment.objects.filter(unit=school, sub_plan__isnull=True).first()
    sub_plan = Plan.objects.get(owner_unit__code="PR-CS-PR", parent_plan__isnull=False)
    new_form = ReportForm.objects.create(plan=draft, title="Báo cáo nhanh Tháng Công nhân")
    indicator = Indicator.objects.create(form=new_form, code="members", label="Đoàn viên được thăm hỏi")
    pages = {
        None: [("/tai-khoan/dang-nhap/", "login"), ("/khong-co-trang-nay/", "not-found")],
        "chairwoman_lan": [
            ("/", "home"),
            ("/don-vi/", "unit-tree"),
            ("/don-vi/?q=phu+rieng", "unit-search"),
            ("/don-vi/?ngay=2024-06-01", "unit-tree-2024"),
            (f"/don-vi/{dni.pk}/", "unit-detail-writable"),
            (f"/don-vi/{dni.pk}/nhap-excel/", "unit-import"),
            ("/van-ban/", "documents"),
            ("/van-ban/tai-len/", "documents-upload"),
            (f"/van-ban/{seed.document_id}/", "document"),
            ("/can-cu/", "registry"),
            ("/can-cu/?q=nghi+quyet+43", "registry-search"),
            ("/ke-hoach/", "plans"),
            ("/ke-hoach/moi/", "plan-create"),
            (f"/ke-hoach/{seed.pk}/", "plan"),
            (f"/ke-hoach/{seed.pk}/tien-do/", "plan-board"),
            (f"/ke-hoach/{seed.pk}/phien-ban/2/", "plan-version"),
            (f"/ke-hoach/{draft.pk}/", "plan-draft"),
            (f"/ke-hoach/{draft.pk}/sua/", "plan-edit"),
            (f"/ke-hoach/{draft.pk}/sua/nhom/", "plan-rows-groups"),
            (f"/ke-hoach/{draft.pk}/sua/nhiem-vu/", "plan-rows-tasks"),
            (f"/ke-hoach/{draft.pk}/sua/to-chuc/", "plan-rows-duties"),
            (f"/ke-hoach/{draft.pk}/sua/kinh-phi/", "plan-rows-budget"),
            (f"/ke-hoach/{draft.pk}/ban-hanh/", "plan-publish"),
            (f"/ke-hoach/{seed.pk}/sua-doi/", "plan-amend"),
            (f"/bao-cao/ke-hoach/{draft.pk}/bieu-mau/moi/", "report-form-create"),
            (f"/bao-cao/bieu-mau/{new_form.pk}/", "report-form-editable"),
            (f"/bao-cao/bieu-mau/{new_form.pk}/chi-tieu/{indicator.pk}/", "report-indicator-edit"),
            ("/bao-cao/", "reports"),
            (f"/bao-cao/bieu-mau/{form.pk}/", "report-form"),
            (f"/bao-cao/bieu-mau/{form.pk}/bang/{dni.pk}/?nam=2026", "report-board"),
            (f"/bao-cao/{submitted.pk}/", "report-to-review"),
            (f"/bao-cao/{approved.pk}/", "report-approved"),
            (f"/bao-cao/{approved.pk}/lich-su/", "report-history"),
            ("/thong-bao/", "notifications"),
            ("/tai-khoan/doi-mat-khau/", "password-change"),
        ],
        "cdcs_hoa": [
            ("/", "home-cdcs"),
            ("/ke-hoach/", "plans-received"),
            (f"/bao-cao/{draft_report.pk}/", "report-draft"),
        ],
        "cdcs_dung": [
            (f"/ke-hoach/{sub_plan.pk}/", "sub-plan"),
            (f"/bao-cao/{returned.pk}/", "report-returned"),
        ],
        "officer_minh": [
            (f"/bao-cao/bieu-mau/{form.pk}/bang/{x_pr.pk}/?nam=2026", "report-board-commune"),
        ],
    }
    with browser() as b:
        for user, visits in pages.items():
            page = b.new_page(viewport=DESKTOP, locale="vi-VN")
            if user:
                login(page, base, user, DEMO_PASSWORD)
            for path, name in visits:
                _visit(page, base, path, name)
            if user == "cdcs_hoa" and received:
                _visit(page, base, f"/ke-hoach/nhan/{received.pk}/", "plan-assignment")
            page.close()


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches the selector (keyboard only, no click)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def _focus_in(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement.closest(s)", selector)


def _says(page, text: str) -> None:
    """The page's live region (read out by screen readers) comes to hold exactly this text."""
    page.wait_for_function("t => document.getElementById('live-status').textContent === t", arg=text)


def _dialog_keeps_focus(page, dialog: str) -> None:
    """Tab and Shift+Tab, many times round: the focus never leaves the open dialog."""
    assert page.is_visible(f"{dialog}[open]")
    assert _focus_in(page, dialog)
    for key in ["Tab"] * 6 + ["Shift+Tab"] * 6:
        page.keyboard.press(key)
        assert _focus_in(page, dialog), f"{key} left {dialog}"


def test_skip_link_unit_tree_and_dialogs_work_with_the_keyboard_alone(live_server):
    _demo()
    base = live_server.url
    draft = _draft_plan()
    form = ReportForm.objects.get(title=YEARLY_FORM)
    submitted = Submission.objects.filter(form=form, year=2026, status="submitted").first()
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(page, base, "chairwoman_lan", DEMO_PASSWORD)

        # The first Tab of a page reaches "skip to the content"; Enter puts the focus on <main>.
        page.goto(base + "/")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
        assert page.evaluate("() => document.activeElement.getBoundingClientRect().width") > 50  # shown
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"

        # Unit tree: Enter on a closed node loads and shows the units below, says how many; Enter closes it.
        # (The federation as of 2024, as the administrator sees it, is deep enough to load a node lazily.)
        admin = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(admin, base, "admin", DEMO_PASSWORD)
        admin.goto(base + "/don-vi/?ngay=2024-06-01")
        _tab_to(admin, "button.tree-toggle[aria-expanded='false'][hx-get]")
        below = admin.evaluate("() => document.activeElement.getAttribute('aria-controls')")
        admin.keyboard.press("Enter")
        admin.wait_for_selector(f"#{below} a")
        assert admin.get_attribute(f"#{below}", "hidden") is None
        assert admin.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "true"
        _says(admin, f"{admin.locator(f'#{below} > li').count()} đơn vị trực thuộc đã hiện ra")
        check_a11y(admin, "unit tree with a node opened by keyboard", languages=False)
        admin.keyboard.press("Enter")
        assert admin.get_attribute(f"#{below}", "hidden") is not None
        assert admin.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"
        admin.close()

        # Publish: the confirmation dialog holds the focus, Escape gives it back to the button.
        page.goto(f"{base}/ke-hoach/{draft.pk}/ban-hanh/")
        page.fill("#id_on", today().strftime("%d/%m/%Y"))
        page.fill("#id_deadline", (today() + dt.timedelta(days=20)).strftime("%d/%m/%Y"))
        _tab_to(page, "#do-publish")
        page.keyboard.press("Enter")
        _dialog_keeps_focus(page, "#publish-confirm")
        deadline = today() + dt.timedelta(days=20)
        assert f"{deadline.day:02d}/{deadline.month}/{deadline.year}" in page.inner_text("#publish-confirm")
        page.keyboard.press("Escape")
        assert not page.is_visible("#publish-confirm")
        assert page.evaluate("() => document.activeElement.id") == "do-publish"
        page.keyboard.press("Enter")
        _tab_to(page, "#confirm-publish")
        page.keyboard.press("Enter")
        page.wait_for_selector("#open-board")
        draft.refresh_from_db()
        assert draft.status == "published"

        # Return a report: the dialog opens on its confirm button; Escape, then Enter again, then confirm.
        page.goto(f"{base}/bao-cao/{submitted.pk}/")
        _tab_to(page, "#id_comment")
        page.keyboard.type("Đề nghị bổ sung biên bản đối thoại.")
        _tab_to(page, "#btn-return")
        page.keyboard.press("Enter")
        _dialog_keeps_focus(page, "#return-confirm")
        page.keyboard.press("Escape")
        assert page.evaluate("() => document.activeElement.id") == "btn-return"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "confirm-return"
        assert "Đề nghị bổ sung biên bản" in page.inner_text("#return-confirm")
        page.keyboard.press("Enter")
        page.wait_for_selector("#report-status")
        assert page.inner_text("#report-status") == "Bị trả lại"
        submitted.refresh_from_db()
        assert submitted.status == "returned"


def test_htmx_swaps_keep_the_focus_and_say_what_changed(live_server):
    _demo()
    base = live_server.url
    commune_plan = Plan.objects.get(number="12/KH-CĐX")
    school = Unit.objects.get(code="PR-THCS-PR")
    assignment = PlanAssignment.objects.get(plan=commune_plan, unit=school)
    form = ReportForm.objects.get(title=YEARLY_FORM)
    draft_report = Submission.objects.get(form=form, year=2026, unit=school)
    with browser() as b:
        minh = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(minh, base, "officer_minh", DEMO_PASSWORD)
        minh.on("dialog", lambda d: d.accept())  # hx-confirm of "remind all" is the browser's own dialog

        # Remind one unit: the row is replaced; the focus lands on its new state, which is announced.
        minh.goto(f"{base}/ke-hoach/{commune_plan.pk}/tien-do/")
        _tab_to(minh, "button.remind")
        row = minh.evaluate("() => document.activeElement.closest('tr').id")
        unit_name = minh.inner_text(f"#{row} .fw-semibold")
        minh.keyboard.press("Enter")
        minh.wait_for_selector(f"#{row} .remind-done")
        minh.wait_for_function("() => document.activeElement.classList.contains('remind-done')")
        _says(minh, f"Đã nhắc: {unit_name}")

        # Remind all: the board is replaced; the focus goes to the result, which is announced.
        _tab_to(minh, "#remind-all")
        minh.keyboard.press("Enter")
        minh.wait_for_selector("#reminded-now")
        minh.wait_for_function("() => document.activeElement.id === 'reminded-now'")
        _says(minh, " ".join(minh.inner_text("#reminded-now").split()))
        check_a11y(minh, "plan board after reminding all", languages=False)

        # Autosave: the status sits in a live region that stays in the page while its text changes.
        hoa = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(hoa, base, "cdcs_hoa", DEMO_PASSWORD)
        hoa.goto(f"{base}/bao-cao/{draft_report.pk}/")
        field = hoa.locator("#report-form input[name^=v_]").first
        field.fill("97531")
        hoa.wait_for_selector("#autosave-status.text-success", timeout=10000)
        assert (
            hoa.evaluate(
                "() => document.getElementById('autosave-status').parentElement.getAttribute('role')"
            )
            == "status"
        )
        assert "Đã gửi lên máy chủ" in hoa.inner_text("[role=status] #autosave-status")

        # A unit's own plan: adding an action with the keyboard; errors first, then a saved action.
        hoa.goto(f"{base}/ke-hoach/nhan/{assignment.pk}/")
        hoa.wait_for_selector("#pick-tasks")
        _tab_to(hoa, "#create-sub-plan")
        hoa.keyboard.press("Enter")
        hoa.wait_for_selector("#sub-plan-state")
        _tab_to(hoa, ".action-form button.add-action")
        hoa.keyboard.press("Enter")
        hoa.wait_for_function("() => document.activeElement.getAttribute('aria-invalid') === 'true'")
        _says(hoa, "Có 3 lỗi cần sửa.")
        described = hoa.evaluate(
            "() => document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent"
        )
        assert described == "Nhập nội dung hoạt động cụ thể."
        hoa.keyboard.type("Treo băng rôn tại cổng trường")
        hoa.keyboard.press("Tab")
        hoa.keyboard.type("Chủ tịch CĐCS")
        hoa.fill(".action-form input[name=due_date]", (today() + dt.timedelta(days=10)).strftime("%d/%m/%Y"))
        _tab_to(hoa, ".action-form button.add-action")
        hoa.keyboard.press("Enter")
        hoa.wait_for_selector(".action-row")
        hoa.wait_for_function("() => document.activeElement.name === 'text'")  # ready for the next action
        _says(hoa, "Nhiệm vụ này có 1 hoạt động cụ thể.")
        check_a11y(hoa, "sub-plan after adding an action by keyboard", languages=False)

        # The chart of the report board has a text alternative: the table beside it, same figures.
        lan = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(lan, base, "chairwoman_lan", DEMO_PASSWORD)
        lan.goto(f"{base}/bao-cao/bieu-mau/{form.pk}/bang/{Unit.objects.get(code='DNI').pk}/?nam=2026")
        lan.wait_for_selector("#totals-chart")
        chart = lan.evaluate(
            """() => { const c = document.getElementById("totals-chart");
                return {role: c.getAttribute("role"), name: c.getAttribute("aria-label"),
                        note: document.getElementById(c.getAttribute("aria-describedby")).textContent,
                        labels: JSON.parse(document.getElementById("chart-data").textContent).labels,
                        rows: [...document.querySelectorAll("#totals tbody tr td:first-child .indicator-label")].map(s => s.textContent),
                        headers: [...document.querySelectorAll("#totals thead th")].length}; }"""
        )
        assert chart["role"] == "img" and chart["name"]
        assert "bảng bên cạnh" in chart["note"]
        assert chart["headers"] == 3
        assert chart["labels"] and set(chart["labels"]) <= set(chart["rows"])


def _form_errors(page) -> dict:
    """The error summary, whether it has the focus, and for every field marked invalid the texts its
    aria-describedby points at (None for an id that does not exist)."""
    return page.evaluate(
        """() => { const s = document.querySelector(".error-summary");
            return {summary: s ? s.innerText.trim() : null, focused: !!s && document.activeElement === s,
                    links: s ? [...s.querySelectorAll("a")].map(a => !!document.getElementById(a.hash.slice(1))) : [],
                    fields: [...document.querySelectorAll("[aria-invalid=true]")].map(el =>
                        (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean)
                        .map(id => document.getElementById(id) ? document.getElementById(id).textContent.trim() : null))}; }"""
    )


def _assert_errors(page, count: int, heading: str) -> None:
    found = _form_errors(page)
    assert found["summary"] and found["summary"].startswith(heading), found
    assert found["focused"], "the error summary takes the focus"
    assert all(found["links"]), "every link of the summary leads to its field"
    assert found["fields"], "the fields with errors are marked aria-invalid"
    for texts in found["fields"]:
        assert texts and None not in texts and any(texts), f"an error not tied to its field: {texts}"
    assert len(found["links"]) <= count


def test_form_errors_are_counted_and_tied_to_their_fields(live_server):
    _demo()
    base = live_server.url
    draft = _draft_plan()
    school = Unit.objects.get(code="PR-THCS-PR")
    form = ReportForm.objects.get(title=YEARLY_FORM)
    draft_report = Submission.objects.get(form=form, year=2026, unit=school)
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(page, base, "chairwoman_lan", DEMO_PASSWORD)

        # A form rendered by _form.html: three required fields left empty.
        page.goto(base + "/tai-khoan/doi-mat-khau/")
        page.evaluate(
            "() => document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))"
        )
        page.click("main button[type=submit]")
        page.wait_for_selector(".error-summary")
        _assert_errors(page, 3, "Có 3 lỗi cần sửa.")
        check_a11y(page, "password change with errors", languages=False)

        # The same in English.
        host = live_server.url.split("//")[1].split(":")[0]
        page.context.add_cookies([{"name": "django_language", "value": "en", "domain": host, "path": "/"}])
        page.goto(base + "/tai-khoan/doi-mat-khau/")
        page.evaluate(
            "() => document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))"
        )
        page.click("main button[type=submit]")
        page.wait_for_selector(".error-summary")
        _assert_errors(page, 3, "3 errors to fix.")
        check_a11y(page, "password change with errors, in English", languages=False)
        page.context.add_cookies([{"name": "django_language", "value": "vi", "domain": host, "path": "/"}])

        # A form written by hand: publishing without dates.
        page.goto(f"{base}/ke-hoach/{draft.pk}/ban-hanh/")
        page.fill("#id_on", "")
        page.fill("#id_deadline", "")
        page.click("#do-publish")
        page.click("#confirm-publish")
        page.wait_for_selector(".error-summary")
        _assert_errors(page, 2, "Có 2 lỗi cần sửa.")
        assert page.get_attribute("#id_on", "aria-invalid") == "true"
        assert page.get_attribute("#id_on", "aria-describedby") == "id_on_helptext id_on_error"
        check_a11y(page, "publish with errors", languages=False)

        # The report form: a value that is not a number, on submit.
        hoa = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(hoa, base, "cdcs_hoa", DEMO_PASSWORD)
        hoa.goto(f"{base}/bao-cao/{draft_report.pk}/")
        numeric = hoa.locator("#report-form input[inputmode=decimal]").first
        key = numeric.get_attribute("id")
        numeric.fill("mười hai")
        hoa.click("#btn-submit")
        hoa.wait_for_selector(".error-summary")
        found = _form_errors(hoa)
        assert found["focused"] and found["summary"].startswith("Có ")
        assert hoa.get_attribute(f"#{key}", "aria-invalid") == "true"
        assert hoa.inner_text(f"#err-{key[2:]}") != ""
        assert f"err-{key[2:]}" in hoa.get_attribute(f"#{key}", "aria-describedby")
        _assert_errors(hoa, 50, "Có ")
        check_a11y(hoa, "report with errors", languages=False)
