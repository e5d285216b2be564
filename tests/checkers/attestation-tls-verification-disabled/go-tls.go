// Go: crypto/tls configurations that accept any certificate. A connection
// used only to read the peer's certificate (closed, asked for its
// ConnectionState) sends nothing and is not reported.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
)

func clients(insecure bool) {
	// CHECK-MESSAGES: :53: warning: TLS certificate verification is disabled by 'InsecureSkipVerify: true' [attestation-tls-verification-disabled]
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	_ = &http.Client{Transport: tr}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	// CHECK-MESSAGES: :2: warning: TLS certificate verification is disabled by 'cfg.InsecureSkipVerify = true' [attestation-tls-verification-disabled]
	cfg.InsecureSkipVerify = true
	cfg.InsecureSkipVerify = false // ok: attestation-tls-verification-disabled
	_ = &tls.Config{InsecureSkipVerify: false} // ok: attestation-tls-verification-disabled
	_ = &tls.Config{InsecureSkipVerify: insecure} // ok: attestation-tls-verification-disabled
	// NOLINTNEXTLINE(attestation-tls-verification-disabled)
	_ = &tls.Config{InsecureSkipVerify: true}
}

func peerCertificate(addr string) (*x509.Certificate, error) {
	dialer := &tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true}} // ok: attestation-tls-verification-disabled
	conn, err := dialer.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	state := conn.(*tls.Conn).ConnectionState()
	return state.PeerCertificates[0], nil
}

func probe(addr string) {
	conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true}) // ok: attestation-tls-verification-disabled
	if err != nil {
		return
	}
	defer conn.Close()
	_ = conn.ConnectionState().PeerCertificates
}

// The connection then carries a request: reported.
func request(addr string) {
	// CHECK-MESSAGES: :44: warning: TLS certificate verification is disabled by 'InsecureSkipVerify: true' [attestation-tls-verification-disabled]
	dialer := &tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true}}
	conn, _ := dialer.DialContext(context.Background(), "tcp", addr)
	_ = conn.(*tls.Conn).ConnectionState()
	conn.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
}

// The connection escapes to another function: reported.
func handOver(addr string) {
	// CHECK-MESSAGES: :47: warning: TLS certificate verification is disabled by 'InsecureSkipVerify: true' [attestation-tls-verification-disabled]
	conn, _ := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	_ = conn.ConnectionState()
	use(conn)
}

func use(c *tls.Conn) {}
