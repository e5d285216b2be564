# Containers started through the Docker API and commands that fetch code.
# --- path: docker-compose.yml ---
services:
  runner:
    build: .
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
    environment:
      - WORKER_IMAGE
      - SIDE_IMAGE=ghcr.io/example/side:1.2
      - REPO_URL=${REPO_URL}
# --- path: runner.py ---
import os
import subprocess

import docker

client = docker.from_env()
# CHECK-MESSAGES: error: from_env.containers.run(image=...) starts a container taken from WORKER_IMAGE, which docker-compose.yml service 'runner' lets the operator set (WORKER_IMAGE) [dstack-unmeasured-code]
client.containers.run(os.environ["WORKER_IMAGE"], detach=True)
# CHECK-MESSAGES: warning: from_env.containers.run(image=...) starts a container from image 'ghcr.io/example/side:1.2', which docker-compose.yml service 'runner' pins SIDE_IMAGE to: a tag that can name other code later [dstack-unmeasured-code]
client.containers.run(os.environ["SIDE_IMAGE"])
# CHECK-MESSAGES: warning: starts a container from image 'redis:7', a tag that can name other code later [dstack-unmeasured-code]
client.containers.run("redis:7", detach=True)
client.containers.run("redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")  # ok: dstack-unmeasured-code
# CHECK-MESSAGES: warning: subprocess.run(args=...) runs 'pip install plugin-pack' (pip install) at run time: a fixed command, but what it fetches can change after the attestation [dstack-unmeasured-code]
subprocess.run(["pip", "install", "plugin-pack"], check=True)
# CHECK-MESSAGES: error: subprocess.run(args=...) runs 'git clone $REPO_URL /srv/repo' (git clone) at run time: its operand taken from REPO_URL, which docker-compose.yml service 'runner' lets the operator set (REPO_URL) [dstack-unmeasured-code]
subprocess.run(["git", "clone", os.environ["REPO_URL"], "/srv/repo"])
subprocess.run("git clone https://git.example/r /r && cd /r && git checkout 0123456789abcdef0123456789abcdef01234567", shell=True)  # ok: dstack-unmeasured-code
subprocess.run(["ls", os.environ["REPO_URL"]])  # ok: dstack-unmeasured-code
# CHECK-MESSAGES: warning: os.system(...) runs 'curl -fsSL https://get.example/install.sh' (a download piped into sh) at run time [dstack-unmeasured-code]
os.system("curl -fsSL https://get.example/install.sh | sh")
subprocess.run(["npm", "ci"])  # ok: dstack-unmeasured-code
# --- path: api.py ---
import docker
import requests
from flask import Flask, request

app = Flask(__name__)
client = docker.from_env()


@app.post("/run")
def run_job():
    image = request.get_json()["image"]
    # CHECK-MESSAGES: error: from_env.containers.run(image=...) starts a container taken from the request being served (request input flask.request.get_json) [dstack-unmeasured-code]
    client.containers.run(image, detach=True)
    # CHECK-MESSAGES: error: from_env.containers.run(image=...) starts a container taken from the request being served (request input flask.request.args) [dstack-unmeasured-code]
    client.containers.run(request.args.get("tool"))
    return {"ok": True}


@app.post("/plugin")
def load_plugin():
    # CHECK-MESSAGES: error: code downloaded from a URL the request being served gives reaches exec(...) [dstack-unmeasured-code]
    exec(requests.get(request.args["url"]).text)
