from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path

from trienkhai.core import metrics as core_metrics
from trienkhai.core import pwa
from trienkhai.core import views as core_views

admin.site.site_header = "Triển khai — quản trị"
admin.site.site_title = "Triển khai"


def _superusers_only(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_superuser


# Only superusers reach the admin, whatever their staff flag says. Replacing the method on this one site
# object is deliberate; mypy refuses every assignment to a method, hence the ignore.
admin.site.has_permission = _superusers_only  # type: ignore[method-assign]

urlpatterns = [
    path("", core_views.home, name="home"),
    # Health: /healthz for the proxy (alive), /readyz for monitoring (database, migrations, worker, disk).
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    # Prometheus metrics (METRICS_ENABLED): a bearer token or the machine itself only, 404 to everyone else.
    path("metrics", core_metrics.metrics_view, name="metrics"),
    # The phone app: the service worker at the root, so that its scope is the whole site.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("ngoai-tuyen/", pwa.offline, name="offline"),
    path("thong-bao/", include("trienkhai.core.urls")),
    path("xuat-excel/", include("trienkhai.core.export_urls")),
    path("tai-khoan/", include("trienkhai.accounts.urls")),
    path("don-vi/", include("trienkhai.orgs.urls")),
    path("ke-hoach/", include("trienkhai.plans.urls")),
    path("", include("trienkhai.documents.urls")),
    path("bao-cao/", include("trienkhai.reports.urls")),
    path("van-ban-di/", include("trienkhai.issuing.urls")),
    path("doan-vien/", include("trienkhai.members.urls")),
    path("", include("trienkhai.concerns.urls")),
    path("phap-ly/", include("trienkhai.legalaid.urls")),
    path("thoa-uoc/", include("trienkhai.agreements.urls")),
    path("hoat-dong/", include("trienkhai.activities.urls")),
    path("danh-gia/", include("trienkhai.evaluations.urls")),
    path("thi-dua/", include("trienkhai.awards.urls")),
    path("kiem-tra/", include("trienkhai.inspections.urls")),
    path("tai-chinh/", include("trienkhai.finance.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "trienkhai.core.views.bad_request"
handler403 = "trienkhai.core.views.permission_denied"
handler404 = "trienkhai.core.views.not_found"
handler500 = "trienkhai.core.views.server_error"
