from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "trienkhai.concerns"
    verbose_name = "Tâm tư, nguyện vọng"
    # Rows its migrations seed: `trienkhai restore` replaces them (core.backup.created_by_migrate).
    seeded_by_migrations = ("ConcernCategory", "CaseClock")
