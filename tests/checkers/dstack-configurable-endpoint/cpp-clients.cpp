// C++ through Clang: std::getenv into cpp-httplib, cpr, gRPC and Boost.Asio,
// through std::string building, a class member set in a constructor, an
// ostringstream and std::optional. A compose file that pins the variable
// silences the same code.
// --- path: include/httplib.h ---
#include <string>
namespace httplib {
struct Result {};
class Client {
public:
  explicit Client(const std::string &scheme_host_port);
  Client(const std::string &host, int port);
  Result Get(const std::string &path);
  Result Post(const std::string &path, const std::string &body, const std::string &type);
};
} // namespace httplib
// --- path: include/cpr/cpr.h ---
#include <string>
namespace cpr {
class Url {
public:
  Url(std::string url);
};
struct Response {};
Response Get(const Url &url);
} // namespace cpr
// --- path: include/grpcpp/grpcpp.h ---
#include <memory>
#include <string>
namespace grpc {
class ChannelCredentials {};
class Channel {};
std::shared_ptr<ChannelCredentials> InsecureChannelCredentials();
std::shared_ptr<Channel> CreateChannel(const std::string &target,
                                       const std::shared_ptr<ChannelCredentials> &creds);
} // namespace grpc
// --- path: include/boost/asio.hpp ---
#include <string>
namespace boost {
namespace asio {
class io_context {};
namespace ip {
template <typename Protocol> class basic_resolver {
public:
  explicit basic_resolver(io_context &ctx);
  int resolve(const std::string &host, const std::string &service);
};
struct tcp {
  using resolver = basic_resolver<tcp>;
};
} // namespace ip
} // namespace asio
} // namespace boost
// --- path: open/main.cpp ---
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>

#include <boost/asio.hpp>
#include <cpr/cpr.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

std::optional<std::string> env(const char *name) {
  const char *v = std::getenv(name);
  if (!v)
    return std::nullopt;
  return std::string(v);
}

class Backend {
public:
  Backend() : base_(std::getenv("BACKEND_URL")) {}
  void send(const std::string &body) {
    // CHECK-MESSAGES: :25: error: BACKEND_URL reaches httplib::Client(...) and docker-compose.yml service 'open' lets the operator set it (BACKEND_URL) [dstack-configurable-endpoint]
    httplib::Client cli(base_);
    cli.Post("/v1/events", body, "application/json");
  }

private:
  std::string base_;
};

int main() {
  std::string llm = env("LLM_BASE_URL").value_or("https://api.openai.com");
  // CHECK-MESSAGES: :21: error: LLM_BASE_URL reaches cpr::Url(...) and docker-compose.yml service 'open' lets the operator set it (LLM_BASE_URL) [dstack-configurable-endpoint]
  cpr::Get(cpr::Url{llm + "/v1/chat/completions"});

  std::ostringstream target;
  target << std::getenv("KMS_HOST") << ":" << 8443;
  // CHECK-MESSAGES: :38: error: KMS_HOST reaches grpc::CreateChannel(...) and docker-compose.yml service 'open' lets the operator set it (KMS_HOST) [dstack-configurable-endpoint]
  auto channel = grpc::CreateChannel(target.str(), grpc::InsecureChannelCredentials());

  boost::asio::io_context ctx;
  boost::asio::ip::tcp::resolver resolver(ctx);
  std::string host = std::getenv("ORACLE_HOST");
  // CHECK-MESSAGES: :20: error: ORACLE_HOST reaches boost::asio::ip::basic_resolver::resolve(...) and docker-compose.yml service 'open' lets the operator set it (ORACLE_HOST) [dstack-configurable-endpoint]
  resolver.resolve(host, "443");

  httplib::Client fixed("https://api.example.com"); // ok: dstack-configurable-endpoint
  fixed.Get(std::getenv("BACKEND_URL")); // ok: dstack-configurable-endpoint
  Backend b;
  b.send("{}");
  (void)channel;
  return 0;
}
// --- path: pinned/main.cpp ---
#include <cstdlib>
#include <httplib.h>

int main() {
  httplib::Client cli(std::getenv("BACKEND_URL")); // ok: dstack-configurable-endpoint
  cli.Get("/health");
  return 0;
}
// --- path: docker-compose.yml ---
services:
  open:
    build: ./open
    environment:
      BACKEND_URL: ${BACKEND_URL}
      LLM_BASE_URL: ${LLM_BASE_URL}
      KMS_HOST: ${KMS_HOST}
      ORACLE_HOST: ${ORACLE_HOST}
  pinned:
    build: ./pinned
    environment:
      BACKEND_URL: https://backend.example.com
