import https from "node:https";

export function Status(): JSX.Element {
  const agent = new https.Agent({ rejectUnauthorized: false }); // CHECK-MESSAGES: warning: 'rejectUnauthorized: false' [attestation-tls-verification-disabled]
  return <div data-agent={String(agent)}>{/* NOLINT */ "ok"}</div>;
}
