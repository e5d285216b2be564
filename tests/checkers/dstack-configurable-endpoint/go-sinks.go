// Go sinks besides net/http: websockets, databases, queues, proxies and
// LLM clients; only the destination argument counts.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true}}
package main

import (
	"context"
	"crypto/tls"
	"database/sql"
	"net"
	"net/http/httputil"
	"net/url"
	"os"

	"github.com/anthropics/anthropic-sdk-go"
	anthropicoption "github.com/anthropics/anthropic-sdk-go/option"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/jmoiron/sqlx"
	"github.com/rabbitmq/amqp091-go"
	"github.com/redis/go-redis/v9"
	"go.mongodb.org/mongo-driver/mongo/options"
	xwebsocket "golang.org/x/net/websocket"
	"google.golang.org/grpc"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/gorilla/websocket"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	nhooyr "nhooyr.io/websocket"
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
	// CHECK-MESSAGES: warning: LEDGER_DB reaches pgx.Connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	pgx.Connect(ctx, os.Getenv("LEDGER_DB"))
	// CHECK-MESSAGES: warning: EVENTS_WS reaches websocket.Dial(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	nhooyr.Dial(ctx, os.Getenv("EVENTS_WS"), nil)
	// Not destinations: the network of a dial, a timeout.
	net.Dial(os.Getenv("NETWORK"), "signer:9000") // ok: dstack-configurable-endpoint
}

func more() {
	// CHECK-MESSAGES: warning: GRPC_TARGET reaches grpc.DialContext(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	grpc.DialContext(ctx, os.Getenv("GRPC_TARGET"))
	// CHECK-MESSAGES: warning: ETH_WS reaches rpc.DialWebsocket(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	rpc.DialWebsocket(ctx, os.Getenv("ETH_WS"), "")
	// CHECK-MESSAGES: warning: X_WS reaches websocket.Dial(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	xwebsocket.Dial(os.Getenv("X_WS"), "", "http://localhost/")
	// CHECK-MESSAGES: warning: TLS_PEER reaches tls.Dial(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	tls.Dial("tcp", os.Getenv("TLS_PEER"), nil)
	// CHECK-MESSAGES: warning: SQL_DSN reaches sql.Open(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	sql.Open("postgres", os.Getenv("SQL_DSN"))
	sql.Open(os.Getenv("SQL_DRIVER"), "postgres://db/app") // ok: dstack-configurable-endpoint
	// CHECK-MESSAGES: warning: SQLX_DSN reaches sqlx.Connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	sqlx.Connect("postgres", os.Getenv("SQLX_DSN"))
	// CHECK-MESSAGES: warning: GORM_DSN reaches postgres.Open(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	gorm.Open(postgres.Open(os.Getenv("GORM_DSN")), &gorm.Config{})
	// CHECK-MESSAGES: warning: REDIS_URL reaches redis.ParseURL(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	opt, _ := redis.ParseURL(os.Getenv("REDIS_URL"))
	redis.NewClient(opt)
	// CHECK-MESSAGES: warning: MONGO_URI reaches options.Client.ApplyURI(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	options.Client().ApplyURI(os.Getenv("MONGO_URI"))
	// CHECK-MESSAGES: warning: AMQP_URL reaches amqp091.Dial(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	amqp091.Dial(os.Getenv("AMQP_URL"))
	// CHECK-MESSAGES: warning: CLAUDE_BASE_URL reaches option.WithBaseURL(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
	anthropic.NewClient(anthropicoption.WithBaseURL(os.Getenv("CLAUDE_BASE_URL")))
}
