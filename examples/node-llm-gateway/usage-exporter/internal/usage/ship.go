package usage

import (
	"io"
	"net/http"
)

// Ship sends one batch of records.
func (e *Exporter) Ship(records io.Reader) error {
	req, err := http.NewRequest("POST", e.sink, records)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	resp, err := e.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
