"""The daily job of `reports` (run by core's daily run, core/daily_jobs.py): the reminders of reports and
plans due or overdue, the end of Excel imports checked but never confirmed in time, and the check of the
stored subtree totals against the engine (drift is an error the administrators are told of)."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.notify import notify

from .reminders import send_reminders
from .results import stored
from .workflow import expire_import_checks

log = logging.getLogger(__name__)


def run_daily(*, on: dt.date) -> int:
    """Send the reminders due on `on`; how many notifications were new. Also deletes the kept rows of
    imports whose check expired (they hold a file's figures nobody confirmed)."""
    expire_import_checks(now=timezone.now())
    return send_reminders(on=on) + check_totals(on=on)


def check_totals(*, on: dt.date) -> int:
    """Compare the stored totals with the engine; on drift, tell every active administrator (once a day)."""
    drifts = stored.check()
    if not drifts:
        return 0
    # Until somebody rebuilds them, the pages of those forms compute from the reports: never a wrong figure.
    stored.stop_reading(d.form for d in drifts)
    shown = "; ".join(str(d) for d in drifts[:5])
    more = _(" (và %(n)s ô khác)") % {"n": len(drifts) - 5} if len(drifts) > 5 else ""
    text = _(
        "Lỗi: tổng số liệu lưu sẵn lệch với số liệu tính từ báo cáo ở %(n)s ô: %(cells)s%(more)s. "
        "Các trang kết quả của biểu mẫu này tạm tính trực tiếp từ báo cáo; chạy “trienkhai rebuild_totals” "
        "để tính lại."
    ) % {"n": len(drifts), "cells": shown, "more": more}
    log.error("stored totals drift: %s cells (%s)", len(drifts), shown)
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
    return notify(users=admins, verb="totals_drift", text=text, url="", key=f"totals_drift:{on.isoformat()}")
