// Structs deserialized from the environment: the config crate (an
// `Environment` source with a separator reads nested structs one level
// down, `NEAR_AI__BASE_URL`), envy (a prefix) and figment (`Env::prefixed`);
// fields carried into format! strings and through `?`, `unwrap`, `context`.
// A serde default function returning a literal is the code default; a
// `#[serde(flatten)]` field's struct is read at the level of its holder. A struct
// deserialized from elsewhere (JSON) is no source.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true}}
// --- path: bot/Cargo.toml ---
[package]
name = "bot"
// --- path: bot/src/config.rs ---
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Config {
    pub near_ai: NearAiConfig,
    pub log_level: String,
}

#[derive(Debug, Deserialize)]
pub struct NearAiConfig {
    // CHECK-NOTES: :9: note: value read from field 'base_url' of settings class 'NearAiConfig'
    pub base_url: String,
    #[serde(rename = "mirror")]
    pub mirror_url: String,
}

impl Config {
    pub fn load() -> anyhow::Result<Self> {
        let config = config::Config::builder()
            .add_source(config::Environment::default().separator("__"))
            .build()?;
        config.try_deserialize().context("bad configuration")
    }
}

#[derive(Deserialize)]
pub struct Hooks {
    pub target: String,
    #[serde(flatten)]
    pub extra: HookExtras,
}

#[derive(Deserialize)]
pub struct HookExtras {
    pub callback: String,
}

pub fn hooks() -> Hooks {
    envy::prefixed("HOOKS_").from_env::<Hooks>().unwrap()
}

#[derive(Deserialize)]
pub struct Relay {
    #[serde(default = "default_relay")]
    pub upstream: String,
    #[serde(default = "default_mirror")]
    pub mirror: String,
}

// A computed default: what it reads flows too.
fn default_mirror() -> String {
    std::env::var("LEGACY_MIRROR").unwrap_or_else(|_| "https://mirror.example.com".into())
}

fn default_relay() -> String {
    "https://relay.example.com".into()
}

pub fn relay() -> Relay {
    figment::Figment::new().merge(Env::prefixed("RELAY_")).extract::<Relay>().unwrap()
}

#[derive(Deserialize)]
pub struct Fixed {
    pub url: String,
}

pub fn fixed() -> Fixed {
    serde_json::from_str(include_str!("fixed.json")).unwrap()
}
// --- path: bot/src/main.rs ---
mod config;
use crate::config::{fixed, hooks, relay, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cfg = Config::load()?;
    let client = reqwest::Client::new();
    // CHECK-MESSAGES: :17: error: NEAR_AI__BASE_URL reaches Client.post(...) and docker-compose.yml service 'bot' lets the operator set it (NEAR_AI_BASE_URL) [dstack-configurable-endpoint]
    client.post(format!("{}/chat/completions", cfg.near_ai.base_url)).send().await?;
    // Pinned in the compose file.
    client.get(&cfg.near_ai.mirror_url).send().await?; // ok: dstack-configurable-endpoint
    // CHECK-MESSAGES: :17: error: HOOKS_TARGET reaches Client.post(...) and docker-compose.yml service 'bot' lets the operator set it (HOOKS_TARGET) [dstack-configurable-endpoint]
    client.post(&hooks().target).send().await?;
    // A flattened struct's fields are read at the level of the struct holding it.
    // CHECK-MESSAGES: :17: error: HOOKS_CALLBACK reaches Client.post(...) and docker-compose.yml service 'bot' lets the operator set it (HOOKS_CALLBACK) [dstack-configurable-endpoint]
    client.post(&hooks().extra.callback).send().await?;
    // CHECK-MESSAGES: :16: warning: RELAY_UPSTREAM reaches Client.get(...) and docker-compose.yml service 'bot' does not set it [dstack-configurable-endpoint]
    // CHECK-NOTES: note: the code default ('https://relay.example.com') decides, and the operator can add the variable without a code change
    client.get(&relay().upstream).send().await?;
    // CHECK-MESSAGES: :16: error: LEGACY_MIRROR reaches Client.get(...) and docker-compose.yml service 'bot' lets the operator set it (LEGACY_MIRROR) [dstack-configurable-endpoint]
    // CHECK-NOTES: :17: note: default of settings field 'mirror'
    // CHECK-MESSAGES: :16: warning: RELAY_MIRROR reaches Client.get(...) and docker-compose.yml service 'bot' does not set it [dstack-configurable-endpoint]
    client.get(&relay().mirror).send().await?;
    client.get(&fixed().url).send().await?; // ok: dstack-configurable-endpoint
    Ok(())
}
// --- path: docker-compose.yml ---
services:
  bot:
    build: ./bot
    environment:
      NEAR_AI__BASE_URL: ${NEAR_AI_BASE_URL:-https://cloud-api.near.ai/v1}
      NEAR_AI__MIRROR: https://mirror.example.com
      HOOKS_TARGET: ${HOOKS_TARGET}
      HOOKS_CALLBACK: ${HOOKS_CALLBACK}
      LOG_LEVEL: info
      LEGACY_MIRROR: ${LEGACY_MIRROR}
