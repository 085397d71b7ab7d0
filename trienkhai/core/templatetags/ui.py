"""Bootstrap rendering of Django form fields: {{ field|bs }} keeps Django's own widget rendering
(bound values, multi-selects, date formats) and adds the right Bootstrap classes."""

from dataclasses import dataclass

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from trienkhai.core.names import display_name

register = template.Library()


@register.filter
def bs(field):
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None)
    if input_type == "checkbox":
        css = "form-check-input"
    elif (
        input_type == "select"
        or widget.__class__.__name__.endswith("Select")
        or hasattr(widget, "allow_multiple_selected")
    ):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def person(user, empty: str = "—") -> str:
    """A user's display name in Vietnamese order ("Nguyễn Thị Lan"), else username; `empty` when there is
    none (rows written by the demo loader or the task worker have no user, and a filter argument that fails
    to resolve would be a template error, not a blank)."""
    return display_name(user, empty)


@register.simple_tag
def unread_notifications(user) -> int:
    """The number of the user's unread notifications, for the bell in the navbar."""
    from trienkhai.core.models import Notification

    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user).unread().count()


# Errors tied to their fields. Django (5.0+) renders every widget of a field with errors with
# aria-invalid="true" and aria-describedby="<auto_id>_error" (and "<auto_id>_helptext" when it has help):
# these tags give those ids to the elements that hold the texts, and count the errors for the summary.


@register.simple_tag
def field_errors(field, css: str = "invalid-feedback d-block field-error"):
    """The errors of one field in one element, with the id its widget's aria-describedby points at."""
    if not getattr(field, "errors", None):
        return ""
    return format_html(
        '<div class="{}" id="{}_error">{}</div>',
        css,
        field.auto_id,
        format_html_join(mark_safe("<br>"), "{}", ((e,) for e in field.errors)),
    )


@register.simple_tag
def field_help(field, css: str = "form-text"):
    """The help text of one field, with the id its widget's aria-describedby points at."""
    if not getattr(field, "help_text", None):
        return ""
    return format_html('<div class="{}" id="{}_helptext">{}</div>', css, field.auto_id, field.help_text)


@register.simple_tag
def field_aria(field):
    """aria-invalid and aria-describedby for a widget written by hand in a template (as Django sets them on
    the widgets it renders). Nothing for a page drawn without the form (the login lockout page)."""
    if not hasattr(field, "aria_describedby"):
        return ""
    attrs = []
    if field.errors:
        attrs.append(' aria-invalid="true"')
    described = field.aria_describedby
    if described:
        attrs.append(format_html(' aria-describedby="{}"', described))
    return mark_safe("".join(attrs))


@dataclass(frozen=True)
class FieldError:
    """One error of a field rendered by hand (not a Django form field)."""

    id: str
    label: str
    message: str


@register.filter
def row_errors(rows, id_prefix: str = "") -> list[FieldError]:
    """FieldErrors of template rows given as dicts with "key", "label" and "error" (the report form's
    fields): the field's id is id_prefix + key."""
    return [
        FieldError(f"{id_prefix}{r['key']}", str(r["label"]), str(r["error"])) for r in rows if r.get("error")
    ]


def _errors(item) -> list[tuple[str | None, str, str]]:
    """(id of the field or None, field label, message) for every error of a form, a formset or a list."""
    if item is None or item == "":
        return []
    if isinstance(item, FieldError):
        return [(item.id, item.label, item.message)]
    if isinstance(item, forms.BaseFormSet):
        found: list[tuple[str | None, str, str]] = [(None, "", str(e)) for e in item.non_form_errors()]
        for form in item.forms:
            found += _errors(form)
        return found
    if isinstance(item, forms.BaseForm):
        found = [(None, "", str(e)) for e in item.non_field_errors()]
        for field in item:
            found += [(field.id_for_label or None, str(field.label or ""), str(e)) for e in field.errors]
        return found
    if isinstance(item, list | tuple):
        return [error for part in item for error in _errors(part)]
    return [(None, "", str(item))]  # a plain message


@register.inclusion_tag("_error_summary.html")
def error_summary(*items, note: str = "", html_id: str = "error-summary"):
    """The number of errors of the forms, formsets or messages given, each linked to its field: shown
    at the top of a form and focused when the page opens (static/js/app.js), so nobody misses it."""
    errors = [error for item in items for error in _errors(item)]
    return {"errors": errors, "count": len(errors), "note": note, "html_id": html_id}


@register.simple_tag
def file_picker(name: str, html_id: str = "", multiple: bool = False, **attrs):
    """A file input written in a template rather than by a form, drawn as every form's file field is
    (templates/django/forms/widgets/file.html): {% file_picker "files" multiple=True accept=".pdf" %}.
    Attribute names with a dash are written with an underscore (aria_label=...)."""
    attrs = {key.replace("_", "-"): value for key, value in attrs.items() if value not in (None, "", False)}
    attrs["id"] = html_id or f"id_{name}"
    widget = MultipleFileInput(attrs=attrs) if multiple else forms.FileInput(attrs=attrs)
    return widget.render(name, None)


class MultipleFileInput(forms.FileInput):
    """A file input that takes several files (Django's FileInput refuses `multiple` unless told)."""

    allow_multiple_selected = True
