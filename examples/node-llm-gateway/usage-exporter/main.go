// usage-exporter reads per-user usage records from the gateway and ships
// them to a metrics endpoint.
package main

import (
	"log"
	"net/http"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/example/node-llm-gateway/usage-exporter/internal/usage"
)

type Config struct {
	GatewayURL string        `env:"GATEWAY_URL" envDefault:"http://gateway:8080"`
	SinkURL    string        `env:"USAGE_SINK_URL" envDefault:"https://metrics.example.com/v1/usage"`
	Interval   time.Duration `env:"EXPORT_INTERVAL" envDefault:"1m"`
}

func main() {
	var cfg Config
	if err := env.Parse(&cfg); err != nil {
		log.Fatal(err)
	}
	exporter := usage.NewExporter(cfg.SinkURL)
	for range time.Tick(cfg.Interval) {
		resp, err := http.Get(cfg.GatewayURL + "/internal/usage")
		if err != nil {
			log.Print(err)
			continue
		}
		exporter.Ship(resp.Body)
		resp.Body.Close()
	}
}
