// TypeScript: encryption to a key from an attestation bundle, and a key a
// quote-verifying function returns, without report_data; and a bound one.
import { verifyMessage } from "viem";
import { encrypt } from "eciesjs";

export async function sendPrompt(endpoint: string, prompt: string) {
  const res = await fetch(`${endpoint}/attestation`);
  const { encryption_public_key } = await res.json();
  // CHECK-MESSAGES: warning: 'encryption_public_key' from an attestation response is given to encrypt(...), and nothing binds it to the quote's report_data [attestation-unbound-signing-key]
  const sealed = encrypt(encryption_public_key, Buffer.from(prompt));
  return fetch(`${endpoint}/chat`, { method: "POST", body: sealed });
}

export async function attestedSigner(endpoint: string): Promise<string> {
  const bundle = await (await fetch(`${endpoint}/attestation`)).json();
  await verifyQuote(bundle.quote);
  // CHECK-MESSAGES: warning: 'signingAddress' from an attestation response is returned by a function that verified the quote, so its callers take it as attested [attestation-unbound-signing-key]
  return bundle.signingAddress;
}

export async function boundSigner(endpoint: string, message: string, signature: `0x${string}`) {
  const bundle = await (await fetch(`${endpoint}/attestation`)).json();
  const quote = await verifyQuote(bundle.quote);
  const address: `0x${string}` = bundle.signingAddress;
  if (!quote.reportData.toLowerCase().startsWith(address.slice(2).toLowerCase())) {
    throw new Error("report_data does not bind the signing address");
  }
  return verifyMessage({ address, message, signature }); // ok: attestation-unbound-signing-key
}

async function verifyQuote(quote: string): Promise<{ reportData: string }> {
  return { reportData: quote };
}
