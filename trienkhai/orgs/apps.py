from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "trienkhai.orgs"
    verbose_name = "Cơ cấu tổ chức"
