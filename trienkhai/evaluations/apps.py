from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "trienkhai.evaluations"
    verbose_name = "Đánh giá, xếp loại CĐCS"
