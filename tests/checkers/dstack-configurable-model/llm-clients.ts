// Every sink, and values the deployment leaves to the code default, are reported.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-model.ReportUnset: true, dstack-configurable-model.ReportEverySink: true}}
// The model of TEE-protected inference calls in TypeScript, from a zod schema
// and the environment; the compose file decides each verdict.
// --- path: svc/src/config.ts ---
import { z } from "zod";

export const config = z
  .object({
    MODEL: z.string().default("meta-llama/Llama-3.3-70B-Instruct"),
    EMBEDDING_MODEL: z.string().default("bge-m3"),
    MAX_TOKENS: z.coerce.number().default(1024),
  })
  .parse(process.env);
// --- path: svc/src/llm.ts ---
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { Ollama } from "ollama";
import { ChatOpenAI } from "@langchain/openai";
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { config } from "./config";

const client = new OpenAI({ baseURL: "http://vllm:8000/v1", apiKey: "unused" });
const claude = new Anthropic();
const ollama = new Ollama({ host: "http://ollama:11434" });

export async function complete(prompt: string) {
  return await client.chat.completions.create({
    // CHECK-NOTES: note: the operator can swap the model that sees user data
    // CHECK-MESSAGES: error: MODEL reaches openai.chat.completions.create({ model: ... }) and docker-compose.yml service 'llm' lets the operator set it (LLM_MODEL) [dstack-configurable-model]
    model: config.MODEL,
    messages: [{ role: "user", content: prompt }],
    max_tokens: config.MAX_TOKENS,
  });
}

export const embed = (text: string) =>
  // CHECK-NOTES: note: the code default ('bge-m3') decides
  // CHECK-MESSAGES: warning: EMBEDDING_MODEL reaches openai.embeddings.create({ model: ... }) and docker-compose.yml service 'llm' does not set it [dstack-configurable-model]
  client.embeddings.create({ model: config.EMBEDDING_MODEL, input: text });

export class Assistant {
  constructor(private readonly model: string = process.env.CLAUDE_MODEL ?? "claude-sonnet-4") {}

  ask(prompt: string) {
    const params = { model: this.model, max_tokens: 512 };
    // CHECK-NOTES: note: the code default ('claude-sonnet-4') decides
    // CHECK-MESSAGES: warning: CLAUDE_MODEL reaches @anthropic-ai/sdk.messages.create({ model: ... }) and docker-compose.yml service 'llm' does not set it [dstack-configurable-model]
    return claude.messages.create({ ...params, messages: [{ role: "user", content: prompt }] });
  }
}

export async function local(prompt: string) {
  // CHECK-MESSAGES: error: OLLAMA_MODEL reaches Ollama.chat({ model: ... }) and docker-compose.yml service 'llm' lets the operator set it (OLLAMA_MODEL) [dstack-configurable-model]
  await ollama.chat({ model: process.env.OLLAMA_MODEL!, messages: [{ role: "user", content: prompt }] });
  // CHECK-MESSAGES: warning: AI_MODEL reaches @ai-sdk/openai.openai(...) [dstack-configurable-model]
  await generateText({ model: openai(process.env.AI_MODEL ?? "gpt-4o-mini"), prompt });
  // CHECK-MESSAGES: warning: LC_MODEL reaches ChatOpenAI({ model: ... }) [dstack-configurable-model]
  const chat = new ChatOpenAI({ model: process.env.LC_MODEL, temperature: 0 });
  return chat.invoke(prompt);
}

// A literal model, and configuration in the messages or limits, are fine; so
// is a model the compose file pins. The client's URL is the endpoint check's.
client.chat.completions.create({ model: "fixed-model", messages: [{ role: "system", content: process.env.SYSTEM_PROMPT ?? "" }] }); // ok: dstack-configurable-model
client.chat.completions.create({ model: "fixed-model", max_tokens: Number(process.env.MAX_TOKENS), messages: [] }); // ok: dstack-configurable-model
client.chat.completions.create({ model: process.env.PINNED_MODEL!, messages: [] }); // ok: dstack-configurable-model
new OpenAI({ baseURL: process.env.LLM_BASE_URL }); // ok: dstack-configurable-model
// --- path: docker-compose.yml ---
services:
  llm:
    build: ./svc
    environment:
      MODEL: ${LLM_MODEL}
      OLLAMA_MODEL:
      PINNED_MODEL: llama
