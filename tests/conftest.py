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
    import tempfile

    from django.conf import settings

    # The suite runs with DEBUG off, where settings leave the key empty unless SECRET_KEY is set (the app
    # refuses to start on a built-in key). Tests get a throwaway key here, and so do the commands they run.
    if not os.environ.get("SECRET_KEY"):
        os.environ["SECRET_KEY"] = "tests-only-not-secret-trienkhai"
        settings.SECRET_KEY = os.environ["SECRET_KEY"]

    # The production hasher (PBKDF2, a million rounds) costs about half a second per password on these
    # machines, and the named worlds create several users per test class: the suite spent minutes hashing.
    # Tests hash with MD5; the production hashers stay listed, so a hash made by a subprocess (the demo
    # command) still verifies.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]

    # The named worlds' officers would all be sent to enrol a second factor first: the tests of the second
    # factor turn the requirement on where they test it (tests/test_second_factor.py).
    settings.SECOND_FACTOR_REQUIRED = False

    # Uploaded files of the tests go to a throwaway folder, never into the working tree.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="trienkhai-test-media-")

    # The live server serves static files through the finders, which know the plain names only.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    # A second database alias, "replica", a test mirror of the default one (what settings make of
    # DATABASE_REPLICA_URL), so that the read-replica routing is tested with two databases on every run.
    # Routing stays off (READ_REPLICA false) unless a test turns it on.
    if "replica" not in settings.DATABASES:
        default = settings.DATABASES["default"]
        settings.DATABASES["replica"] = {
            **default,
            "TEST": {**default.get("TEST", {}), "MIRROR": "default"},
        }
