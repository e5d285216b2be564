// Options on TypeScript: extra sinks and sources, and test code ignored
// (*.test.ts, *.spec.ts, __tests__/).
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true, dstack-configurable-endpoint.ExtraSinks: 'mylib.Client:0;mylib.Client:baseUrl;mylib.send:0', dstack-configurable-endpoint.ExtraSources: 'config.get:0', dstack-configurable-endpoint.IgnoreTestCode: true}}
// --- path: src/client.ts ---
import { Client, send } from "mylib";
import config from "config";

// CHECK-MESSAGES: warning: PEER_URL reaches Client(...) [dstack-configurable-endpoint]
const peer = new Client(process.env.PEER_URL!);
// A keyword names no argument in ECMAScript; it could name a field of the first.
// CHECK-MESSAGES: warning: BACKUP_URL reaches Client({ baseUrl: ... }) [dstack-configurable-endpoint]
const backup = new Client({ baseUrl: process.env.BACKUP_URL });
// CHECK-MESSAGES: warning: RELAY reaches mylib.send(...) [dstack-configurable-endpoint]
send(config.get("RELAY"), "payload");
send("https://fixed.example", config.get("BODY")); // ok: dstack-configurable-endpoint
// --- path: src/client.test.ts ---
fetch(process.env.TEST_SERVER!); // ok: dstack-configurable-endpoint
// --- path: src/client.spec.ts ---
fetch(process.env.TEST_SERVER!); // ok: dstack-configurable-endpoint
// --- path: src/__tests__/helpers.ts ---
fetch(process.env.TEST_SERVER!); // ok: dstack-configurable-endpoint
