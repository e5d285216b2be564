// Rust configuration sources: clap arguments read from the environment
// (`env = "NAME"`, bare `env`, defaults), and arguments that only the
// command line sets, which the compose file measures.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportEverySink: true, dstack-configurable-endpoint.ReportUnset: true}}
// --- path: relay/Cargo.toml ---
[package]
name = "relay"
// --- path: relay/src/main.rs ---
use clap::Parser;

#[derive(Parser, Debug)]
struct Args {
    /// Where relayed messages go.
    #[arg(long, env = "UPSTREAM_URL", default_value = "https://relay.example.com")]
    upstream_url: String, // CHECK-NOTES: :5: note: value read from field 'upstream_url' of settings class 'Args'
    #[arg(long, env)]
    backup_url: String,
    #[arg(long, env = "MIRROR_URL", default_value = "https://mirror.example.com")]
    mirror_url: String,
    /// Only on the command line.
    #[arg(long, default_value = "https://cli.example.com")]
    cli_url: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let client = reqwest::Client::new();
    // CHECK-MESSAGES: :17: error: UPSTREAM_URL reaches Client.post(...) and docker-compose.yml service 'relay' lets the operator set it (UPSTREAM_URL) [dstack-configurable-endpoint]
    client.post(&args.upstream_url).send().await?;
    // CHECK-MESSAGES: :17: error: BACKUP_URL reaches Client.post(...) and docker-compose.yml service 'relay' lets the operator set it (BACKUP_URL) [dstack-configurable-endpoint]
    client.post(&args.backup_url).send().await?;
    // CHECK-MESSAGES: :17: warning: MIRROR_URL reaches Client.post(...) and docker-compose.yml service 'relay' does not set it [dstack-configurable-endpoint]
    // CHECK-NOTES: note: the code default ('https://mirror.example.com') decides
    client.post(&args.mirror_url).send().await?;
    client.post(&args.cli_url).send().await?; // ok: dstack-configurable-endpoint
    // A helper reading the variable its parameter names.
    // CHECK-MESSAGES: :17: error: WEBHOOK_URL reaches Client.post(...) and docker-compose.yml service 'relay' lets the operator set it (WEBHOOK_URL) [dstack-configurable-endpoint]
    client.post(&env_or("WEBHOOK_URL", "https://hooks.example.com")).send().await?;
    Ok(())
}

fn env_or(key: &str, default: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| default.to_string())
}
// --- path: docker-compose.yml ---
services:
  relay:
    build: ./relay
    command: ["relay", "--cli-url", "https://cli.example.com"]
    environment:
      UPSTREAM_URL: ${UPSTREAM_URL}
      BACKUP_URL: ${BACKUP_URL}
      WEBHOOK_URL: ${WEBHOOK_URL}
