from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "trienkhai.members"
    verbose_name = "Đoàn viên"
    # Rows its migrations seed: `trienkhai restore` replaces them (core.backup.created_by_migrate).
    seeded_by_migrations = ("DuesRule", "FoundingThreshold")
