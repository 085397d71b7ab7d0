from django.urls import path

from . import export_views

app_name = "exports"

urlpatterns = [
    path("<id:job_id>/", export_views.job, name="job"),
    path("<id:job_id>/tien-do/", export_views.progress, name="progress"),
    path("<id:job_id>/tai-ve/", export_views.download, name="download"),
]
