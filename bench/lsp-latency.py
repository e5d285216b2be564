#!/usr/bin/env python3
"""Language server latency: the time from didChange to publishDiagnostics for
an edit in a 2,000-line file of a generated 100,000-line Python project (50
modules of 2,000 lines that import each other, read settings from the
environment and call HTTP clients), and the first whole-workspace analysis.
usage: bench/lsp-latency.py build/tee-tidy [EDITS]"""
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time

tee_tidy = os.path.abspath(sys.argv[1])
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 7
MODULES, LINES = 50, 2000


def module(i):
    out = ["import os", "import requests", f"from pkg import m{(i + 1) % MODULES} as nxt", ""]
    n = 0
    while len(out) < LINES - 6:
        out += [f"def f{n}(body):",
                f"    url = os.getenv('URL_{i}_{n % 7}', 'https://svc{n % 7}.example')",
                "    data = {'v': body, 'k': nxt.__name__}",
                "    return requests.post(url, json=data)", ""]
        n += 1
    while len(out) < LINES:
        out.append("")
    return "\n".join(out) + "\n"


class Client:
    def __init__(self, root):
        self.p = subprocess.Popen([tee_tidy, "--lsp"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=root)
        self.buf = b""

    def send(self, m):
        body = json.dumps(m).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                n = int(head.split(b":")[1])
                if len(rest) >= n:
                    self.buf = rest[n:]
                    return json.loads(rest[:n])
            select.select([self.p.stdout], [], [], 600)
            chunk = os.read(self.p.stdout.fileno(), 1 << 16)
            if not chunk:
                raise SystemExit("the server ended")
            self.buf += chunk

    def diagnostics(self, uri):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m


with tempfile.TemporaryDirectory() as root:
    root = os.path.realpath(root)
    os.makedirs(f"{root}/pkg")
    open(f"{root}/pkg/__init__.py", "w").close()
    for i in range(MODULES):
        with open(f"{root}/pkg/m{i}.py", "w") as f:
            f.write(module(i))
    envs = "".join(f"      - URL_{i}_{k}=${{URL_{i}_{k}}}\n" for i in range(3) for k in range(7))
    with open(f"{root}/docker-compose.yml", "w") as f:
        f.write("services:\n  app:\n    build: .\n    environment:\n" + envs)
    with open(f"{root}/Dockerfile", "w") as f:
        f.write("FROM python:3.12@sha256:" + "a" * 64 + "\nCOPY pkg /app/pkg\n"
                "CMD [\"python\", \"-m\", \"pkg.m0\"]\n")
    uri = f"file://{root}/pkg/m0.py"
    text = module(0)
    c = Client(root)
    c.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"rootUri": f"file://{root}", "capabilities": {}}})
    c.read()
    t0 = time.monotonic()
    c.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}}})
    first = c.diagnostics(uri)
    first_s = time.monotonic() - t0
    times = []
    for v in range(2, 2 + edits):
        lines = text.splitlines()
        lines[5] = f"    url = os.getenv('URL_0_{v % 7}', 'https://edit{v}.example')"
        text = "\n".join(lines) + "\n"
        t = time.monotonic()
        c.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]}})
        c.diagnostics(uri)
        times.append(time.monotonic() - t)
    c.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    c.send({"jsonrpc": "2.0", "method": "exit"})
    c.p.wait(60)
    print(f"project: {MODULES} modules x {LINES} lines = {MODULES * LINES} lines of Python")
    print(f"first whole-workspace analysis (didOpen -> publishDiagnostics): {first_s * 1000:.0f} ms, "
          f"{len(first['params']['diagnostics'])} diagnostics in the open file")
    print(f"didChange -> publishDiagnostics over {edits} edits: median "
          f"{statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms")
