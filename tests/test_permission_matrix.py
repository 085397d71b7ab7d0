"""The permission matrix: every URL of the URLconf, with real ids of the test world, as anonymous, an
outsider (another province), a CĐCS chair of another unit, a viewer and the owner, by GET and by POST.

A URL that nobody listed here fails `test_every_url_is_in_the_matrix`: adding a page means saying who may
open it. docs/access.md states the same rules in words. Each request runs inside a savepoint that is rolled
back, so an allowed POST (approve, remind, delete) does not change what the next request sees.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

import docx
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from trienkhai.accounts.models import SessionRecord
from trienkhai.activities.models import Activity, ActivityPhoto
from trienkhai.agreements.models import CollectiveAgreement, Dialogue
from trienkhai.awards.models import (
    AwardForm,
    CouncilSession,
    GoodModel,
    Movement,
    Proposal,
    ensure_default_forms,
)
from trienkhai.concerns import workflow as concerns_workflow
from trienkhai.concerns.models import ConcernBox, ConcernCategory, ensure_default_categories
from trienkhai.concerns.workflow import file_concern
from trienkhai.core.models import ExportJob, Notification
from trienkhai.documents.workflow import save_review
from trienkhai.finance.models import Payment
from trienkhai.inspections import workflow as inspections_workflow
from trienkhai.inspections.models import Committee as InspectionCommittee
from trienkhai.inspections.models import Evidence as InspectionEvidence
from trienkhai.inspections.models import InspectionPlan
from trienkhai.issuing import conversion as issuing_conversion
from trienkhai.issuing import workflow as issuing_workflow
from trienkhai.issuing.compose import LateUnit
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.issuing.signers import Signer
from trienkhai.legalaid.models import CaseDocument
from trienkhai.legalaid.workflow import open_case
from trienkhai.members.models import FoundingCase, MemberImport
from trienkhai.members.workflow import add_member, receive_admission_request, record_subject_request
from trienkhai.orgs.models import Role
from trienkhai.plans.models import Action, BudgetLine, Plan, PlanAssignment, Task, TaskGroup
from trienkhai.plans.workflow import create_sub_plan, publish_plan
from trienkhai.reports.models import Evidence, ImportJob, ReportForm, Rule
from trienkhai.reports.workflow import open_submission, submit_submission

from .documents_world import DocumentWorld, seed_bytes

ROLES = ("anonymous", "outsider", "other_cdcs", "viewer", "owner")
LOGIN = "login"  # a redirect to the login page
ALLOWED = frozenset({200, 204, 302, 400, 409})  # the view ran: shown, done, or refused the input
DENIED = frozenset({404})
NO_GET = frozenset({405})


@dataclass
class Case:
    """One URL with its ids. `get`/`post` name the roles that reach the view (the others get 404);
    "*" means every logged-in user. `owner` is the world's user who owns what the URL points at."""

    name: str
    kwargs: Callable[[DocumentWorld], dict] = lambda w: {}
    owner: str = "officer_minh"
    get: frozenset[str] | str = frozenset()
    post: frozenset[str] | str | None = None  # None: the same as get
    post_only: bool = False
    get_only: bool = False
    public: bool = False  # reachable without logging in
    also: frozenset[int] = frozenset()  # more answers that count as "the view ran" (503: not ready)
    data: Callable[[DocumentWorld], dict] = lambda w: {}
    note: str = ""

    def expected(self, role: str, method: str) -> frozenset[int] | str:
        if self.public:
            return ALLOWED | {405} | self.also
        if role == "anonymous":
            return LOGIN
        if method == "GET" and self.post_only:
            return NO_GET
        if method == "POST" and self.get_only:
            return frozenset({405})
        allowed = self.get if method == "GET" or self.post is None else self.post
        # The owner may also be one of the named roles (the other CĐCS's chair owns its own report).
        reached = allowed == "*" or role in allowed or (role == self.owner and "owner" in allowed)
        return ALLOWED if reached else DENIED


def _signed_docx() -> bytes:
    """A small .docx standing for the signed copy (the content check reads the bytes)."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Bản đã ký")
    document.save(buffer)
    return buffer.getvalue()


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


READERS_OF_SCHOOL = roles("owner", "viewer", "officer_minh")
WRITERS_OF_SCHOOL = roles("owner", "officer_minh")
EVERYONE = "*"


def _cases() -> list[Case]:
    w = "owner"
    return [
        # --- accounts, home, language ------------------------------------------------------------
        Case("home", get=EVERYONE),
        Case("login", public=True),
        Case("logout", public=True),
        Case("password_change", get=EVERYONE),
        Case("password_change_done", get=EVERYONE, get_only=True),
        # One's own sessions: the record is cdcs_hoa's (the owner); everybody else gets 404 for it.
        Case("sessions", get=EVERYONE, get_only=True),
        Case(
            "session_end", lambda x: {"pk": x.hoa_session.pk}, owner="cdcs_hoa", get=roles(w), post_only=True
        ),
        Case("sessions_end_others", get=EVERYONE, post_only=True),
        # Second factor: the code step is for whoever just gave a password (others go back to login); one's
        # own page for everyone; the administrators' page and reset for superusers only (404 to all here).
        Case("login_code", public=True),
        Case("second_factor", get=EVERYONE, get_only=True),
        Case("second_factor_enrol", get=EVERYONE, data=lambda x: {"code": "000000"}),
        Case("second_factor_codes", get=EVERYONE, post_only=True),
        Case("second_factor_disable", get=EVERYONE, post_only=True),
        Case("second_factor_admin", get=roles(), get_only=True),
        Case("second_factor_reset", lambda x: {"pk": x.officer_minh.pk}, get=roles(), post_only=True),
        Case("password_reset", public=True, data=lambda x: {"email": "khong-co@example.vn"}),
        Case("password_reset_done", public=True),
        Case("password_reset_confirm", lambda x: {"uidb64": "MQ", "token": "sai-ma"}, public=True),
        Case("password_reset_complete", public=True),
        Case("set_language", public=True, data=lambda x: {"language": "vi", "next": "/"}),
        # --- health: for the proxy and the monitor, no login; /readyz is 503 here (no worker beats) ----
        Case("healthz", public=True),
        Case("readyz", public=True, also=frozenset({503})),
        # Prometheus: off here (METRICS_ENABLED), so 404 to everyone; who may scrape is tests/test_metrics.py.
        Case("metrics", public=True, also=frozenset({404})),
        # --- the phone app: manifest, service worker and offline page, no login (a phone fetches them) --
        Case("manifest", public=True),
        Case("service_worker", public=True),
        Case("offline", public=True),
        # --- orgs: the school (CĐCS) belongs to cdcs_hoa, the commune union above it to officer_minh --
        Case("orgs:tree", get=EVERYONE),
        Case("orgs:import_template", get=EVERYONE),
        Case("orgs:detail", lambda x: {"unit_id": x.school.pk}, owner="cdcs_hoa", get=roles(w, "viewer")),
        Case("orgs:children", lambda x: {"unit_id": x.school.pk}, owner="cdcs_hoa", get=roles(w, "viewer")),
        Case(
            "orgs:action",
            lambda x: {"unit_id": x.school.pk, "action": "rename"},
            owner="officer_minh",
            post=roles(w),
            post_only=True,
            note="restructuring a CĐCS is decided above it",
        ),
        Case(
            "orgs:action",
            lambda x: {"unit_id": x.school.pk, "action": "rename"},
            owner="cdcs_hoa",
            post=roles(),
            post_only=True,
            note="the CĐCS chair does not rename their own unit",
        ),
        Case(
            "orgs:action",
            lambda x: {"unit_id": x.school.pk, "action": "member"},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
        ),
        Case("orgs:import", lambda x: {"unit_id": x.commune.pk}, get=roles(w)),
        Case(
            "orgs:notify_defaults",
            lambda x: {"unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=WRITERS_OF_SCHOOL,
            note="the unit's notification defaults: whoever writes for the unit or above",
        ),
        # --- plans: `plan` (published, sent to both CĐCS) and `draft` belong to the commune union ------
        Case("plans:list", get=EVERYONE),
        Case(
            "plans:from_document",
            lambda x: {"document_id": x.document.pk},
            post=roles(w),
            post_only=True,
            note="the review screen's 'Lưu thành kế hoạch'",
        ),
        Case("plans:create", get=roles(w, "outsider", "other_cdcs"), note="anyone with a write role"),
        Case("plans:detail", lambda x: {"plan_id": x.plan.pk}, get=roles(w, "viewer", "other_cdcs")),
        Case("plans:detail", lambda x: {"plan_id": x.draft.pk}, get=roles(w, "viewer")),
        Case("plans:edit", lambda x: {"plan_id": x.draft.pk}, get=roles(w)),
        Case("plans:rows", lambda x: {"plan_id": x.draft.pk, "kind": "nhiem-vu"}, get=roles(w)),
        Case("plans:publish", lambda x: {"plan_id": x.draft.pk}, get=roles(w)),
        Case("plans:publish_preview", lambda x: {"plan_id": x.draft.pk}, get=roles(w)),
        Case("plans:amend", lambda x: {"plan_id": x.plan.pk}, get=roles(w)),
        Case(
            "plans:version",
            lambda x: {"plan_id": x.plan.pk, "number": 1},
            get=roles(w, "viewer", "other_cdcs"),
        ),
        Case("plans:board", lambda x: {"plan_id": x.plan.pk}, get=roles(w, "viewer")),
        Case("plans:board_xlsx", lambda x: {"plan_id": x.plan.pk}, get=roles(w, "viewer")),
        Case("plans:remind_all", lambda x: {"plan_id": x.plan.pk}, post=roles(w), post_only=True),
        # The school's own plan (sub-plan of `plan`) is written by the school's chair only.
        Case(
            "plans:action_add",
            lambda x: {"plan_id": x.sub_plan.pk},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
            data=lambda x: {"task": x.action.task_id},
        ),
        Case(
            "plans:action_delete",
            lambda x: {"plan_id": x.sub_plan.pk, "action_id": x.action.pk},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
        ),
        Case(
            "plans:sub_plan_tasks",
            lambda x: {"plan_id": x.sub_plan.pk},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
        ),
        Case(
            "plans:complete",
            lambda x: {"plan_id": x.sub_plan.pk},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
        ),
        Case(
            "plans:assignment",
            lambda x: {"assignment_id": x.factory_assignment.pk},
            owner="other_cdcs",
            get=roles(w, "viewer", "officer_minh"),
            note="the sender's side is redirected to the board",
        ),
        Case(
            "plans:remind",
            lambda x: {"assignment_id": x.school_assignment.pk},
            post=roles(w),
            post_only=True,
        ),
        Case(
            "plans:assignment_received",
            lambda x: {"assignment_id": x.factory_assignment.pk},
            owner="other_cdcs",
            post=roles(w),
            post_only=True,
        ),
        # --- documents: uploaded by the commune union; its own plan 27/KH-LĐLĐ in the registry ---------
        Case("documents:list", get=EVERYONE),
        Case("documents:upload", get=EVERYONE),
        Case(
            "documents:detail",
            lambda x: {"document_id": x.document.pk},
            get=roles(w, "viewer"),
            post=roles(w),
        ),
        Case("documents:progress", lambda x: {"document_id": x.document.pk}, get=roles(w, "viewer")),
        Case("documents:original", lambda x: {"document_id": x.document.pk}, get=roles(w, "viewer")),
        Case("documents:bases", get=EVERYONE),
        Case(
            "documents:basis",
            lambda x: {"basis_id": x.document.basis_id},
            get=roles(w, "viewer", "other_cdcs"),
            note="a unit's own document is seen within its tree",
        ),
        Case(
            "documents:basis_publicity",
            lambda x: {"basis_id": x.document.basis_id},
            post=roles(w),
            post_only=True,
        ),
        # --- reports: the yearly form of `plan`; the school's report (cdcs_hoa writes, minh reviews) ----
        Case("reports:index", get=EVERYONE),
        Case("reports:form_create", lambda x: {"plan_id": x.plan.pk}, get=roles(w)),
        Case("reports:form", lambda x: {"pk": x.form.pk}, get=roles(w, "viewer", "other_cdcs")),
        Case("reports:indicator_add", lambda x: {"pk": x.form.pk}, get=roles(w)),
        Case(
            "reports:indicator_edit",
            lambda x: {"pk": x.form.pk, "indicator_id": x.indicator.pk},
            get=roles(w),
        ),
        Case(
            "reports:indicator_delete",
            lambda x: {"pk": x.form.pk, "indicator_id": x.indicator.pk},
            post=roles(w),
            post_only=True,
        ),
        Case("reports:rule_add", lambda x: {"pk": x.form.pk}, post=roles(w), post_only=True),
        Case(
            "reports:rule_delete",
            lambda x: {"pk": x.form.pk, "rule_id": x.rule.pk},
            post=roles(w),
            post_only=True,
        ),
        Case(
            "reports:open",
            lambda x: {"form_id": x.form.pk, "unit_id": x.school.pk, "year": x.year, "index": 1},
            owner="cdcs_hoa",
            get=roles(w, "officer_minh"),
        ),
        Case(
            "reports:board", lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk}, get=roles(w, "viewer")
        ),
        Case(
            "reports:board",
            lambda x: {"form_id": x.form.pk, "unit_id": x.other_province.pk},
            owner="outsider",
            get=roles(),
            note="one's own unit with another province's form leaks the form",
        ),
        Case(
            "reports:board_excel",
            lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk},
            get=roles(w, "viewer"),
        ),
        Case(
            "reports:board_excel",
            lambda x: {"form_id": x.form.pk, "unit_id": x.other_province.pk},
            owner="outsider",
            get=roles(),
        ),
        # --- results up the tree: the commune union's roll-up, dashboard, targets and their exports ----
        Case("reports:dashboards", get=EVERYONE, get_only=True),
        Case("reports:review_queue", get=EVERYONE, get_only=True, note="each user sees only their own queue"),
        Case(
            "reports:rollup",
            lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk},
            get=roles(w, "viewer"),
            get_only=True,
        ),
        Case(
            "reports:rollup",
            lambda x: {"form_id": x.form.pk, "unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer", "officer_minh"),
            get_only=True,
            note="drill-down to a CĐCS: the CĐCS, the units above it, not its neighbour",
        ),
        Case(
            "reports:rollup",
            lambda x: {"form_id": x.form.pk, "unit_id": x.other_province.pk},
            owner="outsider",
            get=roles(),
            get_only=True,
            note="one's own unit with another province's form leaks the form",
        ),
        Case(
            "reports:rollup_excel",
            lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk},
            get=roles(w, "viewer"),
            get_only=True,
        ),
        Case(
            "reports:rollup_excel",
            lambda x: {"form_id": x.form.pk, "unit_id": x.other_province.pk},
            owner="outsider",
            get=roles(),
            get_only=True,
        ),
        Case(
            "reports:dashboard",
            lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk},
            get=roles(w, "viewer"),
            get_only=True,
        ),
        Case(
            "reports:dashboard_excel",
            lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk},
            get=roles(w, "viewer"),
            get_only=True,
        ),
        Case(
            "reports:dashboard_excel",
            lambda x: {"form_id": x.form.pk, "unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer", "officer_minh"),
            get_only=True,
        ),
        Case(
            "reports:targets",
            lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk},
            get=roles(w, "viewer"),
            post=roles(w),
            data=lambda x: {"action": "set", f"t_{x.indicator.pk}": "12"},
            note="a viewer sees the targets, only a write role sets them",
        ),
        # --- report templates and imports from Excel: entering reports, so writers and reviewers only ----
        Case(
            "reports:excel_template",
            lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk},
            get=roles(w),
            get_only=True,
            note="the officer's template lists the CĐCS they enter",
        ),
        Case(
            "reports:excel_template",
            lambda x: {"form_id": x.form.pk, "unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=roles(w, "officer_minh"),
            get_only=True,
        ),
        Case("reports:import", lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk}, get=roles(w)),
        Case(
            "reports:import",
            lambda x: {"form_id": x.form.pk, "unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=roles(w, "officer_minh"),
        ),
        Case("reports:import_job", lambda x: {"job_id": x.import_job.pk}, get=roles(w), get_only=True),
        Case("reports:import_progress", lambda x: {"job_id": x.import_job.pk}, get=roles(w), get_only=True),
        Case(
            "reports:import_commit",
            lambda x: {"job_id": x.import_job.pk},
            post=roles(w),
            post_only=True,
            note="only the user who uploaded the file",
        ),
        Case(
            "reports:submission",
            lambda x: {"pk": x.submission.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer", "officer_minh"),
            post=roles(w, "officer_minh"),
        ),
        Case(
            "reports:autosave",
            lambda x: {"pk": x.submission.pk},
            owner="cdcs_hoa",
            post=roles(w, "officer_minh"),
            post_only=True,
        ),
        Case(
            "reports:review",
            lambda x: {"pk": x.submitted.pk},
            post=roles(w),
            post_only=True,
            data=lambda x: {"action": "approve"},
        ),
        Case(
            "reports:review",
            lambda x: {"pk": x.submitted.pk},
            owner="other_cdcs",
            post=roles(),
            post_only=True,
            data=lambda x: {"action": "approve"},
            note="the factory's own chair does not approve the factory's report",
        ),
        Case("reports:reopen", lambda x: {"pk": x.submitted.pk}, post=roles(w), post_only=True),
        Case(
            "reports:upload",
            lambda x: {"pk": x.submission.pk},
            owner="cdcs_hoa",
            post=roles(w, "officer_minh"),
            post_only=True,
        ),
        Case(
            "reports:evidence",
            lambda x: {"pk": x.submission.pk, "evidence_id": x.evidence.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer", "officer_minh"),
        ),
        Case(
            "reports:history",
            lambda x: {"pk": x.submission.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer", "officer_minh"),
        ),
        # --- issuing: the commune's issued result report, a draft, a batch of dispatches ---------------------
        Case("issuing:register", get=EVERYONE, note="each user's own units; another unit through ?don_vi"),
        Case(
            "issuing:register_xlsx", lambda x: {"unit_id": x.commune.pk, "year": 2026}, get=roles(w, "viewer")
        ),
        Case("issuing:plan_draft", lambda x: {"plan_id": x.plan.pk}, post=roles(w), post_only=True),
        Case(
            "issuing:plan_draft",
            lambda x: {"plan_id": x.sub_plan.pk},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
            note="a CĐCS issues only its own plan (the commune above gets 404, tests/test_issuing_views.py)",
        ),
        Case("issuing:plan_reminder", lambda x: {"plan_id": x.plan.pk}, get=roles(w)),
        Case(
            "issuing:report_draft",
            lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk, "year": x.year, "index": 1},
            post=roles(w),
            post_only=True,
        ),
        Case(
            "issuing:report_reminder",
            lambda x: {"form_id": x.form.pk, "unit_id": x.commune.pk, "year": x.year, "index": 1},
            get=roles(w),
        ),
        Case(
            "issuing:document",
            lambda x: {"pk": x.issued_doc.pk},
            get=roles(w, "viewer", "other_cdcs"),
            post=roles(w),
            note="an issued document is seen in the issuing unit's tree (above and below)",
        ),
        Case("issuing:document", lambda x: {"pk": x.draft_doc.pk}, get=roles(w), note="drafts: issuers only"),
        Case("issuing:progress", lambda x: {"pk": x.issued_doc.pk}, get=roles(w, "viewer", "other_cdcs")),
        Case("issuing:docx", lambda x: {"pk": x.issued_doc.pk}, get=roles(w, "viewer", "other_cdcs")),
        Case("issuing:docx", lambda x: {"pk": x.draft_doc.pk}, get=roles(w)),
        Case("issuing:pdf", lambda x: {"pk": x.issued_doc.pk}, get=roles(w, "viewer", "other_cdcs")),
        Case(
            "issuing:page", lambda x: {"pk": x.issued_doc.pk, "page": 1}, get=roles(w, "viewer", "other_cdcs")
        ),
        Case(
            "issuing:signed_upload",
            lambda x: {"pk": x.issued_doc.pk},
            post=roles(w),
            post_only=True,
            note="the signed copy: only the issuing unit's writers upload it",
        ),
        Case(
            "issuing:signed_progress", lambda x: {"pk": x.issued_doc.pk}, get=roles(w, "viewer", "other_cdcs")
        ),
        Case(
            "issuing:signed_file",
            lambda x: {"pk": x.issued_doc.pk, "signed_id": x.signed_copy.pk},
            get=roles(w, "viewer", "other_cdcs"),
            note="who sees the issued document downloads its signed copy",
        ),
        Case("issuing:replace", lambda x: {"pk": x.issued_doc.pk}, post=roles(w), post_only=True),
        Case("issuing:discard", lambda x: {"pk": x.draft_doc.pk}, post=roles(w), post_only=True),
        Case("issuing:batch", lambda x: {"batch_id": x.batch.pk}, get=roles(w)),
        Case("issuing:batch_progress", lambda x: {"batch_id": x.batch.pk}, get=roles(w)),
        Case("core:notifications", get=EVERYONE),
        Case(
            "core:notification_read",
            lambda x: {"pk": x.notification.pk},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
        ),
        Case("core:notifications_read_all", post=EVERYONE, post_only=True),
        # --- one's own notification settings (issue 24): everybody, for themselves only ----------------
        Case("core:notify_settings", get=EVERYONE, get_only=True),
        Case("core:notify_email", post=EVERYONE, post_only=True),
        Case("core:notify_email_confirm", lambda x: {"token": "sai-ma"}, get=EVERYONE),
        Case("core:notify_phone", post=EVERYONE, post_only=True),
        Case("core:notify_phone_code", post=EVERYONE, post_only=True),
        Case("core:notify_channels", post=EVERYONE, post_only=True),
        Case("core:push_subscribe", post=EVERYONE, post_only=True),
        Case("core:push_unsubscribe", post=EVERYONE, post_only=True),
        # The delivery log: union officers, for the users of their own subtree (the outsider sees Bắc Sơn's);
        # a CĐCS chair or a viewer is no administrator of it.
        Case("core:deliveries", get=roles(w, "outsider"), get_only=True),
        # --- a large Excel export built on the task worker: only the user who asked sees it -------------
        Case(
            "exports:job",
            lambda x: {"job_id": x.export_job.pk},
            owner="cdcs_hoa",
            get=roles(w),
            get_only=True,
        ),
        Case(
            "exports:progress",
            lambda x: {"job_id": x.export_job.pk},
            owner="cdcs_hoa",
            get=roles(w),
            get_only=True,
        ),
        Case(
            "exports:download",
            lambda x: {"job_id": x.export_job.pk},
            owner="cdcs_hoa",
            get=roles(w),
            get_only=True,
            note="the file may hold personal data: not even the officer above the CĐCS",
        ),
        # --- members: the school's register (cdcs_hoa writes, minh above writes, viewer_thu reads) --------
        Case("members:index", get=EVERYONE),
        Case("members:register", lambda x: {"unit_id": x.school.pk}, owner="cdcs_hoa", get=READERS_OF_SCHOOL),
        Case(
            "members:register",
            lambda x: {"unit_id": x.commune.pk},
            get=roles(w, "viewer"),
            note="the commune's whole register: not for the CĐCS below it",
        ),
        Case("members:add", lambda x: {"unit_id": x.school.pk}, owner="cdcs_hoa", get=WRITERS_OF_SCHOOL),
        Case(
            "members:export",
            lambda x: {"unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=WRITERS_OF_SCHOOL,
            data=lambda x: {"purpose": "report"},
            note="personal data leaves the system: write roles of the unit and above only (Decree 13/2023)",
        ),
        Case(
            "members:import_template",
            lambda x: {"unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=WRITERS_OF_SCHOOL,
        ),
        Case("members:import", lambda x: {"unit_id": x.school.pk}, owner="cdcs_hoa", get=WRITERS_OF_SCHOOL),
        Case(
            "members:access_log", lambda x: {"unit_id": x.school.pk}, owner="cdcs_hoa", get=WRITERS_OF_SCHOOL
        ),
        Case(
            "members:import_detail",
            lambda x: {"import_id": x.member_import.pk},
            owner="cdcs_hoa",
            get=WRITERS_OF_SCHOOL,
        ),
        Case(
            "members:import_progress",
            lambda x: {"import_id": x.member_import.pk},
            owner="cdcs_hoa",
            get=WRITERS_OF_SCHOOL,
        ),
        Case(
            "members:import_confirm",
            lambda x: {"import_id": x.member_import.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "members:import_cancel",
            lambda x: {"import_id": x.member_import.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case("members:detail", lambda x: {"member_id": x.member.pk}, owner="cdcs_hoa", get=READERS_OF_SCHOOL),
        Case(
            "members:edit",
            lambda x: {"member_id": x.member.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "members:leave",
            lambda x: {"member_id": x.member.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "members:transfer",
            lambda x: {"member_id": x.member.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "members:transfer_units",
            lambda x: {"member_id": x.member.pk},
            owner="cdcs_hoa",
            get=WRITERS_OF_SCHOOL,
            note="the transfer picker's search: write roles over the member only",
        ),
        # Issue 20: states, the ID number, data-subject requests, applications where there is no CĐCS.
        *[
            Case(
                name,
                lambda x: {"member_id": x.member.pk},
                owner="cdcs_hoa",
                post=WRITERS_OF_SCHOOL,
                post_only=True,
            )
            for name in ("members:pause", "members:resume", "members:subject_request", "members:erase")
        ],
        *[
            Case(
                name,
                lambda x: {"member_id": x.member.pk},
                owner="cdcs_hoa",
                get=WRITERS_OF_SCHOOL,
                note="personal data: the roles that keep the register, each reading logged (Luật 91/2025/QH15)",
            )
            for name in ("members:id_number", "members:application_scan", "members:own_data")
        ],
        Case(
            "members:subject_request_done",
            lambda x: {"request_id": x.subject_request.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case("members:admission_requests", lambda x: {"unit_id": x.commune.pk}, get=roles(w)),
        Case(
            "members:admission_requests",
            lambda x: {"unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=roles(),
            note="a CĐCS decides its own admissions: no upper-union list",
        ),
        Case("members:admission_request", lambda x: {"request_id": x.admission_request.pk}, get=roles(w)),
        Case("members:founding_list", get=EVERYONE),
        Case("members:founding_create", get=EVERYONE, note="the form offers only the user's writable unions"),
        Case("members:founding", lambda x: {"case_id": x.founding.pk}, get=roles(w, "viewer")),
        Case("members:founding_step", lambda x: {"case_id": x.founding.pk}, post=roles(w), post_only=True),
        Case("members:founding_decide", lambda x: {"case_id": x.founding.pk}, post=roles(w), post_only=True),
        Case(
            "members:founding_congress", lambda x: {"case_id": x.founding.pk}, post=roles(w), post_only=True
        ),
        # --- members: the school's dues (issue 20): read like the register, written by its writers --------
        Case("members:dues", lambda x: {"unit_id": x.school.pk}, owner="cdcs_hoa", get=READERS_OF_SCHOOL),
        Case(
            "members:dues_record",
            lambda x: {"unit_id": x.school.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "members:dues_upload",
            lambda x: {"unit_id": x.school.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "members:dues_template",
            lambda x: {"unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=WRITERS_OF_SCHOOL,
            note="a list of the members who owe dues: write roles of the unit and above only",
        ),
        # --- concerns: public pages (no account) and the school's concern -------------------------------
        Case("concerns:public_lookup", public=True, data=lambda x: {"code": "TT-AAAA-BBBB"}),
        Case("concerns:public_form", lambda x: {"key": x.box.key}, public=True),
        Case("concerns:public_thanks", lambda x: {"key": x.box.key}, public=True),
        Case("concerns:list", get=EVERYONE),
        Case(
            "concerns:detail", lambda x: {"concern_id": x.concern.pk}, owner="cdcs_hoa", get=READERS_OF_SCHOOL
        ),
        Case(
            "concerns:answer",
            lambda x: {"concern_id": x.concern.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "concerns:follow_up",
            lambda x: {"concern_id": x.concern.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "concerns:review",
            lambda x: {"concern_id": x.held_concern.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
            data=lambda x: {"decision": "release"},
            note="a held concern (bot trap, hourly cap) is released or refused by the CĐCS and above",
        ),
        Case(
            "concerns:case_open",
            lambda x: {"concern_id": x.concern.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
            data=lambda x: {"kind": "complaint", "received_on": "02/03/2026", "unit": x.school.pk},
            note="a concern becomes a complaint or denunciation case: write roles over the concern",
        ),
        Case(
            "concerns:case_step",
            lambda x: {"concern_id": x.case_concern.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
            data=lambda x: {"action": "accept", "on": "03/03/2026"},
        ),
        Case(
            "concerns:case_identity",
            lambda x: {"concern_id": x.case_concern.pk},
            owner="cdcs_hoa",
            get=roles(w),
            get_only=True,
            note="a denouncer's identity: the case handlers only (Luật Tố cáo 2018 Art. 47), not the unit above",
        ),
        Case(
            "concerns:box",
            lambda x: {"unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
            post=WRITERS_OF_SCHOOL,
        ),
        Case(
            "concerns:box_qr",
            lambda x: {"unit_id": x.school.pk, "fmt": "svg"},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
        ),
        # --- legal aid: a request received at the school, no advisor yet --------------------------------
        Case("legalaid:list", get=EVERYONE),
        Case("legalaid:create", get=EVERYONE, note="the form offers only the user's writable units"),
        Case(
            "legalaid:detail", lambda x: {"case_id": x.legal_case.pk}, owner="cdcs_hoa", get=READERS_OF_SCHOOL
        ),
        Case(
            "legalaid:assign",
            lambda x: {"case_id": x.legal_case.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "legalaid:note",
            lambda x: {"case_id": x.legal_case.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "legalaid:court",
            lambda x: {"case_id": x.legal_case.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "legalaid:stage",
            lambda x: {"case_id": x.legal_case.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "legalaid:dispute",
            lambda x: {"case_id": x.legal_case.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "legalaid:close",
            lambda x: {"case_id": x.legal_case.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "legalaid:upload",
            lambda x: {"case_id": x.legal_case.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "legalaid:document",
            lambda x: {"case_id": x.legal_case.pk, "document_id": x.case_document.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
        ),
        # --- agreements: the factory's agreement (cdcs_dung), the school's dialogue ----------------------
        Case("agreements:list", get=EVERYONE),
        Case("agreements:create", get=EVERYONE, note="the form offers only the user's writable units"),
        Case(
            "agreements:detail",
            lambda x: {"agreement_id": x.agreement.pk},
            owner="other_cdcs",
            get=roles(w, "viewer", "officer_minh"),
        ),
        Case(
            "agreements:edit",
            lambda x: {"agreement_id": x.agreement.pk},
            owner="other_cdcs",
            get=roles(w, "officer_minh"),
        ),
        Case(
            "agreements:change",
            lambda x: {"agreement_id": x.agreement.pk},
            owner="other_cdcs",
            get=roles(w, "officer_minh"),
        ),
        Case(
            "agreements:grade",
            lambda x: {"agreement_id": x.agreement.pk},
            owner="other_cdcs",
            get=roles(w, "officer_minh"),
        ),
        Case("agreements:dialogues", get=EVERYONE),
        Case("agreements:dialogue_create", get=EVERYONE),
        Case(
            "agreements:dialogue",
            lambda x: {"dialogue_id": x.dialogue.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
        ),
        Case(
            "agreements:dialogue_edit",
            lambda x: {"dialogue_id": x.dialogue.pk},
            owner="cdcs_hoa",
            get=WRITERS_OF_SCHOOL,
        ),
        Case(
            "agreements:dialogue_minutes",
            lambda x: {"dialogue_id": x.dialogue.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
            note="the signed minutes, through the dialogue's access rule",
        ),
        Case(
            "agreements:conference_create",
            get=EVERYONE,
            note="the form offers only the user's writable units",
        ),
        # --- activities: the school's activity and its photo ---------------------------------------------
        Case("activities:list", get=EVERYONE),
        Case("activities:create", get=EVERYONE),
        Case(
            "activities:detail",
            lambda x: {"activity_id": x.activity.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
        ),
        Case(
            "activities:photo_upload",
            lambda x: {"activity_id": x.activity.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
        ),
        Case(
            "activities:photo",
            lambda x: {"activity_id": x.activity.pk, "photo_id": x.photo.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
        ),
        # --- evaluations: the province's opened set (the school's draft, the factory's submitted
        # self-assessment waiting for the commune's moderation) and its editable 2027 set -----------------
        Case("evaluations:index", get=EVERYONE),
        Case("evaluations:set_create", get=EVERYONE, note="the form offers only the user's writable unions"),
        Case(
            "evaluations:set",
            lambda x: {"set_id": x.eval_set.pk},
            owner="officer_minh",
            get=roles(w, "viewer"),
            note="the owner's tree and the unions that moderate under it; never a CĐCS",
        ),
        Case(
            "evaluations:set_edit",
            lambda x: {"set_id": x.eval_draft_set.pk},
            owner="chairwoman_lan",
            get=roles(w),
        ),
        Case(
            "evaluations:criterion_create",
            lambda x: {"set_id": x.eval_draft_set.pk},
            owner="chairwoman_lan",
            get=roles(w),
        ),
        Case(
            "evaluations:criterion_edit",
            lambda x: {"set_id": x.eval_draft_set.pk, "criterion_id": x.eval_criterion.pk},
            owner="chairwoman_lan",
            get=roles(w),
        ),
        Case(
            "evaluations:criterion_delete",
            lambda x: {"set_id": x.eval_draft_set.pk, "criterion_id": x.eval_criterion.pk},
            owner="chairwoman_lan",
            post=roles(w),
            post_only=True,
        ),
        Case(
            "evaluations:set_copy",
            lambda x: {"set_id": x.eval_set.pk},
            owner="chairwoman_lan",
            post=roles(w),
            post_only=True,
            data=lambda x: {"year": "2030"},
        ),
        Case(
            "evaluations:set_open",
            lambda x: {"set_id": x.eval_draft_set.pk},
            owner="chairwoman_lan",
            post=roles(w),
            post_only=True,
            data=lambda x: {"due_on": "20/12/2027"},
        ),
        Case(
            "evaluations:set_classify",
            lambda x: {"set_id": x.eval_set.pk},
            owner="chairwoman_lan",
            post=roles(w),
            post_only=True,
        ),
        Case(
            "evaluations:set_publish",
            lambda x: {"set_id": x.eval_set.pk},
            owner="chairwoman_lan",
            post=roles(w),
            post_only=True,
        ),
        Case(
            "evaluations:set_report",
            lambda x: {"set_id": x.eval_set.pk},
            owner="chairwoman_lan",
            post=roles(w),
            post_only=True,
        ),
        Case(
            "evaluations:set_bonus",
            lambda x: {"set_id": x.eval_set.pk},
            owner="chairwoman_lan",
            get=roles(w),
            post=roles(w),
            note="the emulation council of the set's owner only: never the moderating commune or a CĐCS",
        ),
        Case(
            "evaluations:ranking",
            lambda x: {"set_id": x.eval_set.pk},
            owner="officer_minh",
            get=roles(w, "viewer"),
        ),
        Case(
            "evaluations:ranking_export",
            lambda x: {"set_id": x.eval_set.pk},
            owner="officer_minh",
            get=roles(w, "viewer"),
        ),
        Case(
            "evaluations:evaluation",
            lambda x: {"evaluation_id": x.school_ev.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
            post=roles(w),
            note="another CĐCS never sees a CĐCS's draft",
        ),
        Case(
            "evaluations:evaluation",
            lambda x: {"evaluation_id": x.school_ev.pk},
            owner="officer_minh",
            get=READERS_OF_SCHOOL,
            post=roles(w),
            note="the parent may fill the draft in for the CĐCS",
        ),
        Case(
            "evaluations:self_autosave",
            lambda x: {"evaluation_id": x.school_ev.pk},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
            note="the self-assessment's autosave: who may fill the draft in",
        ),
        Case(
            "evaluations:moderate",
            lambda x: {"evaluation_id": x.factory_ev.pk},
            owner="officer_minh",
            get=roles(w),
            note="moderation only by the parent (and above), never by the CĐCS itself (other_cdcs)",
        ),
        Case(
            "evaluations:evidence",
            lambda x: {"evaluation_id": x.school_ev.pk, "score_id": x.eval_score.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
        ),
        # --- awards (issue 13): the commune's movement, the school's proposal to the commune's council, an
        # award decided for the school, the school's good model waiting for the commune ------------------
        Case("awards:index", get=EVERYONE),
        Case("awards:movement_create", get=EVERYONE, note="the form offers only the user's writable units"),
        Case(
            "awards:movement",
            lambda x: {"movement_id": x.awards_movement.pk},
            get=roles(w, "viewer", "other_cdcs"),
            note="launched for the units below: they see it to sign up",
        ),
        Case(
            "awards:movement_signup",
            lambda x: {"movement_id": x.awards_movement.pk},
            post=roles(w, "other_cdcs"),
            post_only=True,
        ),
        Case("awards:proposals", get=EVERYONE),
        Case("awards:proposal_create", get=EVERYONE),
        Case(
            "awards:proposal",
            lambda x: {"proposal_id": x.awards_proposal.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
        ),
        Case(
            "awards:proposal_edit",
            lambda x: {"proposal_id": x.awards_proposal.pk},
            owner="cdcs_hoa",
            get=roles(w),
        ),
        Case(
            "awards:proposal_review",
            lambda x: {"proposal_id": x.awards_proposal.pk},
            post=roles(w),
            post_only=True,
            note="the council of the commune",
        ),
        Case(
            "awards:proposal_forward",
            lambda x: {"proposal_id": x.awards_proposal.pk},
            post=roles(w),
            post_only=True,
        ),
        Case(
            "awards:proposal_revoke",
            lambda x: {"proposal_id": x.awards_award.pk},
            post=roles(w),
            post_only=True,
        ),
        Case(
            "awards:certificate",
            lambda x: {"proposal_id": x.awards_award.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
            note="the school received the award",
        ),
        # --- awards (issue 19): the file of the school's proposal, the commune council's session ----------
        Case(
            "awards:proposal_file",
            lambda x: {"proposal_id": x.awards_proposal.pk},
            owner="cdcs_hoa",
            post=WRITERS_OF_SCHOOL,
            post_only=True,
            note="kept by the proposer or by the council's officers",
        ),
        Case(
            "awards:sessions",
            get=EVERYONE,
            note="lists the sessions of the user's units; opens one only for a council the user holds",
        ),
        Case(
            "awards:session",
            lambda x: {"session_id": x.awards_session.pk},
            get=roles(w, "viewer"),
        ),
        Case(
            "awards:session_vote",
            lambda x: {"session_id": x.awards_session.pk},
            post=roles(w),
            post_only=True,
        ),
        Case(
            "awards:session_close",
            lambda x: {"session_id": x.awards_session.pk},
            post=roles(w),
            post_only=True,
        ),
        Case("awards:decision_create", get=EVERYONE, note="lists only the proposals of the user's councils"),
        Case("awards:register", get=EVERYONE),
        Case("awards:register_xlsx", get=EVERYONE),
        Case("awards:good_models", get=EVERYONE),
        Case("awards:good_model_create", get=EVERYONE),
        Case(
            "awards:good_model",
            lambda x: {"model_id": x.awards_model.pk},
            owner="cdcs_hoa",
            get=READERS_OF_SCHOOL,
        ),
        Case(
            "awards:good_model_publish",
            lambda x: {"model_id": x.awards_model.pk},
            post=roles(w),
            post_only=True,
            note="the federation above the proposer",
        ),
        # --- inspections: the commune's plan inspects the school (cdcs_hoa) and the factory (cdcs_dung, here
        # "other_cdcs"); the school's visit has one answered recommendation with evidence. The factory's
        # chair sees the plan (for its own visit only) but never the school's visit or recommendation.
        Case("inspections:index", get=EVERYONE),
        Case("inspections:create", get=EVERYONE, note="a chooser of the user's inspecting units, or a note"),
        Case(
            "inspections:plan",
            lambda x: {"plan_id": x.inspection_plan.pk},
            get=roles(w, "viewer", "other_cdcs"),
            note="an inspected CĐCS sees the plan with its own visit",
        ),
        Case("inspections:edit", lambda x: {"plan_id": x.inspection_plan.pk}, get=roles(w)),
        Case(
            "inspections:notice", lambda x: {"plan_id": x.inspection_plan.pk}, post=roles(w), post_only=True
        ),
        Case("inspections:visit", lambda x: {"visit_id": x.school_visit.pk}, get=roles(w, "viewer")),
        Case(
            "inspections:visit",
            lambda x: {"visit_id": x.school_visit.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer"),
            note="the inspected CĐCS reads its record; another CĐCS of the same plan does not",
        ),
        Case("inspections:visit_edit", lambda x: {"visit_id": x.school_visit.pk}, get=roles(w)),
        Case(
            "inspections:visit_edit",
            lambda x: {"visit_id": x.school_visit.pk},
            owner="cdcs_hoa",
            get=roles(),
            note="the record is written by the inspecting unit",
        ),
        Case("inspections:record", lambda x: {"visit_id": x.school_visit.pk}, post=roles(w), post_only=True),
        Case("inspections:recommend", lambda x: {"visit_id": x.school_visit.pk}, get=roles(w)),
        Case(
            "inspections:recommend", lambda x: {"visit_id": x.school_visit.pk}, owner="cdcs_hoa", get=roles()
        ),
        Case(
            "inspections:answer",
            lambda x: {"rec_id": x.school_rec.pk},
            owner="cdcs_hoa",
            get=roles(w),
            note="the CĐCS answers (a writer above it may too); a viewer does not",
        ),
        Case("inspections:accept", lambda x: {"rec_id": x.school_rec.pk}, post=roles(w), post_only=True),
        Case(
            "inspections:accept",
            lambda x: {"rec_id": x.school_rec.pk},
            owner="cdcs_hoa",
            post=roles(),
            post_only=True,
            note="the CĐCS does not close its own recommendation",
        ),
        Case("inspections:reopen", lambda x: {"rec_id": x.school_rec.pk}, post=roles(w), post_only=True),
        Case(
            "inspections:reopen",
            lambda x: {"rec_id": x.school_rec.pk},
            owner="cdcs_hoa",
            post=roles(),
            post_only=True,
        ),
        Case(
            "inspections:evidence",
            lambda x: {"rec_id": x.school_rec.pk, "evidence_id": x.inspection_evidence.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer"),
        ),
        # Issue 19: the decision and the conclusion of the plan, persons inspected (a violation plan), the
        # finance figures (a finance plan), discipline cases and the commune's Ủy ban kiểm tra. All written
        # by the inspecting union (and above); a discipline case is not shown to the unit it is about.
        Case(
            "inspections:decision", lambda x: {"plan_id": x.inspection_plan.pk}, post=roles(w), post_only=True
        ),
        Case("inspections:conclude", lambda x: {"plan_id": x.inspection_plan.pk}, get=roles(w)),
        Case("inspections:person_visit", lambda x: {"plan_id": x.violation_plan.pk}, get=roles(w)),
        Case("inspections:discipline_create", lambda x: {"plan_id": x.inspection_plan.pk}, get=roles(w)),
        Case("inspections:visit_finance", lambda x: {"visit_id": x.finance_visit.pk}, get=roles(w)),
        Case("inspections:committees", get=EVERYONE),
        Case("inspections:committee_create", get=EVERYONE, note="without ?don-vi=: back to the list"),
        Case(
            "inspections:committee",
            lambda x: {"committee_id": x.inspection_committee.pk},
            get=roles(w, "viewer"),
            post=roles(w),
        ),
        Case(
            "inspections:discipline",
            lambda x: {"case_id": x.discipline_case.pk},
            get=roles(w, "viewer"),
            post=roles(w),
        ),
        # --- finance: the commune's plan has a line; the school's sub-plan (cdcs_hoa) draws from it and
        # recorded one payment with a voucher. Spending is read by the plan's unit and the levels above,
        # written only by the unit that spends (not by the levels above, not by a viewer).
        Case("finance:ledger", lambda x: {"plan_id": x.plan.pk}, get=roles(w, "viewer"), post=roles(w)),
        Case(
            "finance:ledger",
            lambda x: {"plan_id": x.sub_plan.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer"),
            post=roles(w),
            note="the school records its own spending; the commune above reads it only",
        ),
        Case("finance:rollup", lambda x: {"plan_id": x.plan.pk}, get=roles(w, "viewer"), get_only=True),
        Case("finance:rollup_xlsx", lambda x: {"plan_id": x.plan.pk}, get=roles(w, "viewer"), get_only=True),
        Case(
            "finance:reverse",
            lambda x: {"payment_id": x.school_payment.pk},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
            data=lambda x: {"reason": "Ghi nhầm", "on": "01/10/2024"},
        ),
        Case(
            "finance:reverse",
            lambda x: {"payment_id": x.school_payment.pk},
            owner="officer_minh",
            post=roles(),
            post_only=True,
            note="the level above does not correct the school's records",
        ),
        Case(
            "finance:voucher",
            lambda x: {"payment_id": x.school_payment.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer"),
            get_only=True,
        ),
        Case(
            "finance:reason",
            lambda x: {"line_id": x.school_line.pk},
            owner="cdcs_hoa",
            post=roles(w),
            post_only=True,
            data=lambda x: {"text": "Giá tăng", "lock_version": "0"},
        ),
        Case(
            "finance:unit_records",
            lambda x: {"unit_id": x.school.pk},
            owner="cdcs_hoa",
            get=roles(w, "viewer"),
            get_only=True,
            note="what a finance inspection opens from its record: the unit and the levels above",
        ),
    ]


# URL names left out of the matrix, each with the reason.
UNLISTED = {
    "admin:*": "the Django admin: superusers only, checked by tests/test_orgs_access.py",
}


def url_names() -> set[str]:
    def walk(patterns, namespace: str | None) -> set[str]:
        names = set()
        for p in patterns:
            if isinstance(p, URLResolver):
                names |= walk(p.url_patterns, p.namespace or namespace)
            elif p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)
        return names

    return {n for n in walk(get_resolver().url_patterns, None) if not n.startswith("admin:")}


class PermissionMatrixTests(DocumentWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.viewer = cls.make_user("viewer_thu", "Thu", cls.province, Role.VIEWER)
        cls.other_cdcs = cls.make_user("cdcs_dung", "Dũng", cls.factory, Role.CDCS_CHAIR)
        on = dt.date(2024, 8, 8)
        cls.plan = cls._plan("27/KH-CĐX")
        cls.draft = cls._plan("")
        publish_plan(plan=cls.plan, user=cls.officer_minh, units_filter=None, deadline=on, on=on)
        cls.school_assignment = PlanAssignment.objects.get(plan=cls.plan, unit=cls.school)
        cls.factory_assignment = PlanAssignment.objects.get(plan=cls.plan, unit=cls.factory)
        tasks = list(cls.plan.tasks.values_list("pk", flat=True))
        cls.sub_plan = create_sub_plan(
            assignment=cls.school_assignment, user=cls.cdcs_hoa, task_ids=tasks, on=on
        )
        task = cls.sub_plan.tasks.first()
        cls.action = Action.objects.create(
            plan=cls.sub_plan, task=task, text="Tuyên truyền", responsible="Hoa", due_date=on
        )
        cls.form = ReportForm.objects.create(plan=cls.plan, title="Báo cáo năm", period_kind="year")
        cls.indicator = cls.form.indicators.create(code="sessions", label="Số buổi", kind="integer")
        cls.rule = Rule.objects.create(form=cls.form, expression="sessions >= 0", message="Không âm.")
        cls.year = 2026
        cls.submission = open_submission(form=cls.form, unit=cls.school, year=cls.year)
        cls.submitted = open_submission(form=cls.form, unit=cls.factory, year=cls.year)
        submit_submission(
            submission=cls.submitted, values={"sessions": "2"}, lock_version=0, user=cls.other_cdcs
        )
        cls.notification = Notification.objects.create(user=cls.cdcs_hoa, verb="x", text="Thử", key="matrix")
        # Daily union work: a member, an import waiting for confirmation, a founding case, a concern, a
        # legal case, an agreement, a dialogue, an activity.
        cls.member = add_member(
            unit=cls.school, full_name="Nguyễn Văn An", birth_year=1985, sex="male", joined_on=on
        )
        cls.subject_request = record_subject_request(
            member=cls.member, kind="access", received_on=on, detail="", user=None
        )
        cls.admission_request = receive_admission_request(
            unit=cls.commune,
            received_on=on,
            user=None,
            full_name="Hồ Văn Em",
            birth_date=dt.date(2000, 2, 2),
            sex="male",
            workplace="Cơ sở may",
            application="5a",
            application_signed=True,
        )
        cls.member_import = MemberImport.objects.create(
            unit=cls.school, filename="dv.xlsx", state="ready", rows=1
        )
        cls.founding = FoundingCase.objects.create(owner_unit=cls.commune, enterprise="Công ty Mục Tiêu")
        cls.box = ConcernBox.objects.create(unit=cls.school)
        ensure_default_categories()
        category = ConcernCategory.objects.first()
        cls.concern = file_concern(
            box=cls.box, category=category, text="Nội dung góp ý", anonymous=True, on=on
        )
        cls.held_concern = file_concern(
            box=cls.box,
            category=category,
            text="Góp ý gửi quá nhanh",
            anonymous=True,
            on=on,
            held_reason="too_fast",
        )
        cls.case_concern = file_concern(
            box=cls.box, category=category, text="Tố cáo", anonymous=False, name="Người Tố Cáo", on=on
        )
        concerns_workflow.open_case(
            concern=cls.case_concern,
            kind="denunciation",
            unit=cls.school,
            received_on=dt.date(2026, 3, 2),
            user=cls.cdcs_hoa,
        )
        cls.legal_case = open_case(
            origin_unit=cls.school,
            user=cls.cdcs_hoa,
            requester="An",
            topic="wages",
            summary="Lương",
            opened_on=on,
        )
        cls.agreement = CollectiveAgreement.objects.create(
            unit=cls.factory,
            title="TƯLĐTT",
            employer="Công ty May",
            signed_on=on,
            effective_from=on,
            expires_on=on.replace(year=on.year + 3),
            grade="C",
        )
        cls.dialogue = Dialogue.objects.create(unit=cls.school, held_on=on, topics=["wages"])
        cls.activity = Activity.objects.create(unit=cls.school, kind="event", held_on=on, topic="Tết Sum vầy")
        cls.import_job = ImportJob.objects.create(
            form=cls.form,
            unit=cls.commune,
            user=cls.officer_minh,
            original_name="bao-cao.xlsx",
            state="failed",
        )
        # --- evaluations: the province's 2026 set, opened (school: draft; factory: submitted), and an
        # editable 2027 set ------------------------------------------------------------------------
        from trienkhai.evaluations import workflow as evaluations_workflow
        from trienkhai.evaluations.models import Criterion as EvalCriterion
        from trienkhai.evaluations.models import Evaluation

        from .evaluations_world import make_set

        cls.eval_set = make_set(cls.province, 2026)
        evaluations_workflow.open_evaluations(
            criteria_set=cls.eval_set, due_on=dt.date(2026, 12, 20), user=None, on=dt.date(2026, 11, 1)
        )
        cls.school_ev = Evaluation.objects.get(criteria_set=cls.eval_set, unit=cls.school)
        cls.factory_ev = Evaluation.objects.get(criteria_set=cls.eval_set, unit=cls.factory)
        Evaluation.objects.filter(pk=cls.factory_ev.pk).update(status="submitted")
        cls.eval_score = cls.school_ev.scores.first()
        cls.eval_draft_set = make_set(cls.province, 2027)
        cls.eval_criterion = EvalCriterion.objects.filter(group__criteria_set=cls.eval_draft_set).first()

        # --- awards (issue 13) -------------------------------------------------------------------------
        cls.awards_movement = Movement.objects.create(
            unit=cls.commune,
            title="Xanh – Sạch – Đẹp",
            year=2026,
            starts_on=on,
            ends_on=dt.date(2030, 1, 1),
            signup_deadline=dt.date(2030, 1, 1),
        )
        ensure_default_forms()  # seeded by the migration, unless a transactional test flushed it
        giay_khen = AwardForm.objects.get(name="Giấy khen của Liên đoàn Lao động")
        cls.awards_proposal = Proposal.objects.create(
            council_unit=cls.commune,
            proposer_unit=cls.school,
            year=2026,
            form=giay_khen,
            recipient="unit",
            recipient_unit=cls.school,
            achievements="Thành tích",
        )
        decision = OutgoingDocument.objects.create(
            unit=cls.commune, kind="decision", state="issued", number="09/QĐ-CĐX", year=2026, issued_on=on
        )
        cls.awards_award = Proposal.objects.create(
            council_unit=cls.commune,
            proposer_unit=cls.commune,
            year=2025,
            form=giay_khen,
            recipient="unit",
            recipient_unit=cls.school,
            achievements="Thành tích",
            status="reviewed",
            decision=decision,
        )
        cls.awards_session = CouncilSession.objects.create(
            unit=cls.commune,
            year=2026,
            held_on=on,
            chair="Lê Văn Hùng",
            members_total=3,
            members_present="Lê Văn Hùng\nLê Quang Minh",
        )
        cls.awards_model = GoodModel.objects.create(
            unit=cls.school,
            federation=cls.commune,
            year=2026,
            title="Góc xanh",
            summary="Mỗi lớp một bồn cây",
        )
        # --- inspections: the commune inspects the school and the factory; one recommendation at the school,
        # answered (its evidence file is added in setUp).
        cls.inspection_plan = inspections_workflow.save_plan(
            plan=InspectionPlan(
                unit=cls.commune, title="Kiểm tra Điều lệ", topics=["Điều lệ"], starts_on=on, ends_on=on
            ),
            units=[cls.school, cls.factory],
            team=[inspections_workflow.TeamEntry("Trần Văn Bình", role="head")],
            user=cls.officer_minh,
        )
        cls.school_visit = cls.inspection_plan.visits.get(unit=cls.school)
        cls.school_rec = inspections_workflow.add_recommendation(
            visit=cls.school_visit, text="Cập nhật sổ", deadline=on, owner_name="", user=cls.officer_minh
        )
        inspections_workflow.answer_recommendation(
            recommendation=cls.school_rec, action_taken="Đã cập nhật", files=[], user=cls.cdcs_hoa
        )

        # Issue 19: a violation plan (persons may be inspected), a finance plan, a discipline case and the
        # commune's committee.
        cls.violation_plan = inspections_workflow.save_plan(
            plan=InspectionPlan(
                unit=cls.commune,
                process="violation",
                title="Kiểm tra dấu hiệu vi phạm",
                topics=["Điều lệ"],
                starts_on=on,
                ends_on=on,
            ),
            units=[cls.school],
            team=[inspections_workflow.TeamEntry("Trần Văn Bình", role="head")],
            user=cls.officer_minh,
        )
        finance_plan = inspections_workflow.save_plan(
            plan=InspectionPlan(
                unit=cls.commune,
                process="finance",
                title="Kiểm tra tài chính",
                topics=["Tài chính"],
                starts_on=on,
                ends_on=on,
            ),
            units=[cls.school],
            team=[inspections_workflow.TeamEntry("Trần Văn Bình", role="head")],
            user=cls.officer_minh,
        )
        cls.finance_visit = finance_plan.visits.get()
        cls.discipline_case = inspections_workflow.open_discipline(
            authority=cls.commune,
            target="officer",
            unit=cls.school,
            person_name="Nguyễn Văn A",
            violation="Vi phạm Điều lệ",
            opened_on=on,
            plan=cls.violation_plan,
        )
        cls.inspection_committee = inspections_workflow.save_committee(
            committee=InspectionCommittee(unit=cls.commune, term="2023–2028", term_start=on, elected_on=on),
            members=[inspections_workflow.CommitteeEntry("Trần Văn Bình", role="chair")],
        )

        # --- finance: a line of the commune's plan, the school's allocation from it (its voucher is added
        # in setUp)
        cls.plan_line = BudgetLine.objects.create(plan=cls.plan, item="Tập huấn", amount=10_000_000)
        cls.school_line = BudgetLine.objects.create(
            plan=cls.sub_plan, item="Tập huấn", amount=4_000_000, parent_line=cls.plan_line
        )
        cls.school_payment = Payment.objects.create(
            unit=cls.school,
            line=cls.school_line,
            paid_on=on,
            amount=1_500_000,
            payee="Nhà sách",
            purpose="Tài liệu",
        )

    @classmethod
    def _plan(cls, number: str) -> Plan:
        plan = Plan.objects.create(owner_unit=cls.commune, number=number, title="Kế hoạch", created_by=None)
        group = TaskGroup.objects.create(plan=plan, position=0, label="1", title="Tuyên truyền")
        Task.objects.create(plan=plan, group=group, position=0, code="II.1.1", text="Tổ chức hội nghị")
        return plan

    def setUp(self) -> None:
        # Files go to the test media folder, which setUpTestData cannot reach yet.
        self.document = self.ingest_seed()
        save_review(document=self.document, parsed=self.document.parsed, user=self.officer_minh)
        self.evidence = Evidence.objects.create(submission=self.submission, name="bien-ban.pdf", size=4)
        self.evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF"), save=True)
        self._issuing_documents()
        self.case_document = CaseDocument(case=self.legal_case, name="don.pdf", size=4)
        self.case_document.file.save("don.pdf", ContentFile(b"%PDF"), save=True)
        self.dialogue.minutes.save("bien-ban-doi-thoai.pdf", ContentFile(b"%PDF"), save=True)
        self.photo = ActivityPhoto(activity=self.activity, name="anh.png", size=4)
        self.photo.file.save("anh.png", ContentFile(b"\x89PNG"), save=True)
        self.inspection_evidence = InspectionEvidence(recommendation=self.school_rec, name="so.pdf", size=4)
        self.inspection_evidence.file.save("so.pdf", ContentFile(b"%PDF"), save=True)
        self.school_payment.voucher_name = "phieu-chi.pdf"
        self.school_payment.voucher.save("phieu-chi.pdf", ContentFile(b"%PDF"), save=True)
        # Another session of cdcs_hoa's (a second browser), for the sessions page's "end" button.
        other_browser = Session.objects.create(
            session_key="x" * 32, session_data="", expire_date=timezone.now() + dt.timedelta(days=1)
        )
        self.hoa_session = SessionRecord.objects.create(
            session_key=other_browser.session_key, user=self.cdcs_hoa
        )
        self.export_job = ExportJob.objects.create(
            user=self.cdcs_hoa, builder="x", title="Sổ đoàn viên", filename="dv.xlsx", state="done"
        )
        self.export_job.file.save("dv.xlsx", ContentFile(b"PK"), save=True)
        assert seed_bytes()
        # evaluations: a file of evidence on the school's first score
        self.eval_score.evidence_file.save("bien-ban.pdf", ContentFile(b"%PDF"), save=True)

    def _issuing_documents(self) -> None:
        """The commune's issued result report (with its PDF and a page image in place), a fresh draft, and
        a batch of one reminder dispatch to the factory."""
        on = dt.date(2026, 4, 10)
        signer = Signer(mode="TM", collective="BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Lê Văn Hùng")

        def report():
            return issuing_workflow.create_report_draft(
                form=self.form, unit=self.commune, year=self.year, index=1, user=None, on=on
            )

        self.issued_doc = issuing_workflow.issue_document(
            document=report(), user=None, on=on, header={"signer": signer}
        )
        self.issued_doc.pdf.save("01-BC.pdf", ContentFile(b"%PDF-1.4"), save=False)
        self.issued_doc.pdf_state, self.issued_doc.pages = "ready", 1
        self.issued_doc.save()
        default_storage.save(
            f"{issuing_conversion.pages_folder(self.issued_doc)}/page-1.png", ContentFile(b"PNG")
        )
        self.signed_copy = issuing_workflow.upload_signed_copy(
            document=self.issued_doc, data=_signed_docx(), filename="ban-ky.docx", user=None, expected=0
        )
        self.draft_doc = report()
        _drafts, self.batch = issuing_workflow.create_reminder_drafts(
            unit=self.commune,
            late=[LateUnit(self.factory, "quá hạn", True)],
            user=None,
            on=on,
            plan=self.plan,
            one_each=True,
        )

    def user_for(self, role: str, case: Case):
        if role == "anonymous":
            return None
        if role == "owner":
            return getattr(self, case.owner)
        return getattr(self, role)

    def call(self, method: str, url: str, data: dict):
        sid = transaction.savepoint()
        try:
            if method == "GET":
                return self.client.get(url)
            return self.client.post(url, data)
        finally:
            transaction.savepoint_rollback(sid)

    def test_every_url_is_in_the_matrix(self):
        listed = {case.name for case in _cases()}
        missing = url_names() - listed
        self.assertFalse(missing, f"URLs without a row in the permission matrix: {sorted(missing)}")
        self.assertFalse(listed - url_names(), "rows for URLs that no longer exist")

    def check_every_role(self, namespace: str) -> None:
        """Every row of one app's URLs, each role, GET and POST."""
        failures = []
        for case in _cases():
            if _namespace(case) != namespace:
                continue
            url = reverse(case.name, kwargs=case.kwargs(self))
            for role in ROLES:
                user = self.user_for(role, case)
                self.client.logout()
                if user is not None:
                    self.client.force_login(user)
                for method in ("GET", "POST"):
                    response = self.call(method, url, case.data(self))
                    expected = case.expected(role, method)
                    if expected == LOGIN:
                        ok = response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
                    else:
                        ok = response.status_code in expected
                    if not ok:
                        failures.append(f"{method} {url} as {role} ({case.owner}): {response.status_code}")
        self.assertFalse(failures, "\n" + "\n".join(failures))


def _namespace(case: Case) -> str:
    return case.name.split(":")[0] if ":" in case.name else "project"


# One test per app: the whole matrix took one test 1–2 minutes, which a parallel run could only give to one
# worker; per app, the workers share it. Every row still runs (test_every_url_is_in_the_matrix).
for _ns in sorted({_namespace(case) for case in _cases()}):
    setattr(
        PermissionMatrixTests,
        f"test_every_role_gets_the_expected_answer_{_ns}",
        lambda self, ns=_ns: self.check_every_role(ns),
    )
