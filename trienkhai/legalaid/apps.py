from django.apps import AppConfig


class LegalAidConfig(AppConfig):
    name = "trienkhai.legalaid"
    verbose_name = "Tư vấn pháp luật"
