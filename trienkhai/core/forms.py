"""Form pieces every app uses: the Vietnamese date field and its widget.

Dates are typed and shown as dd/mm/yyyy whatever the browser's language: a native `<input type="date">`
displays mm/dd/yyyy in an English browser, and an officer reading "12/02/2026" for 2 December sets the
wrong deadline. The widget is a text box with a calendar button (`static/js/vn-date.js`) that fills it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from trienkhai.lib.vn import parse_date

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DATE_HINT = "dd/mm/yyyy"
DATE_ERROR = _("Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy, ví dụ 08/8/2024.")
_Row = TypeVar("_Row", bound=Model)
# Dates outside this range are typing slips (a year 20244), refused rather than stored.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


def date_text(value: dt.date | str | None) -> str:
    """How a date stands in a date box: 08/08/2024; text typed by the user stays as typed."""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value or ""


class VNDateInput(forms.TextInput):
    """A text box for dd/mm/yyyy with a calendar button added by vn-date.js."""

    def __init__(self, attrs: dict | None = None) -> None:
        base = {
            "inputmode": "numeric",
            "placeholder": DATE_HINT,
            "autocomplete": "off",
            "data-vn-date": "",
            "maxlength": "10",
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):  # noqa: ANN001, ANN201 - Django's signature
        return date_text(value) or None


class VNDateField(forms.DateField):
    """A date typed as 08/8/2024, 08/08/2024, 8-8-2024 or 2024-08-08."""

    widget = VNDateInput
    default_error_messages = {"invalid": DATE_ERROR, "required": _("Hãy nhập ngày.")}

    def to_python(self, value):  # noqa: ANN001, ANN201 - Django's signature
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None or not EARLIEST <= parsed <= LATEST:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def offer_only(field: forms.Field, queryset: QuerySet[Any] | None) -> None:
    """Let a model choice field offer only the rows of `queryset` (the units in the user's reach, say);
    None offers none, so a form built without its scope never lists every row of the table.

    Raises TypeError when `field` is not a model choice field (a form declared wrongly, not user input)."""
    if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
        raise TypeError(f"{type(field).__name__} is not a model choice field over a queryset")
    field.queryset = queryset if queryset is not None else field.queryset.none()


def save_new(form: forms.ModelForm[_Row], *, created_by: User) -> _Row:
    """Save the new row a valid ModelForm holds with `created_by` set (every register records who wrote
    a row in); returns the saved row. Many-to-many fields are saved too."""
    row: Any = form.save(commit=False)
    row.created_by = created_by
    row.save()
    form.save_m2m()
    return row
