"""Concern views. Public (no account): the form of a CĐCS (reached by its QR code), the page that gives
the tracking code, the lookup by code. For union officers: the list, a concern with its answer, the QR
code of each CĐCS's form."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from trienkhai.core.converters import parse_id
from trienkhai.core.http import AuthedRequest
from trienkhai.orgs.models import Unit, today

from . import clocks, guard, workflow
from .access import acting_unit, get_box_unit, get_concern_for_user, get_public_box
from .forms import AnswerForm, CaseOpenForm, CaseStepForm, ConcernForm, FollowUpForm, LookupForm, ReviewForm
from .models import Concern, ConcernBox, ConcernCase, new_box_key

SESSION_CODE = "concern_code"


def _public_form_context(box: ConcernBox, form: ConcernForm, **extra) -> dict:
    return {"box": box, "unit": box.unit, "form": form, **extra}


def _renew_token(form: ConcernForm, posted: QueryDict) -> None:
    """Send a refused form back with a fresh token; what the person typed stays in the boxes."""
    data = posted.copy()
    data["token"] = guard.form_token()
    form.data = data


@never_cache
def public_form(request: HttpRequest, key: str) -> HttpResponse:
    box = get_public_box(key)
    if request.method != "POST":
        form = ConcernForm(initial={"token": guard.form_token(), "anonymous": True})
        return render(request, "concerns/public_form.html", _public_form_context(box, form))
    sender = guard.sender_hash(request)
    per_sender = guard.limit("CONCERN_LIMIT_PER_SENDER_HOUR", 5)
    per_box = guard.limit("CONCERN_LIMIT_PER_UNIT_HOUR", 60)
    form = ConcernForm(request.POST)
    if not guard.take(f"file:{sender}", per_hour=per_sender):
        ctx = _public_form_context(box, form, limited=True)
        return render(request, "concerns/public_form.html", ctx, status=429)
    if not form.is_valid():
        _renew_token(form, request.POST)
        return render(request, "concerns/public_form.html", _public_form_context(box, form), status=400)
    problem = guard.token_problem(form.cleaned_data["token"])
    if problem == "expired" and not form.cleaned_data["website"]:
        _renew_token(form, request.POST)
        ctx = _public_form_context(box, form, expired=True)
        return render(request, "concerns/public_form.html", ctx, status=400)
    # A trap sprung or the CĐCS's hourly cap reached: a person may be behind it (a fast typist, a form
    # filled in by the browser, a real worker during a flood), so the concern is kept for an officer to
    # review, never dropped, and the sender is told so on the next page.
    R = Concern.HeldReason
    held = ""
    if form.cleaned_data["website"]:
        held = R.HONEYPOT
    elif problem == "too_fast":
        held = R.TOO_FAST
    elif not guard.take(f"box:{box.pk}", per_hour=per_box):
        held = R.UNIT_LIMIT
    concern = workflow.file_concern(
        box=box,
        category=form.cleaned_data["category"],
        text=form.cleaned_data["text"],
        anonymous=form.cleaned_data["anonymous"],
        name=form.cleaned_data["name"].strip(),
        contact=form.cleaned_data["contact"].strip(),
        sender=sender,
        held_reason=held,
    )
    # The code goes to the next page through the session, never through the address.
    request.session[SESSION_CODE] = concern.code
    return redirect("concerns:public_thanks", key=key)


@never_cache
def public_thanks(request: HttpRequest, key: str) -> HttpResponse:
    box = get_public_box(key)
    code = request.session.pop(SESSION_CODE, None)
    concern = Concern.objects.filter(code=code).select_related("category").first() if code else None
    return render(request, "concerns/public_thanks.html", {"box": box, "unit": box.unit, "concern": concern})


@never_cache
def public_lookup(request: HttpRequest) -> HttpResponse:
    """Follow a concern by its code (posted, so that it stays out of addresses and server logs)."""
    if request.method != "POST":
        return render(request, "concerns/public_lookup.html", {"form": LookupForm()})
    sender = guard.sender_hash(request)
    if not guard.take(f"lookup:{sender}", per_hour=guard.limit("CONCERN_LOOKUPS_PER_SENDER_HOUR", 30)):
        return render(
            request, "concerns/public_lookup.html", {"form": LookupForm(), "limited": True}, status=429
        )
    form = LookupForm(request.POST)
    concern = None
    if form.is_valid():
        concern = (
            Concern.objects.filter(code=form.cleaned_data["code"])
            .select_related("unit", "handler", "category")
            .first()
        )
        if concern is None:
            form.add_error("code", _("Không tìm thấy ý kiến nào với mã này."))
    if concern is None:
        return render(request, "concerns/public_lookup.html", {"form": form}, status=400)
    events = concern.events.filter(public=True).select_related("unit")
    return render(request, "concerns/public_status.html", {"c": concern, "events": events})


# --- union officers ---------------------------------------------------------------------------------


@login_required
def concern_list(request: AuthedRequest) -> HttpResponse:
    visible = Unit.objects.visible_to(request.user)
    concerns = Concern.objects.filter(unit__in=visible).select_related("unit", "handler", "category")
    show = request.GET.get("loc", "mo")
    on = today()
    if show == "mo":
        concerns = concerns.open()
    elif show == "qua-han":
        concerns = concerns.overdue(on=on)
    elif show == "cho-xem-xet":
        concerns = concerns.held()
    else:
        show = "tat-ca"
        concerns = concerns.received()
    unit_id = parse_id(request.GET.get("don-vi"))
    unit = None
    if unit_id:
        unit = get_box_unit(request, unit_id)
        concerns = concerns.filter(unit=unit)
    ordered = {"tat-ca": concerns, "cho-xem-xet": concerns.order_by("filed_at", "pk")}
    page = Paginator(ordered.get(show, concerns.order_by("due_on", "pk")), 50).get_page(
        request.GET.get("trang")
    )
    boxes = Unit.objects.visible_to(request.user).filter(kind__in=["grassroots", "guild"]).active_on(on)
    held = Concern.objects.held().filter(unit__in=visible)
    ctx = {
        "page": page,
        "show": show,
        "unit": unit,
        "today": on,
        "box_units": boxes.order_by("name")[:200],
        "held_count": (held.filter(unit=unit) if unit else held).count(),
    }
    return render(request, "concerns/list.html", ctx)


def _case_units(request: HttpRequest, concern: Concern):
    """The units that may hold the case: the CĐCS and the unions above it where the user writes."""
    on = today()
    chain = [concern.unit_id] + [u.pk for u in concern.unit.ancestors(on)]
    return Unit.objects.writable_by(request.user).filter(pk__in=chain)


def _case(concern: Concern) -> ConcernCase | None:
    return ConcernCase.objects.filter(concern=concern).select_related("unit", "superior").first()


def _detail_context(request: HttpRequest, concern: Concern, **forms) -> dict:
    writable = Unit.objects.in_scope(request.user, concern.unit_id, write=True)
    case = _case(concern)
    on = today()
    open_form = forms.get("case_form")
    if open_form is None and writable and case is None and concern.is_received:
        open_form = CaseOpenForm(
            concern=concern,
            units=_case_units(request, concern),
            today=on,
            initial={
                "received_on": timezone.localtime(concern.filed_at).date(),
                "unit": concern.handler_id,
                "subject_unit": concern.unit_id,
            },
        )
    return {
        "case": case,
        "case_form": open_form,
        "step_form": forms.get("step_form") or CaseStepForm(today=on, initial={"on": on}),
        "is_case_handler": bool(case and case.is_handler(request.user)),
        "extensions_allowed": workflow.extensions_allowed(case) if case else 0,
        "accept_article": clocks.article(f"{case.kind}_accept") if case else "",
        "settle_article": clocks.article(workflow.settle_key(case)) if case else "",
        "c": concern,
        "events": concern.events.select_related("unit", "actor"),
        "writable": writable,
        "answer_form": forms.get("answer_form") or AnswerForm(initial={"answer": concern.answer}),
        "follow_form": forms.get("follow_form") or FollowUpForm(),
        "review_form": forms.get("review_form") or ReviewForm(),
        "today": today(),
    }


@login_required
def concern_detail(request: AuthedRequest, concern_id: int) -> HttpResponse:
    concern = get_concern_for_user(request, concern_id)
    return render(request, "concerns/detail.html", _detail_context(request, concern))


def _invalid(request: HttpRequest, concern: Concern, **forms: Form) -> HttpResponse:
    """The concern's page again with the refused form and its errors (what was typed stays)."""
    return render(request, "concerns/detail.html", _detail_context(request, concern, **forms), status=400)


def _refuse_unreceived(request: HttpRequest, concern: Concern) -> HttpResponse | None:
    if concern.is_received:
        return None
    messages.error(request, _("Ý kiến chưa được tiếp nhận: hãy xem xét (tiếp nhận hoặc không) trước."))
    return redirect("concerns:detail", concern.pk)


@login_required
@require_POST
def concern_review(request: AuthedRequest, concern_id: int) -> HttpResponse:
    """An officer decides on a held concern: take it in as a case, or refuse it with a reason."""
    concern = get_concern_for_user(request, concern_id, write=True)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _invalid(request, concern, review_form=form)
    unit = acting_unit(request, concern)
    if form.cleaned_data["decision"] == "release":
        done = workflow.release_concern(concern=concern, user=request.user, unit=unit)
        text = _("Đã tiếp nhận; hạn trả lời tính từ hôm nay.")
    else:
        done = workflow.discard_concern(
            concern=concern, user=request.user, unit=unit, note=form.cleaned_data["note"].strip()
        )
        text = _("Đã ghi không tiếp nhận; người gửi xem được lý do bằng mã tra cứu.")
    if done:
        messages.success(request, text)
    else:
        messages.warning(request, _("Ý kiến này đã được người khác xem xét trước."))
    return redirect("concerns:detail", concern.pk)


@login_required
@require_POST
def concern_answer(request: AuthedRequest, concern_id: int) -> HttpResponse:
    concern = get_concern_for_user(request, concern_id, write=True)
    if refused := _refuse_unreceived(request, concern):
        return refused
    if _case(concern) is not None:
        # A case ends by its own step (settled, not accepted, withdrawn), which stops the law's clocks.
        messages.error(request, _("Đây là vụ việc khiếu nại, tố cáo: hãy kết thúc vụ việc để trả lời."))
        return redirect("concerns:detail", concern.pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _invalid(request, concern, answer_form=form)
    workflow.answer_concern(
        concern=concern,
        user=request.user,
        answer=form.cleaned_data["answer"],
        unit=acting_unit(request, concern),
    )
    messages.success(request, _("Đã trả lời; người gửi xem được bằng mã tra cứu."))
    return redirect("concerns:detail", concern.pk)


@login_required
@require_POST
def concern_follow_up(request: AuthedRequest, concern_id: int) -> HttpResponse:
    concern = get_concern_for_user(request, concern_id, write=True)
    if refused := _refuse_unreceived(request, concern):
        return refused
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _invalid(request, concern, follow_form=form)
    workflow.follow_up(
        concern=concern, user=request.user, unit=acting_unit(request, concern), **form.cleaned_data
    )
    messages.success(request, _("Đã ghi."))
    return redirect("concerns:detail", concern.pk)


def _form_url(box: ConcernBox) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{reverse('concerns:public_form', args=[box.key])}"


@login_required
def box_page(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The QR code of a CĐCS's public form, to print and put up; a write role creates or replaces it."""
    unit = get_box_unit(request, unit_id, write=request.method == "POST")
    box = ConcernBox.objects.filter(unit=unit).first()
    if request.method == "POST":
        if box is None:
            box = ConcernBox.objects.create(unit=unit)
            messages.success(request, _("Đã tạo hộp thư góp ý và mã QR."))
        else:
            box.key, box.active = new_box_key(), True
            box.save(update_fields=["key", "active"])
            messages.success(request, _("Đã đổi mã QR; mã cũ không còn dùng được."))
        return redirect("concerns:box", unit.pk)
    ctx = {
        "unit": unit,
        "box": box,
        "url": _form_url(box) if box else "",
        "svg": segno.make(_form_url(box), error="m").svg_inline(scale=6, border=2, omitsize=True)
        if box
        else "",
        "writable": Unit.objects.in_scope(request.user, unit.pk, write=True),
    }
    return render(request, "concerns/box.html", ctx)


@login_required
def box_qr(request: AuthedRequest, unit_id: int, fmt: str) -> HttpResponse:
    unit = get_box_unit(request, unit_id)
    box = ConcernBox.objects.filter(unit=unit, active=True).first()
    if box is None or fmt not in ("svg", "png"):
        raise Http404("Chưa có mã QR.")
    out = io.BytesIO()
    segno.make(_form_url(box), error="m").save(out, kind=fmt, scale=12 if fmt == "png" else 8, border=4)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml" if fmt == "svg" else "image/png")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ma-qr-gop-y-{unit.pk}-{stamp}.{fmt}"'
    return response


# --- complaint and denunciation cases ------------------------------------------------------------------


@login_required
@require_POST
def case_open(request: AuthedRequest, concern_id: int) -> HttpResponse:
    """The concern becomes a complaint or a denunciation case, with the law's clocks."""
    concern = get_concern_for_user(request, concern_id, write=True)
    if refused := _refuse_unreceived(request, concern):
        return refused
    if _case(concern) is not None:
        messages.warning(request, _("Ý kiến này đã được xử lý như một vụ việc khiếu nại, tố cáo."))
        return redirect("concerns:detail", concern.pk)
    form = CaseOpenForm(request.POST, concern=concern, units=_case_units(request, concern), today=today())
    if not form.is_valid():
        return _invalid(request, concern, case_form=form)
    d = form.cleaned_data
    member = d["subject_member"]
    workflow.open_case(
        concern=concern,
        kind=d["kind"],
        unit=d["unit"],
        received_on=d["received_on"],
        user=request.user,
        remote=d["remote"],
        subject_unit=d["subject_unit"],
        subject_member_id=member.pk if member else None,
    )
    messages.success(request, _("Đã chuyển thành vụ việc; thời hạn tính theo luật."))
    return redirect("concerns:detail", concern.pk)


@login_required
@require_POST
def case_step(request: AuthedRequest, concern_id: int) -> HttpResponse:
    concern = get_concern_for_user(request, concern_id, write=True)
    case = _case(concern)
    if case is None:
        raise Http404("Chưa có vụ việc.")
    form = CaseStepForm(request.POST, today=today())
    if not form.is_valid():
        return _invalid(request, concern, step_form=form)
    if not case.is_open:
        messages.warning(request, _("Vụ việc đã kết thúc."))
        return redirect("concerns:detail", concern.pk)
    d = form.cleaned_data
    action = d["action"]
    if action == "accept":
        if case.accepted_on:
            messages.warning(request, _("Vụ việc đã được thụ lý."))
        elif d["on"] < case.received_on:
            form.add_error("on", _("Ngày thụ lý không thể trước ngày nhận đơn."))
            return _invalid(request, concern, step_form=form)
        else:
            workflow.accept_case(case=case, on=d["on"], user=request.user)
            messages.success(request, _("Đã thụ lý; hạn giải quyết tính từ ngày thụ lý."))
    elif action == "complexity":
        workflow.set_complexity(case=case, complexity=d["complexity"], user=request.user)
        messages.success(request, _("Đã ghi tính chất vụ việc."))
    elif action == "extend":
        problem = workflow.extend_case(case=case, user=request.user)
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, _("Đã gia hạn giải quyết."))
    else:
        if d["on"] < case.received_on:
            form.add_error("on", _("Ngày kết thúc không thể trước ngày nhận đơn."))
            return _invalid(request, concern, step_form=form)
        workflow.close_case(
            case=case, outcome=d["outcome"], result=d["result"].strip(), on=d["on"], user=request.user
        )
        messages.success(request, _("Đã kết thúc vụ việc; người gửi xem được kết quả bằng mã tra cứu."))
    return redirect("concerns:detail", concern.pk)


@login_required
@require_GET
@never_cache
def case_identity(request: AuthedRequest, concern_id: int) -> HttpResponse:
    """The denouncer's name and contact, for the case handlers only; every read is logged (Luật Tố cáo
    2018 Art. 47). Anyone else, officers of the same unit included, gets 404."""
    concern = get_concern_for_user(request, concern_id)
    case = _case(concern)
    if case is None or not case.is_handler(request.user):
        raise Http404("Không tìm thấy.")
    name, contact = workflow.read_identity(case=case, user=request.user)
    reads = case.identity_reads.select_related("user")[:20]
    return render(
        request,
        "concerns/identity.html",
        {"c": concern, "case": case, "name": name, "contact": contact, "reads": reads},
    )
