// Go configuration sources: os.LookupEnv, flags defaulted from the
// environment, and structs filled by caarlos0/env and envconfig tags, with
// their defaults carried to the verdicts.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportEverySink: true, dstack-configurable-endpoint.ReportUnset: true}}
// --- path: svc/main.go ---
package main

import (
	"flag"
	"net/http"
	"os"

	"github.com/caarlos0/env/v11"
	"github.com/kelseyhightower/envconfig"
)

type Settings struct {
	// CHECK-NOTES: :2: note: value read from field 'Upstream' of settings class 'Settings'
	Upstream string `env:"UPSTREAM_URL" envDefault:"https://api.example.com"`
	Pinned   string `env:"PINNED_URL"`
	Untagged string
}

type Legacy struct {
	ModelURL string `envconfig:"MODEL_URL" default:"https://models.example.com"`
	Region   string
}

// Read with the prefix "app": APP_GATEWAY_URL, else GATEWAY_URL (the tag
// alone); APP_BACKEND for the untagged field.
// caarlos0/env with Options.Prefix: SVC_RELAY_URL, not RELAY_URL.
type Relays struct {
	Relay string `env:"RELAY_URL"`
}

type Prefixed struct {
	Gateway string `envconfig:"gateway_url"`
	Backend string
}

func main() {
	var s Settings
	env.Parse(&s)
	// CHECK-MESSAGES: :11: error: UPSTREAM_URL reaches http.Get(...) and docker-compose.yml service 'svc' lets the operator set it (UPSTREAM_URL) [dstack-configurable-endpoint]
	http.Get(s.Upstream)
	http.Get(s.Pinned) // ok: dstack-configurable-endpoint
	http.Get(s.Untagged) // ok: dstack-configurable-endpoint

	var l Legacy
	envconfig.MustProcess("", &l)
	// CHECK-MESSAGES: :11: warning: MODEL_URL reaches http.Get(...) and docker-compose.yml service 'svc' does not set it [dstack-configurable-endpoint]
	// CHECK-NOTES: note: the code default ('https://models.example.com') decides
	http.Get(l.ModelURL)

	p := &Prefixed{}
	envconfig.Process("app", p)
	envconfig.MustProcess("app", &Prefixed{})
	var q Prefixed
	envconfig.MustProcess("app", &q)
	// CHECK-MESSAGES: :11: error: APP_GATEWAY_URL/GATEWAY_URL reaches http.Get(...) and docker-compose.yml service 'svc' lets the operator set it (GATEWAY_URL) [dstack-configurable-endpoint]
	http.Get(q.Gateway)
	http.Get(q.Backend) // ok: dstack-configurable-endpoint

	var r Relays
	env.ParseWithOptions(&r, env.Options{Prefix: "SVC_"})
	http.Get(r.Relay) // ok: dstack-configurable-endpoint

	// CHECK-NOTES: note: value read from os.Getenv('RPC_URL')
	rpc := flag.String("rpc", os.Getenv("RPC_URL"), "RPC endpoint")
	flag.Parse()
	// CHECK-MESSAGES: :11: error: RPC_URL reaches http.Get(...) and docker-compose.yml service 'svc' lets the operator set it (RPC_URL) [dstack-configurable-endpoint]
	http.Get(*rpc)

	// A helper reading the variable its parameter names.
	// CHECK-MESSAGES: :11: error: CALLBACK_URL reaches http.Get(...) and docker-compose.yml service 'svc' lets the operator set it (CALLBACK_URL) [dstack-configurable-endpoint]
	http.Get(getEnv("CALLBACK_URL", "https://callback.example.com"))
	http.Get(getEnv("PINNED_URL", "")) // ok: dstack-configurable-endpoint

	if hook, ok := os.LookupEnv("HOOK_URL"); ok {
		// CHECK-MESSAGES: :13: error: HOOK_URL reaches http.Post(...) and docker-compose.yml service 'svc' lets the operator set it (HOOK_URL) [dstack-configurable-endpoint]
		http.Post(hook, "application/json", nil)
	}
}

func getEnv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}
// --- path: docker-compose.yml ---
services:
  svc:
    build: ./svc
    environment:
      UPSTREAM_URL: ${UPSTREAM_URL}
      PINNED_URL: https://pinned.example.com
      RPC_URL: ${RPC_URL}
      HOOK_URL: ${HOOK_URL}
      CALLBACK_URL: ${CALLBACK_URL}
      GATEWAY_URL: ${GATEWAY_URL}
      APP_BACKEND: https://backend.example.com
      RELAY_URL: ${RELAY_URL}
      SVC_RELAY_URL: https://relay.example.com
