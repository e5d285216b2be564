// No deployment file: the findings are held back unless asked for.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true}}
// Environment reads in every TypeScript form, with no compose file among the
// inputs: the code default decides, so each finding is a warning.
import * as dotenv from "dotenv";
import { readFileSync } from "node:fs";
import axios from "axios";

const API = process.env.API_URL; // CHECK-NOTES: :13: note: value read from process.env.API_URL
const HOOK = process.env["HOOK_URL"] ?? "https://hooks.example";
const { RELAY_URL, BACKUP_URL = "https://backup.example", PORT = "8080" } = process.env;
const { AUDIT_URL: audit } = process.env;
const env = process.env;
const STREAM = Deno.env.get("STREAM_URL"); // CHECK-NOTES: note: value read from Deno.env.get('STREAM_URL')
const EDGE = Bun.env.EDGE_URL || "https://edge.example";
const VITE = import.meta.env.VITE_API_URL as string; // CHECK-NOTES: note: value read from import.meta.env.VITE_API_URL
const fileEnv = dotenv.parse(readFileSync(".env.local"));
const loaded = dotenv.config().parsed!;
const LOG_LEVEL = process.env.LOG_LEVEL ?? "info";
const TIMEOUT = Number(process.env.TIMEOUT_MS ?? 30_000);

export async function sync(path: string) {
  // CHECK-NOTES: note: there is no default in the code, and nothing in the attested configuration stops the operator from setting it
  // CHECK-MESSAGES: :15: warning: API_URL reaches fetch(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
  await fetch(`${API}/${path.replace(/^\//, "")}`, { signal: AbortSignal.timeout(TIMEOUT) });
  // CHECK-NOTES: note: the code default ('https://hooks.example') decides
  // CHECK-MESSAGES: warning: HOOK_URL reaches axios.post(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
  await axios.post(HOOK, { level: LOG_LEVEL });
  // CHECK-MESSAGES: warning: RELAY_URL reaches fetch(...) [dstack-configurable-endpoint]
  await fetch(RELAY_URL!);
  // CHECK-NOTES: note: the code default ('https://backup.example') decides
  // CHECK-MESSAGES: warning: BACKUP_URL reaches fetch(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
  await fetch(new URL("/backup", BACKUP_URL));
  // CHECK-MESSAGES: warning: AUDIT_URL reaches fetch(...) [dstack-configurable-endpoint]
  await fetch(audit + "/records", { method: "POST", body: JSON.stringify({ port: PORT }) });
  // CHECK-MESSAGES: warning: STATUS_URL reaches fetch(...) [dstack-configurable-endpoint]
  await fetch(env.STATUS_URL?.trim() ?? "https://status.example");
  // CHECK-MESSAGES: warning: STREAM_URL reaches fetch(...) [dstack-configurable-endpoint]
  await fetch(STREAM as string);
  // CHECK-NOTES: note: the code default ('https://edge.example') decides
  // CHECK-MESSAGES: warning: EDGE_URL reaches fetch(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
  await fetch(EDGE);
  // CHECK-MESSAGES: warning: VITE_API_URL reaches fetch(...) [dstack-configurable-endpoint]
  await fetch(VITE);
  // CHECK-MESSAGES: warning: LOCAL_URL reaches fetch(...) [dstack-configurable-endpoint]
  await fetch(fileEnv.LOCAL_URL);
  // CHECK-MESSAGES: warning: DOTENV_URL reaches fetch(...) [dstack-configurable-endpoint]
  await fetch(loaded["DOTENV_URL"]);
  // CHECK-MESSAGES: warning: PROD_URL reaches fetch(...) [dstack-configurable-endpoint]
  await fetch(process.env.NODE_ENV === "production" ? process.env.PROD_URL! : "http://localhost:8080");
  // CHECK-MESSAGES: warning: INLINE_URL reaches axios.get(...) [dstack-configurable-endpoint]
  return axios.get<string>(String(process.env.INLINE_URL), { timeout: TIMEOUT });
}

// Values that only configure how a fixed destination is called.
fetch("https://api.example/v1", { headers: { Authorization: `Bearer ${process.env.API_KEY}` } }); // ok: dstack-configurable-endpoint
fetch("https://api.example/v1", { method: "POST", body: JSON.stringify({ level: LOG_LEVEL }) }); // ok: dstack-configurable-endpoint
axios.get("https://api.example/search", { params: { q: process.env.QUERY }, timeout: TIMEOUT }); // ok: dstack-configurable-endpoint
axios.post("https://api.example/v1", { port: Number(PORT), user: env.USER_ID }); // ok: dstack-configurable-endpoint
fetch(HOOK); // NOLINT(dstack-configurable-endpoint)

// A getter of an object literal runs when its property is read; a plain
// method is a function value until called.
const upstream = {
  get url() {
    return process.env.GETTER_URL ?? "https://getter.example";
  },
  label() {
    return process.env.LABEL_URL;
  },
};
// CHECK-NOTES: note: the code default ('https://getter.example') decides
// CHECK-MESSAGES: warning: GETTER_URL reaches fetch(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
// CHECK-NOTES: note: returned by 'url'
fetch(upstream.url);
fetch(upstream.label); // ok: dstack-configurable-endpoint

// `this` in a method or getter of an object literal is the literal.
const billing = {
  base: process.env.BILLING_URL,
  retries: Number(process.env.BILLING_RETRIES ?? 3),
  get invoices() {
    return `${this.base}/invoices`;
  },
  charge(body: string) {
    // CHECK-MESSAGES: warning: BILLING_URL reaches fetch(...) [dstack-configurable-endpoint]
    return fetch(this.base!, { method: "POST", body });
  },
  retry() {
    return fetch("https://billing.example/retry", { body: String(this.retries) }); // ok: dstack-configurable-endpoint
  },
};
// CHECK-MESSAGES: warning: BILLING_URL reaches fetch(...) [dstack-configurable-endpoint]
fetch(billing.invoices);
