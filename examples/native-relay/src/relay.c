// Reads prompts on stdin and relays each one to an upstream LLM, reporting
// usage counts to a metrics endpoint.
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The value of environment variable NAME, or FALLBACK when it is unset or
/// empty.
static const char *env_or(const char *name, const char *fallback) {
  const char *value = getenv(name);
  if (value == NULL || value[0] == '\0')
    value = fallback;
  return value;
}

static const char *upstream_base(void) {
  // The operator sets UPSTREAM_URL (docker-compose.yml interpolates it).
  const char *base = getenv("UPSTREAM_URL");
  if (!base)
    base = "https://llm.internal:8443";
  return base;
}

static int post(const char *url, const char *body) {
  CURL *curl = curl_easy_init();
  if (!curl)
    return 1;
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return rc == CURLE_OK ? 0 : 1;
}

int main(void) {
  char url[512];
  snprintf(url, sizeof url, "%s/v1/completions", upstream_base());
  // The compose file pins METRICS_URL to a literal: not the operator's to change.
  const char *metrics = env_or("METRICS_URL", "http://metrics:9100/usage");
  char prompt[4096];
  unsigned long count = 0;
  while (fgets(prompt, sizeof prompt, stdin)) {
    prompt[strcspn(prompt, "\n")] = '\0';
    if (post(url, prompt) == 0)
      ++count;
  }
  char usage[64];
  snprintf(usage, sizeof usage, "{\"prompts\": %lu}", count);
  return post(metrics, usage);
}
