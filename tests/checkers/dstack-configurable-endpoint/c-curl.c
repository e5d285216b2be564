// C through Clang: getenv into libcurl's CURLOPT_URL, through a helper, a
// fallback and snprintf. Only the URL and proxy options are destinations; a
// service whose compose file pins the variable is silent.
// --- path: include/curl/curl.h ---
typedef void CURL;
typedef enum {
  CURLOPT_URL = 10002,
  CURLOPT_PROXY = 10004,
  CURLOPT_POSTFIELDS = 10015,
  CURLOPT_USERAGENT = 10018
} CURLoption;
CURL *curl_easy_init(void);
int curl_easy_setopt(CURL *curl, CURLoption option, ...);
int curl_easy_perform(CURL *curl);
// --- path: open/main.c ---
#include <stdio.h>
#include <stdlib.h>
#include <curl/curl.h>

static const char *upstream(void) {
  // CHECK-NOTES: :19: note: value read from getenv('UPSTREAM_URL')
  const char *u = getenv("UPSTREAM_URL");
  if (!u)
    u = "https://api.example.com";
  return u;
}

int send_prompt(const char *prompt) {
  CURL *h = curl_easy_init();
  char url[256];
  snprintf(url, sizeof url, "%s/v1/chat/completions", upstream());
  // CHECK-MESSAGES: :36: error: UPSTREAM_URL reaches curl_easy_setopt(...) and docker-compose.yml service 'open' lets the operator set it (UPSTREAM_URL) [dstack-configurable-endpoint]
  curl_easy_setopt(h, CURLOPT_URL, url);
  // Not destinations: the body and the user agent.
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, getenv("UPSTREAM_URL")); // ok: dstack-configurable-endpoint
  curl_easy_setopt(h, CURLOPT_USERAGENT, getenv("UPSTREAM_URL")); // ok: dstack-configurable-endpoint
  (void)prompt;
  return curl_easy_perform(h);
}

int via_proxy(void) {
  CURL *h = curl_easy_init();
  // CHECK-MESSAGES: :38: error: HTTPS_PROXY reaches curl_easy_setopt(...) and docker-compose.yml service 'open' lets the operator set it (HTTPS_PROXY) [dstack-configurable-endpoint]
  curl_easy_setopt(h, CURLOPT_PROXY, getenv("HTTPS_PROXY"));
  curl_easy_setopt(h, CURLOPT_URL, "https://api.example.com/v1"); // ok: dstack-configurable-endpoint
  return curl_easy_perform(h);
}
// --- path: pinned/main.c ---
#include <stdlib.h>
#include <curl/curl.h>

int main(void) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, getenv("UPSTREAM_URL")); // ok: dstack-configurable-endpoint
  return curl_easy_perform(h);
}
// --- path: docker-compose.yml ---
services:
  open:
    build: ./open
    environment:
      UPSTREAM_URL: ${UPSTREAM_URL}
      HTTPS_PROXY: ${HTTPS_PROXY:-}
  pinned:
    build: ./pinned
    environment:
      UPSTREAM_URL: https://api.example.com
