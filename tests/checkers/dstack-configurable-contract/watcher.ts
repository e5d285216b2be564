// A TypeScript watcher of DstackApp compose hashes (ethers and viem).
// --- path: src/watch.ts ---
import { ethers } from "ethers";
import { getContract, createPublicClient, http } from "viem";

const provider = new ethers.JsonRpcProvider("https://mainnet.base.org");
const abi = ["function allowedComposeHashes(bytes32) view returns (bool)"];

// CHECK-NOTES: note: the operator can point the app at a contract they control
// CHECK-MESSAGES: error: APP_AUTH_ADDRESS reaches ethers.Contract(...) and app-compose.json service 'watcher' lets the operator set it (APP_AUTH_ADDRESS) [dstack-configurable-contract]
const app = new ethers.Contract(ethers.getAddress(process.env.APP_AUTH_ADDRESS!), abi, provider);

const client = createPublicClient({ transport: http("https://mainnet.base.org") });
// Pinned in the measured compose: silent.
const kms = getContract({ address: process.env.KMS_ADDRESS as `0x${string}`, abi: [], client }); // ok: dstack-configurable-contract
const fixed = new ethers.Contract("0x5555555555555555555555555555555555555555", abi, provider); // ok: dstack-configurable-contract

// A client's own contract actions name the address too.
// CHECK-MESSAGES: error: REGISTRY_ADDRESS reaches viem.createPublicClient.readContract({ address: ... }) and app-compose.json service 'watcher' lets the operator set it (REGISTRY_ADDRESS) [dstack-configurable-contract]
const registered = client.readContract({ address: process.env.REGISTRY_ADDRESS as `0x${string}`, abi: [], functionName: "registered" });

export async function allowed(hash: string) {
  return (await app.allowedComposeHashes(hash)) && kms && fixed && (await registered);
}
// --- path: app-compose.json ---
{
  "manifest_version": 2,
  "name": "watcher",
  "runner": "docker-compose",
  "docker_compose_file": "services:\n  watcher:\n    image: ghcr.io/example/watcher@sha256:6666666666666666666666666666666666666666666666666666666666666666\n    environment:\n      - APP_AUTH_ADDRESS=${APP_AUTH_ADDRESS}\n      - KMS_ADDRESS=0x7777777777777777777777777777777777777777\n      - REGISTRY_ADDRESS=${REGISTRY_ADDRESS}\n",
  "allowed_envs": ["APP_AUTH_ADDRESS", "REGISTRY_ADDRESS"],
  "kms_enabled": true
}
