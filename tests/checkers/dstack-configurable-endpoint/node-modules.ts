// Every sink, and values the deployment leaves to the code default, are reported.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true}}
// Values crossing TypeScript modules: index files, `.js` specifiers of `.ts`
// sources, re-exports, default and namespace imports, class fields and
// constructor parameter properties; app-compose.json decides the verdicts.
// (tsconfig.json `paths` aliases are covered by tests/e2e/CliTest.cpp: the
// runner cannot take a tsconfig.json among its virtual files.)
// --- path: src/config/env.ts ---
export const llmBaseUrl = process.env.LLM_BASE_URL ?? "http://vllm:8000/v1"; // CHECK-NOTES: :27: note: value read from process.env.LLM_BASE_URL
const hook = process.env.WEBHOOK_URL || "https://hooks.example/notify";
export { hook as webhookUrl }; // CHECK-NOTES: note: assigned to 'webhookUrl'

export default {
  audit: { url: process.env.AUDIT_URL ?? "https://audit.internal", retries: 3 },
  pinned: process.env.PINNED_URL,
  port: Number(process.env.PORT ?? 8080),
};
// --- path: src/config/index.ts ---
export * from "./env.js";
export { default as settings } from "./env";
// --- path: src/lib/url.ts ---
export const join = (base: string, ...parts: string[]) => [base.replace(/\/+$/, ""), ...parts].join("/");

export function endpoint(base: string, name: string): string {
  return `${base}/v1/${name}`;
}
// --- path: src/lib/index.ts ---
export { join, endpoint as versioned } from "./url";
// --- path: src/clients/llm.ts ---
import OpenAI from "openai";
import { llmBaseUrl } from "../config";

export class LlmClient {
  private readonly client: OpenAI;

  // CHECK-NOTES: note: default of parameter 'baseUrl'
  // CHECK-NOTES: note: stored in attribute 'baseUrl'
  constructor(private baseUrl: string = llmBaseUrl, private timeout = 60_000) {
    // CHECK-NOTES: note: the operator can redirect user data
    // CHECK-MESSAGES: error: LLM_BASE_URL reaches openai({ baseURL: ... }) and app-compose.json service 'gateway' lets the operator set it (LLM_URL) [dstack-configurable-endpoint]
    // CHECK-MESSAGES: warning: MIRROR_URL reaches openai({ baseURL: ... }) and app-compose.json service 'gateway' does not set it [dstack-configurable-endpoint]
    this.client = new OpenAI({ baseURL: this.baseUrl, timeout: this.timeout });
  }

  chat(prompt: string) {
    return this.client.chat.completions.create({ model: "llama", messages: [{ role: "user", content: prompt }] });
  }
}
// --- path: src/clients/notifier.ts ---
import { webhookUrl, settings } from "../config/index.js";
import { join, versioned } from "../lib/index.js";

export class Notifier {
  url = join(webhookUrl, "events"); // CHECK-NOTES: note: returned by 'join'

  async send(event: Record<string, unknown>) {
    // CHECK-NOTES: note: the code default ('https://hooks.example/notify') decides, and the operator can add the variable without a code change
    // CHECK-MESSAGES: warning: WEBHOOK_URL reaches fetch(...) and app-compose.json service 'gateway' does not set it [dstack-configurable-endpoint]
    await fetch(this.url, { method: "POST", body: JSON.stringify(event) });
  }

  // CHECK-NOTES: note: only 'https://audit.internal' applies; adding a name to allowed_envs reopens it
  // CHECK-MESSAGES: warning: AUDIT_URL reaches fetch(...) and app-compose.json service 'gateway' interpolates it only from names missing from allowed_envs [dstack-configurable-endpoint]
  audit = async (record: object) => fetch(versioned(settings.audit.url, "records"), { method: "POST", body: JSON.stringify(record) });
}
// --- path: src/main.ts ---
import { LlmClient } from "./clients/llm.js";
import { Notifier } from "./clients/notifier";
import cfg, * as env from "./config/env";

const llm = new LlmClient();
const notifier = new Notifier();
const { pinned, port = 8080 } = cfg;
await fetch(pinned!, { method: "HEAD" }); // ok: dstack-configurable-endpoint
const opts = { ...cfg.audit, method: "POST" };
// CHECK-MESSAGES: warning: AUDIT_URL reaches fetch(...) and app-compose.json service 'gateway' interpolates it [dstack-configurable-endpoint]
await fetch(opts.url, opts);
// A second client with its own base: reported at the sink in llm.ts.
const mirror = new LlmClient(process.env.MIRROR_URL ?? env.llmBaseUrl + "/mirror");
fetch("http://localhost:" + port + "/ready"); // ok: dstack-configurable-endpoint
// CHECK-MESSAGES: warning: WEBHOOK_URL reaches fetch(...) and app-compose.json service 'gateway' does not set it [dstack-configurable-endpoint]
await fetch(env.webhookUrl, { method: "POST", body: JSON.stringify({ port }) });
// --- path: app-compose.json ---
{
  "manifest_version": 2,
  "name": "gateway",
  "runner": "docker-compose",
  "docker_compose_file": "services:\n  gateway:\n    image: ghcr.io/example/gateway@sha256:4444444444444444444444444444444444444444444444444444444444444444\n    environment:\n      LLM_BASE_URL: ${LLM_URL}\n      AUDIT_URL: ${AUDIT_URL:-https://audit.internal}\n      PINNED_URL: https://pinned.example\n      PORT: \"8080\"\n",
  "//1": "CHECK-NOTES: note: 'LLM_URL' is listed in allowed_envs",
  "allowed_envs": ["LLM_URL"],
  "kms_enabled": true
}
