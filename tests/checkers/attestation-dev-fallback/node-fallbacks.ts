// TypeScript: a catch that fakes a quote, a NODE_ENV switch the compose file
// does not pin, a socket test, and a switch pinned to production.
// --- path: docker-compose.yml ---
services:
  app:
    build: .
    environment:
      MOCK_TEE: "0"
    volumes:
      - /var/run/tappd.sock:/var/run/tappd.sock
// --- path: src/tee.ts ---
import { existsSync } from "fs";
import { TappdClient } from "@phala/dstack-sdk";
import { randomBytes } from "crypto";
import { keccak256, toBytes } from "viem";

const client = new TappdClient();

export async function getAttestation(reportData: string) {
  try {
    return await client.tdxQuote(reportData);
  } catch (err) { // CHECK-NOTES: note: the fallback runs from here
    console.warn("tappd unavailable, using a mock quote", err);
    // CHECK-MESSAGES: error: when obtaining the quote or key fails, this hands back mock attestation data instead of failing [attestation-dev-fallback]
    return { quote: "0x00", event_log: "[]", mock: true };
  }
}

export async function deriveWalletKey(): Promise<string> {
  if (process.env.NODE_ENV !== "production") {
    // CHECK-MESSAGES: error: behind the switch 'process.env.NODE_ENV !== "production"', this hands back a key derived from a literal instead of failing, and docker-compose.yml service 'app' does not pin NODE_ENV [attestation-dev-fallback]
    return keccak256(toBytes("local-dev-wallet"));
  }
  const key = await client.deriveKey("wallet");
  return key.key;
}

export async function sessionKey() {
  if (!existsSync("/var/run/tappd.sock")) {
    // CHECK-MESSAGES: error: behind the switch '!existsSync("/var/run/tappd.sock")', this hands back a random key instead of failing [attestation-dev-fallback]
    return randomBytes(32);
  }
  return (await client.deriveKey("session")).asUint8Array();
}

export async function quoteOrMock(data: string) {
  // MOCK_TEE is pinned to "0": "0" === "1" never holds.
  if (process.env.MOCK_TEE === "1") {
    return { quote: "mock" }; // ok: attestation-dev-fallback
  }
  return client.tdxQuote(data);
}

const maybeClient: TappdClient | null = process.env.TAPPD ? new TappdClient() : null;
const mockKey = (path: string) => keccak256(toBytes(path));

export async function keyOrMock(path: string) {
  if (maybeClient) {
    return (await maybeClient.deriveKey(path)).key;
  } else {
    // CHECK-MESSAGES: error: behind the switch 'maybeClient', this hands back a mock key instead of failing [attestation-dev-fallback]
    return mockKey(path);
  }
}

export async function refuse(data: string) {
  try {
    return await client.tdxQuote(data);
  } catch (err) {
    throw new Error("attestation unavailable"); // ok: attestation-dev-fallback
  }
}
