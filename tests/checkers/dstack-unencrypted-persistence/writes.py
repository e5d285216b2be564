# Python writes: a FastAPI handler's body and a model's answer written to files
# under a bind of the host-shared folder show up as notes of the mount's
# finding (`with open(path) as f: f.write(...)`, `Path(path).write_text(...)`);
# a file on the encrypted data disk, and configuration, do not.
# --- path: app/main.py ---
import os
from pathlib import Path

from fastapi import FastAPI
from openai import OpenAI

app = FastAPI()
llm = OpenAI(base_url="https://llm.internal/v1")


@app.post("/chat")
def chat(body: dict):
    answer = llm.chat.completions.create(model="m", messages=body["messages"])
    with open("/exports/chats.log", "a") as f:
        # CHECK-NOTES: note: request input is written here
        f.write(str(body))
    # CHECK-NOTES: note: model output is written here
    Path("/exports/answers.txt").write_text(answer.choices[0].message.content)
    with open("/var/lib/app/chats.log", "a") as g:
        g.write(str(body))  # ok: dstack-unencrypted-persistence
    Path("/exports/region.txt").write_text(os.environ["REGION"])  # ok: dstack-unencrypted-persistence
    return {"ok": True}
# --- path: docker-compose.yml ---
services:
  api:
    image: ghcr.io/example/api@sha256:7777777777777777777777777777777777777777777777777777777777777777
    build: .
    environment:
      - REGION=eu
    volumes:
      # CHECK-MESSAGES: warning: service 'api' writes at '/exports' into '/dstack/.host-shared/exports' [dstack-unencrypted-persistence]
      - /dstack/.host-shared/exports:/exports
      - app-data:/var/lib/app # ok: dstack-unencrypted-persistence
volumes:
  app-data:
# --- path: Dockerfile ---
FROM python:3.12-slim@sha256:8888888888888888888888888888888888888888888888888888888888888888
COPY app /srv/app
CMD ["python", "/srv/app/main.py"]
