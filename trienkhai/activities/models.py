"""The activities log: propaganda, training, skills contests and events, with photos."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit


class Activity(models.Model):
    class Kind(models.TextChoices):
        PROPAGANDA = "propaganda", _("Tuyên truyền, phổ biến")
        TRAINING = "training", _("Tập huấn, đào tạo")
        CONTEST = "contest", _("Hội thi tay nghề")
        EVENT = "event", _("Sự kiện, phong trào")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")
        SOCIAL = "social", _("Mạng xã hội, Zalo")
        PRESS = "press", _("Báo chí, phát thanh")
        PRINT = "print", _("Tài liệu, pa-nô, áp phích")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="activities", verbose_name=_("đơn vị")
    )
    kind = models.CharField(_("loại hoạt động"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("ngày tổ chức"))
    topic = models.CharField(_("chủ đề"), max_length=255)
    participants = models.PositiveIntegerField(_("số người tham gia"), default=0)
    channel = models.CharField(
        _("hình thức"), max_length=12, choices=Channel.choices, default=Channel.IN_PERSON
    )
    note = models.TextField(_("ghi chú, kết quả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "kind", "held_on"])]

    def __str__(self) -> str:
        return self.topic


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="activities/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
