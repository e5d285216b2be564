// Go: crypto/tls configurations that accept any certificate.
package main

import (
	"crypto/tls"
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
