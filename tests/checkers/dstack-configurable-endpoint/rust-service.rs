// A Rust crate: modules by `mod` declarations (`x.rs` and `x/mod.rs`),
// `use` paths from `crate`, `super` and `self`, impl blocks, builders, and
// the verdicts of the compose file that builds it.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportEverySink: true}}
// --- path: gateway/Cargo.toml ---
[package]
name = "tee-gateway"
version = "0.1.0"
edition = "2021"
// --- path: gateway/src/main.rs ---
mod config;
mod upstream;

use crate::config::Settings;
use std::time::Duration;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::from_env();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    // CHECK-MESSAGES: :17: error: BACKEND_URL reaches Client.post(...) and docker-compose.yml service 'gateway' lets the operator set it (BACKEND_URL) [dstack-configurable-endpoint]
    client.post(&settings.backend_url).send().await?;
    upstream::forward(&client).await?;
    // Pinned by the compose file.
    reqwest::get(std::env::var("STATUS_URL")?).await?; // ok: dstack-configurable-endpoint
    Ok(())
}
// --- path: gateway/src/config/mod.rs ---
use std::env;

pub mod chain;

pub struct Settings {
    pub backend_url: String,
    pub region: String,
}

impl Settings {
    pub fn from_env() -> Self {
        Settings {
            // CHECK-NOTES: :26: note: value read from std::env::var('BACKEND_URL')
            backend_url: env::var("BACKEND_URL").expect("BACKEND_URL must be set"),
            region: env::var("REGION").unwrap_or_else(|_| "eu".to_string()),
        }
    }
}
// --- path: gateway/src/config/chain.rs ---
use alloy::providers::ProviderBuilder;

pub fn rpc_url() -> String {
    std::env::var("RPC_URL").unwrap_or("https://rpc.example.org".into())
}

pub async fn provider() -> anyhow::Result<()> {
    // CHECK-MESSAGES: :71: error: RPC_URL reaches ProviderBuilder.on_http(...) and docker-compose.yml service 'gateway' lets the operator set it (RPC_URL) [dstack-configurable-endpoint]
    let p = ProviderBuilder::new().with_recommended_fillers().on_http(rpc_url().parse()?);
    let _ = p;
    Ok(())
}
// --- path: gateway/src/upstream.rs ---
use super::config::{self, Settings};
use sqlx::postgres::PgPoolOptions;

pub async fn forward(client: &reqwest::Client) -> anyhow::Result<()> {
    let base = Settings::from_env().backend_url;
    let url = format!("{}/v1/forward", base.trim_end_matches('/'));
    // CHECK-MESSAGES: :16: error: BACKEND_URL reaches Client.get(...) and docker-compose.yml service 'gateway' lets the operator set it (BACKEND_URL) [dstack-configurable-endpoint]
    client.get(url).send().await?;
    // The region only picks a path at a fixed origin.
    client.get(format!("https://api.example.com/{}", Settings::from_env().region)).send().await?; // ok: dstack-configurable-endpoint
    // CHECK-MESSAGES: :64: error: DATABASE_URL reaches PoolOptions.connect(...) and docker-compose.yml service 'gateway' lets the operator set it (DATABASE_URL) [dstack-configurable-endpoint]
    let pool = PgPoolOptions::new().max_connections(5).connect(&std::env::var("DATABASE_URL")?).await?;
    let _ = (pool, config::chain::rpc_url());
    Ok(())
}
// --- path: gateway/tests/smoke.rs ---
// Integration tests are not part of the service.
#[tokio::test]
async fn smoke() {
    reqwest::get(std::env::var("TEST_URL").unwrap()).await.unwrap(); // ok: dstack-configurable-endpoint
}
// --- path: docker-compose.yml ---
services:
  gateway:
    build: ./gateway
    environment:
      BACKEND_URL: ${BACKEND_URL}
      STATUS_URL: https://status.example.com
      RPC_URL: ${RPC_URL}
      DATABASE_URL: ${DATABASE_URL}
      REGION: ${REGION}
      TEST_URL: ${TEST_URL}
