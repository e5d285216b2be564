// Fetched scripts written to a file and required, eval of fetched text,
// dockerode containers, and callbacks.
// --- path: docker-compose.yml ---
services:
  gateway:
    build: .
    environment:
      - LOADER_URL=${LOADER_URL}
      - WORKER_IMAGE=${WORKER_IMAGE}
// --- path: src/loader.ts ---
import * as fs from "fs";
import Docker from "dockerode";
import { execSync } from "child_process";

export async function loadPlugin() {
  const res = await fetch(process.env.LOADER_URL!);
  const code = await res.text();
  const file = "/tmp/plugin.js";
  fs.writeFileSync(file, code);
  // CHECK-MESSAGES: error: code downloaded from a URL the operator sets (LOADER_URL) reaches require(...), which runs it [dstack-unmeasured-code]
  return require(file);
}

export function fromCdn() {
  // CHECK-MESSAGES: warning: code downloaded at run time from 'https://cdn.example/lib.js', whose content can change after the attestation reaches eval(...) [dstack-unmeasured-code]
  fetch("https://cdn.example/lib.js").then((r) => r.text()).then((t) => eval(t));
}

// Never called: held back.
export class Loader {
  async fromUrl(url: string) {
    const res = await fetch(url);
    return eval(await res.text()); // ok: dstack-unmeasured-code
  }
}

// Decrypted content from a store, loaded as a module.
function loadFromSource(source: string, id: string) {
  const tempPath = `/tmp/module-${id}.js`;
  fs.writeFileSync(tempPath, source);
  // CHECK-MESSAGES: warning: code written to a file at run time reaches require(...), which runs it [dstack-unmeasured-code]
  return require(tempPath);
}
export function loadById(id: string, store: Map<string, string>) {
  return loadFromSource(decrypt(store.get(id)), id);
}
declare function decrypt(x: unknown): string;

export function localOnly() {
  const file = "/tmp/config.js";
  fs.writeFileSync(file, "module.exports = {}");
  return require(file); // ok: dstack-unmeasured-code
}

const docker = new Docker();
export async function spawn() {
  // CHECK-MESSAGES: error: dockerode.createContainer({ Image: ... }) starts a container taken from WORKER_IMAGE, which docker-compose.yml service 'gateway' lets the operator set (WORKER_IMAGE) [dstack-unmeasured-code]
  await docker.createContainer({ Image: process.env.WORKER_IMAGE, Cmd: ["serve"] });
  // CHECK-MESSAGES: warning: child_process.execSync(...) runs 'npx some-cli@latest' (a package runner) at run time [dstack-unmeasured-code]
  execSync("npx some-cli@latest");
  execSync("ls -la"); // ok: dstack-unmeasured-code
}
