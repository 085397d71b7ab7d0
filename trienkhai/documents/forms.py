"""Forms of `documents`: the upload, and the review of a parse (header, task groups, tasks, duties,
citations, recipients) turned back into a parse-json contract dict."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.lib.docparse.numbers import parse_number
from trienkhai.lib.docparse.schema import Citation, Task
from trienkhai.lib.docparse.schema import Document as ParsedDocument
from trienkhai.lib.vn import format_date, parse_date
from trienkhai.orgs.models import Membership, Unit, today

NUMBER_ERROR = _("Số, ký hiệu không đúng dạng văn bản (ví dụ 27/KH-LĐLĐ hoặc 43-NQ/TW).")
DATE_ERROR = _("Ngày không hợp lệ: hãy nhập một ngày có thật, dạng 08/8/2024.")


class UploadForm(forms.Form):
    owner_unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Đơn vị ban hành / lưu văn bản"),
        error_messages={
            "required": _("Hãy chọn đơn vị."),
            "invalid_choice": _("Đơn vị không hợp lệ hoặc bạn không có quyền với đơn vị này."),
        },
    )
    file = forms.FileField(
        label=_("Tệp văn bản"),
        help_text=_("Văn bản .docx, .pdf (kể cả bản quét), .txt hoặc ảnh chụp."),
        # Empty files reach docread, which explains them in its own words.
        allow_empty_file=True,
        error_messages={"required": _("Hãy chọn tệp văn bản để tải lên.")},
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.writable_by(user).order_by("name")
        # `fields` holds base Field types; this one is the ModelChoiceField declared above.
        cast(forms.ModelChoiceField, self.fields["owner_unit"]).queryset = units
        own = set(Membership.objects.own_unit_ids(user))
        choices = list(units)
        # The user's own units first (the first one chosen), then the units below them; last the ended
        # units whose history their successor keeps (a district's 2024 plan, uploaded after the reform).
        on = today()
        self.own_units = [u for u in choices if u.pk in own]
        self.units_below = [u for u in choices if u.pk not in own and u.is_active_on(on)]
        self.ended_units = [u for u in choices if u.pk not in own and not u.is_active_on(on)]
        if self.own_units and not self.is_bound:
            self.initial["owner_unit"] = self.own_units[0].pk


def _iso_to_display(value: str | None) -> str:
    try:
        return format_date(dt.date.fromisoformat(value)) if value else ""
    except ValueError:
        return value or ""


def clean_date_text(value: str) -> str | None:
    """ISO date from what the officer typed, or a ValidationError; empty stays unknown."""
    value = (value or "").strip()
    if not value:
        return None
    date = parse_date(value)
    if date is None or not (dt.date(1930, 1, 1) <= date <= dt.date(2200, 12, 31)):
        raise forms.ValidationError(DATE_ERROR)
    return date.isoformat()


def clean_number_text(value: str, evidence: list[str]) -> tuple[str | None, str | None]:
    """(normalised number, doc type) from what the officer typed, or a ValidationError."""
    value = (value or "").strip()
    if not value:
        return None, None
    number, _repaired = parse_number(value, [], [e for e in evidence if e])
    if number is None:
        raise forms.ValidationError(NUMBER_ERROR)
    return number.text, number.doc_type


class Textarea(forms.Textarea):
    def __init__(self, rows: int = 3) -> None:
        super().__init__(attrs={"rows": rows, "class": "form-control form-control-sm"})


def _input() -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control form-control-sm"})


class HeaderForm(forms.Form):
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        required=False,
        max_length=64,
        widget=_input(),
        error_messages={"max_length": _("Số, ký hiệu dài tối đa 64 ký tự.")},
    )
    doc_type_name = forms.CharField(label=_("Loại văn bản"), required=False, max_length=100, widget=_input())
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=255, widget=_input())
    parent_body = forms.CharField(
        label=_("Cơ quan cấp trên"), required=False, max_length=255, widget=_input()
    )
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100, widget=_input())
    date = forms.CharField(label=_("Ngày ban hành"), required=False, max_length=20, widget=_input())
    title = forms.CharField(label=_("Trích yếu"), required=False, widget=Textarea(3))
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=100, widget=_input())
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"), required=False, max_length=150, widget=_input()
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"), required=False, widget=Textarea(5), help_text=_("Mỗi dòng một nơi nhận.")
    )

    def clean_date(self) -> str | None:
        return clean_date_text(self.cleaned_data.get("date", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "number" in data:
            try:
                data["number"], data["doc_type"] = clean_number_text(
                    data["number"], [data.get("issuer") or "", data.get("parent_body") or ""]
                )
            except forms.ValidationError as exc:
                self.add_error("number", exc)
        return data


class GroupForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Nhóm nhiệm vụ"), required=False, widget=Textarea(2))


class TaskForm(forms.Form):
    group = forms.ChoiceField(label=_("Thuộc nhóm"), choices=())
    text = forms.CharField(
        label=_("Nội dung nhiệm vụ"),
        widget=Textarea(3),
        error_messages={"required": _("Nội dung nhiệm vụ không được để trống.")},
    )

    def __init__(self, *args, groups: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # `fields` holds base Field types; this one is the ChoiceField declared above.
        cast(forms.ChoiceField, self.fields["group"]).choices = groups
        # A blank extra form starts in the first group and stays "unchanged" until text is typed.
        self.fields["group"].initial = groups[0][0] if groups else None
        self.fields["group"].widget.attrs["class"] = "form-select form-select-sm"


class AssignmentForm(forms.Form):
    unit = forms.CharField(
        label=_("Đơn vị thực hiện"),
        max_length=255,
        widget=_input(),
        error_messages={"required": _("Hãy ghi tên đơn vị thực hiện.")},
    )
    duties = forms.CharField(
        label=_("Nhiệm vụ"), required=False, widget=Textarea(4), help_text=_("Mỗi dòng một nhiệm vụ.")
    )


class CitationForm(forms.Form):
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=64,
        widget=_input(),
        error_messages={
            "required": _("Hãy ghi số, ký hiệu văn bản được dẫn chiếu."),
            "max_length": _("Số, ký hiệu dài tối đa 64 ký tự."),
        },
    )
    date = forms.CharField(label=_("Ngày"), required=False, max_length=20, widget=_input())
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=255, widget=_input())

    def clean_date(self) -> str | None:
        return clean_date_text(self.cleaned_data.get("date", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # A number that failed its own checks (blank, too long) is absent here; its error is already said.
        if data.get("number"):
            try:
                data["number"], data["doc_type"] = clean_number_text(
                    data["number"], [data.get("issuer") or ""]
                )
            except forms.ValidationError as exc:
                self.add_error("number", exc)
        return data


GroupFormSet = forms.formset_factory(GroupForm, extra=0)
TaskFormSet = forms.formset_factory(TaskForm, extra=1, can_delete=True)
AssignmentFormSet = forms.formset_factory(AssignmentForm, extra=1, can_delete=True)
CitationFormSet = forms.formset_factory(CitationForm, extra=1, can_delete=True)


def task_groups(parsed: ParsedDocument) -> list[tuple[str, str]]:
    """(key, title) of each task group in document order ("II.1", "Tăng cường tuyên truyền ...")."""
    seen: dict[str, str] = {}
    for task in parsed["tasks"] or []:
        key = task["group"] or ""
        seen.setdefault(key, task["group_title"] or "")
    return list(seen.items())


class ReviewForms:
    """Every form of the review screen, built from a parse dict and turned back into one."""

    def __init__(self, parsed: ParsedDocument, data=None) -> None:
        self.parsed = parsed
        signer = parsed["signer"]
        groups = task_groups(parsed)
        self.groups = groups
        choices = [(key, f"{key.rsplit('.', 1)[-1]}. {title[:70]}") for key, title in groups] or [
            ("II.1", "1")
        ]
        self.header = HeaderForm(
            data,
            prefix="h",
            initial={
                "number": parsed["number"] or "",
                "doc_type_name": parsed["doc_type_name"] or "",
                "issuer": parsed["issuer"] or "",
                "parent_body": parsed["parent_body"] or "",
                "place": parsed["place"] or "",
                "date": _iso_to_display(parsed["date"]),
                "title": parsed["title"] or "",
                "signer_name": signer["name"] or "",
                "signer_title": signer["title"] or "",
                "recipients": "\n".join(parsed["recipients"] or []),
            },
        )
        self.group_forms = GroupFormSet(data, prefix="g", initial=[{"key": k, "title": t} for k, t in groups])
        self.tasks = TaskFormSet(
            data,
            prefix="t",
            initial=[{"group": t["group"] or "", "text": t["text"] or ""} for t in parsed["tasks"] or []],
            form_kwargs={"groups": choices},
        )
        self.assignments = AssignmentFormSet(
            data,
            prefix="a",
            initial=[
                {"unit": a["unit"] or "", "duties": "\n".join(a["duties"] or [])}
                for a in parsed["assignments"] or []
            ],
        )
        self.citations = CitationFormSet(
            data,
            prefix="c",
            initial=[
                {
                    "number": c["number"] or "",
                    "date": _iso_to_display(c["date"]),
                    "issuer": c["issuer"] or "",
                }
                for c in parsed["citations"] or []
            ],
        )

    def grouped(self) -> list[tuple[str, GroupForm, list[TaskForm]]]:
        """(group key, its title form, its task forms) in order, for showing tasks under their group;
        a task follows the group it is (being) moved to, blank extra forms come last on their own."""
        rows: list[tuple[str, GroupForm, list[TaskForm]]] = [
            (f.initial.get("key") or f["key"].value(), f, []) for f in self.group_forms.forms
        ]
        index = {key: row for key, _f, row in rows}
        for form in self.tasks.forms[: self.tasks.initial_form_count()]:
            index.setdefault(form["group"].value(), rows[0][2] if rows else []).append(form)
        return rows

    @property
    def extra_tasks(self) -> list[TaskForm]:
        return self.tasks.forms[self.tasks.initial_form_count() :]

    @property
    def task_count(self) -> int:
        return len(self.parsed["tasks"] or [])

    @property
    def all(self) -> list:
        return [self.header, self.group_forms, self.tasks, self.assignments, self.citations]

    def is_valid(self) -> bool:
        return all([f.is_valid() for f in self.all])  # every form validated, so every error is shown

    def error_count(self) -> int:
        count = len(self.header.errors)
        for fs in self.all[1:]:
            count += len(fs.non_form_errors()) + sum(len(e) for e in fs.errors)
        return count

    def to_parsed(self) -> ParsedDocument:
        """A copy of the parse with the officer's corrections (sections and preamble stay as parsed)."""
        h = self.header.cleaned_data
        parsed = copy.deepcopy(self.parsed)
        parsed["doc_type"] = h.get("doc_type") or (parsed["doc_type"] if h["number"] else None)
        parsed["number"] = h["number"]
        parsed["doc_type_name"] = h["doc_type_name"] or None
        parsed["issuer"] = h["issuer"] or None
        parsed["parent_body"] = h["parent_body"] or None
        parsed["place"] = h["place"] or None
        parsed["date"] = h["date"]
        parsed["title"] = " ".join(h["title"].split()) or None
        parsed["recipients"] = [line.strip() for line in h["recipients"].splitlines() if line.strip()]
        if h["number"] != self.parsed["number"]:
            parsed["number_raw"] = h["number"]
        parsed["signer"] = {
            **parsed["signer"],
            "name": h["signer_name"] or None,
            "title": h["signer_title"] or None,
        }
        titles = {
            f.cleaned_data["key"]: " ".join(f.cleaned_data.get("title", "").split()) for f in self.group_forms
        }
        order = [key for key, _title in self.groups] or ["II.1"]
        by_group: dict[str, list[tuple[bool, int, str]]] = {key: [] for key in order}
        for index, form in enumerate(self.tasks.forms):
            data = form.cleaned_data
            if not data or data["DELETE"]:  # a blank extra form, or a task the officer removed
                continue
            # A task moved into a group (or added) goes after the group's own tasks.
            arrived = form.initial.get("group") != data["group"]
            by_group.setdefault(data["group"], []).append((arrived, index, " ".join(data["text"].split())))
        tasks: list[Task] = []
        for key, entries in by_group.items():
            for n, (_arrived, _index, text) in enumerate(sorted(entries), start=1):
                tasks.append(
                    {"id": f"{key}.{n}", "group": key, "group_title": titles.get(key, ""), "text": text}
                )
        parsed["tasks"] = tasks
        parsed["assignments"] = [
            {
                "unit": " ".join(f.cleaned_data["unit"].split()),
                "duties": [d.strip() for d in f.cleaned_data.get("duties", "").splitlines() if d.strip()],
            }
            for f in self.assignments.forms
            if f.cleaned_data and not f.cleaned_data["DELETE"]
        ]
        citations: list[Citation] = []
        seen: set[str] = set()
        for f in self.citations.forms:
            data = f.cleaned_data
            if not data or data["DELETE"] or data["number"] in seen:
                continue
            seen.add(data["number"])
            citations.append(
                {
                    "number": data["number"],
                    "doc_type": data["doc_type"],
                    "date": data["date"],
                    "issuer": data["issuer"] or None,
                }
            )
        parsed["citations"] = citations
        return parsed
