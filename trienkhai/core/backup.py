"""Back up and restore the whole state: every database row and every stored file, in one zip archive.

The archive holds `manifest.json` (format, when, which migrations, rows per model, the SHA-256 and size of
every member), `data.jsonl` (every row of every model in Django's JSON Lines format, as
`dumpdata --all --format jsonl` writes them with their primary keys, but with times to the microsecond) and `media/<name>` (every file of the default file storage, MEDIA_ROOT or the bucket of
MEDIA_STORAGE_URL: document originals, report evidence, photos, issued documents). Files are read and
written only through the storage API, so a backup of a site on object storage works the same.

`create_backup` writes to a temporary file beside the target and renames it only when complete, so a failed
backup leaves nothing. `restore_backup` checks every hash first, then loads the rows in one transaction
(primary keys and sequences as they were) and writes the files; a failure rolls the rows back and removes
the files it wrote.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "trienkhai-backup/1"
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


def created_by_migrate() -> tuple[type[models.Model], ...]:
    """The models whose rows `migrate` itself creates, in the order they may be created.

    An empty, migrated database already holds them, so they do not make it "not empty", and restore
    replaces them with the archive's own (their ids are what the other rows point to). Besides Django's
    content types and permissions, an app whose migrations seed starting data (concern categories, award
    forms, eligibility rules) names those models in its AppConfig's `seeded_by_migrations`: the README's
    procedure, `trienkhai migrate` then `trienkhai restore`, must work as written.
    """
    seeded: list[type[models.Model]] = [ContentType, Permission]
    for config in apps.get_app_configs():
        seeded.extend(config.get_model(name) for name in getattr(config, "seeded_by_migrations", ()))
    return tuple(seeded)


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a restore must give back the very same values."""

    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Vietnamese and says why."""


@dataclass(frozen=True)
class Summary:
    rows: int
    files: int
    missing: tuple[str, ...] = ()


def _models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """The models `dumpdata` would write: every concrete, managed model (many-to-many rows go with their
    model)."""
    connection = connections[using]
    return [m for m in apps.get_models() if not m._meta.proxy and m._meta.can_migrate(connection)]


def _dump_rows(stream, using: str) -> dict[str, int]:
    rows = {}
    for model in _models(using):
        queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
        counter = _Counter(queryset.iterator(chunk_size=2000))
        serializers.serialize("jsonl", counter, stream=stream, cls=ExactEncoder)
        rows[model._meta.label] = counter.n
    return rows


class _Counter:
    def __init__(self, iterable):
        self.iterable, self.n = iterable, 0

    def __iter__(self):
        for item in self.iterable:
            self.n += 1
            yield item


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _local_path(storage: Storage, name: str) -> Path | None:
    """The file's path on this machine when the storage is a local folder, else None (object storage)."""
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


def _stored_files(storage: Storage | None = None) -> list[str]:
    """Every file of the storage (MEDIA_ROOT or the bucket), as storage names (forward slashes), sorted."""
    storage = storage or default_storage
    names: list[str] = []

    def walk(folder: str) -> None:
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:  # a fresh install: no MEDIA_ROOT until the first upload
            return
        for filename in files:
            name = f"{folder}/{filename}" if folder else filename
            local = _local_path(storage, name)
            # On disk, a link could point anywhere on the server: only real files are the app's.
            if local is None or (local.is_file() and not local.is_symlink()):
                names.append(name)
        for sub in folders:
            walk(f"{folder}/{sub}" if folder else sub)

    walk("")
    return sorted(names)


def _referenced_files(using: str) -> set[str]:
    """Names stored in every FileField of every model."""
    names: set[str] = set()
    for model in _models(using):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                values = model._base_manager.using(using).exclude(**{field.attname: ""})
                names.update(v for v in values.values_list(field.attname, flat=True) if v)
    return names


def _modified(source: Path | str) -> tuple[int, int, int, int, int, int]:
    """The time the zip member records: the file's last change, in the server's local time."""
    try:
        if isinstance(source, Path):
            when = dt.datetime.fromtimestamp(source.stat().st_mtime)
        else:
            when = default_storage.get_modified_time(source).astimezone().replace(tzinfo=None)
    except (NotImplementedError, OSError):
        when = dt.datetime.now()
    return tuple(max(when, dt.datetime(1980, 1, 1)).timetuple()[:6])  # type: ignore[return-value]


def _copy_into(archive: zipfile.ZipFile, member: str, source: Path | str) -> dict:
    """Copy a local file (a Path) or a stored file (a storage name) into the archive; its hash and size."""
    digest = hashlib.sha256()
    size = 0
    info = zipfile.ZipInfo(member, date_time=_modified(source))
    info.compress_type = zipfile.ZIP_DEFLATED
    opened = source.open("rb") if isinstance(source, Path) else default_storage.open(source, "rb")
    with opened as src, archive.open(info, "w", force_zip64=True) as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


@contextlib.contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One consistent view of the database for the whole dump."""
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # A read-only transaction: BEGIN DEFERRED reads one WAL snapshot and lets writers go on, where the
        # configured BEGIN IMMEDIATE would hold the write lock for the whole dump.
        # `transaction_mode` exists on the SQLite wrapper only (Django 5.1+); the stubs do not know it.
        mode, connection.transaction_mode = connection.transaction_mode, None  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=using):
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def create_backup(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the whole state to the archive `path`; on any failure nothing is left at `path`."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"Thư mục “{path.parent}” không tồn tại: không tạo được bản sao lưu.")
    fd, partial_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    partial = Path(partial_name)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
        ):
            with tempfile.TemporaryDirectory(prefix="trienkhai-backup-") as scratch:
                dump = Path(scratch) / DATA
                with _snapshot(using), dump.open("w", encoding="utf-8") as stream:
                    rows = _dump_rows(stream, using)
                    referenced = _referenced_files(using)
                    migrations = _applied_migrations(using)
                members = {DATA: _copy_into(zf, DATA, dump)}
            # The archive being written may itself lie under MEDIA_ROOT: never copy it into itself.
            own = {partial.resolve(), path.resolve()}
            stored = [n for n in _stored_files() if _resolved(n) not in own]
            for name in stored:
                members[MEDIA_PREFIX + name] = _copy_into(zf, MEDIA_PREFIX + name, name)
            missing = sorted(referenced - set(stored))
            manifest = {
                "format": FORMAT,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database_vendor": connections[using].vendor,
                "migrations": migrations,
                "rows": {label: n for label, n in sorted(rows.items()) if n},
                "members": members,
                "missing_files": missing,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, path)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    except Exception as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Không tạo được bản sao lưu “{path}”: {exc}") from exc
    return Summary(rows=sum(rows.values()), files=len(stored), missing=tuple(missing))


def _resolved(name: str) -> Path | None:
    local = _local_path(default_storage, name)
    return local.resolve() if local is not None else None


def _safe_media_name(member: str) -> str:
    name = member[len(MEDIA_PREFIX) :]
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or ".." in pure.parts or "\\" in name:
        raise BackupError(f"Bản sao lưu có tên tệp không hợp lệ: “{member}”.")
    return name


def _read_manifest(zf: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise BackupError("Tệp này không phải bản sao lưu của Triển khai (thiếu manifest.json).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu có định dạng “{manifest.get('format')}”, cần “{FORMAT}”.")
    return manifest


def _verify(zf: zipfile.ZipFile, manifest: dict) -> None:
    """Every member named in the manifest is there with its hash; nothing else is there."""
    present = set(zf.namelist()) - {MANIFEST}
    expected = set(manifest["members"])
    if present != expected:
        extra = sorted(present - expected)[:3]
        lacking = sorted(expected - present)[:3]
        raise BackupError(f"Bản sao lưu không khớp manifest (thừa: {extra}, thiếu: {lacking}).")
    for member, meta in manifest["members"].items():
        digest = hashlib.sha256()
        with zf.open(member) as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != meta["sha256"]:
            raise BackupError(f"Bản sao lưu bị hỏng: “{member}” không đúng mã băm SHA-256 đã ghi.")
        if member.startswith(MEDIA_PREFIX):
            _safe_media_name(member)


def _nonempty_models(using: str) -> list[str]:
    seeded = created_by_migrate()
    return [
        m._meta.label for m in _models(using) if m not in seeded and m._base_manager.using(using).exists()
    ]


def read_manifest(path: Path) -> dict:
    """The manifest of the archive `path` after every member's hash was checked (BackupError if not)."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _read_manifest(zf)
            _verify(zf, manifest)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu “{path}”: {exc}") from exc
    return manifest


def restore_backup(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Restore the archive `path` into an empty, migrated database and the file storage, exactly."""
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"Không tìm thấy tệp sao lưu “{path}”.") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu “{path}”: {exc}") from exc
    with zf:
        manifest = _read_manifest(zf)
        _verify(zf, manifest)
        applied = {tuple(m) for m in _applied_migrations(using)}
        needed = {tuple(m) for m in manifest["migrations"]}
        if not applied:
            raise BackupError(
                "Cơ sở dữ liệu chưa được tạo bảng: hãy chạy “trienkhai migrate” trước khi khôi phục."
            )
        if needed - applied:
            first = "/".join(sorted(needed - applied)[0])
            raise BackupError(
                f"Cơ sở dữ liệu cũ hơn bản sao lưu (chưa có migration {first}): chạy “trienkhai migrate” rồi thử lại."
            )
        if taken := _nonempty_models(using):
            raise BackupError(
                "Chỉ khôi phục vào cơ sở dữ liệu trống; cơ sở dữ liệu này đã có dữ liệu "
                f"({', '.join(taken[:5])}{'…' if len(taken) > 5 else ''})."
            )
        media_members = [m for m in manifest["members"] if m.startswith(MEDIA_PREFIX)]
        written: list[str] = []
        try:
            with tempfile.TemporaryDirectory(prefix="trienkhai-restore-") as scratch:
                dump = Path(scratch) / DATA
                with zf.open(DATA) as src, dump.open("wb") as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
                with transaction.atomic(using=using):
                    for model in reversed(created_by_migrate()):
                        model._base_manager.using(using).all().delete()
                    call_command("loaddata", str(dump), database=using, verbosity=0)
                    for member in media_members:
                        written.append(_restore_file(zf, member))
            ContentType.objects.clear_cache()
        except Exception as exc:
            for name in written:
                default_storage.delete(name)
            ContentType.objects.clear_cache()
            if isinstance(exc, BackupError):
                raise
            raise BackupError(f"Khôi phục không thành công, cơ sở dữ liệu được giữ nguyên: {exc}") from exc
    return Summary(rows=sum(manifest["rows"].values()), files=len(media_members))


def _restore_file(zf: zipfile.ZipFile, member: str) -> str:
    """Write one stored file back under its own name through the storage (disk or bucket)."""
    name = _safe_media_name(member)
    if default_storage.exists(name):  # the storage would pick another name; the rows point to this one
        default_storage.delete(name)
    with zf.open(member) as src:
        content = File(src, name=PurePosixPath(name).name)
        content.size = zf.getinfo(member).file_size
        saved = default_storage.save(name, content)
    if saved != name:
        default_storage.delete(saved)
        raise BackupError(f"Không ghi lại được tệp “{name}” đúng tên cũ (kho tệp đặt tên “{saved}”).")
    return saved


def storage_hashes(storage: Storage | None = None) -> dict[str, str]:
    """SHA-256 of every file of a storage (the default: the uploads), by name (for checks and tests)."""
    storage = storage or default_storage
    result = {}
    for name in _stored_files(storage):
        digest = hashlib.sha256()
        with storage.open(name, "rb") as fh:
            for chunk in iter(functools.partial(fh.read, CHUNK), b""):
                digest.update(chunk)
        result[name] = digest.hexdigest()
    return result


def file_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root`, by name relative to it (for checks and tests)."""
    result = {}
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            path = Path(folder) / filename
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for chunk in iter(functools.partial(fh.read, CHUNK), b""):
                    digest.update(chunk)
            result[path.relative_to(root).as_posix()] = digest.hexdigest()
    return result
