import https from "node:https";
import axios from "axios";
import { Agent, fetch } from "undici";
import tls from "node:tls";

const VERIFIER = "https://verifier.example/attest";

// CHECK-MESSAGES: :50: warning: disabled by 'rejectUnauthorized: false' [attestation-tls-verification-disabled]
const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

export async function report(): Promise<unknown> {
  const client = axios.create({
    baseURL: VERIFIER,
    httpsAgent: new https.Agent({ rejectUnauthorized: false }), // CHECK-MESSAGES: warning: 'rejectUnauthorized: false' [attestation-tls-verification-disabled]
  });
  return (await client.get("/")).data;
}

export const dispatcher = new Agent({
  connect: { "rejectUnauthorized": false }, // CHECK-MESSAGES: warning: 'rejectUnauthorized: false' [attestation-tls-verification-disabled]
});

export function raw(): tls.TLSSocket {
  return tls.connect({ host: "verifier.example", port: 443, rejectUnauthorized: 0 }); // CHECK-MESSAGES: warning: 'rejectUnauthorized: 0' [attestation-tls-verification-disabled]
}

process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // CHECK-MESSAGES: :1: warning: setting NODE_TLS_REJECT_UNAUTHORIZED='0' [attestation-tls-verification-disabled]
process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = '0'; // CHECK-MESSAGES: warning: NODE_TLS_REJECT_UNAUTHORIZED='0' [attestation-tls-verification-disabled]
process.env.NODE_TLS_REJECT_UNAUTHORIZED = `0`; // CHECK-MESSAGES: warning: NODE_TLS_REJECT_UNAUTHORIZED='0' [attestation-tls-verification-disabled]

const legacy = { url: VERIFIER, strictSSL: false }; // CHECK-MESSAGES: warning: 'strictSSL: false' [attestation-tls-verification-disabled]

// Negatives.
const safe = new https.Agent({ rejectUnauthorized: true }); // ok: attestation-tls-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1"; // ok: attestation-tls-verification-disabled
process.env.LOG_LEVEL = "0"; // ok: attestation-tls-verification-disabled
const fromEnv = { rejectUnauthorized: process.env.STRICT !== "0" }; // ok: attestation-tls-verification-disabled
const label = "rejectUnauthorized: false"; // ok: attestation-tls-verification-disabled
await fetch(VERIFIER, { dispatcher });
export { agent, legacy, safe, fromEnv, label };
