// A Rust client of a registry contract (ethers-rs and alloy): the address
// parsed from a variable the operator sets is reported; one pinned in the
// compose file is not.
// --- path: agent/Cargo.toml ---
[package]
name = "agent"
version = "0.1.0"
// --- path: agent/src/main.rs ---
use std::env;

use alloy::contract::ContractInstance;
use ethers::contract::Contract;

fn main() -> anyhow::Result<()> {
    let provider = make_provider();
    // CHECK-MESSAGES: error: REGISTRY_ADDRESS reaches Contract.new(...) and docker-compose.yml service 'agent' lets the operator set it (REGISTRY_ADDRESS) [dstack-configurable-contract]
    let registry = Contract::new(env::var("REGISTRY_ADDRESS")?.parse::<Address>()?, abi(), provider.clone());
    // CHECK-MESSAGES: error: PAYMENTS_ADDRESS reaches ContractInstance.new(...) and docker-compose.yml service 'agent' lets the operator set it (PAYMENTS_ADDRESS) [dstack-configurable-contract]
    let payments = ContractInstance::new(env::var("PAYMENTS_ADDRESS")?.parse()?, provider.clone(), abi());
    let kms = ContractInstance::new(env::var("KMS_ADDRESS")?.parse()?, provider.clone(), abi()); // ok: dstack-configurable-contract
    println!("{:?} {:?} {:?}", registry, payments, kms);
    Ok(())
}
// --- path: docker-compose.yml ---
services:
  agent:
    image: ghcr.io/acme/agent@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
    build: ./agent
    environment:
      - REGISTRY_ADDRESS=${REGISTRY_ADDRESS}
      - PAYMENTS_ADDRESS=${PAYMENTS_ADDRESS}
      - KMS_ADDRESS=0x3333333333333333333333333333333333333333
// --- path: agent/Dockerfile ---
FROM rust:1.80@sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc AS build
COPY . /src
RUN cd /src && cargo build --release
FROM gcr.io/distroless/cc@sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
COPY --from=build /src/target/release/agent /agent
CMD ["/agent"]
