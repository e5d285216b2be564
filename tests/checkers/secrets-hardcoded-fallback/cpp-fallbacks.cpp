// C++ through Clang: `value_or` on an optional read from the environment,
// an empty std::string filled in, and a helper that names the variable.
// CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
#include <cstdlib>
#include <optional>
#include <string>

std::optional<std::string> env(const char *name) {
  if (const char *v = std::getenv(name))
    return std::string(v);
  return std::nullopt;
}

std::string secrets() {
  // CHECK-MESSAGES: :52: warning: ENCRYPTION_KEY falls back to the literal 'local-en...' when it is not set [secrets-hardcoded-fallback]
  std::string enc = env("ENCRYPTION_KEY").value_or("local-encryption-key");
  std::string pass;
  if (const char *p = std::getenv("DB_PASSWORD"))
    pass = p;
  if (pass.empty())
    // CHECK-MESSAGES: :12: warning: DB_PASSWORD falls back to the literal 'postgres' when it is not set [secrets-hardcoded-fallback]
    pass = "postgres";
  std::string host = env("DB_HOST").value_or("localhost"); // ok: secrets-hardcoded-fallback
  return enc + pass + host;
}
