// Deployment scope for Go: a multi-stage build that copies the binary into
// a distroless image runs the package it builds; a Python image does not
// run the Go files of its build context.
// --- path: worker/go.mod ---
module example.com/worker
// --- path: worker/main.go ---
package main

import (
	"net/http"
	"os"
)

func main() {
	// CHECK-MESSAGES: error: RESULTS_URL reaches http.Post(...) and docker-compose.yml service 'worker' lets the operator set it (RESULTS_URL) [dstack-configurable-endpoint]
	http.Post(os.Getenv("RESULTS_URL"), "application/json", nil)
}
// --- path: worker/Dockerfile ---
FROM golang:1.22@sha256:1111111111111111111111111111111111111111111111111111111111111111 AS build
WORKDIR /src
COPY . .
RUN go build -o /worker .
FROM gcr.io/distroless/static@sha256:2222222222222222222222222222222222222222222222222222222222222222
COPY --from=build /worker /worker
ENTRYPOINT ["/worker"]
// --- path: api/app.py ---
import os

import requests

# CHECK-MESSAGES: error: API_UPSTREAM reaches requests.get(url=...) and docker-compose.yml service 'api' lets the operator set it (API_UPSTREAM) [dstack-configurable-endpoint]
requests.get(os.environ["API_UPSTREAM"])
// --- path: api/tools/seed.go ---
package main

import (
	"net/http"
	"os"
)

// A helper kept beside the Python service: its image runs no Go.
func main() {
	http.Get(os.Getenv("SEED_URL")) // ok: dstack-configurable-endpoint
}
// --- path: api/Dockerfile ---
FROM python:3.12-slim@sha256:3333333333333333333333333333333333333333333333333333333333333333
COPY . /app
CMD ["python", "/app/app.py"]
// --- path: docker-compose.yml ---
services:
  worker:
    build: ./worker
    environment:
      RESULTS_URL: ${RESULTS_URL}
  api:
    build: ./api
    environment:
      API_UPSTREAM: ${API_UPSTREAM}
      SEED_URL: ${SEED_URL}
