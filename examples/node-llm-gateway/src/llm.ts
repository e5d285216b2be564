import OpenAI from "openai";

import { config } from "@/config";

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

// The inference backend that sees every prompt.
const client = new OpenAI({ baseURL: config.LLM_BASE_URL, apiKey: process.env.LLM_API_KEY });

export async function complete(messages: ChatMessage[]): Promise<string> {
  const res = await client.chat.completions.create({
    model: config.LLM_MODEL,
    messages,
    max_tokens: 1024,
  });
  return res.choices[0]?.message?.content ?? "";
}
