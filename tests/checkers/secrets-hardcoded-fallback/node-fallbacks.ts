// No deployment file: the findings are held back unless asked for.
// CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
// TypeScript: `||`, `??`, destructuring defaults, schema defaults and keys
// written in the code.
import { z } from "zod";
import { Wallet } from "ethers";

// CHECK-NOTES: note: whoever has the code or the image can forge the tokens and signatures it protects
// CHECK-MESSAGES: :47: warning: SESSION_SECRET falls back to the literal 'keyboard cat' when it is not set [secrets-hardcoded-fallback]
const session = process.env.SESSION_SECRET || "keyboard cat";
// CHECK-MESSAGES: warning: SIGNING_KEY falls back to the literal 'dev-key' [secrets-hardcoded-fallback]
const signing = process.env["SIGNING_KEY"] ?? "dev-key";
// CHECK-NOTES: note: whoever has the code or the image can log in with it
// CHECK-MESSAGES: :26: warning: ADMIN_PASSWORD falls back to the literal 'admin' when it is not set [secrets-hardcoded-fallback]
const { ADMIN_PASSWORD = "admin", PORT = "3000", REDIS_URL = "redis://cache" } = process.env;

const Env = z.object({
  // CHECK-MESSAGES: warning: JWT_SECRET falls back to the literal 'insecure' when it is not set [secrets-hardcoded-fallback]
  JWT_SECRET: z.string().min(8).default("insecure"),
  API_TOKEN: z.string(), // ok: secrets-hardcoded-fallback
  TIMEOUT_MS: z.coerce.number().default(5000), // ok: secrets-hardcoded-fallback
});
export const env = Env.parse(process.env);

const empty = process.env.CLIENT_SECRET ?? ""; // ok: secrets-hardcoded-fallback
const mode = process.env.NODE_ENV || "production"; // ok: secrets-hardcoded-fallback
const viteKey = import.meta.env.VITE_API_KEY || "pk_live_9f8e7d6c"; // CHECK-MESSAGES: warning: VITE_API_KEY falls back to the literal 'pk_live_9f8e7d6c' [secrets-hardcoded-fallback]
const testKey = import.meta.env.VITE_STRIPE_KEY || "pk_test_123"; // ok: secrets-hardcoded-fallback

// CHECK-MESSAGES: error: a private key is written in the code (passed to 'Wallet') [secrets-hardcoded-fallback]
const wallet = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
// CHECK-MESSAGES: error: a private key is written in the code (assigned to 'privateKey') [secrets-hardcoded-fallback]
const privateKey = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
export { session, signing, ADMIN_PASSWORD, PORT, REDIS_URL, empty, mode, viteKey, wallet, privateKey };
