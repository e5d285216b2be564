// Every sink, and values the deployment leaves to the code default, are reported.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-model.ReportUnset: true, dstack-configurable-model.ReportEverySink: true}}
// A CommonJS chat server: the model comes from a config module; the
// attested app-compose.json decides the verdicts.
// --- path: server/config.js ---
const { cleanEnv, str } = require("envalid");

const env = cleanEnv(process.env, {
  CHAT_MODEL: str({ default: "llama-3.3-70b" }),
  SUMMARY_MODEL: str({ default: "qwen-2.5-7b" }),
  REVIEW_MODEL: str({ default: "mistral-small" }),
  DRAFT_MODEL: str({ default: "phi-4" }),
});
module.exports = { models: { chat: env.CHAT_MODEL, summary: env.SUMMARY_MODEL }, env };
// --- path: server/index.js ---
const express = require("express");
const OpenAI = require("openai");
const { models, env } = require("./config");

const openai = new OpenAI({ baseURL: "http://vllm:8000/v1" });
const app = express();

app.post("/chat", async (req, res) => {
  const { messages, temperature = 0.2 } = req.body;
  // CHECK-NOTES: note: the operator can swap the model that sees user data
  // CHECK-MESSAGES: error: CHAT_MODEL reaches openai.chat.completions.create({ model: ... }) and app-compose.json service 'chat' lets the operator set it (CHAT_MODEL) [dstack-configurable-model]
  const out = await openai.chat.completions.create({ model: models.chat, messages, temperature });
  res.json(out);
});

app.post("/summary", async (req, res) => {
  const model = req.query.fast ? env.DRAFT_MODEL : models.summary;
  // CHECK-NOTES: note: only 'qwen-2.5-7b' applies
  // CHECK-MESSAGES: warning: SUMMARY_MODEL reaches openai.chat.completions.create({ model: ... }) and app-compose.json service 'chat' interpolates it only from names missing from allowed_envs [dstack-configurable-model]
  // CHECK-NOTES: note: the code default ('phi-4') decides
  // CHECK-MESSAGES: warning: DRAFT_MODEL reaches openai.chat.completions.create({ model: ... }) and app-compose.json service 'chat' does not set it [dstack-configurable-model]
  res.json(await openai.chat.completions.create({ model, messages: req.body.messages }));
});

app.post("/review", async (req, res) => {
  res.json(await openai.chat.completions.create({ model: env.REVIEW_MODEL, messages: req.body.messages })); // ok: dstack-configurable-model
});
// --- path: app-compose.json ---
{
  "manifest_version": 2,
  "name": "chat",
  "runner": "docker-compose",
  "docker_compose_file": "services:\n  chat:\n    image: ghcr.io/example/chat@sha256:5555555555555555555555555555555555555555555555555555555555555555\n    environment:\n      - CHAT_MODEL=${CHAT_MODEL}\n      - SUMMARY_MODEL=${SUMMARY_MODEL:-qwen-2.5-7b}\n      - REVIEW_MODEL=mistral-small\n",
  "allowed_envs": ["CHAT_MODEL"],
  "kms_enabled": true
}
