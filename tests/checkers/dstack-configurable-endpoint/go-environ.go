// os.Environ(): every variable at once. The value is judged by everything
// the service's environment passes in: an operator-set entry or an env_file
// makes it operator-controlled; literals only pin it.
// --- path: open/main.go ---
package main

import (
	"net/http"
	"os"
	"strings"
)

func upstream() string {
	// CHECK-NOTES: :21: note: value read from os.Environ()
	for _, kv := range os.Environ() {
		if name, value, ok := strings.Cut(kv, "="); ok && name == "UPSTREAM_URL" {
			return value
		}
	}
	return ""
}

func main() {
	// CHECK-MESSAGES: :11: error: any environment variable reaches http.Get(...) and docker-compose.yml service 'open' lets the operator set it (UPSTREAM_URL) [dstack-configurable-endpoint]
	http.Get(upstream())
}
// --- path: envfile/main.go ---
package main

import (
	"net/http"
	"os"
	"strings"
)

func main() {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		parts := strings.SplitN(kv, "=", 2)
		env[parts[0]] = parts[1]
	}
	// CHECK-MESSAGES: :12: error: any environment variable reaches http.Post(...) and docker-compose.yml service 'envfile' lets the operator set it (env_file) [dstack-configurable-endpoint]
	http.Post(env["WEBHOOK_URL"], "application/json", nil)
}
// --- path: fixed/main.go ---
package main

import (
	"net/http"
	"os"
	"strings"
)

func main() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "UPSTREAM_URL=") {
			http.Get(strings.TrimPrefix(kv, "UPSTREAM_URL=")) // ok: dstack-configurable-endpoint
		}
	}
}
// --- path: docker-compose.yml ---
services:
  open:
    build: ./open
    environment:
      LOG_LEVEL: info
      UPSTREAM_URL: ${UPSTREAM_URL}
  envfile:
    build: ./envfile
    env_file: .env
  fixed:
    build: ./fixed
    environment:
      UPSTREAM_URL: https://api.example.com
      LOG_LEVEL: info
