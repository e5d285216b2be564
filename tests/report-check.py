#!/usr/bin/env python3
"""Checks the audit reports of examples/:
  - each examples/<app>/audit-report.{md,html} is what the tool writes today
    (scripts/update-example-reports.sh regenerates them);
  - each HTML report, rendered by headless Chromium, has its sections, non-empty
    tables and an SVG picture with nodes and edges (checked in the DOM);
  - each Mermaid block of the Markdown reports parses: rendered by mermaid-cli
    (tests/mermaid, pinned) with the same Chromium, and checked structurally.
usage: report-check.py TEE_TIDY SOURCE_DIR MMDC CHROMIUM"""
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

tee_tidy, src, mmdc, chromium = sys.argv[1:5]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def generate(app, out):
    """Writes the app's reports into OUT, as the update script does."""
    db = []
    if os.path.exists(os.path.join(src, "examples", app, "CMakeLists.txt")):
        # A C or C++ app: its CMake project writes the compile commands.
        build = os.path.join(out, "cmake-build")
        r = subprocess.run(["cmake", "-S", f"examples/{app}", "-B", build, "-G", "Ninja"],
                           cwd=src, capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"{app}: cmake failed: {r.stderr}")
        db = ["-p", build]
    for ext in ("md", "html"):
        r = subprocess.run([tee_tidy, "--quiet", *db, f"--report={out}/audit-report.{ext}",
                            f"examples/{app}"], cwd=src, capture_output=True, text=True)
        if r.returncode not in (0, 1):
            fail(f"{app}: tee-tidy --report exited {r.returncode}: {r.stderr}")


class Dom(html.parser.HTMLParser):
    """Counts what the rendered page holds."""

    def __init__(self):
        super().__init__()
        self.headings, self.tables, self.svgs = [], [], []
        self.stack, self.text = [], ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(tag)
        if tag in ("h1", "h2", "h3", "h4"):
            self.text = ""
        if tag == "table":
            self.tables.append({"rows": 0, "cells": 0, "filled": 0})
        if tag == "tr" and self.tables and "tbody" in self.stack:
            self.tables[-1]["rows"] += 1
        if tag == "td" and self.tables:
            self.tables[-1]["cells"] += 1
            self.text = ""
        if tag == "svg":
            self.svgs.append({"nodes": 0, "edges": 0})
        if tag == "g" and self.svgs:
            cls = a.get("class", "")
            if cls.startswith("node"):
                self.svgs[-1]["nodes"] += 1
            if cls == "edge":
                self.svgs[-1]["edges"] += 1

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(self.text.strip())
        if tag == "td" and self.tables and self.text.strip():
            self.tables[-1]["filled"] += 1
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        self.text += data


def check_html(app, path):
    r = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--dump-dom", "file://" + os.path.abspath(path)],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0 or "<body" not in r.stdout:
        fail(f"{app}: Chromium did not render {path}: {r.stderr[-500:]}")
        return
    dom = Dom()
    dom.feed(r.stdout)
    for h in ("Scope", "Deployments", "Findings", "Legend"):
        if h not in dom.headings:
            fail(f"{app}: the rendered page has no heading '{h}'")
    for h in ("Services", "Trust model", "Data flow"):
        if h not in dom.headings:
            fail(f"{app}: the rendered page has no '{h}' section")
    if len(dom.tables) < 5:
        fail(f"{app}: {len(dom.tables)} tables rendered, expected the scope, facts, services, "
             "trust model, findings and legend tables")
    for i, t in enumerate(dom.tables):
        if t["rows"] == 0 or t["filled"] == 0:
            fail(f"{app}: table {i + 1} is empty in the rendered page")
    if not dom.svgs:
        fail(f"{app}: no SVG picture in the rendered page")
    for i, s in enumerate(dom.svgs):
        if s["nodes"] < 4 or s["edges"] < 3:
            fail(f"{app}: picture {i + 1} has {s['nodes']} nodes and {s['edges']} edges")


def check_mermaid(app, text, work):
    blocks = re.findall(r"```mermaid\n(.*?)```\n", text, re.S)
    if not blocks:
        fail(f"{app}: the Markdown report has no Mermaid picture")
    for i, b in enumerate(blocks):
        lines = b.splitlines()
        if lines[0] != "flowchart LR":
            fail(f"{app}: Mermaid block {i + 1} does not start with 'flowchart LR'")
        nodes = {m.group(1) for m in re.finditer(r'^  (n\d+)\["[^"\n]*"\]$', b, re.M)}
        edges = re.findall(r"^  (n\d+) --> (n\d+)$", b, re.M)
        if len(nodes) < 4 or len(edges) < 3:
            fail(f"{app}: Mermaid block {i + 1} has {len(nodes)} nodes and {len(edges)} edges")
        for a, z in edges:
            if a not in nodes or z not in nodes:
                fail(f"{app}: Mermaid block {i + 1}: edge {a} --> {z} joins an undeclared node")
        for m in re.finditer(r"^  class ([n0-9,]+) (\w+)$", b, re.M):
            if not set(m.group(1).split(",")) <= nodes:
                fail(f"{app}: Mermaid block {i + 1}: class line names an undeclared node")
        src_file = os.path.join(work, f"{app}-{i}.mmd")
        with open(src_file, "w") as f:
            f.write(b)
        cfg = os.path.join(work, "puppeteer.json")
        with open(cfg, "w") as f:
            json.dump({"executablePath": chromium, "args": ["--no-sandbox", "--disable-gpu"]}, f)
        out = src_file[:-4] + ".svg"
        r = subprocess.run([mmdc, "-p", cfg, "-i", src_file, "-o", out, "-q"],
                           capture_output=True, text=True, timeout=180)
        if r.returncode != 0 or not os.path.exists(out) or "<svg" not in open(out).read():
            fail(f"{app}: mermaid-cli cannot render Mermaid block {i + 1}: "
                 f"{(r.stderr or r.stdout)[-800:]}")


apps = sorted(d for d in os.listdir(os.path.join(src, "examples"))
              if os.path.isdir(os.path.join(src, "examples", d)))
with tempfile.TemporaryDirectory() as work:
    for app in apps:
        out = os.path.join(work, app)
        os.makedirs(out)
        generate(app, out)
        for ext in ("md", "html"):
            fresh = open(os.path.join(out, f"audit-report.{ext}"), encoding="utf-8").read()
            kept_path = os.path.join(src, "examples", app, f"audit-report.{ext}")
            if not os.path.exists(kept_path):
                fail(f"examples/{app}/audit-report.{ext} is missing; "
                     "run scripts/update-example-reports.sh")
            elif open(kept_path, encoding="utf-8").read() != fresh:
                fail(f"examples/{app}/audit-report.{ext} is stale; "
                     "run scripts/update-example-reports.sh")
        # Deterministic: a second run gives the same bytes.
        again = os.path.join(work, app + "-again")
        os.makedirs(again)
        generate(app, again)
        for ext in ("md", "html"):
            if open(os.path.join(out, f"audit-report.{ext}")).read() != \
                    open(os.path.join(again, f"audit-report.{ext}")).read():
                fail(f"{app}: two runs wrote different audit-report.{ext}")
        check_html(app, os.path.join(out, "audit-report.html"))
        check_mermaid(app, open(os.path.join(out, "audit-report.md")).read(), work)

print(f"{len(apps)} example reports checked, {len(failures)} problems")
sys.exit(1 if failures else 0)
