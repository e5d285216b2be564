// What the code writes: request input kept in a database whose address the
// operator sets, and in a file under a bind of the host-shared folder, shows
// up as notes of the findings; configuration written there does not, and
// what goes to the encrypted data disk is silent.
// --- path: src/server.ts ---
import express from "express";
import fs from "fs";
import pg from "pg";

// CHECK-MESSAGES: warning: data kept in the database of Pool({ connectionString: ... }) goes where docker-compose.yml service 'api' lets the operator point it (DATABASE_URL) [dstack-unencrypted-persistence]
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const app = express();

app.post("/notes", async (req, res) => {
  // CHECK-NOTES: note: request input is written here
  await pool.query("INSERT INTO notes (body) VALUES ($1)", [req.body.text]);
  // CHECK-NOTES: note: request input is written here
  fs.appendFileSync("/exports/notes.log", req.body.text);
  fs.appendFileSync("/var/lib/app/notes.log", req.body.text); // ok: dstack-unencrypted-persistence
  fs.writeFileSync("/exports/region.txt", process.env.REGION ?? ""); // ok: dstack-unencrypted-persistence
  res.send("ok");
});
app.listen(8080);
// --- path: docker-compose.yml ---
services:
  api:
    image: ghcr.io/example/api@sha256:5555555555555555555555555555555555555555555555555555555555555555
    build: .
    environment:
      - DATABASE_URL=${DATABASE_URL}
      - REGION=eu
    volumes:
      # CHECK-MESSAGES: warning: service 'api' writes at '/exports' into '/dstack/.host-shared/exports' [dstack-unencrypted-persistence]
      - /dstack/.host-shared/exports:/exports
      - app-data:/var/lib/app # ok: dstack-unencrypted-persistence
volumes:
  app-data:
# --- path: Dockerfile ---
FROM node:20-slim@sha256:6666666666666666666666666666666666666666666666666666666666666666
COPY src /srv/src
CMD ["node", "/srv/src/server.js"]
