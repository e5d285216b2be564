// C through Clang: a literal that stands in for a missing variable, written
// with GNU `?:`, a conditional, or an `if (!v) v = ...;` that fills it in.
// CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
#include <stdlib.h>
#include <string.h>

const char *secrets(void) {
  const char *key = getenv("SIGNING_KEY");
  if (!key)
    // CHECK-MESSAGES: :11: warning: SIGNING_KEY falls back to the literal 'dev-signing-key' when it is not set [secrets-hardcoded-fallback]
    key = "dev-signing-key";
  const char *password = getenv("ADMIN_PASSWORD");
  if (password == NULL || password[0] == '\0') {
    // CHECK-MESSAGES: :16: warning: ADMIN_PASSWORD falls back to the literal 'admin' when it is not set [secrets-hardcoded-fallback]
    password = "admin";
  }
  // CHECK-MESSAGES: :67: warning: JWT_SECRET falls back to the literal 'jwt-secr...' when it is not set [secrets-hardcoded-fallback]
  const char *jwt = getenv("JWT_SECRET") ? getenv("JWT_SECRET") : "jwt-secret-for-dev";
  // CHECK-MESSAGES: :53: warning: SESSION_SECRET falls back to the literal 'session-secret' when it is not set [secrets-hardcoded-fallback]
  const char *session = getenv("SESSION_SECRET") ?: "session-secret";
  // Not secrets, or nothing to fall back to.
  const char *port = getenv("PORT");
  if (!port)
    port = "8080"; // ok: secrets-hardcoded-fallback
  const char *secret = getenv("CLIENT_SECRET");
  if (*secret == '\0')
    // CHECK-MESSAGES: :14: warning: CLIENT_SECRET falls back to the literal 'client-s...' when it is not set [secrets-hardcoded-fallback]
    secret = "client-secret-local";
  const char *token = getenv("API_TOKEN");
  if (!token)
    abort();
  return strlen(key) + strlen(password) + strlen(jwt) + strlen(session) + strlen(port) + strlen(secret) > 0 ? token
                                                                                           : NULL;
}
