// A Cargo workspace: the binary crate passes a URL it reads from the
// environment to a client of another crate (a path dependency), whose
// constructor keeps it in a field (`Self { base_url }`) that a method builds
// the request from. `Self` in an impl block is the impl's type.
// --- path: Cargo.toml ---
[workspace]
members = ["crates/bot", "crates/llm-client"]
// --- path: crates/bot/Cargo.toml ---
[package]
name = "bot"

[dependencies]
llm-client = { path = "../llm-client" }
// --- path: crates/llm-client/Cargo.toml ---
[package]
name = "llm-client"
// --- path: crates/llm-client/src/lib.rs ---
pub struct LlmClient {
    // CHECK-NOTES: :5: note: stored in attribute 'base_url'
    base_url: String,
    http: reqwest::Client,
}

impl LlmClient {
    pub fn new(base_url: impl Into<String>) -> Self {
        Self::with_client(base_url.into(), reqwest::Client::new())
    }

    fn with_client(base_url: String, http: reqwest::Client) -> Self {
        Self { base_url, http }
    }

    pub async fn complete(&self, prompt: String) -> anyhow::Result<()> {
        // CHECK-MESSAGES: :24: error: LLM_BASE_URL reaches Client.post(...) and docker-compose.yml service 'bot' lets the operator set it (LLM_BASE_URL) [dstack-configurable-endpoint]
        self.http.post(format!("{}/chat/completions", self.base_url)).body(prompt).send().await?;
        Ok(())
    }
}
// --- path: crates/bot/src/main.rs ---
use llm_client::LlmClient;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // CHECK-NOTES: :33: note: value read from std::env::var('LLM_BASE_URL')
    let client = LlmClient::new(std::env::var("LLM_BASE_URL")?);
    client.complete("hello".into()).await?;
    // Pinned in the compose file.
    let mirror = LlmClient::new(std::env::var("MIRROR_URL")?);
    mirror.complete("hello".into()).await?;
    Ok(())
}
// --- path: docker-compose.yml ---
services:
  bot:
    build: .
    environment:
      LLM_BASE_URL: ${LLM_BASE_URL}
      MIRROR_URL: https://mirror.example.com
