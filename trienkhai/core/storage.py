from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]  # no stubs


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files in production; plain names when collectstatic has not run
    (tests, a fresh checkout), instead of a 500 for a missing manifest entry."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            return name
