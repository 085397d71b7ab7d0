"""What apps above `reports` add to a submission, without `reports` knowing them (issue 25).

An app contributes through functions in its module `hooks.py` (found by `core.apps_registry`):
- `submission_panels(request, submission, *, can_edit) -> [str]`: HTML panels shown on the report page
  below the figures (the finance app: the period's spending per budget line, read from its records);
- `submission_moved(submission, *, user, old)`: called inside the transaction that moves a report to a new
  state (submitted, resubmitted, returned, approved, reopened), so what an app keeps with the report is
  confirmed with the submission and approved with it (the finance app freezes the period's spending).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.safestring import SafeString

from trienkhai.core.apps_registry import app_functions

from .models import Submission


def submission_panels(request: HttpRequest, submission: Submission, *, can_edit: bool) -> list[SafeString]:
    return [
        panel
        for hook in app_functions("hooks", "submission_panels")
        for panel in hook(request, submission, can_edit=can_edit)
    ]


def submission_moved(submission: Submission, *, user: User | None, old: str) -> None:
    for hook in app_functions("hooks", "submission_moved"):
        hook(submission, user=user, old=old)
