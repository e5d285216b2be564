// Every sink, and values the deployment leaves to the code default, are reported.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true}}
// CommonJS modules (require, module.exports, exports.x) in two services; the
// compose file decides each verdict from the service whose build context
// holds the file.
// --- path: api/config.js ---
require("dotenv").config();

const upstream = process.env.UPSTREAM_URL || "https://upstream.example";
module.exports = {
  upstream,
  hookUrl: process.env.HOOK_URL,
  timeout: Number(process.env.TIMEOUT_MS || 5000),
};
module.exports.statusUrl = process.env.STATUS_URL;
exports.queueUrl = process.env.QUEUE_URL;
// --- path: api/single.cjs ---
module.exports = process.env.SINGLE_URL;
// --- path: api/clients.cjs ---
const axios = require("axios");
const Pool = require("pg").Pool;
const { hookUrl, timeout } = require("./config");

function makeClient(baseURL) {
  // CHECK-NOTES: note: the operator can redirect user data
  // CHECK-MESSAGES: error: UPSTREAM_URL reaches axios.create({ baseURL: ... }) and docker-compose.yml service 'api' lets the operator set it (UPSTREAM_URL) [dstack-configurable-endpoint]
  return axios.create({ baseURL, timeout });
}

module.exports = makeClient;
// CHECK-MESSAGES: error: HOOK_URL reaches axios.post(...) and docker-compose.yml service 'api' lets the operator set it (HOOK_URL) [dstack-configurable-endpoint]
module.exports.notify = (event) => axios.post(hookUrl, event, { timeout });
// CHECK-NOTES: note: there is no default in the code; the operator can add the variable without a code change
// CHECK-MESSAGES: warning: DATABASE_URL reaches Pool({ connectionString: ... }) and docker-compose.yml service 'api' does not set it [dstack-configurable-endpoint]
module.exports.db = new Pool({ connectionString: process.env.DATABASE_URL, max: timeout });
// --- path: api/server.js ---
const express = require("express");
const fetch = require("node-fetch");
const config = require("./config.js");
const makeClient = require("./clients.cjs");
const { notify } = require("./clients.cjs");
const single = require("./single.cjs");

const app = express();
const upstream = makeClient(config.upstream);
app.post("/chat", async (req, res) => {
  const r = await upstream.post("/v1/chat", req.body);
  await notify({ kind: "chat" });
  res.json(r.data);
});
app.get("/status", async (_req, res) => {
  res.json(await fetch(config.statusUrl).then((r) => r.json())); // ok: dstack-configurable-endpoint
});
// CHECK-MESSAGES: warning: QUEUE_URL reaches node-fetch(...) and docker-compose.yml service 'api' does not set it [dstack-configurable-endpoint]
fetch(`${config.queueUrl}/jobs`, { method: "POST" });
// A required module whose module.exports is a plain value reads as the module.
// CHECK-MESSAGES: warning: SINGLE_URL reaches node-fetch(...) [dstack-configurable-endpoint]
fetch(single);
// `require("axios").default` is the package, as `import axios from "axios"` is.
// CHECK-MESSAGES: error: UPSTREAM_URL reaches axios.get(...) [dstack-configurable-endpoint]
require("axios").default.get(config.upstream);
// CHECK-MESSAGES: error: UPSTREAM_URL reaches axios.get(...) and docker-compose.yml service 'api' lets the operator set it [dstack-configurable-endpoint]
require("axios").get(config.upstream);
app.listen(Number(process.env.PORT || 3000)); // ok: dstack-configurable-endpoint
// --- path: worker/job.mjs ---
import got from "got";

const { QUEUE_URL, STATUS_URL = "https://status.example" } = process.env;
// CHECK-NOTES: note: the operator can redirect user data
// CHECK-MESSAGES: error: QUEUE_URL reaches got.post(...) and docker-compose.yml service 'worker' lets the operator set it (QUEUE_URL) [dstack-configurable-endpoint]
await got.post(QUEUE_URL, { json: { ok: true } });
// Pinned for the api service only: the worker leaves it to the code default.
// CHECK-NOTES: note: the code default ('https://status.example') decides
// CHECK-MESSAGES: warning: STATUS_URL reaches got(...) and docker-compose.yml service 'worker' does not set it [dstack-configurable-endpoint]
await got(STATUS_URL);
// --- path: docker-compose.yml ---
services:
  api:
    build: ./api
    environment:
      UPSTREAM_URL: ${UPSTREAM_URL:-https://upstream.example}
      HOOK_URL:
      STATUS_URL: https://status.example
      TIMEOUT_MS: "5000"
  worker:
    build:
      context: ./worker
    environment:
      - QUEUE_URL
