// Rust: `unwrap_or` and `unwrap_or_else` with a literal are fallbacks.
// CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
use std::env;

fn secrets() -> (String, String, String, String) {
    // CHECK-MESSAGES: :56: warning: SESSION_SECRET falls back to the literal 'keyboard cat' when it is not set [secrets-hardcoded-fallback]
    let session = env::var("SESSION_SECRET").unwrap_or("keyboard cat".to_string());
    // CHECK-MESSAGES: warning: JWT_SECRET falls back to the literal 'dev-jwt' when it is not set [secrets-hardcoded-fallback]
    let api_key = std::env::var("JWT_SECRET").unwrap_or_else(|_| String::from("dev-jwt"));
    let port = env::var("PORT").unwrap_or("8080".into()); // ok: secrets-hardcoded-fallback
    let token = env::var("AUTH_TOKEN").expect("AUTH_TOKEN is required"); // ok: secrets-hardcoded-fallback
    let empty = env::var("CLIENT_SECRET").unwrap_or_default(); // ok: secrets-hardcoded-fallback
    (session, api_key, port, token + &empty)
}
