from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "trienkhai.members"
    verbose_name = "Đoàn viên"
