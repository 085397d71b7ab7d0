"""A throwaway MEDIA_ROOT per test class: uploaded originals and evidence never land in the work tree."""

from __future__ import annotations

import shutil
import tempfile

from django.test import override_settings


class TempMediaMixin:
    media: str
    extra_settings: dict = {}

    @classmethod
    def setUpClass(cls) -> None:
        cls.media = tempfile.mkdtemp(prefix="trienkhai-test-media-")
        cls._media_override = override_settings(MEDIA_ROOT=cls.media, **cls.extra_settings)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)
