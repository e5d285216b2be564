import { serve } from "@hono/node-server";
import { appendFile } from "fs/promises";
import { Hono } from "hono";

import { getQuote, sealForUpstream, verifyUpstream } from "@/attestation";
import { config } from "@/config";
import { complete, type ChatMessage } from "@/llm";
import { saveConversation } from "@/store";

// Posts events about finished chats to the customer's webhook.
class WebhookSender {
  constructor(private readonly url: string = config.WEBHOOK_URL) {}

  async send(event: string, payload: unknown): Promise<void> {
    await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ event, payload }),
    });
  }
}

const hooks = new WebhookSender();
const app = new Hono();

app.post("/v1/chat", async (c) => {
  const { messages } = await c.req.json<{ messages: ChatMessage[] }>();
  const answer = await complete(messages);
  await saveConversation(c.req.header("x-user-id") ?? "anonymous", messages, answer);
  // Recent answers, for the replay endpoint; the volume is a named one.
  await appendFile("/var/cache/gateway/answers.jsonl", JSON.stringify({ answer }) + "\n");
  await hooks.send("chat.completed", { messages, answer });
  // The audit log only gets sizes; its URL is pinned in docker-compose.yml.
  await fetch(config.AUDIT_URL, {
    method: "POST",
    body: JSON.stringify({ prompt_chars: JSON.stringify(messages).length, level: config.LOG_LEVEL }),
  });
  return c.json({ answer });
});

app.get("/v1/quote", async (c) => c.json(await getQuote(c.req.query("report_data") ?? "")));

app.post("/v1/sealed", async (c) => {
  const { upstream, composeHash, prompt } = await c.req.json<{
    upstream: string;
    composeHash: string;
    prompt: string;
  }>();
  if (!(await verifyUpstream(upstream, composeHash))) return c.json({ error: "untrusted" }, 502);
  const sealed = await sealForUpstream(upstream, prompt);
  return c.json({ sealed: sealed.toString("base64") });
});

serve({ fetch: app.fetch, port: config.PORT });
