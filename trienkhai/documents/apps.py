from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "trienkhai.documents"
    verbose_name = "Văn bản"
