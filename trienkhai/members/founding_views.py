"""The founding congress of a case and the draft of its recognition decision (members/founding.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.http import AuthedRequest
from trienkhai.issuing.api import acting_unit, can_issue
from trienkhai.orgs.models import today

from . import founding
from .access import get_founding_for_user
from .founding_forms import CongressForm


@login_required
@require_POST
def founding_congress(request: AuthedRequest, case_id: int) -> HttpResponse:
    """Record the founding congress (BCH, UBKT; the Art. 6 dossier) and draft the Mẫu 7b decision."""
    from .views import _founding_context  # the case page's context, shared with the page it re-renders

    case = get_founding_for_user(request, case_id, write=True)
    form = CongressForm(request.POST)
    if form.is_valid():
        try:
            congress = founding.record_congress(case=case, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            on = today()
            if can_issue(request.user, acting_unit(case.owner_unit, on=on)):
                document = founding.draft_recognition(congress=congress, user=request.user, on=on)
                messages.success(request, _("Đã ghi đại hội và lập dự thảo quyết định công nhận (Mẫu 7b)."))
                return redirect("issuing:document", document.pk)
            messages.success(request, _("Đã ghi đại hội thành lập."))
            return redirect("members:founding", case.pk)
    ctx = _founding_context(request, case, congress_form=form)
    return render(request, "members/founding_detail.html", ctx, status=400)
