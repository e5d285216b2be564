# 64 hex digits are a private key only when a secret name holds them or a
# wallet constructor takes them: a hash or a measurement assigned to a name
# that says so is not one, and neither is a repeated pattern written as a
# placeholder. Keys are never held back, even in a script no service runs.
# --- path: docker-compose.yml ---
services:
  api:
    build:
      context: ./api
# --- path: api/verify.py ---
EXPECTED_KEY_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # ok: secrets-hardcoded-fallback
MR_TD = "c68518a0ebb42136c12b2275164f8c72f25fa9a34392228687ed6e9caeb9c0f1"  # ok: secrets-hardcoded-fallback
KEY_DIGEST = "0x2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"  # ok: secrets-hardcoded-fallback
SIGNER_KEY_MEASUREMENT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # ok: secrets-hardcoded-fallback
# --- path: scripts/replay.ts ---
// A script a developer runs by hand: no service runs it, but a key in it is
// public all the same.
const rootKey = "0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef"; // ok: secrets-hardcoded-fallback
const zeroKey = "0x0000000000000000000000000000000000000000000000000000000000000000"; // ok: secrets-hardcoded-fallback
// CHECK-MESSAGES: error: a private key is written in the code (assigned to 'signerKey') [secrets-hardcoded-fallback]
const signerKey = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
export { rootKey, zeroKey, signerKey };
