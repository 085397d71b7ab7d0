"""The load benchmark's writes are posted as the browser posts them (bench/bench_load.py, issue 23): the
fields a form sends, what htmx adds to an autosave, the button of a submit or an approval."""

from bench.bench_load import (
    autosave_request,
    button_request,
    form_fields,
    has_form,
    saved_lock_version,
    typed,
)

PAGE = """
<form method="post" id="report-form" action="/bao-cao/7/">
<input type="hidden" name="csrfmiddlewaretoken" value="tok&amp;en">
<input type="hidden" name="lock_version" id="lock_version" value="4">
<input type="hidden" name="client" value="a1b2">
<table><tr><td><input class="form-control" name="v_members" id="v_members" value="120" inputmode="decimal"></td>
<td><textarea name="v_nar-3" rows="3">
Đã tổ chức 2 buổi</textarea></td>
<td><select name="v_has_cba"><option value=""></option><option value="Có" selected>Có</option>
<option value="Không">Không</option></select></td>
<td><select name="v_kind"><option>Một</option><option>Hai</option></select></td>
<td><input name="v_locked" value="1" disabled><input type="checkbox" name="agree"></td>
<td><input form="review-form" name="c_members" value=""></td></tr></table>
<button name="action" value="save">Lưu nháp</button><button name="action" value="submit">Nộp</button>
</form>
<form method="post" action="/bao-cao/7/duyet/" id="review-form">
<input type="hidden" name="csrfmiddlewaretoken" value="tok&amp;en">
<textarea name="comment"></textarea>
<button name="action" value="approve">Duyệt</button>
</form>
"""


def test_report_form_posts_its_inputs_textareas_and_selects_as_the_browser_does():
    assert form_fields(PAGE, "report-form") == [
        ("csrfmiddlewaretoken", "tok&en"),
        ("lock_version", "4"),
        ("client", "a1b2"),
        ("v_members", "120"),
        ("v_nar-3", "Đã tổ chức 2 buổi"),
        ("v_has_cba", "Có"),
        ("v_kind", "Một"),
    ]


def test_a_field_outside_a_form_that_names_it_is_posted_with_that_form():
    assert form_fields(PAGE, "review-form") == [
        ("c_members", ""),
        ("csrfmiddlewaretoken", "tok&en"),
        ("comment", ""),
    ]


def test_a_page_without_the_form_has_no_fields():
    assert form_fields("<p>Đã nộp báo cáo.</p>", "report-form") == []
    assert not has_form("<p>Đã nộp báo cáo.</p>", "report-form")
    assert has_form(PAGE, "review-form")


def test_typing_replaces_only_the_typed_field():
    fields = typed(form_fields(PAGE, "report-form"), {"v_members": "125"})
    assert ("v_members", "125") in fields and ("lock_version", "4") in fields
    assert len(fields) == 7


def test_typing_in_a_field_the_form_lacks_is_refused_not_posted_silently():
    try:
        typed(form_fields(PAGE, "report-form"), {"v_nothing": "1"})
    except KeyError as error:
        assert "v_nothing" in str(error)
    else:
        raise AssertionError("a field the form lacks was accepted")


def test_autosave_posts_the_whole_form_with_the_htmx_and_csrf_headers():
    data, headers = autosave_request(form_fields(PAGE, "report-form"), page_url="http://h/bao-cao/7/")
    assert ("lock_version", "4") in data and ("client", "a1b2") in data
    assert ("csrfmiddlewaretoken", "tok&en") in data
    assert not any(name == "action" for name, _value in data)
    assert headers["HX-Request"] == "true" and headers["X-CSRFToken"] == "tok&en"


def test_submit_and_approve_post_their_form_with_the_button_pressed():
    submit, _headers = button_request(form_fields(PAGE, "report-form"), "submit", page_url="http://h/")
    approve, _headers = button_request(form_fields(PAGE, "review-form"), "approve", page_url="http://h/")
    assert submit[-1] == ("action", "submit") and ("lock_version", "4") in submit
    assert approve == [
        ("c_members", ""),
        ("csrfmiddlewaretoken", "tok&en"),
        ("comment", ""),
        ("action", "approve"),
    ]


def test_the_new_lock_version_is_read_from_a_saved_autosave_only():
    saved = (
        '<span id="autosave-status" data-state="saved">Đã gửi</span>'
        '<input type="hidden" name="lock_version" id="lock_version" value="9" hx-swap-oob="true">'
    )
    conflict = '<span id="autosave-status" data-state="conflict">Người khác vừa lưu</span>'
    assert saved_lock_version(saved) == "9"
    assert saved_lock_version(conflict) is None
