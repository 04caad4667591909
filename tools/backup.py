"""Backup and restore of a BudgetHub installation: every service database and the object storage,
consistent with each other, in one archive (scripts/backup is the entry point; `make backup` and
`make restore` call it for the installation of `make run`).

    scripts/backup create [FILE]    FILE defaults to <data folder>/backups/budgethub-<UTC time>.tar.gz
    scripts/backup restore FILE

Where things are: the BUDGETHUB_* variables the services read (postgres.url,
postgres.database_prefix, storage.*), taken from the environment or, under `make run`, from the
data folder's endpoints.env. What "consistent" means: while the databases are dumped and the objects
copied, the service process is paused (SIGSTOP; its requests wait, none fails), so no write falls
between the dumps: an archive is one moment of the whole system. Without a process to pause
(--no-pause) each database is still a consistent snapshot of its own.

The archive (tar + gzip):
    manifest.json            format, time, databases, objects (key, size, content type, sha256)
    pg/<database>.dump       pg_dump custom format, one per service database
    objects/<key>            every object of the bucket (or of the local storage directory)

A restore replaces: every database with the prefix is dropped and the archived ones restored, the
bucket is emptied and refilled, and each file is checked against its recorded sha256. Under `make run`
the supervisor holds the service stopped meanwhile ($BUDGETHUB_DATA/hold) and starts it afterwards.
Kafka is a transport, not a record: events that the outbox had not yet sent at backup time are sent
again after a restore (consumers ignore those they applied), the rest are not needed.
"""
import argparse
import contextlib
import datetime
import hashlib
import io
import json
import os
import pathlib
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse

FORMAT = 1
TIMEOUT_S = 600  # one pg_dump / pg_restore / psql call
PG_BIN = "/usr/lib/postgresql/15/bin"


def log(message):
    print(f"[backup] {message}", file=sys.stderr, flush=True)


def die(message):
    log(f"error: {message}")
    sys.exit(1)


# ---------------------------------------------------------------------------------------------------
# Settings: the services' own variables, with make run's endpoints.env as the fallback
# ---------------------------------------------------------------------------------------------------


def data_folder():
    if os.environ.get("BUDGETHUB_DATA"):
        return pathlib.Path(os.environ["BUDGETHUB_DATA"])
    if os.geteuid() == 0:
        return pathlib.Path("/var/lib/budgethub")
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return pathlib.Path(base) / "budgethub"


def read_env_file(path):
    values = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key] = value
    return values


class Settings:
    def __init__(self, env):
        def get(key, default=""):
            return env.get(f"BUDGETHUB_{key}", default)

        self.pg_url = get("POSTGRES_URL")
        if not self.pg_url:
            die("BUDGETHUB_POSTGRES_URL is not set and no running `make run` was found")
        self.prefix = get("POSTGRES_DATABASE_PREFIX", "budgethub_")
        self.storage_backend = get("STORAGE_BACKEND", "local")
        self.storage_endpoint = get("STORAGE_ENDPOINT", "http://127.0.0.1:9000")
        self.storage_region = get("STORAGE_REGION", "eu-west-3")
        self.storage_bucket = get("STORAGE_BUCKET", "budgethub")
        self.storage_access_key = get("STORAGE_ACCESS_KEY")
        self.storage_secret_key = get("STORAGE_SECRET_KEY")
        self.storage_local_dir = get("STORAGE_LOCAL_DIR", "var/objects")
        self.redis_url = get("REDIS_URL")

    def database_url(self, database):
        parts = urllib.parse.urlsplit(self.pg_url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def load_settings(run_dir):
    env = dict(read_env_file(run_dir / "endpoints.env"))
    env.update({k: v for k, v in os.environ.items() if k.startswith("BUDGETHUB_")})
    return Settings(env)


# ---------------------------------------------------------------------------------------------------
# PostgreSQL through its own tools
# ---------------------------------------------------------------------------------------------------


def pg_tool(name):
    path = os.path.join(PG_BIN, name)
    return path if os.access(path, os.X_OK) else name


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, **kwargs)
    if result.returncode != 0:
        die(f"{cmd[0]} failed ({result.returncode}): {result.stderr.decode(errors='replace')[-2000:]}")
    return result.stdout


def psql(settings, sql, database="postgres"):
    out = run([pg_tool("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d",
               settings.database_url(database), "-c", sql])
    return [line for line in out.decode().splitlines() if line]


def service_databases(settings):
    pattern = settings.prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%"
    return psql(settings, f"SELECT datname FROM pg_database WHERE datname LIKE '{pattern}' ORDER BY 1")


def quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------------------------------------------
# Object storage: an S3 bucket (boto3) or a local directory, behind one small interface
# ---------------------------------------------------------------------------------------------------


class S3Objects:
    def __init__(self, settings):
        import boto3
        from botocore.config import Config

        self.bucket = settings.storage_bucket
        self.client = boto3.client(
            "s3", endpoint_url=settings.storage_endpoint, region_name=settings.storage_region,
            aws_access_key_id=settings.storage_access_key, aws_secret_access_key=settings.storage_secret_key,
            config=Config(s3={"addressing_style": "path"}, connect_timeout=5, read_timeout=60,
                          retries={"max_attempts": 3}))

    def ensure_bucket(self):
        with contextlib.suppress(self.client.exceptions.BucketAlreadyOwnedByYou,
                                 self.client.exceptions.BucketAlreadyExists):
            try:
                self.client.head_bucket(Bucket=self.bucket)
            except Exception:  # noqa: BLE001 - absent or not ours: creating tells which
                self.client.create_bucket(Bucket=self.bucket)

    def keys(self):
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self.bucket):
                for item in page.get("Contents", []):
                    yield item["Key"]
        except self.client.exceptions.NoSuchBucket:
            return

    def get(self, key):
        answer = self.client.get_object(Bucket=self.bucket, Key=key)
        return answer["Body"].read(), answer.get("ContentType", "application/octet-stream")

    def put(self, key, body, content_type):
        self.client.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=content_type)

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=key)


class LocalObjects:
    def __init__(self, settings):
        self.root = pathlib.Path(settings.storage_local_dir)

    def ensure_bucket(self):
        self.root.mkdir(parents=True, exist_ok=True)

    def keys(self):
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                yield path.relative_to(self.root).as_posix()

    def get(self, key):
        return (self.root / key).read_bytes(), "application/octet-stream"

    def put(self, key, body, _content_type):
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)

    def delete(self, key):
        (self.root / key).unlink()


def object_store(settings):
    return S3Objects(settings) if settings.storage_backend == "s3" else LocalObjects(settings)


def safe_key(key):
    """Object keys become archive paths: nothing that climbs out of objects/."""
    parts = pathlib.PurePosixPath(key).parts
    if not parts or key.startswith("/") or any(p in ("..", ".") for p in parts):
        die(f"object key {key!r} cannot be archived safely")
    return key


# ---------------------------------------------------------------------------------------------------
# The service process: paused during a backup, held stopped during a restore
# ---------------------------------------------------------------------------------------------------


def live_pid(pid_file, needle):
    try:
        pid = int(pid_file.read_text().strip())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if needle.encode() in f.read():
                return pid
    except (OSError, ValueError):
        pass
    return None


@contextlib.contextmanager
def paused(pid):
    if pid is None:
        yield
        return
    os.kill(pid, signal.SIGSTOP)
    log(f"service process {pid} paused")
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)
        log(f"service process {pid} resumed")


@contextlib.contextmanager
def held(run_dir, pid):
    """Under make run: the supervisor does not restart the service while the hold file exists."""
    hold = run_dir / "hold"
    if pid is None:
        yield
        return
    hold.write_text(str(os.getpid()))
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and pathlib.Path(f"/proc/{pid}").exists():
            time.sleep(0.1)
        if pathlib.Path(f"/proc/{pid}").exists():
            os.kill(pid, signal.SIGKILL)
        log(f"service process {pid} stopped for the restore")
        yield
    finally:
        hold.unlink(missing_ok=True)
        log("the supervisor starts the service again")


# ---------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def create(settings, archive, pid):
    archive.parent.mkdir(parents=True, exist_ok=True)
    store = object_store(settings)
    partial = archive.with_name(archive.name + ".partial")
    with tempfile.TemporaryDirectory() as tmp:
        manifest = {"format": FORMAT, "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                    "database_prefix": settings.prefix, "databases": [], "objects": []}
        with paused(pid):
            databases = service_databases(settings)
            for database in databases:
                dump = pathlib.Path(tmp) / f"{database}.dump"
                run([pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(dump), "-d",
                     settings.database_url(database)])
                manifest["databases"].append(database)
            objects_dir = pathlib.Path(tmp) / "objects"
            for key in store.keys():
                body, content_type = store.get(safe_key(key))
                path = objects_dir / key
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(body)
                manifest["objects"].append({"key": key, "size": len(body), "content_type": content_type,
                                            "sha256": hashlib.sha256(body).hexdigest()})
        with tarfile.open(partial, "w:gz") as tar:
            add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
            for database in manifest["databases"]:
                tar.add(pathlib.Path(tmp) / f"{database}.dump", arcname=f"pg/{database}.dump")
            for item in manifest["objects"]:
                tar.add(pathlib.Path(tmp) / "objects" / item["key"], arcname=f"objects/{item['key']}")
    os.replace(partial, archive)  # a finished archive or none: never half of one under the final name
    log(f"{archive}: {len(manifest['databases'])} databases, {len(manifest['objects'])} objects")
    print(archive)


def extract(tar, target):
    """Only plain files and folders, inside `target` (an archive is input, not trusted)."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(target, filter="data")
        return
    for member in tar.getmembers():
        parts = pathlib.PurePosixPath(member.name).parts
        if member.name.startswith("/") or ".." in parts or not (member.isfile() or member.isdir()):
            die(f"archive member {member.name!r} is not a plain file inside the archive")
    tar.extractall(target)


def forget_deny_list(settings):
    """The Redis deny-list mirrors the auth database that was just replaced: clearing its completeness
    marker makes every service refuse unknown tokens until auth rebuilt the list from the restored
    record (src/redis/deny_list.h), so a token revoked before the backup is refused again."""
    if not settings.redis_url:
        log("no BUDGETHUB_REDIS_URL: the deny-list is rebuilt only when Redis loses it")
        return
    run(["redis-cli", "-u", settings.redis_url, "DEL", "bh:deny:access:~complete"])


def restore(settings, archive, run_dir, pid):
    if not archive.is_file():
        die(f"{archive}: no such archive")
    store = object_store(settings)
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        extract(tar, tmp)
        manifest = json.loads((pathlib.Path(tmp) / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            die(f"{archive}: archive format {manifest.get('format')} (this tool reads {FORMAT})")
        for item in manifest["objects"]:
            body = (pathlib.Path(tmp) / "objects" / safe_key(item["key"])).read_bytes()
            if hashlib.sha256(body).hexdigest() != item["sha256"]:
                die(f"{archive}: object {item['key']} does not match its checksum")
        # The archive's databases keep their service names under this installation's prefix.
        renamed = {db: settings.prefix + db[len(manifest["database_prefix"]):] for db in manifest["databases"]}
        with held(run_dir, pid):
            for database in service_databases(settings):
                psql(settings, f"DROP DATABASE IF EXISTS {quote_ident(database)} WITH (FORCE)")
            for source, target in renamed.items():
                psql(settings, f"CREATE DATABASE {quote_ident(target)}")
                run([pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "-d", settings.database_url(target),
                     str(pathlib.Path(tmp) / "pg" / f"{source}.dump")])
            store.ensure_bucket()
            for key in list(store.keys()):
                store.delete(key)
            for item in manifest["objects"]:
                store.put(item["key"], (pathlib.Path(tmp) / "objects" / item["key"]).read_bytes(),
                          item["content_type"])
            forget_deny_list(settings)
    log(f"restored {archive} (taken {manifest['created_at']}): {len(renamed)} databases, "
        f"{len(manifest['objects'])} objects")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("create", help="write an archive")
    c.add_argument("file", nargs="?")
    r = sub.add_parser("restore", help="replace the databases and objects with an archive's")
    r.add_argument("file")
    for p in (c, r):
        p.add_argument("--no-pause", action="store_true",
                       help="do not pause/stop the service process of `make run` (no process is found)")
        p.add_argument("--pid", type=int, help="the service process to pause (create) or stop (restore)")
    args = parser.parse_args()
    run_dir = pathlib.Path(os.environ.get("BUDGETHUB_RUN") or data_folder())
    settings = load_settings(run_dir)
    pid = None
    if not args.no_pause:
        pid = args.pid or live_pid(run_dir / "budgethub.pid", "budgethub")
    if args.command == "create":
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        archive = pathlib.Path(args.file or data_folder() / "backups" / f"budgethub-{stamp}.tar.gz")
        create(settings, archive.resolve(), pid)
    else:
        restore(settings, pathlib.Path(args.file).resolve(), run_dir, pid)


if __name__ == "__main__":
    main()
