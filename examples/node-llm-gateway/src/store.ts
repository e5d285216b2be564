import pg from "pg";

import { config } from "./config";

// Conversations are kept so users can come back to them.
const pool = new pg.Pool({ connectionString: config.DATABASE_URL });

export async function saveConversation(user: string, messages: unknown[], answer: string) {
  await pool.query("INSERT INTO conversations (user_id, messages, answer) VALUES ($1, $2, $3)", [
    user,
    JSON.stringify(messages),
    answer,
  ]);
}
