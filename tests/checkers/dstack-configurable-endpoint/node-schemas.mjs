// No deployment file: the findings are held back unless asked for.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true}}
// Schemas whose keys are environment variables (zod, envalid), and the LLM,
// blockchain and database clients they configure.
import "dotenv/config";
import { z } from "zod";
import { cleanEnv, str, url, port } from "envalid";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { ChatOpenAI } from "@langchain/openai";
import { JsonRpcProvider, ethers } from "ethers";
import { createPublicClient, http } from "viem";
import pg from "pg";
import { createClient } from "redis";
import Redis from "ioredis";
import mongoose from "mongoose";
import { MongoClient } from "mongodb";

const Env = z.object({
  LLM_BASE_URL: z.string().url().default("http://vllm:8000/v1"),
  CLAUDE_URL: z.string().url(),
  RPC_URL: z.string().url(),
  DATABASE_URL: z.string(),
  POOL_SIZE: z.coerce.number().default(10),
  LOG_LEVEL: z.enum(["debug", "info"]).default("info"),
});
const env = Env.parse(process.env);
const checked = Env.safeParse(process.env);
const { RPC_URL } = await Env.parseAsync(process.env);
const cache = z.strictObject({ REDIS_URL: z.string() }).parse(process.env);
const e = cleanEnv(process.env, {
  MONGO_URL: url({ default: "mongodb://mongo:27017/app" }),
  LC_BASE_URL: url(),
  REDIS_HOST: str({ default: "cache" }),
  PORT: port({ default: 3000 }),
  LEVEL: str({ default: "info" }),
});

// CHECK-NOTES: note: the code default ('http://vllm:8000/v1') decides
// CHECK-MESSAGES: warning: LLM_BASE_URL reaches openai({ baseURL: ... }) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
const llm = new OpenAI({ baseURL: env.LLM_BASE_URL, apiKey: "unused", timeout: env.POOL_SIZE });
// CHECK-MESSAGES: warning: CLAUDE_URL reaches @anthropic-ai/sdk({ baseURL: ... }) [dstack-configurable-endpoint]
const claude = new Anthropic({ baseURL: checked.data?.CLAUDE_URL });
// CHECK-MESSAGES: warning: LC_BASE_URL reaches ChatOpenAI({ configuration.baseURL: ... }) [dstack-configurable-endpoint]
const chat = new ChatOpenAI({ model: "gpt-4o-mini", configuration: { baseURL: e.LC_BASE_URL } });
// CHECK-MESSAGES: warning: RPC_URL reaches JsonRpcProvider(...) [dstack-configurable-endpoint]
const provider = new JsonRpcProvider(RPC_URL);
// `import { ethers } from "ethers"` qualifies the class as ethers.ethers.JsonRpcProvider.
// CHECK-MESSAGES: warning: RPC_URL reaches ethers.JsonRpcProvider(...) [dstack-configurable-endpoint]
const legacy = new ethers.JsonRpcProvider(RPC_URL);
// CHECK-MESSAGES: warning: RPC_URL reaches viem.http(...) [dstack-configurable-endpoint]
const viem = createPublicClient({ transport: http(RPC_URL, { timeout: e.PORT }) });
// CHECK-MESSAGES: warning: DATABASE_URL reaches Pool({ connectionString: ... }) [dstack-configurable-endpoint]
const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.POOL_SIZE });
// CHECK-MESSAGES: warning: DATABASE_URL reaches Client({ host: ... }) [dstack-configurable-endpoint]
const admin = new pg.Client({ host: new URL(env.DATABASE_URL).hostname, database: "admin" });
// CHECK-MESSAGES: warning: REDIS_URL reaches redis.createClient({ url: ... }) [dstack-configurable-endpoint]
const redis = createClient({ url: cache.REDIS_URL });
// CHECK-NOTES: note: the code default ('cache') decides
// CHECK-MESSAGES: warning: REDIS_HOST reaches ioredis({ host: ... }) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
const queue = new Redis({ host: e.REDIS_HOST, port: 6379, db: e.PORT });
// CHECK-MESSAGES: warning: REDIS_URL reaches ioredis(...) [dstack-configurable-endpoint]
const sub = new Redis(`${cache.REDIS_URL}/1`);
// CHECK-NOTES: note: the code default ('mongodb://mongo:27017/app') decides
// CHECK-MESSAGES: warning: MONGO_URL reaches mongoose.connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
await mongoose.connect(e.MONGO_URL, { maxPoolSize: env.POOL_SIZE });
// CHECK-MESSAGES: warning: MONGO_URL reaches MongoClient(...) [dstack-configurable-endpoint]
const mongo = new MongoClient(e.MONGO_URL);

// Fields of the same schemas that configure no destination.
new pg.Pool({ host: "db", max: env.POOL_SIZE, application_name: env.LOG_LEVEL }); // ok: dstack-configurable-endpoint
new Redis({ host: "cache", port: e.PORT, keyPrefix: e.LEVEL }); // ok: dstack-configurable-endpoint
new OpenAI({ baseURL: "http://vllm:8000/v1", maxRetries: env.POOL_SIZE }); // ok: dstack-configurable-endpoint
