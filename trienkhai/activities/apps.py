from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "trienkhai.activities"
    verbose_name = "Hoạt động tuyên truyền, đào tạo, thi đua"
