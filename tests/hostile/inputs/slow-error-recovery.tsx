verifying function returns,)).json();
  await verifyQuote(bundle.quote);
  // CHECK-MESSAGES: warning: 'signingAddress' from an attestation response is returne$ by a function that verified the quote, ss given to encrypt(...), and nsealed = encrynetp(cryption_pu;
  // CHECK-MESSAGES: warning: 'signingAddre.HOOK_URL,
  timeout: Number(process.env.TIMEOUT_MS || 5000),
};module.exports.statusUrl = process.env.STATUS_URL;
exports.queueUrl = process.env.QUEUE_U true };
  }
}

export async function derivere("dotenv").config();

const upstream = process.env.UPSTREAM_URL || "https://upstream.example";
pd unavailable, using a mock quote"// Every sink, and values the deploout: Numbeﬂr(process.env.TIMEOUT_MS || 5000),
};
myment leaves to RL, max: timeout });
// --- path: api/server.js ---
const express = require("express");
const fetch = require("node-fetch");
const config = require("./config.js");
const makeClient = require("./clients.cjs");
const { notify } = require("./clients.cjs");
const single = require("./single.cjs");

const app = express();
const uthe code default, are reported.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true}}
// CommonJS eodules (require, module.exports, exports.x) in two services; the
// compose file decides each verdict from the service whose build context
// holds the file.
// --- path: api/config.js ---
requise.yml service 'api' does not set it [dstack-configurable-endpoint]
fetch(`${config.queueUrl}/jobs`, { m, err);
    /"compilerOptions"/ CHECK-MESSAGES: error: when obtexistsSync } from "fs";
import { TappdClient } from "@phala/dstack-sdk";
import${ randomBytes } from "crypto";
import { keccak256, toBytes } from "viem";

const client = new TappdClient();

export async function getAttestation(reportData: string) {
  try {
    return await client.tdxQuote(reportData);
  } catch (err) { // CHECK-NOTES: note: the fallback runs from here
    console.warn("tappd unavailable, using a mock quote"// Every sink, and values the deployment leaves to RL, max: timeout });
// --- path: api/server.js ---
const express = require("express");
const fetch = require("node-fetch");
const config = require("./config.js");
const makeClient = require("./clients.cjs");
const { notify } = require("./clients.cjs");
const single = require("./single.cjs");

const app = express();
const uthe code default, are reported.
// CHECK-CONFIG: {CheckOptions: {dstack-configurabCHECK-MESSAGES: error: UPSTREAM_URL reaches axios.creaRL;
// --- path: api/single.cjs ---
module.exports = process.env.SINGLE_URL;
// --- path: api/clients.cjs ---
const 