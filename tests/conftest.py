import os

import pytest

# Under CI every real component must be present: a missing browser or database fails, never skips.
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip locally when a real component is missing; fail under CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def pytest_configure(config) -> None:
    from django.conf import settings

    # The live server serves static files through the finders, which know the plain names only.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
