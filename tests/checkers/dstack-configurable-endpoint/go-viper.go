// viper reads a key from the environment after AutomaticEnv (the variable is
// the prefix, `_` and the key upper-cased, through the key replacer) or
// BindEnv; SetDefault gives the code default. A viper.New() instance has a
// set-up of its own, and a key read without either names no variable.
// Unmarshal fills a struct's fields (key: the mapstructure tag or the field
// name) from the environment only for keys viper knows (SetDefault, BindEnv).
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true}}
// --- path: svc/main.go ---
package main

import (
	"net/http"
	"strings"

	"github.com/spf13/viper"
)

func main() {
	// CHECK-MESSAGES: :11: warning: APP_LLM_BASE_URL reaches http.Get(...) and docker-compose.yml service 'svc' does not set it [dstack-configurable-endpoint]
	// CHECK-NOTES: note: the code default ('https://llm.example.com') decides, and the operator can add the variable without a code change
	// CHECK-NOTES: :11: note: value read from viper.GetString('APP_LLM_BASE_URL')
	http.Get(viper.GetString("llm.base_url"))
	// CHECK-MESSAGES: :11: error: APP_BACKEND_URL reaches http.Get(...) and docker-compose.yml service 'svc' lets the operator set it (APP_BACKEND_URL) [dstack-configurable-endpoint]
	http.Get(viper.GetString("backend.url"))
	http.Get(viper.GetString("pinned.url")) // ok: dstack-configurable-endpoint

	hooks := viper.New()
	hooks.BindEnv("target", "HOOK_URL")
	// CHECK-MESSAGES: :12: error: HOOK_URL reaches http.Post(...) and docker-compose.yml service 'svc' lets the operator set it (HOOK_URL) [dstack-configurable-endpoint]
	// CHECK-NOTES: :12: note: value read from viper.Viper.GetString('HOOK_URL')
	http.Post(hooks.GetString("target"), "application/json", nil)
	// The global AutomaticEnv is not this instance's: no variable.
	http.Get(hooks.GetString("other")) // ok: dstack-configurable-endpoint
}

// The set-up may come after the reads in the file.
func init() {
	viper.SetEnvPrefix("app")
	viper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	viper.AutomaticEnv()
	viper.SetDefault("llm.base_url", "https://llm.example.com")
}
// --- path: svc/files.go ---
package main

import (
	"net/http"

	"github.com/spf13/viper"
)

// This file does not let viper read the environment: its keys name no
// variable (even though another file of the package does).
func fromFile() {
	http.Get(viper.GetString("other.url")) // ok: dstack-configurable-endpoint
}
// --- path: svc/config.go ---
package main

import (
	"net/http"

	"github.com/spf13/viper"
)

type Config struct {
	// CHECK-NOTES: :2: note: value read from field 'Upstream' of settings class 'Config'
	Upstream string `mapstructure:"upstream_url"`
	Webhook  string
	Unknown  string
}

func loadConfig() {
	v := viper.New()
	v.AutomaticEnv()
	v.SetDefault("upstream_url", "https://upstream.example.com")
	v.BindEnv("webhook", "WEBHOOK_TARGET")
	var cfg Config
	if err := v.Unmarshal(&cfg); err != nil {
		panic(err)
	}
	// CHECK-MESSAGES: :11: error: UPSTREAM_URL reaches http.Get(...) and docker-compose.yml service 'svc' lets the operator set it (UPSTREAM_URL) [dstack-configurable-endpoint]
	http.Get(cfg.Upstream)
	// CHECK-MESSAGES: :12: error: WEBHOOK_TARGET reaches http.Post(...) and docker-compose.yml service 'svc' lets the operator set it (WEBHOOK_TARGET) [dstack-configurable-endpoint]
	http.Post(cfg.Webhook, "application/json", nil)
	// A key viper does not know is not read from the environment by Unmarshal.
	http.Get(cfg.Unknown) // ok: dstack-configurable-endpoint
}
// --- path: svc/go.mod ---
module example.com/svc

go 1.22
// --- path: docker-compose.yml ---
services:
  svc:
    build: ./svc
    environment:
      APP_BACKEND_URL: ${APP_BACKEND_URL}
      APP_PINNED_URL: https://pinned.example.com
      HOOK_URL: ${HOOK_URL}
      APP_OTHER_URL: ${APP_OTHER_URL}
      OTHER: ${OTHER}
      UPSTREAM_URL: ${UPSTREAM_URL}
      WEBHOOK_TARGET: ${WEBHOOK_TARGET}
      UNKNOWN: ${UNKNOWN}
