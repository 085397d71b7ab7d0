"""The real root URLconf (with its error handlers) plus two views that fail on purpose, for the error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from trienkhai.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("bad input")


urlpatterns = [*urlpatterns, path("thu/cam/", forbidden), path("thu/nghi-ngo/", suspicious)]
