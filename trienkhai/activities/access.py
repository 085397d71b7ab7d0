"""The one access helper of `activities`: an activity belongs to the union that held it; seen there and
above, changed by a write role there or above. Photos are served only through it."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trienkhai.orgs.access import get_owned_for_user

from .models import Activity, ActivityPhoto


def get_activity_for_user(request: HttpRequest, activity_id: int, *, write: bool = False) -> Activity:
    rows = Activity.objects.select_related("unit")
    return get_owned_for_user(request, rows, activity_id, write=write, missing="Không tìm thấy hoạt động.")


def get_photo_for_user(request: HttpRequest, activity_id: int, photo_id: int) -> ActivityPhoto:
    activity = get_activity_for_user(request, activity_id)
    photo = activity.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404("Không tìm thấy ảnh.")
    return photo
