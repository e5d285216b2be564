// C through Clang: libcurl and OpenSSL calls that turn verification off, and
// the same calls left secure.
// --- path: include/curl/curl.h ---
typedef void CURL;
typedef enum {
  CURLOPT_URL = 10002,
  CURLOPT_SSL_VERIFYPEER = 64,
  CURLOPT_SSL_VERIFYHOST = 81,
  CURLOPT_TIMEOUT = 13
} CURLoption;
CURL *curl_easy_init(void);
int curl_easy_setopt(CURL *curl, CURLoption option, ...);
// --- path: include/openssl/ssl.h ---
typedef struct ssl_ctx_st SSL_CTX;
#define SSL_VERIFY_NONE 0x00
#define SSL_VERIFY_PEER 0x01
void SSL_CTX_set_verify(SSL_CTX *ctx, int mode, void *callback);
// --- path: client.c ---
#include <curl/curl.h>
#include <openssl/ssl.h>

void insecure(SSL_CTX *ctx) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, "https://verifier.example/attest");
  // CHECK-MESSAGES: :47: warning: libcurl does not check the server's certificate (CURLOPT_SSL_VERIFYPEER set to 0) [attestation-tls-verification-disabled]
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
  // CHECK-MESSAGES: :47: warning: libcurl does not check that the certificate names the host (CURLOPT_SSL_VERIFYHOST below 2) [attestation-tls-verification-disabled]
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0);
  // CHECK-NOTES: note: whoever controls the network path, the host operator included, can impersonate the remote service
  // CHECK-MESSAGES: :27: warning: OpenSSL does not verify the peer's certificate (SSL_VERIFY_NONE) [attestation-tls-verification-disabled]
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, 0);
}

void secure(SSL_CTX *ctx) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L); // ok: attestation-tls-verification-disabled
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L); // ok: attestation-tls-verification-disabled
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 0L);        // ok: attestation-tls-verification-disabled
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, 0);     // ok: attestation-tls-verification-disabled
}
