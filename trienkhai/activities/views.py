"""Views of the activities log: the list in reach, an activity with its photos, adding both."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.forms import save_new
from trienkhai.core.http import AuthedRequest
from trienkhai.core.uploads import serve_stored
from trienkhai.orgs.access import list_filter
from trienkhai.orgs.models import Unit, today

from . import workflow
from .access import get_activity_for_user, get_photo_for_user
from .forms import ActivityForm
from .models import Activity


def _writable_units(request: HttpRequest):
    return Unit.objects.choosable_by(request.user)


@login_required
def activity_list(request: AuthedRequest) -> HttpResponse:
    activities = Activity.objects.filter(unit__in=Unit.objects.visible_to(request.user)).select_related(
        "unit"
    )
    where = list_filter(request)
    activities = where.narrow(activities, date_field="held_on")
    kind = request.GET.get("loai", "")
    if kind in Activity.Kind.values:
        activities = activities.filter(kind=kind)
    page = Paginator(activities, 50).get_page(request.GET.get("trang"))
    ctx = {
        "page": page,
        **where.context(),
        "kind": kind,
        "kinds": Activity.Kind.choices,
        "can_create": _writable_units(request).exists(),
    }
    return render(request, "activities/list.html", ctx)


@login_required
def activity_create(request: AuthedRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None, units=_writable_units(request), initial={"held_on": today()})
    if request.method == "POST" and form.is_valid():
        activity = save_new(form, created_by=request.user)
        messages.success(request, _("Đã ghi hoạt động; có thể thêm ảnh bên dưới."))
        return redirect("activities:detail", activity.pk)
    return render(request, "activities/form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def activity_detail(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = get_activity_for_user(request, activity_id)
    ctx = {
        "a": activity,
        "photos": activity.photos.all(),
        "writable": Unit.objects.in_scope(request.user, activity.unit_id, write=True),
        "max_photos": workflow.max_photos(),
    }
    return render(request, "activities/detail.html", ctx)


@login_required
@require_POST
def photo_upload(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = get_activity_for_user(request, activity_id, write=True)
    files = request.FILES.getlist("photos")
    room = workflow.max_photos() - activity.photos.count()
    if not files:
        messages.error(request, _("Chưa chọn ảnh nào."))
    if len(files) > room:
        messages.error(
            request,
            _("Mỗi hoạt động tối đa %(n)s ảnh; chỉ nhận %(r)s ảnh đầu.")
            % {"n": workflow.max_photos(), "r": max(room, 0)},
        )
        files = files[: max(room, 0)]
    for upload in files:
        problem, size = workflow.check_photo(upload)
        if problem:
            messages.error(request, problem)
            continue
        assert size is not None  # an accepted photo always comes with its pixel size
        workflow.add_photo(activity=activity, upload=upload, size=size, user=request.user)
        messages.success(request, _("Đã thêm ảnh «%(n)s».") % {"n": upload.name})
    return redirect("activities:detail", activity.pk)


@login_required
def photo(request: AuthedRequest, activity_id: int, photo_id: int) -> FileResponse:
    """A photo, only to those who may see the activity (never a public media address)."""
    item = get_photo_for_user(request, activity_id, photo_id)
    return serve_stored(item.file, item.name, inline=True, missing="Không còn ảnh.")
