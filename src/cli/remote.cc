// paiam/cli — settings resolution, signed exchanges and failure printing for the client verbs
// (remote.h).
#include "cli/remote.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <tuple>

#include "auth/crypto.h"
#include "auth/signature.h"
#include "cli/commands.h"

namespace paiam::cli {
namespace {

using nlohmann::json;

constexpr size_t kNonceChars = 32;

std::optional<std::string> NonEmpty(const std::optional<std::string>& value) {
  if (value && !value->empty()) return value;
  return std::nullopt;
}

// A JSON object file; `what` names it in errors.
json ReadJsonObject(const std::string& path, const std::string& what) {
  json parsed = json::parse(ReadFileOrThrow(path), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    throw UsageError(what + " " + path + " is not a JSON object");
  }
  return parsed;
}

std::string StringField(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) throw UsageError(where + ": \"" + key + "\" must be a string");
  return it->get<std::string>();
}

struct KeyPair {
  std::string id, secret, source;
};

KeyPair FromCredentialsFile(const std::string& path, const std::string& source) {
  json file = ReadJsonObject(path, "credentials file");
  KeyPair pair{StringField(file, "access_key_id", path),
               StringField(file, "access_key_secret", path), source + " (" + path + ")"};
  if (pair.id.empty() || pair.secret.empty()) {
    throw UsageError("credentials file " + path +
                     " lacks \"access_key_id\" or \"access_key_secret\"");
  }
  return pair;
}

// ~/.paiam/config, read at most once and only when something is still missing.
class UserConfig {
 public:
  explicit UserConfig(const EnvLookup& env) : env_(env) {}

  const json& Get() {
    if (loaded_) return config_;
    loaded_ = true;
    std::optional<std::string> home = NonEmpty(env_("HOME"));
    if (!home) return config_;
    path_ = *home + "/.paiam/config";
    struct stat info {};
    if (::stat(path_.c_str(), &info) != 0) return config_;
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
      throw UsageError(path_ + " holds a secret but group or others may read it; run: chmod 600 " +
                       path_);
    }
    config_ = ReadJsonObject(path_, "config file");
    return config_;
  }
  const std::string& path() const { return path_; }

 private:
  const EnvLookup& env_;
  bool loaded_ = false;
  std::string path_;
  json config_ = json::object();
};

KeyPair ResolveKeys(const RemoteFlags& flags, const EnvLookup& env, UserConfig& config) {
  if (!flags.access_key_id.empty() || !flags.access_key_secret.empty()) {
    if (flags.access_key_id.empty() || flags.access_key_secret.empty()) {
      throw UsageError("--access-key-id and --access-key-secret go together");
    }
    return {flags.access_key_id, flags.access_key_secret, "--access-key-id"};
  }
  if (!flags.credentials_file.empty()) {
    return FromCredentialsFile(flags.credentials_file, "--credentials-file");
  }
  auto id = NonEmpty(env("PAIAM_ACCESS_KEY_ID"));
  auto secret = NonEmpty(env("PAIAM_ACCESS_KEY_SECRET"));
  if (id || secret) {
    if (!id || !secret) {
      throw UsageError("PAIAM_ACCESS_KEY_ID and PAIAM_ACCESS_KEY_SECRET go together");
    }
    return {*id, *secret, "PAIAM_ACCESS_KEY_ID"};
  }
  if (auto file = NonEmpty(env("PAIAM_CREDENTIALS_FILE"))) {
    return FromCredentialsFile(*file, "PAIAM_CREDENTIALS_FILE");
  }
  const json& user = config.Get();
  KeyPair pair{StringField(user, "access_key_id", config.path()),
               StringField(user, "access_key_secret", config.path()), config.path()};
  if (!pair.id.empty() && !pair.secret.empty()) return pair;
  throw UsageError(
      "no credentials: give --access-key-id and --access-key-secret (or --credentials-file "
      "DATA_DIR/root-credentials.json), or set PAIAM_ACCESS_KEY_ID and PAIAM_ACCESS_KEY_SECRET "
      "(or PAIAM_CREDENTIALS_FILE), or write them to ~/.paiam/config");
}

std::string ResolveEndpoint(const RemoteFlags& flags, const EnvLookup& env, UserConfig& config) {
  if (!flags.endpoint.empty()) return flags.endpoint;
  if (auto value = NonEmpty(env("PAIAM_ENDPOINT"))) return *value;
  std::string configured = StringField(config.Get(), "endpoint", config.path());
  return configured.empty() ? kDefaultEndpoint : configured;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Field(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

void AddRemoteFlags(CLI::App* app, RemoteFlags* flags) {
  app->add_option("--endpoint", flags->endpoint,
                  "Server HOST:PORT [PAIAM_ENDPOINT; ~/.paiam/config; default 127.0.0.1:8080]");
  app->add_option("--access-key-id", flags->access_key_id,
                  "AccessKey id to sign with [PAIAM_ACCESS_KEY_ID; ~/.paiam/config]");
  app->add_option("--access-key-secret", flags->access_key_secret,
                  "Its secret [PAIAM_ACCESS_KEY_SECRET; ~/.paiam/config]");
  app->add_option("--credentials-file", flags->credentials_file,
                  "JSON with access_key_id and access_key_secret, e.g. the server's "
                  "DATA_DIR/root-credentials.json [PAIAM_CREDENTIALS_FILE]");
  app->add_option("--ca-file", flags->ca_file,
                  "With an https:// endpoint: PEM certificates to trust, e.g. the server's "
                  "DATA_DIR/tls-cert.pem [PAIAM_CA_FILE; default: the system's]");
}

Endpoint ParseEndpointSpec(const std::string& endpoint) {
  std::string text = endpoint;
  Endpoint parsed;
  if (text.rfind("http://", 0) == 0) {
    text = text.substr(7);
  } else if (text.rfind("https://", 0) == 0) {
    text = text.substr(8);
    parsed.tls = true;
  }
  while (!text.empty() && text.back() == '/') text.pop_back();
  // A port follows the last ':' outside brackets ("[v6]:PORT", "HOST:PORT").
  const bool has_port = text.starts_with('[') ? text.find("]:") != std::string::npos
                                              : text.find(':') != std::string::npos;
  if (parsed.tls && !has_port) text += ":443";
  size_t colon = text.rfind(':');
  std::string host = colon == std::string::npos ? "" : text.substr(0, colon);
  std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  char* end = nullptr;
  unsigned long number = std::strtoul(port.c_str(), &end, 10);
  if (host.empty() || port.empty() || *end != '\0' || number == 0 || number > 65535 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError("endpoint must be HOST:PORT or https://HOST[:PORT], got \"" + endpoint +
                     "\"");
  }
  parsed.host = host;
  parsed.port = static_cast<uint16_t>(number);
  return parsed;
}

std::pair<std::string, uint16_t> ParseEndpoint(const std::string& endpoint) {
  Endpoint parsed = ParseEndpointSpec(endpoint);
  return {parsed.host, parsed.port};
}

RemoteSettings ResolveRemoteSettings(const RemoteFlags& flags, const EnvLookup& env) {
  UserConfig config(env);
  RemoteSettings settings;
  settings.endpoint = ResolveEndpoint(flags, env, config);
  Endpoint endpoint = ParseEndpointSpec(settings.endpoint);
  settings.host = endpoint.host;
  settings.port = endpoint.port;
  settings.tls = endpoint.tls;
  if (!flags.ca_file.empty()) {
    settings.ca_file = flags.ca_file;
  } else if (auto value = NonEmpty(env("PAIAM_CA_FILE"))) {
    settings.ca_file = *value;
  }
  if (!settings.ca_file.empty() && !settings.tls) {
    throw UsageError("--ca-file (or PAIAM_CA_FILE) needs an https:// endpoint");
  }
  KeyPair keys = ResolveKeys(flags, env, config);
  settings.access_key_id = std::move(keys.id);
  settings.access_key_secret = std::move(keys.secret);
  settings.credentials_source = std::move(keys.source);
  return settings;
}

RemoteSettings ResolveRemoteSettings(const RemoteFlags& flags) {
  return ResolveRemoteSettings(flags, [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  });
}

RemoteFailure::RemoteFailure(int http_status, std::string code, std::string message,
                             std::string request_id, nlohmann::json body)
    : std::runtime_error(code + ": " + message),
      http_status(http_status),
      code(std::move(code)),
      message(std::move(message)),
      request_id(std::move(request_id)),
      body(std::move(body)) {}

RemoteClient::RemoteClient(RemoteSettings settings) : settings_(std::move(settings)) {
  auto client = settings_.tls ? http::HttpClient::Connect(settings_.host, settings_.port,
                                                         std::chrono::seconds(10),
                                                         http::HttpClientTls{settings_.ca_file})
                              : http::HttpClient::Connect(settings_.host, settings_.port);
  if (!client.ok()) {
    throw RemoteFailure(0, client.status().rule(),
                        "cannot connect to " + settings_.endpoint + ": " +
                            client.status().message(),
                        "");
  }
  client_.emplace(std::move(*client));
}

json RemoteClient::Get(const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& query) {
  return Send("GET", path, query, "");
}

json RemoteClient::Post(const std::string& path, const json& body) {
  return Send("POST", path, {}, body.dump());
}

json RemoteClient::Send(const std::string& method, const std::string& path,
                        const std::vector<std::pair<std::string, std::string>>& query,
                        std::string body) {
  auth::OutgoingRequest request;
  request.method = method;
  request.raw_path = path;
  request.query = query;
  std::string host = settings_.host.find(':') != std::string::npos
                         ? "[" + settings_.host + "]"
                         : settings_.host;
  request.headers.emplace_back("host", host + ":" + std::to_string(settings_.port));
  if (method == "POST") request.headers.emplace_back("content-type", "application/json");
  request.body = std::move(body);
  auth::SignAcs3(request, settings_.access_key_id, settings_.access_key_secret,
                 auth::RandomAlnum(kNonceChars), auth::FormatIso8601(NowMs()));
  std::string target = request.raw_path;
  if (!request.query.empty()) target += "?" + request.EncodedQuery();

  auto response = client_->Send(method, target, request.headers, request.body);
  if (!response.ok()) {
    std::string why = response.status().rule() == "http.connect"
                          ? "cannot connect to " + settings_.endpoint + ": "
                          : "request to " + settings_.endpoint + " failed: ";
    throw RemoteFailure(0, response.status().rule(), why + response.status().message(), "");
  }
  json parsed = json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  bool success = response->status >= 200 && response->status < 300;
  if (success && !parsed.is_discarded()) return parsed;
  if (parsed.is_discarded() || !parsed.is_object()) {
    throw RemoteFailure(response->status, "http.io",
                        "the server answered HTTP " + std::to_string(response->status) +
                            " with a body that is not JSON",
                        "");
  }
  std::string code = Field(parsed, "Code");
  if (code.empty()) code = "HTTP" + std::to_string(response->status);
  throw RemoteFailure(response->status, code, Field(parsed, "Message"), Field(parsed, "RequestId"),
                      parsed);
}

std::string DescribeFailure(const RemoteFailure& failure) {
  if (failure.http_status == 0) return failure.message;
  std::string out = failure.code + ": " + failure.message;
  if (!failure.request_id.empty()) out += " (request " + failure.request_id + ")";
  return out;
}

int RunRemote(const std::function<int()>& body) {
  try {
    return body();
  } catch (const RemoteFailure& failure) {
    std::fflush(stdout);
    std::fprintf(stderr, "paiam: %s\n", DescribeFailure(failure).c_str());
    return kExitInvalidInput;
  }
}

}  // namespace paiam::cli
