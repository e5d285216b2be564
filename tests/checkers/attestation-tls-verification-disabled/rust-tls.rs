// Rust: reqwest and native-tls builders told to accept any certificate.
fn clients() -> reqwest::Result<()> {
    let a = reqwest::Client::builder()
        // CHECK-MESSAGES: :10: warning: TLS certificate verification is disabled by 'danger_accept_invalid_certs(true)' [attestation-tls-verification-disabled]
        .danger_accept_invalid_certs(true)
        .build()?;
    // CHECK-MESSAGES: :49: warning: TLS host name checking is disabled by 'danger_accept_invalid_hostnames(true)' [attestation-tls-verification-disabled]
    let b = native_tls::TlsConnector::builder().danger_accept_invalid_hostnames(true).build();
    let c = reqwest::Client::builder().danger_accept_invalid_certs(false).build()?; // ok: attestation-tls-verification-disabled
    let d = reqwest::blocking::Client::builder().danger_accept_invalid_certs(cfg!(debug_assertions)); // ok: attestation-tls-verification-disabled
    let _ = (a, b, c, d);
    Ok(())
}
