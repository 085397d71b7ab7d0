from django.apps import AppConfig


class IssuingConfig(AppConfig):
    name = "trienkhai.issuing"
    verbose_name = "Văn bản đi"
