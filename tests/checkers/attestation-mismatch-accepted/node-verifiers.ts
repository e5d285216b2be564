// Mismatches that only log, and dropped verification results, in functions
// that decide whether an attestation is valid; and their negatives.
import { createHash, timingSafeEqual } from "crypto";
import { verifyMessage } from "viem";

export async function verifyQuote(quote: Quote, expectedComposeHash: string): Promise<boolean> {
  const composeHash = createHash("sha256").update(quote.appCompose).digest("hex");
  // CHECK-MESSAGES: :7: warning: a mismatch of 'composeHash' and 'expectedComposeHash' does not fail the verification: its branch only logs it [attestation-mismatch-accepted]
  if (composeHash !== expectedComposeHash) {
    console.warn("compose hash mismatch: known issue with the gateway, ignoring");
  }
  return true;
}

export const checkReportData = (reportData: string, nonce: string) => {
  // CHECK-MESSAGES: warning: a mismatch of 'reportData.slice(0, 64)' and 'nonce' does not fail the verification: its branch does nothing [attestation-mismatch-accepted]
  if (reportData.slice(0, 64) != nonce) {
    // the verifier pads report_data differently; accept for now
  }
  return { valid: true };
};

export class Verifier {
  async verifySigner(message: string, signature: `0x${string}`, signer: `0x${string}`) {
    // CHECK-MESSAGES: warning: the result of 'verifyMessage(...)' is discarded [attestation-mismatch-accepted]
    await verifyMessage({ address: signer, message, signature });
    return { verified: true };
  }

  verifyTag(tag: Buffer, expectedTag: Buffer): boolean {
    // CHECK-MESSAGES: warning: the result of 'timingSafeEqual(...)' is discarded [attestation-mismatch-accepted]
    timingSafeEqual(tag, expectedTag);
    return true;
  }
}

export function verifyStrict(quote: Quote, expectedHash: string): boolean {
  if (quote.composeHash !== expectedHash) { // ok: attestation-mismatch-accepted
    console.error("compose hash mismatch");
    throw new Error("compose hash mismatch");
  }
  if (quote.rtmr3 === expectedHash) { // ok: attestation-mismatch-accepted
    console.log("rtmr3 matches");
  } else {
    return false;
  }
  return true;
}

export function printChecks(quote: Quote, expectedHash: string) {
  // A walkthrough for a person: it decides nothing.
  if (quote.composeHash !== expectedHash) { // ok: attestation-mismatch-accepted
    console.log("compose hash differs");
  }
}

interface Quote {
  appCompose: string;
  composeHash: string;
  rtmr3: string;
}

export async function attestRemotely(quote: string): Promise<boolean> {
  const res = await fetch("https://verifier.example/attest", { method: "POST", body: quote });
  // CHECK-MESSAGES: warning: the remote verifier's HTTP status is taken as the verification result [attestation-mismatch-accepted]
  return res.ok;
}

export async function attestAndRead(quote: string): Promise<boolean> {
  const res = await fetch("https://verifier.example/attest", { method: "POST", body: quote });
  if (!res.ok) return false; // ok: attestation-mismatch-accepted
  const body = await res.json();
  return body.valid === true;
}
