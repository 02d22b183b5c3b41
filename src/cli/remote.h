// paiam/cli — talking to a running `paiam serve`: where it is, whose credentials to sign with,
// the signed HTTP exchange, and how its failures are printed. The client verbs
// (client_commands.cc) are thin on top of this.
//
// Settings, first match wins:
//   endpoint     --endpoint, PAIAM_ENDPOINT, ~/.paiam/config "endpoint", 127.0.0.1:8080;
//                "https://HOST[:PORT]" talks TLS (port 443 by default) and verifies the
//                server's certificate against --ca-file / PAIAM_CA_FILE (for paiam's own
//                self-signed one: DATA_DIR/tls-cert.pem), else the system trust store
//   credentials  --access-key-id + --access-key-secret, --credentials-file FILE,
//                PAIAM_ACCESS_KEY_ID + PAIAM_ACCESS_KEY_SECRET, PAIAM_CREDENTIALS_FILE,
//                ~/.paiam/config "access_key_id" + "access_key_secret".
// The id and the secret always come from the same source, so a stale secret in one place can
// never be paired with an id from another. A credentials file is what the server writes at
// bootstrap (DATA_DIR/root-credentials.json: {"account_id","access_key_id",
// "access_key_secret"}). ~/.paiam/config is read only when needed and refused when group or
// others may read it (it holds a secret).
//
// Every request is signed with ACS3-HMAC-SHA256 (auth/signature.h), a fresh nonce and the
// current time. A failure is thrown as RemoteFailure and printed by RunRemote:
//   paiam: <Code>: <Message> (request <RequestId>)     the server answered with an error
//   paiam: cannot connect to HOST:PORT: <why>          nothing answered
// both exit status 1. Usage problems (no credentials, a bad endpoint) are UsageError (exit 2).
//
// Depends on: auth (signing), http (HttpClient), nlohmann/json, CLI11.
#ifndef PAIAM_CLI_REMOTE_H_
#define PAIAM_CLI_REMOTE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "http/http_client.h"

namespace paiam::cli {

inline constexpr const char* kDefaultEndpoint = "127.0.0.1:8080";

struct RemoteFlags {
  std::string endpoint;
  std::string access_key_id;
  std::string access_key_secret;
  std::string credentials_file;
  std::string ca_file;
};

// Adds --endpoint, --access-key-id, --access-key-secret, --credentials-file and --ca-file.
void AddRemoteFlags(CLI::App* app, RemoteFlags* flags);

struct RemoteSettings {
  std::string host;  // without brackets for IPv6
  uint16_t port = 0;
  bool tls = false;      // the endpoint said https://
  std::string ca_file;   // TLS: trusted certificates (PEM); empty: the system's
  std::string endpoint;  // as the user wrote it (for messages)
  std::string access_key_id;
  std::string access_key_secret;
  std::string credentials_source;  // "--access-key-id", "PAIAM_CREDENTIALS_FILE (path)", ...
};

// Resolves the settings by the precedence above. Environment and home are parameters so that
// tests need not touch the process environment. Throws UsageError.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
RemoteSettings ResolveRemoteSettings(const RemoteFlags& flags, const EnvLookup& env);
RemoteSettings ResolveRemoteSettings(const RemoteFlags& flags);  // the process environment

// "HOST:PORT", "[v6]:PORT", optionally prefixed by "http://"; or "https://HOST[:PORT]" (TLS,
// port 443 unless given). Throws UsageError.
struct Endpoint {
  std::string host;  // without brackets for IPv6
  uint16_t port = 0;
  bool tls = false;
};
Endpoint ParseEndpointSpec(const std::string& endpoint);
std::pair<std::string, uint16_t> ParseEndpoint(const std::string& endpoint);

// What a failed exchange says; `http_status` 0 when no response arrived at all.
struct RemoteFailure : std::runtime_error {
  RemoteFailure(int http_status, std::string code, std::string message, std::string request_id,
                nlohmann::json body = nullptr);
  int http_status;
  std::string code;
  std::string message;
  std::string request_id;
  nlohmann::json body;  // the server's whole error body (AccessDeniedDetail, ...)
};

// One keep-alive connection to the server, signing every request.
class RemoteClient {
 public:
  // Connects; throws RemoteFailure (code "http.connect") when nothing answers.
  explicit RemoteClient(RemoteSettings settings);

  // GET path?query; the decoded JSON body of a 2xx answer, else throws RemoteFailure.
  nlohmann::json Get(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& query = {});
  // POST path with a JSON body; as Get.
  nlohmann::json Post(const std::string& path, const nlohmann::json& body);

  const RemoteSettings& settings() const { return settings_; }

 private:
  nlohmann::json Send(const std::string& method, const std::string& path,
                      const std::vector<std::pair<std::string, std::string>>& query,
                      std::string body);

  RemoteSettings settings_;
  std::optional<http::HttpClient> client_;
};

// Runs `body`; a RemoteFailure is printed as described above and becomes exit status 1.
// UsageError passes through to main.
int RunRemote(const std::function<int()>& body);

// The line printed for a failure, without the "paiam: " prefix and newline.
std::string DescribeFailure(const RemoteFailure& failure);

}  // namespace paiam::cli

#endif  // PAIAM_CLI_REMOTE_H_
