from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "trienkhai.awards"
    verbose_name = "Thi đua, khen thưởng"
    # Rows its migrations seed: `trienkhai restore` replaces them (core.backup.created_by_migrate).
    seeded_by_migrations = ("AwardForm", "EligibilityRule", "BaseSalary")
