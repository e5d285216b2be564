package usage

import (
	"net/http"
	"os"
)

// Exporter posts usage records (user ids, prompt and completion sizes) to
// the metrics endpoint.
type Exporter struct {
	sink   string
	token  string
	client *http.Client
}

func NewExporter(sink string) *Exporter {
	token := os.Getenv("METRICS_TOKEN")
	if token == "" {
		token = "dev-metrics-token"
	}
	return &Exporter{sink: sink, token: token, client: &http.Client{}}
}
