const https = require("https");
const request = require("request");

request({ url: "https://v.example", strictSSL: false }); // CHECK-MESSAGES: warning: 'strictSSL: false' [attestation-tls-verification-disabled]
https.request({ host: "v.example", agent: new https.Agent({ rejectUnauthorized: false }) }); // CHECK-MESSAGES: warning: 'rejectUnauthorized: false' [attestation-tls-verification-disabled]
module.exports = { https };
