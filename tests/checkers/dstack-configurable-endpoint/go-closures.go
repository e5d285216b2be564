// Handlers made by a function from its parameter: what the handler sends to
// is what the factory was given, a configured backend or a constant.
// --- path: gateway/go.mod ---
module example.com/gateway

go 1.22
// --- path: gateway/main.go ---
package main

import (
	"net/http"
	"os"
)

func proxy(backend string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// CHECK-MESSAGES: :13: error: BACKEND_URL reaches http.Post(...) and docker-compose.yml service 'gateway' lets the operator set it (BACKEND_URL) [dstack-configurable-endpoint]
		http.Post(backend+"/v1/chat", "application/json", r.Body)
	}
}

func audit(sink string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Post(sink, "application/json", r.Body) // ok: dstack-configurable-endpoint
	}
}

func main() {
	http.HandleFunc("/chat", proxy(os.Getenv("BACKEND_URL")))
	http.HandleFunc("/audit", audit("https://audit.example.com/events"))
	http.ListenAndServe(":8080", nil)
}
// --- path: docker-compose.yml ---
services:
  gateway:
    build: ./gateway
    environment:
      BACKEND_URL: ${BACKEND_URL}
