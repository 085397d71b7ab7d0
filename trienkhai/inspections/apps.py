from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "trienkhai.inspections"
    verbose_name = "Kiểm tra, giám sát"
