// A Go module: packages by directory, imports by module path, a type's
// methods in another file of its package, package-level variables and
// init(), and the verdicts of the compose file that builds it.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportEverySink: true}}
// --- path: oracle/go.mod ---
module github.com/acme/oracle

go 1.22
// --- path: oracle/internal/config/config.go ---
package config

import "os"

type Config struct {
	RPCURL   string
	FeedURL  string
	LogLevel string
}

var defaultFeed = "https://feed.example.com"

// CHECK-NOTES: note: value read from os.Getenv('RPC_URL')
var rpcFromEnv = os.Getenv("RPC_URL")

func Load() *Config {
	c := &Config{RPCURL: rpcFromEnv, FeedURL: defaultFeed}
	if v, ok := os.LookupEnv("FEED_URL"); ok {
		c.FeedURL = v
	}
	c.LogLevel = os.Getenv("LOG_LEVEL")
	return c
}
// --- path: oracle/internal/config/endpoints.go ---
package config

import "strings"

func (c *Config) Endpoint() string {
	return strings.TrimSuffix(c.RPCURL, "/") + "/v1"
}
// --- path: oracle/cmd/oracle/main.go ---
package main

import (
	"database/sql"
	"net/http"

	"github.com/acme/oracle/internal/config"
	"github.com/ethereum/go-ethereum/ethclient"
	"google.golang.org/grpc"
	"github.com/redis/go-redis/v9"
)

var store *sql.DB

func init() {
	// CHECK-MESSAGES: :34: error: DATABASE_URL reaches sql.Open(...) and docker-compose.yml service 'oracle' lets the operator set it (DATABASE_URL) [dstack-configurable-endpoint]
	store, _ = sql.Open("postgres", databaseURL())
}

func main() {
	cfg := config.Load()
	// CHECK-MESSAGES: :11: error: RPC_URL reaches http.Get(...) and docker-compose.yml service 'oracle' lets the operator set it (RPC_URL) [dstack-configurable-endpoint]
	http.Get(cfg.Endpoint())
	// CHECK-MESSAGES: :27: error: RPC_URL reaches ethclient.Dial(...) and docker-compose.yml service 'oracle' lets the operator set it (RPC_URL) [dstack-configurable-endpoint]
	eth, _ := ethclient.Dial(cfg.RPCURL)
	_ = eth
	// CHECK-MESSAGES: :28: error: FEED_URL reaches grpc.NewClient(...) and docker-compose.yml service 'oracle' lets the operator set it (FEED_URL) [dstack-configurable-endpoint]
	conn, _ := grpc.NewClient(cfg.FeedURL)
	_ = conn
	// The level is no destination.
	http.Get("https://status.example.com/" + cfg.LogLevel) // ok: dstack-configurable-endpoint
	// CHECK-MESSAGES: :46: error: CACHE_ADDR reaches redis.Options{Addr: ...} and docker-compose.yml service 'oracle' lets the operator set it (CACHE_ADDR) [dstack-configurable-endpoint]
	rdb := redis.NewClient(&redis.Options{Addr: cacheAddr})
	_ = rdb
	go notify("done")
}
// --- path: oracle/cmd/oracle/env.go ---
package main

import "os"

// Package-level names are shared by the package's files.
var cacheAddr = os.Getenv("CACHE_ADDR")

func databaseURL() string {
	return os.Getenv("DATABASE_URL")
}
// --- path: oracle/cmd/oracle/notify.go ---
package main

import (
	"bytes"
	"net/http"
	"os"
)

func notify(msg string) {
	// Pinned by the compose file: no finding.
	req, _ := http.NewRequest("POST", os.Getenv("WEBHOOK_URL"), bytes.NewBufferString(msg)) // ok: dstack-configurable-endpoint
	http.DefaultClient.Do(req)
	client := &http.Client{}
	// CHECK-MESSAGES: :14: error: ALERT_URL reaches http.Client.Post(...) and docker-compose.yml service 'oracle' lets the operator set it (ALERT_URL) [dstack-configurable-endpoint]
	client.Post(os.Getenv("ALERT_URL"), "text/plain", bytes.NewBufferString(msg))
}
// --- path: oracle/cmd/oracle/notify_test.go ---
package main

import (
	"net/http"
	"os"
	"testing"
)

// Test files are not built into the service's binary.
func TestNotify(t *testing.T) {
	http.Get(os.Getenv("TEST_SERVER_URL")) // ok: dstack-configurable-endpoint
}
// --- path: docker-compose.yml ---
services:
  oracle:
    build: ./oracle
    environment:
      RPC_URL: ${RPC_URL}
      FEED_URL: ${FEED_URL:-https://feed.example.com}
      DATABASE_URL: ${DATABASE_URL}
      CACHE_ADDR: ${CACHE_ADDR}
      WEBHOOK_URL: https://hooks.example.com/oracle
      ALERT_URL: ${ALERT_URL}
      LOG_LEVEL: ${LOG_LEVEL}
      TEST_SERVER_URL: ${TEST_SERVER_URL}
