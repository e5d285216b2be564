import https from "node:https";

// NOLINTNEXTLINE(attestation-tls-verification-disabled)
https.get("https://a.example", { rejectUnauthorized: false });

/* NOLINTBEGIN */
https.get("https://b.example", { rejectUnauthorized: false });
/* NOLINTEND */

https.get("https://c.example", { rejectUnauthorized: false }); /* CHECK-MESSAGES: warning: 'rejectUnauthorized: false' [attestation-tls-verification-disabled] */
