#!/usr/bin/env python3
"""Hostile inputs: each case builds a tree (or names special files), runs
tee-tidy on it and checks the exit code, the message that says what happened,
that the rest of the tree was still analysed (a sentinel file with a known
finding), and ceilings on wall time, peak memory and output size.

usage: tests/hostile/catalog.py [--sanitized] build/tee-tidy [CASE-SUBSTRING...]

--sanitized: the tool is a sanitizer build; time and memory ceilings are not
checked (the sanitizers multiply both), cases that limit the address space
are left out, and any sanitizer report fails the case.
"""
import concurrent.futures
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

ARGS = sys.argv[1:]
SANITIZED = "--sanitized" in ARGS
ARGS = [a for a in ARGS if a != "--sanitized"]
TOOL = os.path.abspath(ARGS[0])
ONLY = ARGS[1:]

HERE = os.path.dirname(os.path.abspath(__file__))

SENTINEL = ('import requests\n'
            'requests.get("https://sentinel.example/a", verify=False)\n')
SENTINEL_FINDING = "sentinel.py:2:44: warning: TLS certificate verification is disabled"

# Ceilings of every case unless it says otherwise.
SECONDS = 10.0
MEGABYTES = 1024
OUTPUT_BYTES = 1 << 20


class Case:
    def __init__(self, name, build, *, exit, expect=(), absent=(), sentinel=True,
                 seconds=SECONDS, megabytes=MEGABYTES, output=OUTPUT_BYTES, args=None,
                 stdout_to=None, stdin_from=None, address_space_mb=None, terminate_after=None,
                 alone=False):
        self.name, self.build = name, build
        self.exit, self.expect, self.absent = exit, expect, absent
        self.sentinel, self.seconds, self.megabytes, self.output = sentinel, seconds, megabytes, output
        self.args, self.stdout_to, self.stdin_from = args, stdout_to, stdin_from
        self.address_space_mb, self.terminate_after = address_space_mb, terminate_after
        # Runs after the others, by itself: a case that keeps both cores busy
        # measures its own time, not its neighbour's.
        self.alone = alone


CASES = []


def case(name, **kw):
    def register(build):
        CASES.append(Case(name, build, **kw))
        return build
    return register


def write(root, rel, data, mode="w"):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode if isinstance(data, str) else "wb") as f:
        f.write(data)
    return path


def compose(image):
    return 'services:\n  web:\n    image: "%s"\n' % image


# --- Compose files and interpolation --------------------------------------

@case("compose-plain-mapping", exit=0)
def _(t):
    write(t, "docker-compose.yml", "a: 1\n")


@case("interpolation-nested-1000", exit=1, seconds=2,
      expect=[r"docker-compose\.yml:3:\d+: error: .*nest"])
def _(t):
    n = 1000
    write(t, "docker-compose.yml", compose("${A:-" * n + "x" + "}" * n))


@case("interpolation-nested-20000", exit=1, seconds=2,
      expect=[r"docker-compose\.yml:3:\d+: error: .*nest"])
def _(t):
    n = 20000
    write(t, "docker-compose.yml", compose("${A:-" * n + "x" + "}" * n))


@case("interpolation-nested-in-app-compose", exit=1, seconds=2,
      expect=[r"app-compose\.json:\d+:\d+: error: .*nest"])
def _(t):
    n = 20000
    yaml = compose("${A:-" * n + "x" + "}" * n).replace('"', '\\"').replace("\n", "\\n")
    write(t, "app-compose.json", '{"manifest_version": 2, "runner": "docker-compose", '
          '"docker_compose_file": "%s", "allowed_envs": ["A"]}' % yaml)


@case("compose-hash-nested-interpolation", exit=1, sentinel=False, seconds=2, output=8 << 10,
      expect=[r"compose_hash: [0-9a-f]{64}", r"image \$\{A:-.{150,}\.\.\. "],
      args=["--compose-hash=app-compose.json"])
def _(t):
    n = 20000
    yaml = compose("${A:-" * n + "x" + "}" * n).replace('"', '\\"').replace("\n", "\\n")
    write(t, "app-compose.json", '{"manifest_version": 2, "runner": "docker-compose", '
          '"docker_compose_file": "%s"}' % yaml)


@case("yaml-alias-bomb", exit=None, seconds=5)
def _(t):
    lines = ['x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append("x%d: &a%d [%s]" % (i, i, ",".join(["*a%d" % (i - 1)] * 9)))
    lines.append("services:\n  web:\n    image: nginx@sha256:" + "a" * 64
                 + "\n    labels:\n      bomb: *a9")
    write(t, "docker-compose.yml", "\n".join(lines) + "\n")


@case("yaml-duplicate-keys", exit=1,
      expect=[r"docker-compose\.yml:4:\d+: error: .*duplicate"])
def _(t):
    write(t, "docker-compose.yml", "services:\n  web:\n    image: a@sha256:" + "a" * 64
          + "\n    image: b@sha256:" + "b" * 64 + "\n")


@case("yaml-nested-10000", exit=1, seconds=5,
      expect=[r"docker-compose\.yml:\d+:\d+: error: .*(deep|nest)"])
def _(t):
    n = 10000
    write(t, "docker-compose.yml", "services:\n  web:\n    labels: " + "[" * n + "]" * n + "\n")


@case("yaml-deep-valid-600", exit=1,
      expect=[r"docker-compose\.yml:\d+:\d+: error: .*(deep|nest)"],
      absent=[r"bad file"])
def _(t):
    out = ["services:", "  web:", "    labels:"]
    for i in range(600):
        out.append("  " * (i + 3) + "k%d:" % i)
    out.append("  " * 603 + "v: 1")
    write(t, "docker-compose.yml", "\n".join(out) + "\n")


@case("yaml-second-document", exit=1,
      expect=[r"docker-compose\.yml:5:1: error: a second YAML document"])
def _(t):
    write(t, "docker-compose.yml", compose("nginx:1") + "---\nservices: {}\n")


@case("yaml-nul-byte", exit=0, expect=[r"Skipped 1 file \(1 binary\)"])
def _(t):
    write(t, "docker-compose.yml", b"services:\n  web:\x00\n")


@case("yaml-bom-crlf", exit=0, expect=[r"docker-compose\.yml:3:12: warning: .*latest"])
def _(t):
    write(t, "docker-compose.yml", b"\xef\xbb\xbfservices:\r\n  web:\r\n    image: nginx:latest\r\n")


@case("yaml-invalid-utf8", exit=None, expect=[r"docker-compose\.yml:\d+:\d+: warning: not valid UTF-8"])
def _(t):
    write(t, "docker-compose.yml", b"services:\n  web:\n    image: \"ngi\xffnx:1\"\n")


@case("yaml-broken", exit=1, expect=[r"docker-compose\.yml:\d+:\d+: error: .*\[tee-tidy-input-error\]"])
def _(t):
    write(t, "docker-compose.yml", "services:\n  web: [\n")


@case("json-nested-10000", exit=1, seconds=5,
      expect=[r"app-compose\.json:\d+:\d+: error: .*(deep|nest)"])
def _(t):
    n = 10000
    write(t, "app-compose.json", '{"docker_compose_file": "", "x": ' + "[" * n + "]" * n + "}")


@case("output-amplification", exit=None, seconds=10, output=8 << 20)
def _(t):
    services = ",".join('"s%d": {"image": "img%d:latest", "privileged": true}' % (i, i)
                        for i in range(20000))
    import json
    yaml = json.dumps({"services": json.loads("{" + services + "}")})
    write(t, "app-compose.json", json.dumps({"manifest_version": 2, "runner": "docker-compose",
                                             "docker_compose_file": yaml}))


# --- Dockerfiles ----------------------------------------------------------

@case("dockerfile-arg-nested-50000", exit=None, seconds=3,
      expect=[r"Dockerfile:1:\d+: error: .*nest"])
def _(t):
    n = 50000
    write(t, "Dockerfile", "ARG IMG=" + "${V:-" * n + "x" + "}" * n + "\nFROM $IMG\n")


@case("dockerfile-arg-exponential-40", exit=None, seconds=3,
      expect=[r"Dockerfile:\d+:\d+: error: .*(long|size|expan)"])
def _(t):
    lines = ["ARG A0=x"] + ["ARG A%d=${A%d}${A%d}" % (i, i - 1, i - 1) for i in range(1, 40)]
    write(t, "Dockerfile", "\n".join(lines) + "\nFROM img:${A39}\n")


@case("dockerfile-arg-exponential-28-message", exit=None, seconds=3, output=64 << 10)
def _(t):
    lines = ["ARG A0=x"] + ["ARG A%d=${A%d}${A%d}" % (i, i - 1, i - 1) for i in range(1, 28)]
    write(t, "Dockerfile", "\n".join(lines) + "\nFROM img:${A27}\n")


@case("dockerfile-arg-cycle", exit=None, seconds=2)
def _(t):
    write(t, "Dockerfile", "ARG A=$B\nARG B=$A\nFROM img:$A\n")


@case("dockerfile-unterminated-heredoc", exit=1,
      expect=[r"Dockerfile:2:\d+: error: .*heredoc"])
def _(t):
    write(t, "Dockerfile", "FROM debian@sha256:" + "a" * 64 + "\nRUN <<EOF\necho hi\n")


@case("dockerfile-nul-byte", exit=0, expect=[r"Skipped 1 file \(1 binary\)"])
def _(t):
    write(t, "Dockerfile", b"FROM debian\x00\n")


# --- Sources ---------------------------------------------------------------

@case("python-nested-calls-10000", exit=1, seconds=2,
      expect=[r"main\.py:2:\d+: error: code nested more than 400 levels",
              r"main\.py:2:\d+: warning: TLS certificate verification is disabled"])
def _(t):
    # The keyword after the deep argument is still checked.
    n = 10000
    write(t, "main.py", "import os, requests\nrequests.get(" + "f(" * n + "os.environ['U']"
          + ")" * n + ", verify=False)\n")


@case("python-nested-lists-10000", exit=None, seconds=10)
def _(t):
    n = 10000
    write(t, "main.py", "x = " + "[" * n + "]" * n + "\n")


@case("python-flat-concatenation-400", exit=0, absent=[r"nested more than"])
def _(t):
    write(t, "main.py", "q = " + " + ".join("'part%d'" % i for i in range(400)) + "\n")


@case("python-nul-byte", exit=0, expect=[r"Skipped 1 file \(1 binary\)"])
def _(t):
    write(t, "main.py", b"x = 1\x00\n")


@case("python-bom-crlf", exit=0, expect=[r"main\.py:2:\d+: warning: TLS"])
def _(t):
    write(t, "main.py", b"\xef\xbb\xbfimport requests\r\nrequests.get('https://a.example', verify=False)\r\n")


@case("python-lone-cr", exit=0, expect=[r"main\.py:2:\d+: warning: TLS"], absent=[r"syntax error"])
def _(t):
    write(t, "main.py", b"import requests\rrequests.get('https://a.example', verify=False)\r")


@case("python-invalid-utf8", exit=0, expect=[r"main\.py:1:6: warning: not valid UTF-8"])
def _(t):
    write(t, "main.py", b"x = '\xff'\n")


@case("python-5mb-line", exit=0, seconds=10)
def _(t):
    write(t, "main.py", "x = '" + "a" * (5 << 20) + "'\n")


@case("python-import-cycle-300", exit=None, seconds=10)
def _(t):
    write(t, "pkg/__init__.py", "")
    for i in range(300):
        write(t, "pkg/m%d.py" % i, "import os\nfrom pkg import m%d\nU%d = os.getenv('U%d')\n"
              "def f():\n    return m%d.U%d\n" % ((i + 1) % 300, i, i, (i + 1) % 300, (i + 1) % 300))


@case("python-class-hierarchy-2000", exit=None, seconds=10)
def _(t):
    out = ["import os", "class C0:", "    url = os.getenv('U')"]
    for i in range(1, 2000):
        out += ["class C%d(C%d):" % (i, i - 1), "    pass"]
    out.append("import requests\nrequests.post(C1999().url)")
    write(t, "main.py", "\n".join(out) + "\n")


@case("python-mutual-recursion-1000", exit=0, seconds=10,
      expect=[r"Held back 1 finding"], absent=[r"fixed point"])
def _(t):
    out = ["import os, requests"]
    for i in range(1000):
        out += ["def f%d(x):" % i, "    requests.post(x)", "    return f%d(x)" % ((i + 1) % 1000)]
    out.append("f0(os.getenv('U'))")
    write(t, "main.py", "\n".join(out) + "\n")


@case("python-binary-named-py", exit=0, expect=[r"Skipped 1 file \(1 binary\)"])
def _(t):
    write(t, "tool.py", bytes(range(256)) * 64)


@case("tsx-slow-error-recovery", exit=2, seconds=10,
      expect=[r"view\.tsx: parsing took too long and was stopped"])
def _(t):
    # 2.6 KB of mangled TSX (an ECMAScript fuzzer input) on which tree-sitter's
    # error recovery ran for minutes: the parse budget now scales with size.
    with open(os.path.join(HERE, "inputs", "slow-error-recovery.tsx"), "rb") as f:
        write(t, "view.tsx", f.read())


@case("typescript-nested-10000", exit=None, seconds=10)
def _(t):
    n = 10000
    write(t, "main.ts", "const x = " + "[" * n + "]" * n + ";\n")


@case("javascript-minified-line", exit=0, expect=[r"Skipped 1 file \(1 too large\)"])
def _(t):
    write(t, "min.js", "var a=1;" * 200000 + "\n")


# --- The file system -------------------------------------------------------

@case("symlink-to-root", exit=0, seconds=5)
def _(t):
    os.symlink("/", os.path.join(t, "root"))


@case("symlink-loop-and-dangling", exit=0)
def _(t):
    os.symlink("loop", os.path.join(t, "loop"))
    os.symlink(".", os.path.join(t, "self"))
    os.symlink("missing.py", os.path.join(t, "dangling.py"))


@case("fifo-while-walking", exit=0, seconds=5)
def _(t):
    os.mkfifo(os.path.join(t, "pipe.py"))


# About 6.5 s alone on this machine (docs/reliability.md); the ceiling leaves
# room for the tests ctest runs beside the catalog.
@case("many-empty-files", exit=0, seconds=15, alone=True)
def _(t):
    for d in range(100):
        os.makedirs(os.path.join(t, "d%d" % d))
        for f in range(1000):
            open(os.path.join(t, "d%d" % d, "f%d.py" % f), "w").close()


@case("odd-file-names", exit=0, expect=[r"\./new\\x0aline\.py:2:35: warning", r"\./a:1:2\.py:2:35: warning"],
      absent=["\x1b"])
def _(t):
    write(t, "new\nline.py", "import requests\nrequests.get('https://a.example', verify=False)\n")
    write(t, "esc\x1b[31m.py", "x = 1\n")
    write(t, "a:1:2.py", "import requests\nrequests.get('https://a.example', verify=False)\n")


@case("path-given-twice", exit=0, args=[".", "sentinel.py", "./sentinel.py"])
def _(t):
    pass


@case("long-path", exit=0, expect=[r"Skipped 1 file \(1 unreadable\)"])
def _(t):
    # Past PATH_MAX (4096 bytes), built in steps with relative directories.
    os.makedirs(os.path.join(t, "deep"))
    cur = os.open(os.path.join(t, "deep"), os.O_RDONLY)
    for _ in range(20):
        os.mkdir("d" * 250, dir_fd=cur)
        nxt = os.open("d" * 250, os.O_RDONLY, dir_fd=cur)
        os.close(cur)
        cur = nxt
    fd = os.open("x.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=cur)
    os.write(fd, b"x = 1\n")
    os.close(fd)
    os.close(cur)


@case("broken-config-in-one-directory", exit=2,
      expect=[r"bad/\.tee-tidy"], args=["bad", "sentinel.py"])
def _(t):
    write(t, "bad/.tee-tidy", "Checks: [\n")
    write(t, "bad/x.py", "x = 1\n")


@case("broken-config-in-one-directory-other-order", exit=2,
      expect=[r"bad/\.tee-tidy"], args=["sentinel.py", "bad"])
def _(t):
    write(t, "bad/.tee-tidy", "Checks: [\n")
    write(t, "bad/x.py", "x = 1\n")


# --- Memory and signals ----------------------------------------------------

@case("address-space-exhausted", exit=2, sentinel=False, seconds=10,
      expect=[r"tee-tidy: error: (out of memory|pthread_create failed)"],
      absent=[r"Stack dump", r"LLVM ERROR"], address_space_mb=320)
def _(t):
    for i in range(200):
        write(t, "m%d.py" % i, "import os, requests\n" + "".join(
            "def f%d(x):\n    return requests.post(os.getenv('U%d'), json=[x, %d])\n" % (k, k, k)
            for k in range(300)))


@case("terminated-while-running", exit=None, sentinel=False, seconds=1, terminate_after=0.5)
def _(t):
    for d in range(20):
        os.makedirs(os.path.join(t, "d%d" % d))
        for f in range(1000):
            open(os.path.join(t, "d%d" % d, "f%d.py" % f), "w").close()


# --- Options that read files, and output ----------------------------------

@case("compose-hash-dev-zero", exit=2, sentinel=False, seconds=2,
      expect=[r"/dev/zero"], args=["--compose-hash=/dev/zero"])
def _(t):
    pass


@case("tcb-info-dev-zero", exit=2, sentinel=False, seconds=2,
      expect=[r"/dev/zero"], args=["--tcb-info=/dev/zero"])
def _(t):
    pass


@case("config-file-dev-zero", exit=2, sentinel=False, seconds=2,
      expect=[r"/dev/zero"], args=["--config-file=/dev/zero", "."])
def _(t):
    pass


@case("compose-hash-fifo", exit=2, sentinel=False, seconds=2,
      expect=[r"fifo"], args=["--compose-hash=fifo"])
def _(t):
    os.mkfifo(os.path.join(t, "fifo"))


@case("deployments-dev-zero", exit=2, sentinel=False, seconds=2,
      expect=[r"--deployments '/dev/zero' is not a readable file"],
      args=["--deployments=/dev/zero", "."])
def _(t):
    pass


@case("deployments-fifo", exit=2, sentinel=False, seconds=2,
      expect=[r"--deployments 'fifo' is not a readable file"], args=["--deployments=fifo", "."])
def _(t):
    os.mkfifo(os.path.join(t, "fifo"))


@case("deployments-doc-over-size", exit=0,
      expect=[r"DEPLOYMENTS\.md: .*too large.*the deployments it documents are not compared"],
      args=["."])
def _(t):
    # A NUL byte, invalid UTF-8 and 100,000 table rows (11 MB) in
    # DEPLOYMENTS.md: refused with a warning, never a crash, a hang or silence.
    write(t, "app-compose.json", '{"manifest_version": 2, "name": "a", "docker_compose_file": '
          '"services:\\n  a:\\n    image: x@sha256:' + "a" * 64 + '\\n"}\n')
    with open(os.path.join(t, "DEPLOYMENTS.md"), "wb") as f:
        f.write(b"| App ID | Compose hash |\n|---|---|\n\x00\xff\xfe\n")
        f.write((b"| 0x" + b"1" * 40 + b" | " + b"2" * 64 + b" |\n") * 100000)


@case("compose-hash-truncated-json", exit=2, sentinel=False,
      expect=[r"app-compose\.json:1:48: error: not valid JSON"],
      args=["--compose-hash=app-compose.json"])
def _(t):
    write(t, "app-compose.json", '{"manifest_version": 2, "docker_compose_file": "serv')


@case("named-file-over-size", exit=2, expect=[r"big\.py"], args=[".", "big.py"])
def _(t):
    write(t, "big.py", "x = 1\n" * (2 << 20))


@case("export-fixes-dev-full", exit=2, expect=[r"/dev/full"],
      args=[".", "--export-fixes=/dev/full"])
def _(t):
    pass


@case("stdout-dev-full", exit=2, sentinel=False, expect=[r"error: cannot write the output"],
      stdout_to="/dev/full")
def _(t):
    write(t, "sentinel.py", SENTINEL)


def run(c):
    tree = tempfile.mkdtemp(prefix="tee-tidy-hostile-")
    try:
        if c.sentinel:
            write(tree, "sentinel.py", SENTINEL)
        c.build(tree)
        args = [TOOL, "--checks=*"] + (c.args if c.args is not None else ["."])
        out_path = os.path.join(tempfile.gettempdir(), "hostile-%d-%s.out" % (os.getpid(), c.name))
        stdout = open(c.stdout_to, "wb") if c.stdout_to else open(out_path, "wb")
        start = time.monotonic()
        def limit():
            if c.address_space_mb:
                size = c.address_space_mb << 20
                resource.setrlimit(resource.RLIMIT_AS, (size, size))
        p = subprocess.Popen(args, cwd=tree, stdout=stdout, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, preexec_fn=limit)
        err = b""
        try:
            if c.terminate_after:
                time.sleep(c.terminate_after)
                p.send_signal(signal.SIGTERM)
                start = time.monotonic()
            err = p.communicate(timeout=(c.seconds * 3 + 5) * (10 if SANITIZED else 1))[1]
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
        elapsed = time.monotonic() - start
        stdout.close()
        out = b"" if c.stdout_to else open(out_path, "rb").read()
        if not c.stdout_to:
            os.unlink(out_path)
        return c, p.returncode, out, err, elapsed
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def main():
    cases = [c for c in CASES if (not ONLY or any(o in c.name for o in ONLY))
             and not (SANITIZED and c.address_space_mb)]
    failures = []
    # Peak memory per case: RUSAGE_CHILDREN is a maximum over all children,
    # so each case's run is measured in a fork of its own.
    def measured(c):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                c2, rc, out, err, elapsed = run(c)
                peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
                import pickle
                os.write(w, pickle.dumps((rc, out[:OUTPUT_BYTES * 16], len(out), err, elapsed, peak)))
            except BaseException as e:  # reported by the parent
                import pickle
                os.write(w, pickle.dumps(("crash", b"", 0, repr(e).encode(), 0.0, 0)))
            os._exit(0)
        os.close(w)
        data = b""
        while True:
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            data += chunk
        os.close(r)
        os.waitpid(pid, 0)
        import pickle
        return (c,) + pickle.loads(data)

    def results():
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            yield from pool.map(measured, [c for c in cases if not c.alone])
        for c in cases:
            if c.alone:
                yield measured(c)

    for c, rc, out, size, err, elapsed, peak in results():
        text = out.decode("utf-8", "replace") + err.decode("utf-8", "replace")
        problems = []
        if rc == "crash":
            problems.append("the case itself failed: " + err.decode())
        elif c.terminate_after and rc == -signal.SIGTERM:
            if out and not out.endswith(b"\n"):
                problems.append("the last line printed is cut")
        elif rc is None or rc < 0:
            problems.append("tee-tidy did not exit normally (%s)" % rc)
        elif c.exit is not None and rc != c.exit:
            problems.append("exit code %d, expected %d" % (rc, c.exit))
        elif c.exit is None and rc not in (0, 1):
            problems.append("exit code %d, expected 0 or 1" % rc)
        for pat in c.expect:
            if not re.search(pat, text):
                problems.append("no output matches %r" % pat)
        for pat in c.absent:
            if re.search(pat, text):
                problems.append("output matches %r" % pat)
        if c.sentinel and SENTINEL_FINDING not in text:
            problems.append("the sentinel file was not analysed")
        if re.search(r"AddressSanitizer|LeakSanitizer|runtime error:", text):
            problems.append("a sanitizer report")
        if elapsed > c.seconds and not SANITIZED:
            problems.append("took %.1f s (ceiling %.0f s)" % (elapsed, c.seconds))
        if peak > c.megabytes and not SANITIZED:
            problems.append("peak memory %d MB (ceiling %d MB)" % (peak, c.megabytes))
        if size > c.output:
            problems.append("printed %d bytes (ceiling %d)" % (size, c.output))
        status = "ok" if not problems else "FAIL"
        print("%-45s %-4s exit %-4s %6.2f s %5d MB %9d B" % (c.name, status, rc, elapsed, peak, size))
        if problems:
            failures.append(c.name)
            for pr in problems:
                print("    " + pr)
            print("    output: " + text[:1500].replace("\n", "\n    | "))
    print("%d cases, %d failed" % (len(cases), len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
