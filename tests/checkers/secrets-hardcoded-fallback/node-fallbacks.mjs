// No deployment file: the findings are held back unless asked for.
// CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
// An ES module: Bun's environment and a mnemonic written in the code.
// CHECK-MESSAGES: warning: RPC_AUTH_TOKEN falls back to the literal 'local' [secrets-hardcoded-fallback]
export const rpcToken = Bun.env.RPC_AUTH_TOKEN || "local";
// CHECK-MESSAGES: error: a mnemonic is written in the code (assigned to 'seedPhrase') [secrets-hardcoded-fallback]
export const seedPhrase = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
export const label = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"; // ok: secrets-hardcoded-fallback
