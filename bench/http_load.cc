// http_load — a closed-loop HTTP load generator that signs every request (ACS3-HMAC-SHA256).
//
//   http_load --address 127.0.0.1:8080 --method POST --path /v1/check --body-file req.json
//             --header content-type:application/json --ak AK --secret SK
//             --connections 32 --threads 1 --duration 10 [--json]
//
// Each of --connections keep-alive connections sends its next request as soon as the previous
// response arrived, signed with a fresh nonce and the current date (auth::SignAcs3), so a
// replay guard on the server never refuses it. The connections are asynchronous (Boost.Beast)
// and share --threads io threads. Latency is measured from just before the request is signed
// to the end of the response, into a log-linear histogram (6 significant bits, ~3 % error).
// Requests counts responses; errors counts responses with a status other than --expect-status
// plus transport failures (shown separately; the connection is then reopened).
//
// --presign N measures the server rather than this client: N requests are signed before the run
// (fresh nonce each, on every core) and serialized to raw HTTP/1.1 bytes; the connections then
// send them back to back, each once, until they run out or the duration ends, with raw socket
// writes and a minimal response parser (status line, Content-Length, Connection: close). Their
// latency starts at the write, so it leaves out the signing. Signing cost ~10 us of CPU per
// request, which at 50k req/s is a core the server cannot use on a 2-core machine.
//
// Depends on http/ (HttpClient for the preflight request, Boost headers) and auth/ (signing).
#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "auth/signature.h"
#include "http/http_client.h"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

beast::string_view Bv(std::string_view s) { return {s.data(), s.size()}; }

// Log-linear latency histogram in microseconds: exact below 64, then 32 buckets per power of two.
class Histogram {
 public:
  static constexpr int kBuckets = 64 + 58 * 32;

  void Record(uint64_t us) {
    ++counts_[Bucket(us)];
    ++total_;
    max_ = std::max(max_, us);
  }
  void Merge(const Histogram& o) {
    for (int i = 0; i < kBuckets; ++i) counts_[i] += o.counts_[i];
    total_ += o.total_;
    max_ = std::max(max_, o.max_);
  }
  uint64_t Percentile(double p) const {
    if (total_ == 0) return 0;
    auto rank = static_cast<uint64_t>(p * static_cast<double>(total_ - 1)) + 1;
    uint64_t seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= rank) return std::min(Midpoint(i), max_);
    }
    return max_;
  }
  uint64_t max() const { return max_; }

 private:
  static int Bucket(uint64_t v) {
    if (v < 64) return static_cast<int>(v);
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - 5;  // keep 6 significant bits: v >> shift is in [32, 64)
    return 64 + (shift - 1) * 32 + static_cast<int>((v >> shift) - 32);
  }
  static uint64_t Midpoint(int i) {
    if (i < 64) return static_cast<uint64_t>(i);
    int shift = (i - 64) / 32 + 1;
    uint64_t low = static_cast<uint64_t>((i - 64) % 32 + 32) << shift;
    return low + (uint64_t{1} << shift) / 2;
  }

  std::array<uint64_t, kBuckets> counts_{};
  uint64_t total_ = 0;
  uint64_t max_ = 0;
};

struct Config {
  std::string host;
  uint16_t port = 0;
  std::string ak, secret;
  paiam::auth::OutgoingRequest base;  // unsigned; copied and signed per request
  int expect_status = 200;
  Clock::time_point deadline;
  std::vector<tcp::endpoint> endpoints;
  std::string nonce_prefix;
};

struct Stats {
  Histogram latency;
  uint64_t requests = 0, bad_status = 0, transport_errors = 0;
  double cpu_user_s = 0, cpu_sys_s = 0;  // this process during the run (not the presigning)
};

void CpuSeconds(double& user, double& sys) {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  user = static_cast<double>(u.ru_utime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec) / 1e6;
  sys = static_cast<double>(u.ru_stime.tv_sec) + static_cast<double>(u.ru_stime.tv_usec) / 1e6;
}

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One keep-alive connection sending back-to-back signed requests on its own strand.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(net::io_context& ioc, const Config& config, int id)
      : config_(config), id_(id), stream_(net::make_strand(ioc)),
        backoff_(stream_.get_executor()) {}

  void Start() { Connect(); }
  const Stats& stats() const { return stats_; }

 private:
  void Connect() {
    if (Clock::now() >= config_.deadline) return;
    stream_.expires_after(std::chrono::seconds(10));
    stream_.async_connect(config_.endpoints,
                          [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
                            if (ec) return self->Fail();
                            self->SendNext();
                          });
  }

  void Fail() {
    ++stats_.transport_errors;
    beast::error_code ignored;
    stream_.socket().close(ignored);
    buffer_.clear();
    backoff_.expires_after(std::chrono::milliseconds(50));  // no spinning on a dead server
    backoff_.async_wait([self = shared_from_this()](beast::error_code) { self->Connect(); });
  }

  void SendNext() {
    if (Clock::now() >= config_.deadline) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_.socket().close(ignored);
      return;
    }
    start_ = Clock::now();
    paiam::auth::OutgoingRequest out = config_.base;
    std::string nonce = config_.nonce_prefix + "-" + std::to_string(id_) + "-" +
                        std::to_string(sequence_++);
    paiam::auth::SignAcs3(out, config_.ak, config_.secret, nonce,
                          paiam::auth::FormatIso8601(NowUnixMs()));
    request_ = {};
    request_.version(11);
    request_.method_string(Bv(out.method));
    std::string target = out.raw_path;
    if (!out.query.empty()) target += "?" + out.EncodedQuery();
    request_.target(Bv(target));
    for (const auto& [name, value] : out.headers) request_.insert(Bv(name), Bv(value));
    request_.body() = std::move(out.body);
    request_.prepare_payload();
    stream_.expires_after(std::chrono::seconds(30));
    bhttp::async_write(stream_, request_,
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (ec) return self->Fail();
                         self->ReadResponse();
                       });
  }

  void ReadResponse() {
    parser_.emplace();
    parser_->body_limit(uint64_t{1} << 30);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->Fail();
                        self->OnResponse();
                      });
  }

  void OnResponse() {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start_);
    stats_.latency.Record(static_cast<uint64_t>(us.count()));
    ++stats_.requests;
    const auto& response = parser_->get();
    if (static_cast<int>(response.result_int()) != config_.expect_status) ++stats_.bad_status;
    if (response.keep_alive()) return SendNext();
    beast::error_code ignored;
    stream_.socket().close(ignored);
    buffer_.clear();
    Connect();
  }

  const Config& config_;
  int id_;
  beast::tcp_stream stream_;
  net::steady_timer backoff_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> request_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  Clock::time_point start_;
  uint64_t sequence_ = 0;
  Stats stats_;
};

// The presigned requests, each sent once; `next` hands them out across connections.
struct Presigned {
  std::vector<std::string> requests;
  std::atomic<size_t> next{0};
  std::atomic<bool> ran_out{false};
};

std::string Serialize(const paiam::auth::OutgoingRequest& out) {
  std::string target = out.raw_path;
  if (!out.query.empty()) target += "?" + out.EncodedQuery();
  std::string bytes = out.method + " " + target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : out.headers) bytes += name + ": " + value + "\r\n";
  bytes += "content-length: " + std::to_string(out.body.size()) + "\r\n\r\n" + out.body;
  return bytes;
}

// Signs n requests on all cores.
void Presign(const Config& config, size_t n, Presigned& pre) {
  pre.requests.resize(n);
  unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  std::string date = paiam::auth::FormatIso8601(NowUnixMs());
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      for (size_t i = w; i < n; i += workers) {
        paiam::auth::OutgoingRequest out = config.base;
        paiam::auth::SignAcs3(out, config.ak, config.secret,
                              config.nonce_prefix + "-p" + std::to_string(i), date);
        pre.requests[i] = Serialize(out);
      }
    });
  }
  for (auto& t : pool) t.join();
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Just enough of a response header: status, Content-Length and "Connection: close".
struct ResponseHead {
  int status = 0;
  size_t content_length = 0;
  bool close = false;
};

bool ParseHead(std::string_view head, ResponseHead& out) {  // head excludes the final CRLFCRLF
  if (head.size() < 12 || head.substr(0, 5) != "HTTP/") return false;
  out.status = std::atoi(head.data() + 9);
  out.close = head.substr(0, 8) == "HTTP/1.0";
  size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos) {
    std::string_view line = head.substr(pos + 2);
    size_t eol = line.find("\r\n");
    line = line.substr(0, eol);
    if (StartsWithIgnoreCase(line, "content-length:")) {
      out.content_length = std::strtoull(line.data() + 15, nullptr, 10);
    } else if (StartsWithIgnoreCase(line, "connection:")) {
      std::string_view v = line.substr(11);
      v.remove_prefix(std::min(v.find_first_not_of(' '), v.size()));
      out.close = StartsWithIgnoreCase(v, "close");
    }
    pos = eol == std::string_view::npos ? eol : pos + 2 + eol;
  }
  return true;
}

// One keep-alive connection writing presigned bytes back to back. Its handlers run one after
// the other (a closed loop), so it needs no strand.
class RawConnection : public std::enable_shared_from_this<RawConnection> {
 public:
  RawConnection(net::io_context& ioc, const Config& config, Presigned& pre)
      : config_(config), pre_(pre), socket_(ioc), backoff_(ioc), buffer_(16384) {}

  void Start() { Connect(); }
  const Stats& stats() const { return stats_; }

 private:
  void Connect() {
    if (Clock::now() >= config_.deadline) return;
    used_ = 0;
    net::async_connect(socket_, config_.endpoints,
                       [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
                         if (ec) return self->Fail();
                         beast::error_code ignored;
                         self->socket_.set_option(tcp::no_delay(true), ignored);
                         self->SendNext();
                       });
  }

  void Fail() {
    ++stats_.transport_errors;
    beast::error_code ignored;
    socket_.close(ignored);
    backoff_.expires_after(std::chrono::milliseconds(50));
    backoff_.async_wait([self = shared_from_this()](beast::error_code) { self->Connect(); });
  }

  void Close() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  void SendNext() {
    if (Clock::now() >= config_.deadline) return Close();
    size_t i = pre_.next.fetch_add(1, std::memory_order_relaxed);
    if (i >= pre_.requests.size()) {
      pre_.ran_out.store(true);
      return Close();
    }
    start_ = Clock::now();
    head_done_ = false;
    net::async_write(socket_, net::buffer(pre_.requests[i]),
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->Fail();
                       self->Parse();  // a pipelined leftover is impossible: one at a time
                     });
  }

  void ReadMore() {
    if (used_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    socket_.async_read_some(net::buffer(buffer_.data() + used_, buffer_.size() - used_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->Fail();
                              self->used_ += n;
                              self->Parse();
                            });
  }

  void Parse() {
    std::string_view data(buffer_.data(), used_);
    if (!head_done_) {
      size_t end = data.find("\r\n\r\n");
      if (end == std::string_view::npos) return ReadMore();
      if (!ParseHead(data.substr(0, end), head_)) return Fail();
      head_done_ = true;
      need_ = end + 4 + head_.content_length;
    }
    if (used_ < need_) return ReadMore();
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start_);
    stats_.latency.Record(static_cast<uint64_t>(us.count()));
    ++stats_.requests;
    if (head_.status != config_.expect_status) ++stats_.bad_status;
    std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(need_),
              buffer_.begin() + static_cast<std::ptrdiff_t>(used_), buffer_.begin());
    used_ -= need_;
    if (!head_.close) return SendNext();
    Close();
    Connect();
  }

  const Config& config_;
  Presigned& pre_;
  tcp::socket socket_;
  net::steady_timer backoff_;
  std::vector<char> buffer_;
  size_t used_ = 0, need_ = 0;
  bool head_done_ = false;
  ResponseHead head_;
  Clock::time_point start_;
  Stats stats_;
};

bool ParseAddress(const std::string& address, std::string& host, uint16_t& port) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon + 1 == address.size()) return false;
  host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  char* end = nullptr;
  unsigned long p = std::strtoul(address.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || p == 0 || p > 65535 || host.empty()) return false;
  port = static_cast<uint16_t>(p);
  return true;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// "/p?a=1&b" → raw_path "/p", query {{"a","1"},{"b",""}} (decoded).
void SplitPath(const std::string& path, paiam::auth::OutgoingRequest& out) {
  size_t q = path.find('?');
  out.raw_path = path.substr(0, q);
  if (q == std::string::npos) return;
  std::string_view rest = std::string_view(path).substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    size_t eq = pair.find('=');
    if (!pair.empty()) {
      std::string value = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
      out.query.emplace_back(PercentDecode(pair.substr(0, eq)), std::move(value));
    }
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
}

std::string RandomHex() {
  std::random_device rd;
  std::ostringstream s;
  s << std::hex << ((uint64_t{rd()} << 32) | rd());
  return s.str();
}

// One signed request before the run: fails fast on a wrong address and shows what a
// non-expected answer looks like.
bool Preflight(const Config& config) {
  auto client = paiam::http::HttpClient::Connect(config.host, config.port);
  if (!client.ok()) {
    std::cerr << "http_load: " << client.status().ToString() << "\n";
    return false;
  }
  paiam::auth::OutgoingRequest out = config.base;
  paiam::auth::SignAcs3(out, config.ak, config.secret, config.nonce_prefix + "-preflight",
                        paiam::auth::FormatIso8601(NowUnixMs()));
  std::string target = out.raw_path;
  if (!out.query.empty()) target += "?" + out.EncodedQuery();
  auto response = client->Send(out.method, target, out.headers, out.body);
  if (!response.ok()) {
    std::cerr << "http_load: " << response.status().ToString() << "\n";
    return false;
  }
  if (response->status != config.expect_status) {
    std::cerr << "http_load: warning: preflight got " << response->status << " (expected "
              << config.expect_status << "): " << response->body.substr(0, 500) << "\n";
  }
  return true;
}

struct Flags {
  std::string address, method = "GET", path = "/", body_file, ak, secret;
  std::vector<std::string> headers;
  int connections = 32, threads = 1, expect_status = 200;
  double duration = 10;
  size_t presign = 0;
  bool json = false;
};

void AddFlags(CLI::App& app, Flags& f) {
  app.add_option("--address", f.address, "HOST:PORT of the server")->required();
  app.add_option("--method", f.method, "HTTP method")->capture_default_str();
  app.add_option("--path", f.path, "request target, may carry ?query")->capture_default_str();
  app.add_option("--body-file", f.body_file, "file whose bytes are the body")
      ->check(CLI::ExistingFile);
  app.add_option("--header", f.headers, "K:V, repeatable");
  app.add_option("--ak", f.ak, "AccessKey id (or env PAIAM_ACCESS_KEY_ID)");
  app.add_option("--secret", f.secret, "AccessKey secret (or env PAIAM_ACCESS_KEY_SECRET)");
  app.add_option("--connections", f.connections, "keep-alive connections")
      ->check(CLI::Range(1, 100000))->capture_default_str();
  app.add_option("--threads", f.threads, "io threads")
      ->check(CLI::Range(1, 1024))->capture_default_str();
  app.add_option("--duration", f.duration, "seconds")
      ->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--expect-status", f.expect_status, "the status that is not an error")
      ->capture_default_str();
  app.add_option("--presign", f.presign,
                 "sign N requests before the run and send those raw (each once)");
  app.add_flag("--json", f.json, "print one machine-readable JSON line");
}

// Fills config from the flags (everything but endpoints and deadline); "" or the error.
std::string BuildConfig(Flags& f, Config& config) {
  if (!ParseAddress(f.address, config.host, config.port)) return "--address must be HOST:PORT";
  const char* env_ak = std::getenv("PAIAM_ACCESS_KEY_ID");
  const char* env_secret = std::getenv("PAIAM_ACCESS_KEY_SECRET");
  if (f.ak.empty() && env_ak) f.ak = env_ak;
  if (f.secret.empty() && env_secret) f.secret = env_secret;
  if (f.ak.empty() || f.secret.empty()) {
    return "--ak and --secret (or PAIAM_ACCESS_KEY_ID/SECRET) are required";
  }
  config.ak = f.ak;
  config.secret = f.secret;
  config.expect_status = f.expect_status;
  config.nonce_prefix = RandomHex();
  config.base.method = f.method;
  SplitPath(f.path, config.base);
  bool has_host = false;
  for (const auto& h : f.headers) {
    size_t colon = h.find(':');
    if (colon == std::string::npos || colon == 0) return "--header must be K:V, got \"" + h + "\"";
    std::string name = h.substr(0, colon), value = h.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    has_host = has_host || name == "host";
    config.base.headers.emplace_back(name, value);
  }
  if (!has_host) config.base.headers.emplace_back("host", f.address);
  if (!f.body_file.empty()) {
    std::ifstream in(f.body_file, std::ios::binary);
    config.base.body.assign(std::istreambuf_iterator<char>(in), {});
  }
  return "";
}

bool Resolve(net::io_context& ioc, Config& config) {
  boost::system::error_code ec;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(config.host, std::to_string(config.port), ec);
  if (ec || results.empty()) return false;
  for (const auto& r : results) config.endpoints.push_back(r.endpoint());
  return true;
}

// Runs every connection until the deadline; returns the merged stats and the elapsed seconds.
// With a non-null `pre`, the connections send its presigned requests.
Stats RunLoad(net::io_context& ioc, Config& config, const Flags& f, Presigned* pre,
              double& elapsed) {
  double user0 = 0, sys0 = 0;
  CpuSeconds(user0, sys0);
  auto start = Clock::now();
  config.deadline = start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(f.duration));
  std::vector<std::shared_ptr<Connection>> conns;
  std::vector<std::shared_ptr<RawConnection>> raw;
  for (int i = 0; i < f.connections; ++i) {
    if (pre != nullptr) {
      raw.push_back(std::make_shared<RawConnection>(ioc, config, *pre));
      raw.back()->Start();
    } else {
      conns.push_back(std::make_shared<Connection>(ioc, config, i));
      conns.back()->Start();
    }
  }
  std::vector<std::thread> pool;
  for (int i = 0; i < f.threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  for (auto& t : pool) t.join();
  elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  Stats total;
  auto merge = [&total](const Stats& s) {
    total.latency.Merge(s.latency);
    total.requests += s.requests;
    total.bad_status += s.bad_status;
    total.transport_errors += s.transport_errors;
  };
  for (const auto& c : conns) merge(c->stats());
  for (const auto& c : raw) merge(c->stats());
  CpuSeconds(total.cpu_user_s, total.cpu_sys_s);
  total.cpu_user_s -= user0;
  total.cpu_sys_s -= sys0;
  return total;
}

void Report(const Stats& total, const Flags& f, double elapsed) {
  using ull = unsigned long long;
  ull errors = total.bad_status + total.transport_errors;
  double rps = elapsed > 0 ? static_cast<double>(total.requests) / elapsed : 0;
  const Histogram& h = total.latency;
  ull p50 = h.Percentile(0.50), p90 = h.Percentile(0.90), p99 = h.Percentile(0.99), max = h.max();
  double n = total.requests > 0 ? static_cast<double>(total.requests) : 1;
  double cpu_user_us = total.cpu_user_s * 1e6 / n, cpu_sys_us = total.cpu_sys_s * 1e6 / n;
  if (f.json) {
    std::printf("{\"requests\":%llu,\"errors\":%llu,\"bad_status\":%llu,\"transport_errors\":%llu,"
                "\"seconds\":%.3f,\"rps\":%.1f,\"p50_us\":%llu,\"p90_us\":%llu,\"p99_us\":%llu,"
                "\"max_us\":%llu,\"connections\":%d,\"threads\":%d,\"presign\":%zu,"
                "\"cpu_user_us_per_request\":%.2f,\"cpu_sys_us_per_request\":%.2f}\n",
                ull{total.requests}, errors, ull{total.bad_status}, ull{total.transport_errors},
                elapsed, rps, p50, p90, p99, max, f.connections, f.threads, f.presign, cpu_user_us,
                cpu_sys_us);
    return;
  }
  std::printf("requests     %llu in %.2f s (%d connections, %d threads)\n", ull{total.requests},
              elapsed, f.connections, f.threads);
  std::printf("errors       %llu (status != %d: %llu, transport: %llu)\n", errors,
              f.expect_status, ull{total.bad_status}, ull{total.transport_errors});
  std::printf("requests/s   %.1f\n", rps);
  std::printf("latency us   p50 %llu  p90 %llu  p99 %llu  max %llu\n", p50, p90, p99, max);
  std::printf("client cpu   %.1f us/request (user %.1f, sys %.1f)\n", cpu_user_us + cpu_sys_us,
              cpu_user_us, cpu_sys_us);
}

}  // namespace

// Exit status: 0 no errors, 1 errors during the run or the preflight failed, 2 usage error.
int main(int argc, char** argv) {
  CLI::App app{"Signed HTTP load generator for paiam (ACS3-HMAC-SHA256)"};
  Flags flags;
  AddFlags(app, flags);
  CLI11_PARSE(app, argc, argv);
  Config config;
  if (std::string error = BuildConfig(flags, config); !error.empty()) {
    std::cerr << "http_load: " << error << "\n";
    return 2;
  }
  net::io_context ioc(flags.threads);
  if (!Resolve(ioc, config)) {
    std::cerr << "http_load: cannot resolve " << config.host << "\n";
    return 1;
  }
  if (!Preflight(config)) return 1;
  std::unique_ptr<Presigned> pre;
  if (flags.presign > 0) {
    pre = std::make_unique<Presigned>();
    Presign(config, flags.presign, *pre);
  }
  double elapsed = 0;
  Stats total = RunLoad(ioc, config, flags, pre.get(), elapsed);
  if (pre && pre->ran_out.load()) {
    std::cerr << "http_load: the " << flags.presign
              << " presigned requests ran out before --duration\n";
  }
  Report(total, flags, elapsed);
  return total.bad_status + total.transport_errors == 0 ? 0 : 1;
}
