from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "trienkhai.concerns"
    verbose_name = "Tâm tư, nguyện vọng"
