from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "trienkhai.agreements"
    verbose_name = "Đối thoại và thỏa ước lao động tập thể"
