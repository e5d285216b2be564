// No deployment file: the findings are held back unless asked for.
// CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
// CommonJS JavaScript and envalid.
const { cleanEnv, str, url } = require("envalid");

const env = cleanEnv(process.env, {
  // CHECK-MESSAGES: warning: COOKIE_SECRET falls back to the literal 'secret' when it is not set [secrets-hardcoded-fallback]
  COOKIE_SECRET: str({ default: "secret" }),
  BACKEND_URL: url({ default: "http://backend:8080" }), // ok: secrets-hardcoded-fallback
  DB_PASSWORD: str(), // ok: secrets-hardcoded-fallback
});

// CHECK-MESSAGES: warning: MONGO_PASSWORD falls back to the literal 'example' [secrets-hardcoded-fallback]
const password = process.env.MONGO_PASSWORD ? process.env.MONGO_PASSWORD : "example";
const denoKey = Deno.env.get("DENO_KV_TOKEN") ?? "local-token"; // CHECK-MESSAGES: warning: DENO_KV_TOKEN falls back to the literal 'local-token' [secrets-hardcoded-fallback]
module.exports = { env, password, denoKey };
