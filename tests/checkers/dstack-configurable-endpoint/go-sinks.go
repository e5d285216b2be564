// Go sinks besides net/http: websockets, databases, queues, proxies and
// LLM clients; only the destination argument counts.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true}}
package main

import (
	"context"
	"net"
	"net/http/httputil"
	"net/url"
	"os"

	"github.com/gorilla/websocket"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/openai/openai-go"
	"github.com/openai/openai-go/option"
	openaicompat "github.com/sashabaranov/go-openai"
	"github.com/nats-io/nats.go"
)

var ctx = context.Background()

func connect() {
	ws := os.Getenv("FEED_WS")
	// CHECK-MESSAGES: warning: FEED_WS reaches websocket.DefaultDialer.Dial(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	websocket.DefaultDialer.Dial(ws, nil)
	// CHECK-MESSAGES: warning: DATABASE_URL reaches pgxpool.New(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	// CHECK-MESSAGES: warning: NATS_URL reaches nats.Connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	nats.Connect(os.Getenv("NATS_URL"))
	// CHECK-MESSAGES: warning: SIGNER_ADDR reaches net.Dial(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	net.Dial("tcp", os.Getenv("SIGNER_ADDR"))
	target, _ := url.Parse(os.Getenv("UPSTREAM_URL"))
	// CHECK-MESSAGES: warning: UPSTREAM_URL reaches httputil.NewSingleHostReverseProxy(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	httputil.NewSingleHostReverseProxy(target)
	// CHECK-MESSAGES: warning: LLM_BASE_URL reaches option.WithBaseURL(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	openai.NewClient(option.WithBaseURL(os.Getenv("LLM_BASE_URL")), option.WithAPIKey(os.Getenv("LLM_API_KEY")))
	cfg := openaicompat.DefaultConfig(os.Getenv("LLM_API_KEY")) // ok: dstack-configurable-endpoint
	_ = cfg
	// CHECK-MESSAGES: warning: COMPAT_BASE_URL reaches openai.ClientConfig{BaseURL: ...} and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	_ = openaicompat.ClientConfig{BaseURL: os.Getenv("COMPAT_BASE_URL")}
	// Not destinations: the network of a dial, a timeout.
	net.Dial(os.Getenv("NETWORK"), "signer:9000") // ok: dstack-configurable-endpoint
}
