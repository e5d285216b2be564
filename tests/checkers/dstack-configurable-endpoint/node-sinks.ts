// No deployment file: the findings are held back unless asked for.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true}}
// HTTP and WebSocket clients: only the destination of a request counts.
import axios from "axios";
import nodeFetch from "node-fetch";
import { fetch as undiciFetch, request, Pool } from "undici";
import got from "got";
import ky from "ky";
import superagent from "superagent";
import * as http from "node:http";
import https from "https";
import WebSocket from "ws";

const U = process.env.UPSTREAM_URL!;
const KEY = process.env.API_KEY;
const TIMEOUT = Number(process.env.TIMEOUT_MS ?? 10_000);

export async function send(body: object) {
  // CHECK-MESSAGES: warning: UPSTREAM_URL reaches fetch(...) [dstack-configurable-endpoint]
  await fetch(`${U}/v1`, { method: "POST", body: JSON.stringify(body) });
  // CHECK-MESSAGES: warning: UPSTREAM_URL reaches Request(...) [dstack-configurable-endpoint]
  await fetch(new Request(U, { method: "POST" }));
  // CHECK-MESSAGES: warning: UPSTREAM_URL reaches node-fetch(...) [dstack-configurable-endpoint]
  await nodeFetch(U);
  // CHECK-MESSAGES: warning: UPSTREAM_URL reaches undici.fetch(...) [dstack-configurable-endpoint]
  await undiciFetch(U);
  // CHECK-MESSAGES: warning: UPSTREAM_URL reaches undici.request(...) [dstack-configurable-endpoint]
  await request(U, { method: "POST", body: JSON.stringify(body) });
  // CHECK-MESSAGES: warning: UPSTREAM_URL reaches Pool(...) [dstack-configurable-endpoint]
  const pool = new Pool(U, { connections: 4 });
  await pool.request({ path: "/v1", method: "GET" });
}

// CHECK-MESSAGES: warning: UPSTREAM_URL reaches axios.get(...) [dstack-configurable-endpoint]
axios.get(U, { headers: { "X-Key": KEY } });
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches axios(...) [dstack-configurable-endpoint]
axios(U);
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches axios({ url: ... }) [dstack-configurable-endpoint]
axios({ url: U, method: "post", data: { key: KEY } });
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches axios.request({ baseURL: ... }) [dstack-configurable-endpoint]
axios.request({ baseURL: U, url: "/v1", timeout: TIMEOUT });
// CHECK-MESSAGES: warning: API_BASE_URL reaches axios.create({ baseURL: ... }) [dstack-configurable-endpoint]
const api = axios.create({ baseURL: process.env.API_BASE_URL, timeout: TIMEOUT });
api.get("/health"); // ok: dstack-configurable-endpoint
const plain = axios.create({ timeout: TIMEOUT });
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches axios.create.post(...) [dstack-configurable-endpoint]
plain.post(U, {});
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches got(...) [dstack-configurable-endpoint]
got(U, { timeout: { request: TIMEOUT } });
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches got.post(...) [dstack-configurable-endpoint]
got.post(U, { json: { key: KEY } });
// CHECK-MESSAGES: warning: GOT_PREFIX reaches got.extend({ prefixUrl: ... }) [dstack-configurable-endpoint]
got.extend({ prefixUrl: process.env.GOT_PREFIX });
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches ky.get(...) [dstack-configurable-endpoint]
ky.get(U);
// CHECK-MESSAGES: warning: KY_PREFIX reaches ky.create({ prefixUrl: ... }) [dstack-configurable-endpoint]
ky.create({ prefixUrl: process.env.KY_PREFIX });
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches superagent.post(...) [dstack-configurable-endpoint]
superagent.post(U).send({ key: KEY });
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches http.get(...) [dstack-configurable-endpoint]
http.get(U);
// CHECK-MESSAGES: warning: UPSTREAM_URL reaches https.request(...) [dstack-configurable-endpoint]
https.request(new URL("/v1", U), { method: "POST" });
// CHECK-MESSAGES: warning: PEER_HOST reaches http.request({ host: ... }) [dstack-configurable-endpoint]
http.request({ host: process.env.PEER_HOST, port: 8080, path: "/" });
// CHECK-MESSAGES: warning: PEER_HOST reaches https.get({ hostname: ... }) [dstack-configurable-endpoint]
https.get({ hostname: process.env.PEER_HOST, headers: { "x-key": KEY } });
// CHECK-MESSAGES: warning: STREAM_URL reaches ws(...) [dstack-configurable-endpoint]
const stream = new WebSocket(process.env.STREAM_URL ?? "wss://stream.example");
// Globals named through globalThis (or window) are not matched.
// CHECK-MESSAGES: warning: EVENTS_URL reaches WebSocket(...) [dstack-configurable-endpoint]
const events = new globalThis.WebSocket(process.env.EVENTS_URL!);
// CHECK-MESSAGES: warning: SSE_URL reaches EventSource(...) [dstack-configurable-endpoint]
const sse = new EventSource(process.env.SSE_URL!);

// The environment in headers, bodies, query parameters, ports and timeouts
// of requests to fixed destinations.
fetch("https://api.example/v1", { headers: { Authorization: `Bearer ${KEY}` }, body: process.env.BODY }); // ok: dstack-configurable-endpoint
axios.get("https://api.example/search", { params: { q: process.env.QUERY }, timeout: TIMEOUT }); // ok: dstack-configurable-endpoint
axios.post("https://api.example/v1", { user: process.env.USER_ID }, { headers: { "X-Key": KEY } }); // ok: dstack-configurable-endpoint
got.post("https://api.example/v1", { json: { level: process.env.LOG_LEVEL }, retry: { limit: 2 } }); // ok: dstack-configurable-endpoint
http.request({ host: "api.example", port: Number(process.env.PORT), headers: { "x-key": KEY } }); // ok: dstack-configurable-endpoint
new WebSocket("wss://stream.example", { headers: { "x-key": KEY }, handshakeTimeout: TIMEOUT }); // ok: dstack-configurable-endpoint
superagent.post("https://api.example/v1").set("X-Key", KEY!).send({ k: process.env.BODY }); // ok: dstack-configurable-endpoint
stream.send(JSON.stringify({ key: KEY })); // ok: dstack-configurable-endpoint
