// A module `let` set in one function and read in another is one variable;
// a function's own `let` of the same name is not.
// --- path: docker-compose.yml ---
services:
  app:
    build: .
    environment:
      - TARGET=${TARGET}
      - OTHER=${OTHER}
// --- path: app.js ---
let target;
let fixed = "https://fixed.example";

function init() {
  target = process.env.TARGET;
}

function shadow() {
  let fixed;
  fixed = process.env.OTHER;
  return fixed.length;
}

async function send(data) {
  // CHECK-MESSAGES: error: TARGET reaches fetch(...) and docker-compose.yml service 'app' lets the operator set it (TARGET) [dstack-configurable-endpoint]
  await fetch(target, { method: "POST", body: data });
  await fetch(fixed, { method: "POST", body: data }); // ok: dstack-configurable-endpoint
}

init();
shadow();
