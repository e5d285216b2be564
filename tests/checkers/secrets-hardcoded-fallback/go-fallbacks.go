// Go: a literal assigned when the variable is empty is its fallback.
// CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
package main

import (
	"net/http"
	"os"
)

func secrets() (string, string, string) {
	key := os.Getenv("SIGNING_KEY")
	if key == "" {
		// CHECK-NOTES: note: whoever has the code or the image can forge the tokens and signatures it protects
		// CHECK-MESSAGES: :9: warning: SIGNING_KEY falls back to the literal 'dev-signing-key' when it is not set [secrets-hardcoded-fallback]
		key = "dev-signing-key"
	}
	password := os.Getenv("ADMIN_PASSWORD")
	if "" == password {
		// CHECK-MESSAGES: :14: warning: ADMIN_PASSWORD falls back to the literal 'admin' when it is not set [secrets-hardcoded-fallback]
		password = "admin"
	}
	// Not a secret.
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080" // ok: secrets-hardcoded-fallback
	}
	// An empty fallback, and a branch that does more than fill in a value.
	token := os.Getenv("API_TOKEN")
	if token == "" {
		token = "" // ok: secrets-hardcoded-fallback
	}
	jwt := os.Getenv("JWT_SECRET")
	if jwt == "" {
		panic("JWT_SECRET is required")
	}
	http.ListenAndServe(":"+port, nil)
	return key, password, token + jwt
}
