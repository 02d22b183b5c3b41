// paiam/cli — `paiam serve`: the HTTP server over a data directory.
//
// Settings come from flags, then PAIAM_* environment variables, then an optional config file
// (`--config FILE` or PAIAM_CONFIG; lines of `key = value`, `#` comments), then defaults: the
// first that sets a value wins. The data directory holds a lock file for as long as the server
// runs, so a second server or `paiam admin restore` on the same directory is refused.
//
// SIGTERM and SIGINT shut down gracefully: the listener closes, requests in flight finish (up
// to --shutdown-grace), then the store closes.
//
// TLS: `--tls-listen` adds an HTTPS listener (a second HttpServer with the same handler), with
// the pair given by --tls-cert/--tls-key or else a self-signed one kept in the data directory
// (http/tls_certificate.h). Its address is printed on a line of its own after the plain one,
// "paiam: tls listening on https://HOST:PORT (certificate FILE)", so that tools which look for
// the line starting "listening on " keep finding exactly one.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "api/service.h"
#include "cli/commands.h"
#include "cli/data_dir.h"
#include "http/http_server.h"
#include "http/tls_certificate.h"

namespace paiam::cli {
namespace {

struct ServeFlags {
  std::string listen, data_dir, config, threads, max_body_bytes, grace_seconds, max_nonces;
  std::string tls_listen, tls_cert, tls_key;
};

// key -> value from a `key = value` file. Unknown keys are a usage error: a misspelt setting
// must not be silently ignored.
std::map<std::string, std::string> ReadConfigFile(const std::string& path) {
  static const char* kKeys[] = {"listen",     "data_dir", "threads", "max_body_bytes",
                                "shutdown_grace_seconds", "max_nonces", "tls_listen",
                                "tls_cert",   "tls_key"};
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read config file " + path);
  std::map<std::string, std::string> out;
  std::string line;
  int number = 0;
  auto trim = [](std::string s) {
    size_t b = s.find_first_not_of(" \t\r");
    size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  while (std::getline(in, line)) {
    ++number;
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) {
      throw UsageError(path + ":" + std::to_string(number) + ": expected key = value");
    }
    std::string key = trim(line.substr(0, eq));
    bool known = false;
    for (const char* k : kKeys) known = known || key == k;
    if (!known) {
      throw UsageError(path + ":" + std::to_string(number) + ": unknown setting \"" + key +
                       "\" (known: listen, data_dir, threads, max_body_bytes, "
                       "shutdown_grace_seconds, max_nonces, tls_listen, tls_cert, tls_key)");
    }
    out[key] = trim(line.substr(eq + 1));
  }
  return out;
}

std::string Pick(const std::string& flag, const char* env,
                 const std::map<std::string, std::string>& file, const std::string& key,
                 const std::string& fallback) {
  if (!flag.empty()) return flag;
  if (const char* value = std::getenv(env); value != nullptr && *value != '\0') return value;
  if (auto it = file.find(key); it != file.end()) return it->second;
  return fallback;
}

uint64_t ParseCount(const std::string& text, const std::string& what, uint64_t max) {
  char* end = nullptr;
  unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value > max) {
    throw UsageError(what + " must be a whole number up to " + std::to_string(max) + ", got \"" +
                     text + "\"");
  }
  return value;
}

// "HOST:PORT" or "[V6]:PORT" into `options`.
void ParseListen(const std::string& text, const char* flag, http::HttpServerOptions& options) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw UsageError(std::string(flag) + " expects HOST:PORT, got \"" + text + "\"");
  }
  options.host = text.substr(0, colon);
  if (options.host.size() > 2 && options.host.front() == '[') {
    options.host = options.host.substr(1, options.host.size() - 2);
  }
  options.port = static_cast<uint16_t>(ParseCount(text.substr(colon + 1), "the port", 65535));
}

// The certificate for --tls-listen: the given pair, else the data directory's own.
StatusOr<http::TlsCertificate> TlsCertificateFor(const std::string& cert, const std::string& key,
                                                 const std::string& data_dir) {
  if (!cert.empty()) return http::LoadTlsCertificate(cert, key);
  auto generated = http::LoadOrCreateSelfSignedCertificate(data_dir);
  if (generated.ok() && generated->generated) {
    std::printf("generated a self-signed TLS certificate %s (key %s, mode 0600)\n",
                generated->certificate_file.c_str(), generated->key_file.c_str());
  }
  return generated;
}

// Shuts both servers down at once, so the grace period is not spent twice.
void ShutdownAll(http::HttpServer& plain, http::HttpServer* tls, std::chrono::seconds grace) {
  std::thread tls_shutdown;
  if (tls != nullptr) tls_shutdown = std::thread([tls, grace] { tls->Shutdown(grace); });
  plain.Shutdown(grace);
  if (tls_shutdown.joinable()) tls_shutdown.join();
}

int RunServe(const ServeFlags& flags) {
  std::string config_path = flags.config;
  if (config_path.empty()) {
    if (const char* env = std::getenv("PAIAM_CONFIG"); env != nullptr) config_path = env;
  }
  std::map<std::string, std::string> file;
  if (!config_path.empty()) file = ReadConfigFile(config_path);

  std::string listen = Pick(flags.listen, "PAIAM_LISTEN", file, "listen", "127.0.0.1:8080");
  std::string data_dir = Pick(flags.data_dir, "PAIAM_DATA_DIR", file, "data_dir", "./paiam-data");
  std::string threads = Pick(flags.threads, "PAIAM_THREADS", file, "threads", "0");
  std::string max_body = Pick(flags.max_body_bytes, "PAIAM_MAX_BODY_BYTES", file,
                              "max_body_bytes", std::to_string(1 << 20));
  std::string grace = Pick(flags.grace_seconds, "PAIAM_SHUTDOWN_GRACE_SECONDS", file,
                           "shutdown_grace_seconds", "10");
  std::string max_nonces = Pick(flags.max_nonces, "PAIAM_MAX_NONCES", file, "max_nonces",
                                "2000000");
  std::string tls_listen = Pick(flags.tls_listen, "PAIAM_TLS_LISTEN", file, "tls_listen", "");
  std::string tls_cert = Pick(flags.tls_cert, "PAIAM_TLS_CERT", file, "tls_cert", "");
  std::string tls_key = Pick(flags.tls_key, "PAIAM_TLS_KEY", file, "tls_key", "");
  if (tls_cert.empty() != tls_key.empty()) {
    throw UsageError("--tls-cert and --tls-key go together: give both or neither");
  }
  if (!tls_cert.empty() && tls_listen.empty()) {
    throw UsageError("--tls-cert and --tls-key need --tls-listen");
  }

  http::HttpServerOptions http_options;
  ParseListen(listen, "--listen", http_options);
  http::HttpServerOptions tls_options;
  if (!tls_listen.empty()) ParseListen(tls_listen, "--tls-listen", tls_options);
  http_options.threads = static_cast<unsigned>(ParseCount(threads, "threads", 1024));
  http_options.max_body_bytes = ParseCount(max_body, "max_body_bytes", 1ull << 30);
  auto grace_period = std::chrono::seconds(ParseCount(grace, "shutdown_grace_seconds", 3600));

  // Signals are taken by sigwait below; block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto lock = DataDirLock::Acquire(data_dir);
  if (!lock.ok()) {
    std::fprintf(stderr, "paiam: %s\n", lock.status().message().c_str());
    return kExitInvalidInput;
  }
  api::ServiceOptions options;
  options.data_dir = data_dir;
  options.max_nonces = ParseCount(max_nonces, "max_nonces", 1ull << 32);
  if (const char* id = std::getenv("PAIAM_ROOT_ACCESS_KEY_ID")) options.root_access_key_id = id;
  if (const char* secret = std::getenv("PAIAM_ROOT_ACCESS_KEY_SECRET")) {
    options.root_access_key_secret = secret;
  }
  auto service = api::Service::Open(options);
  if (!service.ok()) {
    std::fprintf(stderr, "paiam: %s\n", service.status().ToString().c_str());
    return kExitInvalidInput;
  }
  const api::BootstrapInfo& boot = (*service)->bootstrap();
  if (boot.created_now) {
    std::printf("bootstrapped account %s; root AccessKey %s; its secret is in %s (mode 0600)\n",
                boot.account_id.c_str(), boot.root_access_key_id.c_str(),
                boot.credentials_file.c_str());
  } else {
    std::printf("account %s, revision %llu, data in %s\n", boot.account_id.c_str(),
                static_cast<unsigned long long>((*service)->live().current()->revision),
                data_dir.c_str());
  }
  std::string certificate_file;
  if (!tls_listen.empty()) {
    auto certificate = TlsCertificateFor(tls_cert, tls_key, data_dir);
    if (!certificate.ok()) {
      std::fprintf(stderr, "paiam: %s\n", certificate.status().ToString().c_str());
      return kExitInvalidInput;
    }
    certificate_file = certificate->certificate_file;
    std::string host = tls_options.host;
    uint16_t port = tls_options.port;
    tls_options = http_options;  // the same threads, limits and timeouts
    tls_options.host = host;
    tls_options.port = port;
    tls_options.tls = std::move(certificate->pem);
  }
  api::Service* handler_service = service->get();
  http::HttpHandler handler = [handler_service](const http::HttpRequest& request) {
    return handler_service->Handle(request);
  };
  auto server = http::HttpServer::Start(http_options, handler);
  if (!server.ok()) {
    std::fprintf(stderr, "paiam: %s\n", server.status().ToString().c_str());
    return kExitInvalidInput;
  }
  std::unique_ptr<http::HttpServer> tls_server;
  if (tls_options.tls) {
    auto started = http::HttpServer::Start(tls_options, handler);
    if (!started.ok()) {
      std::fprintf(stderr, "paiam: %s\n", started.status().ToString().c_str());
      (*server)->Shutdown(std::chrono::milliseconds(0));
      return kExitInvalidInput;
    }
    tls_server = std::move(started).value();
  }
  std::printf("listening on %s\n", (*server)->address().c_str());
  if (tls_server) {
    std::printf("paiam: tls listening on https://%s (certificate %s)\n",
                tls_server->address().c_str(), certificate_file.c_str());
  }
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::printf("%s: shutting down (grace %llds)\n", signal_number == SIGTERM ? "SIGTERM" : "SIGINT",
              static_cast<long long>(grace_period.count()));
  std::fflush(stdout);
  ShutdownAll(**server, tls_server.get(), grace_period);
  tls_server.reset();
  server->reset();
  service->reset();  // closes the store
  std::printf("stopped\n");
  return kExitOk;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Run the paiam HTTP server. Settings: flag, else environment variable, else config file, "
      "else default.");
  serve->add_option("--listen", flags->listen,
                    "HOST:PORT to listen on; port 0 picks a free one [PAIAM_LISTEN; default "
                    "127.0.0.1:8080]");
  serve->add_option("--data-dir", flags->data_dir,
                    "Directory for the database, the sealing key and the root credentials "
                    "[PAIAM_DATA_DIR; default ./paiam-data]");
  serve->add_option("--config", flags->config,
                    "File of `key = value` settings: listen, data_dir, threads, max_body_bytes, "
                    "max_nonces, shutdown_grace_seconds, tls_listen, tls_cert, tls_key "
                    "[PAIAM_CONFIG]");
  serve->add_option("--threads", flags->threads,
                    "Worker threads; 0 = one per core [PAIAM_THREADS; default 0]");
  serve->add_option("--max-body-bytes", flags->max_body_bytes,
                    "Largest request body accepted [PAIAM_MAX_BODY_BYTES; default 1048576]");
  serve->add_option("--shutdown-grace", flags->grace_seconds,
                    "Seconds in-flight requests get after SIGTERM [PAIAM_SHUTDOWN_GRACE_SECONDS; "
                    "default 10]");
  serve->add_option("--max-nonces", flags->max_nonces,
                    "Signature nonces remembered for the 15-minute replay window (~150 bytes each); "
                    "when full, requests get Throttling.NonceCache [PAIAM_MAX_NONCES; default "
                    "2000000]");
  serve->add_option("--tls-listen", flags->tls_listen,
                    "HOST:PORT for an HTTPS listener too (TLS 1.2+), serving the same API; port 0 "
                    "picks a free one [PAIAM_TLS_LISTEN; default: none]");
  serve->add_option("--tls-cert", flags->tls_cert,
                    "PEM certificate chain (leaf first) for --tls-listen, with --tls-key "
                    "[PAIAM_TLS_CERT; default: DATA_DIR/tls-cert.pem, self-signed, generated on "
                    "first use]");
  serve->add_option("--tls-key", flags->tls_key,
                    "PEM private key (unencrypted) of --tls-cert [PAIAM_TLS_KEY; default: "
                    "DATA_DIR/tls-key.pem, mode 0600]");
  serve->footer(
      "First start creates the account and its root AccessKey; the secret is written once to "
      "DATA_DIR/root-credentials.json (mode 0600) and never logged. PAIAM_ROOT_ACCESS_KEY_ID and "
      "PAIAM_ROOT_ACCESS_KEY_SECRET set that key instead. With --tls-listen and no "
      "--tls-cert, clients trust DATA_DIR/tls-cert.pem as their CA file (it names localhost, "
      "127.0.0.1 and ::1).");
  serve->callback([flags, &exit_code] { exit_code = RunServe(*flags); });
}

}  // namespace paiam::cli
