// C++ through Clang: cpp-httplib clients told not to verify the server.
// --- path: include/httplib.h ---
#include <string>
namespace httplib {
class SSLClient {
public:
  explicit SSLClient(const std::string &host);
  void enable_server_certificate_verification(bool enabled);
  void enable_server_hostname_verification(bool enabled);
};
} // namespace httplib
// --- path: client.cpp ---
#include <httplib.h>

void connect() {
  httplib::SSLClient cli("kms.example:8443");
  // CHECK-MESSAGES: :46: warning: cpp-httplib does not verify the server's certificate [attestation-tls-verification-disabled]
  cli.enable_server_certificate_verification(false);
  httplib::SSLClient ok("kms.example:8443");
  ok.enable_server_certificate_verification(true); // ok: attestation-tls-verification-disabled
}
