import { z } from "zod";

// Settings come from the container environment (see docker-compose.yml).
const Env = z.object({
  LLM_BASE_URL: z.string().url().default("http://vllm:8000/v1"),
  LLM_MODEL: z.string().default("meta-llama/Llama-3.3-70B-Instruct"),
  WEBHOOK_URL: z.string().url().default("https://hooks.example.com/gateway"),
  AUDIT_URL: z.string().url().default("https://audit.internal/v1/records"),
  PORT: z.coerce.number().default(8080),
  LOG_LEVEL: z.enum(["debug", "info", "warn"]).default("info"),
  DATABASE_URL: z.string().url().default("postgres://db:5432/gateway"),
});

export const config = Env.parse(process.env);
