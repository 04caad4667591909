"""Checks of deploy/: the container image recipe, the Compose file and the Helm chart, against the
repository and against the schemas of the tools that will read them. No container engine runs here, so
nothing is built or started; what is checked (docs/deploy.md, "What make test validates"):

- deploy/Containerfile: hadolint; the build stage installs packages that scripts/bootstrap installs and
  builds a preset of CMakePresets.json with options CMakeLists.txt declares; every file the build reads is
  copied in; the runtime stage installs the package of every shared library the built binary links.
- deploy/compose.yaml: loaded by compose-go (the library behind `docker compose config`: the Compose
  Specification's JSON schema, interpolation, consistency); each BudgetHub service's resolved environment
  is accepted by `budgethub config`; healthchecks hit each service's own port; secrets are interpolated.
- deploy/helm/budgethub: `helm lint` and `helm template` with each ci/*-values.yaml; the rendered
  objects validate against the Kubernetes 1.37 OpenAPI schemas (strict: unknown fields fail) shipped
  by the PyPI package kubernetes-validate; the operators' resources (Strimzi, CloudNativePG), which have
  no schema here, by a structural check; each Deployment's environment is accepted by `budgethub config`.

Tools: helm and composecheck (tests/deploy/composecheck) in $BUDGETHUB_TOOLS/bin, hadolint and
kubernetes-validate in the test virtualenv; all installed by scripts/bootstrap. The binary is $BH_BINARY
or build/ci/src/budgethub.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CHART = DEPLOY / "helm" / "budgethub"
CONTAINERFILE = DEPLOY / "Containerfile"
COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / "env.example"
SERVICES = ("portal", "auth", "budget", "payment", "notification")
KUBERNETES_VERSION = "1.37.0"
# Variables the binary reads that are not configuration keys (src/core/config.cpp, kReservedEnv).
RESERVED_ENV = {"BUDGETHUB_CONFIG", "BUDGETHUB_TOOLS", "BUDGETHUB_RUN", "BUDGETHUB_DATA", "BUDGETHUB_BINARY"}
# The apt packages of scripts/bootstrap only the tests and benchmarks need (the image builds neither).
TEST_ONLY_PACKAGES = {"libgtest-dev", "libgmock-dev", "libbenchmark-dev"}


def tool(name: str) -> str:
    """A tool that scripts/bootstrap installs: in $BUDGETHUB_TOOLS/bin, the virtualenv, or PATH."""
    tools = Path(os.environ.get("BUDGETHUB_TOOLS", Path.home() / ".cache" / "budgethub"))
    for candidate in (tools / "bin" / name, Path(sys.executable).parent / name):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    assert found, f"{name} is not installed: run scripts/bootstrap"
    return found


def run(*args: str, env: dict | None = None, check: bool = True, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    proc = subprocess.run(list(args), capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    if check:
        assert proc.returncode == 0, f"{' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc


# ---------------------------------------------------------------------------------------------------
# The configuration schema, from the binary itself
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def binary() -> str:
    path = os.environ.get("BH_BINARY") or str(ROOT / "build" / "ci" / "src" / "budgethub")
    assert Path(path).is_file(), f"no budgethub binary at {path} (build the ci preset, or set BH_BINARY)"
    return path


@pytest.fixture(scope="session")
def schema(binary) -> dict[str, dict]:
    """{env var: {key, type, default, secret}} from `budgethub config --schema`."""
    text = run(binary, "config", "--schema").stdout
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]  # `\|` inside a cell is not a border
        if len(cells) == 5 and re.fullmatch(r"`BUDGETHUB_[A-Z0-9_]+`", cells[1]):
            key, env, typ, default, doc = (c.strip("`") if i in (0, 1, 3) else c for i, c in enumerate(cells))
            rows[env] = {"key": key, "type": typ, "default": default, "secret": "(secret:" in doc}
    assert len(rows) > 50, "could not read the configuration tables of `budgethub config --schema`"
    return rows


def check_configuration(binary: str, env: dict[str, str], what: str) -> None:
    """`budgethub config` must accept exactly this environment (unknown keys, types and ranges checked)."""
    clean = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    clean.update(env)
    proc = run(binary, "config", env=clean, check=False)
    assert proc.returncode == 0, f"{what}: budgethub config refuses the environment:\n{proc.stdout}{proc.stderr}"


def env_names_known(names, schema, what):
    unknown = sorted(n for n in names if n.startswith("BUDGETHUB_") and n not in schema and n not in RESERVED_ENV)
    assert not unknown, f"{what}: not configuration keys (docs/configuration.md): {unknown}"


def test_schema_check_refuses_unknown_keys(binary, schema):
    # The check the tests below rely on can fail: an unknown key and a bad value are both refused.
    for bad in ({"BUDGETHUB_NOT_A_KEY": "1"}, {"BUDGETHUB_POSTGRES_POOL_SIZE": "many"}):
        proc = run(binary, "config", env={"PATH": "/usr/bin:/bin", **bad}, check=False)
        assert proc.returncode != 0, f"budgethub config accepted {bad}"
    assert "BUDGETHUB_POSTGRES_URL" in schema and schema["BUDGETHUB_POSTGRES_URL"]["secret"]


# ---------------------------------------------------------------------------------------------------
# deploy/Containerfile
# ---------------------------------------------------------------------------------------------------


def containerfile_stages() -> list[dict]:
    """[{from, name, instructions: [(INSTRUCTION, text)]}] with continuation lines joined."""
    stages = []
    logical, buf = [], ""
    for raw in CONTAINERFILE.read_text().splitlines():
        line = raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        buf += " " + line.rstrip("\\").strip() if buf else line.rstrip("\\").strip()
        if not line.endswith("\\"):
            logical.append(buf)
            buf = ""
    for line in logical:
        instr, _, rest = line.partition(" ")
        instr = instr.upper()
        if instr == "FROM":
            m = re.match(r"(\S+)(?:\s+AS\s+(\S+))?", rest, re.I)
            stages.append({"from": m.group(1), "name": m.group(2), "instructions": []})
        else:
            stages[-1]["instructions"].append((instr, rest))
    return stages


def apt_installed(stage: dict) -> set[str]:
    pkgs = set()
    for instr, text in stage["instructions"]:
        if instr == "RUN" and "apt-get install" in text:
            segment = text.split("apt-get install", 1)[1].split("&&")[0]
            pkgs |= {w for w in segment.split() if not w.startswith("-")}
    return pkgs


def bootstrap_packages() -> tuple[set[str], set[str]]:
    """(every apt package of scripts/bootstrap, those of its `# libraries` group)."""
    text = (ROOT / "scripts" / "bootstrap").read_text()
    block = re.search(r"APT_PACKAGES=\((.*?)\n\)", text, re.S).group(1)
    everything, libraries, group = set(), set(), ""
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("#"):
            group = line.lstrip("# ").strip()
            continue
        words = set(line.split())
        everything |= words
        if group == "libraries":
            libraries |= words
    return everything, libraries


def test_containerfile_hadolint():
    proc = run(tool("hadolint"), "--no-color", str(CONTAINERFILE), check=False)
    assert proc.returncode == 0, f"hadolint:\n{proc.stdout}{proc.stderr}"


def test_hadolint_finds_problems():
    # The linter is live: a Containerfile with known faults is refused.
    bad = Path(os.environ.get("TMPDIR", "/tmp")) / f"bh-bad-containerfile-{os.getpid()}"
    bad.write_text("FROM debian\nRUN cd /tmp && apt-get install curl\nCMD budgethub\n")
    try:
        proc = run(tool("hadolint"), "--no-color", str(bad), check=False)
    finally:
        bad.unlink()
    assert proc.returncode != 0 and "DL3006" in proc.stdout, proc.stdout


def test_containerfile_stages():
    stages = containerfile_stages()
    names = [s["name"] for s in stages]
    assert "build" in names and stages[-1]["name"] == "runtime", names
    build = stages[names.index("build")]
    assert build["from"] in ("debian:12", "debian:bookworm"), build["from"]
    assert stages[-1]["from"] in ("debian:12-slim", "debian:bookworm-slim"), stages[-1]["from"]


def test_containerfile_build_packages_match_bootstrap():
    everything, libraries = bootstrap_packages()
    build = next(s for s in containerfile_stages() if s["name"] == "build")
    pkgs = apt_installed(build)
    assert pkgs, "the build stage installs nothing with apt-get"
    foreign = sorted(pkgs - everything - {"ca-certificates"})
    assert not foreign, f"build packages that scripts/bootstrap does not install: {foreign}"
    missing = sorted(libraries - TEST_ONLY_PACKAGES - pkgs)
    assert not missing, f"library packages of scripts/bootstrap missing from the build stage: {missing}"
    assert {"g++-12", "cmake", "ninja-build", "pkg-config"} <= pkgs


def test_containerfile_builds_a_real_preset_and_target():
    build = next(s for s in containerfile_stages() if s["name"] == "build")
    script = " ".join(t for i, t in build["instructions"] if i == "RUN")
    presets = json.loads((ROOT / "CMakePresets.json").read_text())
    configure = {p["name"] for p in presets["configurePresets"] if not p.get("hidden")}
    build_presets = {p["name"] for p in presets["buildPresets"]}
    used_configure = re.findall(r"cmake --preset (\S+)", script)
    used_build = re.findall(r"cmake --build --preset (\S+)", script)
    assert used_configure and used_build, "no `cmake --preset` / `cmake --build --preset` in the build stage"
    assert set(used_configure) <= configure, f"unknown configure preset {used_configure}"
    assert set(used_build) <= build_presets, f"unknown build preset {used_build}"
    assert used_configure == ["release"] and used_build == ["release"], "the image builds the release preset"
    declared = set(re.findall(r"option\((\w+)", (ROOT / "CMakeLists.txt").read_text()))
    declared |= set(re.findall(r"set\((\w+)\s+\"[^\"]*\"\s+CACHE", (ROOT / "CMakeLists.txt").read_text()))
    options = set(re.findall(r"-D(\w+)=", script))
    assert options <= declared, f"-D options that CMakeLists.txt does not declare: {sorted(options - declared)}"
    # The binary the build produces is the one copied out.
    assert re.search(r"--target budgethub\b", script)
    assert any("add_executable(budgethub " in p.read_text() for p in (ROOT / "src").rglob("CMakeLists.txt"))
    assert "build/release/src/budgethub" in script


def test_containerfile_copies_what_the_build_reads():
    stages = containerfile_stages()
    build = next(s for s in stages if s["name"] == "build")
    copied = []
    for instr, text in build["instructions"]:
        if instr == "COPY" and "--from" not in text:
            copied += text.split()[:-1]
    for src in copied:
        assert (ROOT / src).exists(), f"COPY {src}: not in the repository"
    copied_paths = [c.rstrip("/") for c in copied]
    # Every repository path the CMake files name (docs/openapi.json compiled into the portal, ...).
    cmake_files = [ROOT / "CMakeLists.txt", *ROOT.glob("cmake/*.cmake"), *(ROOT / "src").rglob("CMakeLists.txt"),
                   *(ROOT / "src").rglob("*.cmake")]
    needed = set()
    for f in cmake_files:
        for rel in re.findall(r"\$\{(?:PROJECT|CMAKE)_SOURCE_DIR\}/([A-Za-z0-9_./-]+)", f.read_text()):
            needed.add(rel.rstrip("/"))
    needed |= {"CMakeLists.txt", "CMakePresets.json", "cmake", "src"}
    for rel in sorted(needed):
        assert any(rel == c or rel.startswith(c + "/") for c in copied_paths), \
            f"the build reads {rel} but the build stage does not COPY it"
    # The web stage builds what scripts/lib/web.sh serves, and the Swagger UI that bootstrap pins.
    web = next(s for s in stages if s["name"] == "web")
    web_script = " ".join(t for _, t in web["instructions"])
    web_dir = re.search(r'BH_WEB_DIR="\$BH_WEB/([^"]+)"', (ROOT / "scripts/lib/web.sh").read_text()).group(1)
    assert web_dir in web_script, f"the web stage does not copy {web_dir}"
    # Files outside web/ that the web build reads (the API client is generated from docs/openapi.json).
    web_copies = [t.split()[0] for i, t in web["instructions"] if i == "COPY" and "--from" not in t]
    for tool_file in (ROOT / "web" / "tools").glob("*.mjs"):
        for rel in re.findall(r"new URL\('\.\./\.\./([^']+)'", tool_file.read_text()):
            assert rel in web_copies, f"{tool_file.name} reads {rel}, which the web stage does not COPY"
    swagger = re.search(r'SWAGGER_UI_PACKAGE="([^"]+)"', (ROOT / "scripts/bootstrap").read_text()).group(1)
    assert swagger in web_script, f"the web stage installs another Swagger UI than bootstrap's {swagger}"


def needed_packages(binary: str) -> set[str]:
    """Debian packages of the shared libraries the binary links directly (this machine is Debian 12)."""
    dynamic = run("readelf", "-d", binary).stdout
    sonames = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
    assert sonames, "readelf found no NEEDED libraries"
    # Where the loader finds each one (its multiarch directory, so lib32 and i386 twins do not match).
    resolved = dict(re.findall(r"^\s*(\S+) => (/\S+)", run("ldd", binary).stdout, re.M))
    pkgs = set()
    for soname in sonames:
        arch_dir = Path(resolved.get(soname, f"/x86_64-linux-gnu/{soname}")).parent.name
        hits = run("dpkg", "-S", f"*/{arch_dir}/{soname}", check=False).stdout
        owners = {line.split(":")[0] for line in hits.splitlines() if line and "-dev" not in line.split(":")[0]}
        assert owners, f"no Debian package provides {soname}"
        pkgs |= owners
    return pkgs


def test_runtime_stage_has_every_library_the_binary_links(binary):
    runtime = containerfile_stages()[-1]
    installed = apt_installed(runtime)
    # Essential packages of debian:12-slim itself.
    base = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}
    missing = sorted(needed_packages(binary) - installed - base)
    assert not missing, f"the runtime stage lacks packages of libraries budgethub links: {missing}"
    dev = sorted(p for p in installed if p.endswith("-dev") or p in ("g++-12", "cmake"))
    assert not dev, f"build tools in the runtime stage: {dev}"


def test_runtime_stage_user_ports_entrypoint_healthcheck(binary, schema):
    runtime = containerfile_stages()[-1]
    instrs = runtime["instructions"]
    user = [t for i, t in instrs if i == "USER"]
    assert user and not user[-1].split(":")[0] in ("root", "0"), f"runs as {user}"
    entry = [t for i, t in instrs if i == "ENTRYPOINT"]
    assert entry and json.loads(entry[-1]) == ["budgethub"], entry
    cmd = json.loads([t for i, t in instrs if i == "CMD"][-1])
    assert cmd[:2] == ["serve", "--target"] and cmd[2] in SERVICES, cmd
    exposed = {int(p.split("/")[0]) for i, t in instrs if i == "EXPOSE" for p in t.split()}
    ports = {int(schema[f"BUDGETHUB_{s.upper()}_PORT"]["default"]) for s in SERVICES}
    assert exposed == ports, f"EXPOSE {sorted(exposed)} but the services' ports are {sorted(ports)}"
    health = [t for i, t in instrs if i == "HEALTHCHECK"]
    assert health and "/healthz" in health[-1], health
    copies = [t for i, t in instrs if i == "COPY" and "/usr/local/bin/budgethub" in t]
    assert len(copies) == 1, "one binary, /usr/local/bin/budgethub"
    # The image's own settings are configuration keys the binary accepts.
    env = {}
    for i, t in instrs:
        if i == "ENV":
            for k, v in re.findall(r"(\w+)=(\S+)", t):
                env[k] = v
    env_names_known(env, schema, "Containerfile ENV")
    check_configuration(binary, {k: v for k, v in env.items() if k.startswith("BUDGETHUB_")}, "Containerfile ENV")


# ---------------------------------------------------------------------------------------------------
# deploy/compose.yaml
# ---------------------------------------------------------------------------------------------------


def compose_config(compose: Path = COMPOSE, env_file: Path | None = ENV_EXAMPLE) -> subprocess.CompletedProcess:
    args = [tool("composecheck"), "-f", str(compose)]
    if env_file is not None:
        args += ["--env-file", str(env_file)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUDGETHUB_", "POSTGRES_", "REDIS_", "S3_"))}
    return run(*args, env=env, check=False)


@pytest.fixture(scope="session")
def compose_project() -> dict:
    proc = compose_config()
    assert proc.returncode == 0, f"composecheck refuses deploy/compose.yaml:\n{proc.stderr}"
    return json.loads(proc.stdout)


def budgethub_services(project: dict) -> dict[str, dict]:
    return {n: s for n, s in project["services"].items() if (s.get("command") or [])[:1] == ["serve"]}


def test_compose_schema_rejects_what_it_should(tmp_path):
    # The validator is live: an unknown service property, a depends_on naming no service, a missing
    # secret each make the load fail.
    raw = yaml.safe_load(COMPOSE.read_text())
    bad = copy.deepcopy(raw)
    bad["services"]["auth"]["restart_policy"] = "always"
    path = tmp_path / "compose.yaml"
    path.write_text(yaml.safe_dump(bad))
    proc = compose_config(path)
    assert proc.returncode != 0 and "restart_policy" in proc.stderr, proc.stderr
    bad = copy.deepcopy(raw)
    bad["services"]["portal"]["depends_on"]["ledger"] = {"condition": "service_healthy"}
    path.write_text(yaml.safe_dump(bad))
    assert compose_config(path).returncode != 0
    empty = tmp_path / "empty.env"
    empty.write_text("")
    proc = compose_config(COMPOSE, empty)
    assert proc.returncode != 0 and "POSTGRES_PASSWORD" in proc.stderr, proc.stderr


def test_compose_has_the_whole_system(compose_project):
    services = compose_project["services"]
    assert set(budgethub_services(compose_project)) == set(SERVICES)
    images = {n: s.get("image", "") for n, s in services.items()}
    assert images["postgres"].startswith("postgres:") and images["redis"].startswith("redis:")
    assert images["kafka"].startswith("apache/kafka:") and images["mail"].startswith("axllent/mailpit:")
    assert images["s3"].startswith(("versity/versitygw:", "minio/minio:"))
    kafka_env = services["kafka"]["environment"]
    assert kafka_env["KAFKA_PROCESS_ROLES"] == "broker,controller", "Kafka runs in KRaft mode"
    assert len(kafka_env["CLUSTER_ID"]) == 22, "a KRaft cluster id is 16 bytes, base64url without padding"
    # One image for the five services, built from deploy/Containerfile.
    bh = budgethub_services(compose_project)
    assert len({s["image"] for s in bh.values()}) == 1
    for name, svc in bh.items():
        assert svc["build"]["dockerfile"] == "deploy/Containerfile", name
        assert (COMPOSE.parent / svc["build"]["context"] / svc["build"]["dockerfile"]).resolve() == CONTAINERFILE
    # Data survives `down`: each server's data directory is a named volume.
    for name, target in {"postgres": "/var/lib/postgresql/data", "redis": "/data", "kafka": "/var/lib/kafka/data",
                         "s3": "/data", "mail": "/data"}.items():
        vols = [v for v in services[name].get("volumes", []) if v["type"] == "volume" and v["target"] == target]
        assert vols and vols[0]["source"] in compose_project["volumes"], f"{name}: no named volume at {target}"


def test_compose_healthchecks_and_dependencies(compose_project, schema):
    services = compose_project["services"]
    for name, svc in services.items():
        assert svc.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
        for dep, cond in svc.get("depends_on", {}).items():
            assert cond["condition"] == "service_healthy", f"{name} → {dep}: {cond}"
    for name, svc in budgethub_services(compose_project).items():
        assert svc["command"] == ["serve", "--target", name], svc["command"]
        port_var = f"BUDGETHUB_{name.upper()}_PORT"
        port = svc["environment"].get(port_var) or schema[port_var]["default"]
        test = " ".join(svc["healthcheck"]["test"])
        assert f"127.0.0.1:{port}/healthz" in test, f"{name}: the healthcheck does not ask its port {port}: {test}"
        for server in ("postgres", "redis", "kafka"):
            assert server in svc["depends_on"], f"{name} does not wait for {server}"
    portal = services["portal"]
    assert set(SERVICES) - {"portal"} <= set(portal["depends_on"])


def test_compose_environment_is_valid_configuration(compose_project, schema, binary):
    for name, svc in budgethub_services(compose_project).items():
        env = {k: ("" if v is None else str(v)) for k, v in svc["environment"].items()}
        env_names_known(env, schema, f"compose service {name}")
        check_configuration(binary, env, f"compose service {name}")
        # Where the others are: by service name, never the loopback defaults.
        assert env["BUDGETHUB_HTTP_BIND"] == "0.0.0.0"
        assert env["BUDGETHUB_SECURITY_JWKS_URL"].startswith("http://auth:")
        for key in ("BUDGETHUB_POSTGRES_URL", "BUDGETHUB_REDIS_URL", "BUDGETHUB_KAFKA_BROKERS"):
            assert "127.0.0.1" not in env[key] and "localhost" not in env[key], f"{name}: {key}={env[key]}"
    portal = compose_project["services"]["portal"]["environment"]
    for svc in SERVICES[1:]:
        port = schema[f"BUDGETHUB_{svc.upper()}_PORT"]["default"]
        assert portal[f"BUDGETHUB_PORTAL_{svc.upper()}_URL"] == f"http://{svc}:{port}"


def test_compose_secrets_are_not_hard_coded(schema):
    # Every secret key (masked by `budgethub config`) is set from interpolation, never a literal.
    text = COMPOSE.read_text()
    secrets = {env for env, row in schema.items() if row["secret"]}
    found = 0
    for env, value in re.findall(r"^\s*(BUDGETHUB_[A-Z0-9_]+):\s*(.*)$", text, re.M):
        if env in secrets:
            found += 1
            assert "${" in value, f"{env} is hard-coded in deploy/compose.yaml"
    assert found >= 4
    for line in re.findall(r"^\s*(?:POSTGRES_PASSWORD|ROOT_SECRET_KEY|REDIS_PASSWORD):.*$", text, re.M):
        assert "${" in line, line


# ---------------------------------------------------------------------------------------------------
# deploy/helm/budgethub
# ---------------------------------------------------------------------------------------------------

VALUES_FILES = sorted((CHART / "ci").glob("*-values.yaml"))


def helm_template(values: Path | None, *extra: str, check: bool = True) -> subprocess.CompletedProcess:
    args = [tool("helm"), "template", "bh", str(CHART), "--namespace", "finance", "--kube-version", KUBERNETES_VERSION]
    if values:
        args += ["-f", str(values)]
    return run(*args, *extra, check=check)


@pytest.fixture(scope="session", params=VALUES_FILES, ids=[p.stem for p in VALUES_FILES])
def rendered(request) -> tuple[str, list[dict]]:
    docs = [d for d in yaml.safe_load_all(helm_template(request.param).stdout) if d]
    return request.param.stem, docs


def by_kind(docs, kind):
    return [d for d in docs if d["kind"] == kind]


def test_helm_lint():
    assert len(VALUES_FILES) >= 2
    for values in VALUES_FILES:
        proc = run(tool("helm"), "lint", "--strict", str(CHART), "-f", str(values), check=False)
        assert proc.returncode == 0, f"helm lint -f {values.name}:\n{proc.stdout}{proc.stderr}"


def test_helm_refuses_a_release_without_a_database():
    proc = helm_template(None, check=False)
    assert proc.returncode != 0 and "postgres.url is not set" in proc.stderr, proc.stderr


def test_helm_values_name_real_keys(schema):
    # The keys of values.yaml's `config` block, examples in comments included, are configuration keys.
    text = (CHART / "values.yaml").read_text()
    block = re.search(r"^config:\n(.*?)^\S", text, re.M | re.S).group(1)
    keys = re.findall(r"^\s*#?\s*([a-z0-9_]+\.[a-z0-9_]+):", block, re.M)
    assert len(keys) >= 5
    known = {row["key"] for row in schema.values()}
    assert not set(keys) - known, f"values.yaml config names unknown keys: {sorted(set(keys) - known)}"


def test_helm_values_schema_refuses_bad_values():
    # values.schema.json: helm stops on a mistyped port, a configuration key not written as section.name,
    # and an unknown per-service setting, before anything is rendered.
    values = VALUES_FILES[0]
    for bad in ("services.auth.port=eighty", "config.LogLevel=debug", "services.budget.replica=3"):
        proc = helm_template(values, "--set", bad, check=False)
        assert proc.returncode != 0 and "schema" in proc.stderr.lower(), f"--set {bad}: {proc.stderr}"


def test_helm_values_are_documented():
    # Every top-level value and every per-service value carries a comment in values.yaml.
    lines = (CHART / "values.yaml").read_text().splitlines()
    values = yaml.safe_load("\n".join(lines))
    for key in values:
        idx = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        i = idx - 1
        while i >= 0 and re.match(r"^\w+: \S", lines[i]):  # a one-line key just above shares its comment
            i -= 1
        above = lines[i] if i >= 0 else ""
        inline = "#" in lines[idx]
        assert above.startswith("#") or inline, f"values.yaml: {key} is not described"
    assert set(values["services"]) == set(SERVICES)


def test_kubernetes_schemas(rendered):
    name, docs = rendered
    crds = {"Kafka", "KafkaNodePool", "KafkaTopic", "Cluster"}
    checked = 0
    for doc in docs:
        if doc["kind"] in crds:
            continue
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as e:
            pytest.fail(f"{name}: {doc['kind']}/{doc['metadata']['name']}: {e.message} at {list(e.path)}")
        checked += 1
    assert checked >= 20


def test_kubernetes_schema_check_is_live():
    # Strict validation refuses an unknown field and a wrong type.
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
                  "spec": {"replicas": 1, "selector": {"matchLabels": {"a": "b"}},
                           "template": {"metadata": {"labels": {"a": "b"}},
                                        "spec": {"containers": [{"name": "c", "image": "i"}]}}}}
    kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)
    for mutate in (lambda d: d["spec"].update(replica=2), lambda d: d["spec"].update(replicas="two")):
        bad = copy.deepcopy(deployment)
        mutate(bad)
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(bad, KUBERNETES_VERSION, strict=True)


def test_helm_objects_per_service(rendered):
    name, docs = rendered
    deployments = {d["metadata"]["labels"]["app.kubernetes.io/component"]: d for d in by_kind(docs, "Deployment")}
    services = {d["metadata"]["labels"]["app.kubernetes.io/component"]: d for d in by_kind(docs, "Service")}
    pdbs = {d["metadata"]["labels"]["app.kubernetes.io/component"]: d for d in by_kind(docs, "PodDisruptionBudget")}
    hpas = {d["spec"]["scaleTargetRef"]["name"]: d for d in by_kind(docs, "HorizontalPodAutoscaler")}
    assert set(deployments) == set(SERVICES) == set(services) == set(pdbs), name
    config_maps = by_kind(docs, "ConfigMap")
    assert len(config_maps) == 1
    config = config_maps[0]["data"]
    for svc, dep in deployments.items():
        pod = dep["spec"]["template"]
        labels = pod["metadata"]["labels"]
        assert dep["spec"]["selector"]["matchLabels"].items() <= labels.items()
        (container,) = pod["spec"]["containers"]
        assert container["args"] == ["serve", "--target", svc]
        port = int(config[f"BUDGETHUB_{svc.upper()}_PORT"])
        assert container["ports"][0]["containerPort"] == port and container["ports"][0]["name"] == "http"
        assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert container["resources"]["requests"]["cpu"] and container["resources"]["limits"]["memory"]
        assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        # Service, disruption budget and autoscaler all select this Deployment's pods.
        assert services[svc]["spec"]["selector"].items() <= labels.items()
        assert services[svc]["spec"]["ports"][0]["port"] == port
        assert pdbs[svc]["spec"]["selector"]["matchLabels"].items() <= labels.items()
        name_ = dep["metadata"]["name"]
        if name_ in hpas:
            assert "replicas" not in dep["spec"], f"{svc}: replicas fight the autoscaler"
        else:
            assert dep["spec"]["replicas"] >= 1
    assert hpas, "no HorizontalPodAutoscaler rendered"
    for hpa_target in hpas:
        assert hpa_target in {d["metadata"]["name"] for d in deployments.values()}
    # The portal reaches each service through its Service.
    for svc in SERVICES[1:]:
        url = config[f"BUDGETHUB_PORTAL_{svc.upper()}_URL"]
        assert url == f"http://{services[svc]['metadata']['name']}:{services[svc]['spec']['ports'][0]['port']}"
    assert config["BUDGETHUB_SECURITY_JWKS_URL"].startswith(f"http://{services['auth']['metadata']['name']}:")


def deployment_environment(docs, deployment) -> dict[str, str]:
    """The environment Kubernetes would give the container (valueFrom secrets as placeholders)."""
    config_maps = {d["metadata"]["name"]: d.get("data", {}) for d in by_kind(docs, "ConfigMap")}
    secrets = {d["metadata"]["name"]: d.get("stringData", {}) for d in by_kind(docs, "Secret")}
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    env = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(config_maps[source["configMapRef"]["name"]])
        elif "secretRef" in source:
            env.update(secrets.get(source["secretRef"]["name"], {}))  # an existing Secret: not rendered
    for var in container.get("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
        else:
            ref = var["valueFrom"]["secretKeyRef"]
            assert ref["name"] and ref["key"]
            env[var["name"]] = "postgresql://budgethub:placeholder@db:5432/budgethub" if "POSTGRES" in var["name"] \
                else "placeholder"
    return env


def test_helm_environment_is_valid_configuration(rendered, schema, binary):
    name, docs = rendered
    for dep in by_kind(docs, "Deployment"):
        env = deployment_environment(docs, dep)
        what = f"{name}: {dep['metadata']['name']}"
        env_names_known(env, schema, what)
        check_configuration(binary, {k: v for k, v in env.items() if k.startswith("BUDGETHUB_")}, what)
    # Secret keys never land in the ConfigMap.
    (config_map,) = by_kind(docs, "ConfigMap")
    leaked = [k for k in config_map["data"] if schema.get(k, {}).get("secret")]
    assert not leaked, f"{name}: secrets in the ConfigMap: {leaked}"


def test_helm_operator_resources(rendered, schema):
    """Strimzi and CloudNativePG resources: no schema of their CRDs is available offline here, so a
    structural check of what the chart relies on (documented in docs/deploy.md)."""
    name, docs = rendered
    kafkas, pools, topics, clusters = (by_kind(docs, k) for k in ("Kafka", "KafkaNodePool", "KafkaTopic", "Cluster"))
    if name.startswith("external"):
        assert not (kafkas or pools or topics or clusters)
        return
    (kafka,), (pool,), (cluster,) = kafkas, pools, clusters
    assert kafka["apiVersion"] == pool["apiVersion"] == "kafka.strimzi.io/v1beta2"
    assert kafka["metadata"]["annotations"] == {"strimzi.io/node-pools": "enabled", "strimzi.io/kraft": "enabled"}
    assert pool["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
    assert set(pool["spec"]["roles"]) == {"controller", "broker"} and pool["spec"]["replicas"] >= 3
    assert kafka["spec"]["kafka"]["listeners"][0]["port"] == 9092
    assert "topicOperator" in kafka["spec"]["entityOperator"]
    (config_map,) = by_kind(docs, "ConfigMap")
    assert config_map["data"]["BUDGETHUB_KAFKA_BROKERS"] == f"{kafka['metadata']['name']}-kafka-bootstrap:9092"
    replication = int(config_map["data"].get("BUDGETHUB_KAFKA_TOPIC_REPLICATION", 1))
    assert replication <= pool["spec"]["replicas"]
    prefix = schema["BUDGETHUB_KAFKA_TOPIC_PREFIX"]["default"]
    for topic in topics:
        assert topic["apiVersion"] == "kafka.strimzi.io/v1beta2"
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
        assert topic["spec"]["topicName"].startswith(prefix)
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", topic["metadata"]["name"])
    documented = events_doc_topics()
    assert {t["spec"]["topicName"][len(prefix):] for t in topics} == documented
    assert cluster["apiVersion"] == "postgresql.cnpg.io/v1" and cluster["spec"]["instances"] >= 2
    owner = cluster["spec"]["bootstrap"]["initdb"]["owner"]
    assert any("CREATEDB" in s and owner in s for s in cluster["spec"]["bootstrap"]["initdb"]["postInitSQL"])
    for dep in by_kind(docs, "Deployment"):
        (container,) = dep["spec"]["template"]["spec"]["containers"]
        refs = [v["valueFrom"]["secretKeyRef"] for v in container["env"] if v["name"] == "BUDGETHUB_POSTGRES_URL"]
        assert refs == [{"name": f"{cluster['metadata']['name']}-app", "key": "uri"}]


def events_doc_topics() -> set[str]:
    """The topics of docs/events.md's table (first column), without the prefix."""
    text = (ROOT / "docs" / "events.md").read_text()
    table = text.split("## Topics", 1)[1].split("\n## ", 1)[0]
    topics = set()
    for line in table.splitlines():
        m = re.match(r"^\| `([a-z.-]+)`", line)
        if m:
            topics.add(m.group(1))
    assert len(topics) >= 6
    return topics
