"""Views of the register of collective agreements and of the dialogues held."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.forms import save_new
from trienkhai.core.http import AuthedRequest
from trienkhai.core.names import display_name
from trienkhai.core.uploads import serve_stored
from trienkhai.lib.vn import format_date
from trienkhai.orgs.access import list_filter
from trienkhai.orgs.models import Unit, today

from . import rules
from .access import get_agreement_for_user, get_dialogue_for_user
from .forms import AgreementForm, ChangeForm, ConferenceForm, DialogueForm, GradingForm
from .models import CollectiveAgreement, Dialogue, WorkerConference
from .workflow import GradingConflict, grade_agreement, record_change, reminder_days


def _writable_units(request: HttpRequest):
    return Unit.objects.choosable_by(request.user)


@login_required
def agreement_list(request: AuthedRequest) -> HttpResponse:
    on = today()
    agreements = CollectiveAgreement.objects.filter(
        unit__in=Unit.objects.visible_to(request.user)
    ).select_related("unit")
    where = list_filter(request)
    agreements = where.narrow(agreements, date_field="signed_on")
    if where.start and where.end:
        agreements = agreements.order_by("signed_on")
    show = request.GET.get("loc", "")
    if show == "sap-het-han":
        agreements = agreements.expiring(on=on, days=max(reminder_days()))
    elif show == "hieu-luc":
        agreements = agreements.in_force(on=on)
    page = Paginator(agreements, 50).get_page(request.GET.get("trang"))
    ctx = {
        "page": page,
        **where.context(),
        "show": show,
        "today": on,
        "soon": on + dt.timedelta(days=max(reminder_days())),
        "can_create": _writable_units(request).exists(),
    }
    return render(request, "agreements/list.html", ctx)


@login_required
def agreement_create(request: AuthedRequest) -> HttpResponse:
    form = AgreementForm(request.POST or None, units=_writable_units(request))
    if request.method == "POST" and form.is_valid():
        agreement = save_new(form, created_by=request.user)
        messages.success(request, _("Đã thêm thỏa ước vào sổ."))
        return redirect("agreements:detail", agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {"form": form, "title": _("Thêm thỏa ước lao động tập thể")},
        status=400 if form.errors else 200,
    )


@login_required
def agreement_detail(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_id)
    on = today()
    ctx = {
        "a": agreement,
        "today": on,
        # Art. 77's clock: days late (at filing, or today while not filed) and days left while not late.
        "filing_late": agreement.filing_days_late(on),
        "filing_left": max(0, (agreement.filing_due - on).days),
        "filing_days": rules.FILING_DAYS.value(),
        "writable": Unit.objects.in_scope(request.user, agreement.unit_id, write=True),
        "terms": agreement.terms(),
        "changes": agreement.changes.all(),
        "gradings": agreement.gradings.all(),
        "graded_this_year": any(g.year == on.year for g in agreement.gradings.all()),
        "carried_over": agreement.is_carried_over(on),
        "rules": rules,
    }
    return render(request, "agreements/detail.html", ctx)


@login_required
def agreement_change(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    """Record an amendment, an extension or the carry-over while bargaining (Art. 82-83)."""
    agreement = get_agreement_for_user(request, agreement_id, write=True)
    form = ChangeForm(request.POST or None, agreement=agreement, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        record_change(agreement=agreement, data=form.cleaned_data, user=request.user)
        messages.success(request, _("Đã ghi thay đổi vào lịch sử thỏa ước."))
        return redirect("agreements:detail", agreement.pk)
    title = _("Sửa đổi, kéo dài thỏa ước: %(t)s") % {"t": agreement.title}
    return render(
        request, "agreements/form.html", {"form": form, "title": title}, status=400 if form.errors else 200
    )


@login_required
def agreement_grade(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    """Grade the agreement for a year (one grade per year; grading the year again replaces it)."""
    agreement = get_agreement_for_user(request, agreement_id, write=True)
    form = GradingForm(
        request.POST or None, agreement=agreement, initial=_grading_initial(request, agreement)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            grading = grade_agreement(
                agreement=agreement,
                data=form.cleaned_data,
                user=request.user,
                lock_version=form.seen_version(),
            )
        except GradingConflict as exc:
            form = _grading_conflict(request, agreement, exc.grading)
            status = 409
        else:
            messages.success(
                request,
                _("Đã xếp loại thỏa ước năm %(y)s: %(g)s.") % {"y": grading.year, "g": grading.label()},
            )
            return redirect("agreements:detail", agreement.pk)
    title = _("Xếp loại thỏa ước theo năm: %(t)s") % {"t": agreement.title}
    if form.errors and status == 200:
        status = 400
    return render(request, "agreements/form.html", {"form": form, "title": title}, status=status)


def _grading_initial(request: HttpRequest, agreement: CollectiveAgreement) -> dict:
    """The year asked for (?nam=, else this year) with its grading, if any, and the lock it was read at."""
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = today().year
    grading = agreement.gradings.filter(year=year).first()
    initial: dict = {"year": year, "lock_year": year, "lock_version": grading.lock_version if grading else 0}
    if grading:
        initial.update(grade=grading.grade, ungraded=grading.ungraded, note=grading.note)
    return initial


def _grading_conflict(request: HttpRequest, agreement: CollectiveAgreement, theirs) -> GradingForm:
    """The form again with what the user typed, a message naming the other grading, and the lock moved to
    it: saving once more replaces it knowingly."""
    data = request.POST.copy()
    data["lock_year"], data["lock_version"] = str(theirs.year), str(theirs.lock_version)
    form = GradingForm(data, agreement=agreement)
    form.is_valid()
    who = display_name(theirs.graded_by) if theirs.graded_by else _("người khác")
    form.add_error(
        None,
        _(
            "Trong lúc bạn nhập, %(who)s đã xếp loại năm %(y)s: %(g)s (lúc %(at)s). Chưa lưu gì; những gì bạn "
            "nhập vẫn còn dưới đây. Bấm Lưu lần nữa để thay bằng xếp loại của bạn, hoặc mở lại trang để xem "
            "xếp loại mới."
        )
        % {
            "who": who,
            "y": theirs.year,
            "g": theirs.label(),
            "at": timezone.localtime(theirs.graded_at).strftime("%H:%M %d/%m/%Y"),
        },
    )
    return form


@login_required
def agreement_edit(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_id, write=True)
    units = _writable_units(request) | Unit.objects.filter(pk=agreement.unit_id)
    form = AgreementForm(request.POST or None, instance=agreement, units=units)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu thỏa ước."))
        return redirect("agreements:detail", agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {"form": form, "title": agreement.title},
        status=400 if form.errors else 200,
    )


@login_required
def dialogue_list(request: AuthedRequest) -> HttpResponse:
    visible = Unit.objects.visible_to(request.user)
    dialogues = Dialogue.objects.filter(unit__in=visible).select_related("unit")
    where = list_filter(request)
    dialogues = where.narrow(dialogues, date_field="held_on")
    page = Paginator(dialogues, 50).get_page(request.GET.get("trang"))
    conferences = WorkerConference.objects.filter(unit__in=visible).select_related("unit")
    conferences = where.narrow(conferences, date_field="held_on")[:50]
    ctx = {
        "page": page,
        "conferences": conferences,
        **where.context(),
        "can_create": _writable_units(request).exists(),
        "dialogue_rules": [rules.DIALOGUE_REPRESENTATIVES, *rules.DIALOGUE_RULES],
    }
    return render(request, "agreements/dialogues.html", ctx)


@login_required
def dialogue_create(request: AuthedRequest) -> HttpResponse:
    form = DialogueForm(
        request.POST or None,
        request.FILES or None,
        units=_writable_units(request),
        initial={"held_on": today()},
    )
    if request.method == "POST" and form.is_valid():
        dialogue = save_new(form, created_by=request.user)
        messages.success(request, _("Đã ghi cuộc đối thoại."))
        return redirect("agreements:dialogue", dialogue.pk)
    return render(
        request,
        "agreements/form.html",
        {"form": form, "title": _("Ghi cuộc đối thoại"), "multipart": True},
        status=400 if form.errors else 200,
    )


@login_required
def dialogue_edit(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    """Complete a dialogue's record: the answer, the signed minutes, the day it was made public."""
    dialogue = get_dialogue_for_user(request, dialogue_id, write=True)
    units = _writable_units(request) | Unit.objects.filter(pk=dialogue.unit_id)
    form = DialogueForm(request.POST or None, request.FILES or None, instance=dialogue, units=units)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu cuộc đối thoại."))
        return redirect("agreements:dialogue", dialogue.pk)
    title = _("Sửa cuộc đối thoại ngày %(d)s") % {"d": format_date(dialogue.held_on)}
    return render(
        request,
        "agreements/form.html",
        {"form": form, "title": title, "multipart": True},
        status=400 if form.errors else 200,
    )


@login_required
def dialogue_detail(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    dialogue = get_dialogue_for_user(request, dialogue_id)
    ctx = {
        "d": dialogue,
        "findings": dialogue.findings(today()),
        "writable": Unit.objects.in_scope(request.user, dialogue.unit_id, write=True),
        "working_days_note": rules.WORKING_DAYS_NOTE,
    }
    return render(request, "agreements/dialogue.html", ctx)


@login_required
def dialogue_minutes(request: AuthedRequest, dialogue_id: int) -> FileResponse:
    """The signed minutes, only through the dialogue's access rule (never a public media address)."""
    dialogue = get_dialogue_for_user(request, dialogue_id)
    if not dialogue.minutes:
        raise Http404("Chưa có biên bản.")
    return serve_stored(dialogue.minutes, dialogue.minutes_name or "bien-ban.pdf", missing="Không còn tệp.")


@login_required
def conference_create(request: AuthedRequest) -> HttpResponse:
    """Record the year's Hội nghị người lao động (Art. 47 Decree 145/2020)."""
    form = ConferenceForm(request.POST or None, units=_writable_units(request), initial={"held_on": today()})
    if request.method == "POST" and form.is_valid():
        save_new(form, created_by=request.user)
        messages.success(request, _("Đã ghi hội nghị người lao động."))
        return redirect("agreements:dialogues")
    return render(
        request,
        "agreements/form.html",
        {"form": form, "title": _("Ghi hội nghị người lao động")},
        status=400 if form.errors else 200,
    )
