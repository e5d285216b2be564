// Rust sinks besides reqwest: ureq, hyper/http request builders, tonic,
// ethers, tungstenite, tokio-postgres and redis; dotenvy reads too.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true}}
use std::env;
use tonic::transport::Channel;
use ethers::providers::{Http, Provider};

async fn connect() -> anyhow::Result<()> {
    // CHECK-MESSAGES: warning: STATUS_URL reaches ureq.get(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    ureq::get(&env::var("STATUS_URL")?).call()?;
    let agent = ureq::agent();
    // CHECK-MESSAGES: warning: AGENT_URL reaches Agent.post(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    agent.post(&env::var("AGENT_URL")?).call()?;
    // CHECK-MESSAGES: warning: UPSTREAM_URI reaches Builder.uri(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    let req = hyper::Request::builder().method("POST").uri(env::var("UPSTREAM_URI")?).body(())?;
    let _ = req;
    // CHECK-MESSAGES: warning: GRPC_TARGET reaches Channel.from_shared(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    let channel = Channel::from_shared(env::var("GRPC_TARGET")?)?.connect().await?;
    let _ = channel;
    // CHECK-MESSAGES: warning: ETH_RPC_URL reaches Provider.try_from(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    let provider = Provider::<Http>::try_from(dotenvy::var("ETH_RPC_URL")?)?;
    let _ = provider;
    // CHECK-MESSAGES: warning: FEED_WS reaches tokio_tungstenite.connect_async(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    tokio_tungstenite::connect_async(env::var("FEED_WS")?).await?;
    // CHECK-MESSAGES: warning: PG_DSN reaches tokio_postgres.connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    tokio_postgres::connect(&env::var("PG_DSN")?, tokio_postgres::NoTls).await?;
    // CHECK-MESSAGES: warning: REDIS_URL reaches Client.open(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    redis::Client::open(env::var("REDIS_URL")?)?;
    // Not destinations: a method name, a body, a header.
    let m = env::var("METHOD")?;
    hyper::Request::builder().method(m.as_str()).uri("https://api.example.com").body(env::var("BODY")?)?; // ok: dstack-configurable-endpoint
    Ok(())
}

async fn more() -> anyhow::Result<()> {
    // CHECK-MESSAGES: warning: GRPC_ENDPOINT reaches Endpoint.from_shared(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    tonic::transport::Endpoint::from_shared(env::var("GRPC_ENDPOINT")?)?.connect().await?;
    // CHECK-MESSAGES: warning: ETH_HTTP reaches Http.new(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    let _ = Http::new(env::var("ETH_HTTP")?.parse::<url::Url>()?);
    // CHECK-MESSAGES: warning: ETH_WS reaches Ws.connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    ethers::providers::Ws::connect(env::var("ETH_WS")?).await?;
    // CHECK-MESSAGES: warning: ALLOY_URL reaches ProviderBuilder.connect_http(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    alloy::providers::ProviderBuilder::new().connect_http(env::var("ALLOY_URL")?.parse()?);
    // CHECK-MESSAGES: warning: SQLX_URL reaches PgPool.connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    sqlx::PgPool::connect(&env::var("SQLX_URL")?).await?;
    // CHECK-MESSAGES: warning: PG_URL reaches Client.connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    postgres::Client::connect(&env::var("PG_URL")?, postgres::NoTls)?;
    // CHECK-MESSAGES: warning: MONGO_URI reaches Client.with_uri_str(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    mongodb::Client::with_uri_str(env::var("MONGO_URI")?).await?;
    // CHECK-MESSAGES: warning: AMQP_ADDR reaches Connection.connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    lapin::Connection::connect(&env::var("AMQP_ADDR")?, lapin::ConnectionProperties::default()).await?;
    // CHECK-MESSAGES: warning: NATS_URL reaches async_nats.connect(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    async_nats::connect(env::var("NATS_URL")?).await?;
    Ok(())
}
