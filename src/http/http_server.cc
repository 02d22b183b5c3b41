// paiam/http — HttpServer: acceptor, per-connection sessions, graceful shutdown (http_server.h).
//
// A Session is one connection, on a strand of its own; its life is a loop of phases:
//   kHandshake a TLS server's connections first (tls_handshake_timeout); a failure closes,
//   kIdle      waiting for the first byte of the next request (idle_timeout; skipped when
//              pipelined bytes are already buffered),
//   kReading   reading header then body with a request_parser (read_timeout for the whole
//              request, counted from its first byte; body_limit/header_limit enforce sizes),
//   kHandling  running the handler inline,
//   kWriting   writing the response (read_timeout bounds a client that does not read),
//   kClosing   after a response with "Connection: close": our side is shut down and we drain
//              what the client still sends for a moment, so closing with unread input does not
//              reset the connection and destroy the response before the client reads it. Over
//              TLS, "shut down" is a close_notify and the wait is for the client's or its EOF.
// Shutdown closes the acceptor, closes sessions in kIdle/kClosing, lets the others finish their
// request (their response says "Connection: close"), and after `grace` cuts what is left.
//
// Timeouts: no per-operation timer. Each phase stores its deadline in the session (an atomic
// steady-clock count, kNever while handling) and ONE sweeper timer per server wakes every
// SweepInterval() (<= 250 ms), and posts Expire to every session past its deadline, which closes
// the socket on the session's thread. Why: a Beast tcp_stream re-arms an Asio timer on every
// read and write (timer queue + timerfd_settime), which was a large share of the per-request
// CPU at ~50k req/s; a deadline is one store. Timeouts fire up to one interval late.
#include "http/http_server.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/tls_certificate.h"
#include "http/transport.h"
#include "http/wire.h"

namespace paiam::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using internal::Transport;

// Beast 1.74 speaks boost::string_view.
std::string_view Std(boost::beast::string_view s) { return {s.data(), s.size()}; }
using std::chrono::milliseconds;

constexpr size_t kReadChunk = 4096;
constexpr milliseconds kMaxLinger{1000};       // draining after "Connection: close"
constexpr size_t kMaxLingerBytes = 1 << 20;    // ... and at most this much input
constexpr milliseconds kCutWait{1000};         // waiting for cut sessions to go away
constexpr milliseconds kMaxSweepInterval{250};
constexpr size_t kKeepResponseCapacity = 64 << 10;  // a larger buffer is freed after its write
constexpr int64_t kNever = INT64_MAX;
// Over capacity, a TLS connection needs its handshake before it can read a 503, so it is a
// session for a moment; at most this many such at a time, any more are closed without a word.
constexpr size_t kMaxTlsRefusals = 64;

int64_t NowTicks() { return std::chrono::steady_clock::now().time_since_epoch().count(); }
int64_t TicksAfter(milliseconds d) {
  return NowTicks() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(d).count();
}

// A quarter of the shortest timeout, within [5 ms, 250 ms], so short test timeouts stay precise.
milliseconds SweepInterval(const HttpServerOptions& o) {
  milliseconds shortest = std::min({o.read_timeout, o.idle_timeout, kMaxLinger});
  if (o.tls) shortest = std::min(shortest, o.tls_handshake_timeout);
  return std::clamp(shortest / 4, milliseconds(5), kMaxSweepInterval);
}

class Session;

// What the acceptor, every session and Shutdown share. Sessions hold it by shared_ptr, so it
// outlives any handler the io_context still destroys.
struct Shared {
  HttpServerOptions options;
  HttpHandler handler;
  std::unique_ptr<net::ssl::context> tls;  // set: every connection speaks TLS
  std::atomic<bool> stopping{false};
  std::atomic<size_t> open{0};
  std::atomic<uint64_t> accepted{0};
  std::mutex mu;  // guards sessions; with cv, signals open reaching 0
  std::condition_variable cv;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions;
};

void LogError(std::string_view what) { std::cerr << "paiam http: " << what << std::endl; }

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

struct ErrorSpec {
  int status;
  const char* code;
};

// A complete response the transport answers on its own.
HttpResponse TransportError(ErrorSpec spec, std::string_view message) {
  HttpResponse r;
  r.status = spec.status;
  std::string id = wire::NewRequestId();
  r.headers.emplace_back("x-acs-request-id", id);
  r.body = wire::ErrorBody(id, spec.code, message);
  return r;
}

constexpr ErrorSpec kBadRequest{400, "BadRequest"};
constexpr ErrorSpec kTooLarge{413, "RequestEntityTooLarge"};
constexpr ErrorSpec kHeaderTooLarge{431, "RequestHeaderFieldsTooLarge"};
constexpr ErrorSpec kInternalError{500, "InternalError"};
constexpr ErrorSpec kUnavailable{503, "ServiceUnavailable"};

HttpResponse InvokeHandler(const HttpHandler& handler, const HttpRequest& request) {
  try {
    HttpResponse r = handler(request);
    if (r.status < 200 || r.status > 599) {
      LogError("handler returned status " + std::to_string(r.status) + " for " + request.target);
      return TransportError(kInternalError, "The request processing has failed.");
    }
    return r;
  } catch (const std::exception& e) {
    LogError("handler threw for " + request.method + " " + request.target + ": " + e.what());
  } catch (...) {
    LogError("handler threw a non-exception for " + request.method + " " + request.target);
  }
  return TransportError(kInternalError,
                        "The request processing has failed due to some unknown error.");
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

// Serializes `in` into `out` (cleared first), byte for byte what Beast's response serializer
// wrote before (same header order and names), without building a Beast message: its field
// list allocates a node per header. Never throws but for bad_alloc.
void BuildResponse(HttpResponse&& in, unsigned version, bool keep_alive, bool head,
                   std::string& out) {
  out.clear();
  unsigned status = static_cast<unsigned>(in.status);
  auto reason = bhttp::obsolete_reason(bhttp::int_to_status(status));
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ")
      .append(std::to_string(status))
      .append(" ")
      .append(Std(reason))
      .append("\r\n");
  if (!in.content_type.empty() && wire::IsValidHeaderValue(in.content_type)) {
    AppendHeader(out, "Content-Type", in.content_type);
  }
  bool has_server = false, has_request_id = false;
  for (auto& [name, value] : in.headers) {
    if (!wire::IsValidHeaderName(name) || !wire::IsValidHeaderValue(value)) {
      LogError("dropped an invalid response header from the handler: " + name);
      continue;
    }
    if (wire::EqualsIgnoreCase(name, "content-length") ||
        wire::EqualsIgnoreCase(name, "transfer-encoding") ||
        wire::EqualsIgnoreCase(name, "connection")) {
      continue;
    }
    has_server = has_server || wire::EqualsIgnoreCase(name, "server");
    has_request_id = has_request_id || wire::EqualsIgnoreCase(name, "x-acs-request-id");
    AppendHeader(out, name, value);
  }
  if (!has_server) AppendHeader(out, "Server", "paiam");
  if (!has_request_id) AppendHeader(out, "x-acs-request-id", wire::NewRequestId());
  if (version >= 11 && !keep_alive) AppendHeader(out, "Connection", "close");
  if (version < 11 && keep_alive) AppendHeader(out, "Connection", "keep-alive");
  bool bodiless = in.status == 204 || in.status == 304;  // these carry no body or length
  if (!bodiless) AppendHeader(out, "Content-Length", std::to_string(in.body.size()));
  out.append("\r\n");
  if (!head && !bodiless) out.append(in.body);
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `refuse`: over capacity; a TLS session answers 503 right after its handshake, then closes.
  Session(tcp::socket&& socket, std::shared_ptr<Shared> shared, bool refuse = false)
      : stream_(std::move(socket), shared->tls.get()), shared_(std::move(shared)), refuse_(refuse) {
    shared_->open.fetch_add(1);
    beast::error_code ec;
    stream_.next_layer().set_option(tcp::no_delay(true), ec);  // one write per response: no Nagle
    tcp::endpoint remote = stream_.next_layer().remote_endpoint(ec);
    if (!ec) {
      remote_ip_ = remote.address().to_string();
      remote_port_ = remote.port();
    }
  }

  ~Session() {
    std::lock_guard<std::mutex> lock(shared_->mu);
    shared_->sessions.erase(this);
    if (shared_->open.fetch_sub(1) == 1) shared_->cv.notify_all();
  }

  void Run() {
    {
      std::lock_guard<std::mutex> lock(shared_->mu);
      shared_->sessions.emplace(this, weak_from_this());
    }
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::Start, shared_from_this()));
  }

  net::any_io_executor executor() { return stream_.get_executor(); }

  // Posted by Shutdown: a connection with no request in progress goes now.
  void CloseIfIdle() {
    if (phase_ == Phase::kHandshake || phase_ == Phase::kIdle || phase_ == Phase::kClosing) {
      Close();
    }
  }
  // Posted by Shutdown when the grace period is over.
  void Cut() { Close(); }

  // Read by the sweeper on any thread.
  bool Expired(int64_t now) const { return deadline_.load(std::memory_order_relaxed) <= now; }
  // Posted by the sweeper: re-checked on the session's thread, the phase may have moved on meanwhile.
  void Expire() {
    if (Expired(NowTicks())) Close();
  }

 private:
  enum class Phase { kHandshake, kIdle, kReading, kHandling, kWriting, kClosing };

  const HttpServerOptions& options() const { return shared_->options; }

  void ExpiresAfter(milliseconds d) { deadline_.store(TicksAfter(d), std::memory_order_relaxed); }
  void ExpiresNever() { deadline_.store(kNever, std::memory_order_relaxed); }
  void Close() {
    ExpiresNever();
    beast::error_code ignored;
    stream_.next_layer().close(ignored);
  }

  void Start() {
    if (!stream_.is_tls()) return WaitForRequest();
    phase_ = Phase::kHandshake;
    if (shared_->stopping.load()) return Close();
    ExpiresAfter(options().tls_handshake_timeout);
    stream_.async_handshake(net::ssl::stream_base::server,
                           beast::bind_front_handler(&Session::OnHandshake, shared_from_this()));
  }

  void OnHandshake(beast::error_code ec) {
    if (ec) return Close();  // not TLS, no common version or cipher, timeout, Shutdown
    if (refuse_) {
      return Respond(TransportError(kUnavailable, "The server has too many open connections."),
                     11, false, false);
    }
    WaitForRequest();
  }

  void WaitForRequest() {
    if (shared_->stopping.load()) return Close();
    if (buffer_.size() > 0) return ReadRequest();  // pipelined
    phase_ = Phase::kIdle;
    ExpiresAfter(options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
  }

  void OnFirstBytes(beast::error_code ec, size_t n) {
    buffer_.commit(n);
    if (ec) return Close();  // idle timeout, EOF, reset, or closed by Shutdown
    ReadRequest();
  }

  void ReadRequest() {
    phase_ = Phase::kReading;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(
        std::min<size_t>(options().max_header_bytes, UINT32_MAX)));
    parser_->body_limit(options().max_body_bytes);
    ExpiresAfter(options().read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    if (parser_->is_done()) return OnRequest();
    const auto& msg = parser_->get();
    auto expect = msg.find(bhttp::field::expect);
    if (msg.version() >= 11 && expect != msg.end() &&
        wire::EqualsIgnoreCase(Std(expect->value()), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                              beast::bind_front_handler(&Session::OnContinueSent,
                                                        shared_from_this()));
    }
    ReadBody();
  }

  void OnContinueSent(beast::error_code ec, size_t) {
    if (ec) return Close();
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    OnRequest();
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return Respond(TransportError(kTooLarge, "The request body is larger than " +
                                                   std::to_string(options().max_body_bytes) +
                                                   " bytes."),
                     11, false, false);
    }
    if (ec == bhttp::error::header_limit) {
      return Respond(TransportError(kHeaderTooLarge,
                                    "The request header is larger than " +
                                        std::to_string(options().max_header_bytes) + " bytes."),
                     11, false, false);
    }
    if (IsParseError(ec) && ec != bhttp::error::end_of_stream &&
        ec != bhttp::error::partial_message) {
      return Respond(TransportError(kBadRequest, "Malformed HTTP request: " + ec.message()), 11,
                     false, false);
    }
    Close();  // timeout (already closed), EOF mid-request, reset, Shutdown's cut
  }

  void OnRequest() {
    phase_ = Phase::kHandling;
    ExpiresNever();
    auto msg = parser_->release();
    parser_.reset();
    HttpRequest request;
    request.method = std::string(Std(msg.method_string()));
    request.target = std::string(Std(msg.target()));
    for (const auto& field : msg) {
      request.headers.emplace_back(wire::ToLower(Std(field.name_string())),
                                   std::string(Std(field.value())));
    }
    request.body = std::move(msg.body());
    request.remote_ip = remote_ip_;
    request.remote_port = remote_port_;
    HttpResponse response = InvokeHandler(shared_->handler, request);
    bool keep_alive = msg.keep_alive() && !shared_->stopping.load();
    Respond(std::move(response), msg.version(), keep_alive, msg.method() == bhttp::verb::head);
  }

  void Respond(HttpResponse&& response, unsigned version, bool keep_alive, bool head) {
    phase_ = Phase::kWriting;
    BuildResponse(std::move(response), version, keep_alive, head, response_);
    keep_alive_ = keep_alive;
    ExpiresAfter(options().read_timeout);
    net::async_write(stream_, net::buffer(response_),
                       beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t) {
    if (response_.capacity() > kKeepResponseCapacity) response_ = std::string();
    if (ec) return Close();
    if (keep_alive_) return WaitForRequest();
    Linger();
  }

  void Linger() {
    phase_ = Phase::kClosing;
    beast::error_code ignored;
    if (!stream_.is_tls()) stream_.next_layer().shutdown(tcp::socket::shutdown_send, ignored);
    if (shared_->stopping.load()) return Close();
    ExpiresAfter(std::min<milliseconds>(options().read_timeout, kMaxLinger));
    if (stream_.is_tls()) {  // what the client still sends is read and dropped by OpenSSL
      return stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
        self->Close();
      });
    }
    buffer_.clear();
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnDrained, shared_from_this()));
  }

  void OnDrained(beast::error_code ec, size_t n) {
    drained_ += n;
    buffer_.clear();
    if (ec || drained_ > kMaxLingerBytes) return Close();
    DrainSome();
  }

  Transport stream_;  // its executor is the session's strand
  std::atomic<int64_t> deadline_{kNever};  // steady_clock ticks; the sweeper closes past it
  std::shared_ptr<Shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string response_;  // serialized; its capacity is reused by the next response
  Phase phase_ = Phase::kIdle;
  bool refuse_ = false;
  bool keep_alive_ = false;
  size_t drained_ = 0;
  std::string remote_ip_;
  uint16_t remote_port_ = 0;
};

// Best effort: the connection is over the limit; answer 503 without blocking, then close.
void Refuse(tcp::socket& socket) {
  HttpResponse r = TransportError(kUnavailable, "The server has too many open connections.");
  std::string bytes;
  BuildResponse(std::move(r), 11, false, false, bytes);
  beast::error_code ec;
  socket.non_blocking(true, ec);
  if (!ec) socket.write_some(net::buffer(bytes), ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
  socket.close(ec);
}

std::string FormatAddress(const tcp::endpoint& ep) {
  std::string host = ep.address().to_string();
  if (ep.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(ep.port());
}

}  // namespace

class HttpServer::Impl {
 public:
  explicit Impl(std::shared_ptr<Shared> shared)
      : shared_(std::move(shared)),
        thread_count_(ThreadCount(shared_->options)),
        contexts_(MakeContexts(thread_count_)),
        control_(net::make_strand(*contexts_[0])),
        acceptor_(control_),
        retry_timer_(control_),
        sweep_timer_(control_) {
    for (auto& ioc : contexts_) work_.push_back(net::make_work_guard(*ioc));
  }

  // One io_context shared by every worker, each session on its own strand. A handler may
  // block (a bounded at_least_revision wait, a durable write): the other workers keep serving
  // every other connection. One io_context per worker measured 3-5 us per request cheaper, but
  // stalled every connection dealt to a worker while its handler blocked.
  static std::vector<std::unique_ptr<net::io_context>> MakeContexts(unsigned n) {
    std::vector<std::unique_ptr<net::io_context>> out;
    out.push_back(std::make_unique<net::io_context>(static_cast<int>(n)));
    return out;
  }

  static unsigned ThreadCount(const HttpServerOptions& o) {
    if (o.threads > 0) return o.threads;
    return std::max(1u, std::thread::hardware_concurrency());
  }

  Status Listen() {
    const auto& o = shared_->options;
    std::string wanted = o.host + ":" + std::to_string(o.port);
    beast::error_code ec;
    tcp::endpoint ep;
    net::ip::address addr = net::ip::make_address(o.host, ec);
    if (!ec) {
      ep = tcp::endpoint(addr, o.port);
    } else {
      tcp::resolver resolver(*contexts_[0]);
      auto results = resolver.resolve(o.host, std::to_string(o.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
      if (ec || results.empty()) {
        return Status(StatusCode::kInvalidArgument, "http.listen",
                      "cannot listen on " + wanted + ": host does not resolve" +
                          (ec ? " (" + ec.message() + ")" : ""));
      }
      ep = results.begin()->endpoint();
    }
    auto fail = [&](const char* step) {
      StatusCode code = ec == net::error::address_in_use ? StatusCode::kAlreadyExists
                                                         : StatusCode::kFailedPrecondition;
      return Status(code, "http.listen",
                    "cannot listen on " + FormatAddress(ep) + ": " + step + ": " + ec.message());
    };
    if (acceptor_.open(ep.protocol(), ec)) return fail("open");
    if (acceptor_.set_option(net::socket_base::reuse_address(true), ec)) return fail("setsockopt");
    if (acceptor_.bind(ep, ec)) return fail("bind");
    if (acceptor_.listen(net::socket_base::max_listen_connections, ec)) return fail("listen");
    tcp::endpoint local = acceptor_.local_endpoint(ec);
    if (ec) return fail("getsockname");
    address_ = FormatAddress(local);
    port_ = local.port();
    return Status::Ok();
  }

  void StartThreads() {
    net::post(acceptor_.get_executor(), [this] { DoAccept(); });
    net::post(sweep_timer_.get_executor(), [this] { ArmSweeper(); });
    for (unsigned i = 0; i < thread_count_; ++i) {
      threads_.emplace_back([ioc = contexts_[0].get()] {
        for (;;) {
          try {
            ioc->run();
            return;
          } catch (const std::exception& e) {  // nothing should throw; keep serving if it does
            LogError(std::string("worker caught: ") + e.what());
          }
        }
      });
    }
  }

  void Shutdown(milliseconds grace) {
    std::lock_guard<std::mutex> once(shutdown_mu_);
    if (done_) return;
    done_ = true;
    shared_->stopping.store(true);
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
      retry_timer_.cancel();
    });
    ForEachSession([](const std::shared_ptr<Session>& s) { s->CloseIfIdle(); });
    if (!WaitForNoConnections(grace)) {
      ForEachSession([](const std::shared_ptr<Session>& s) { s->Cut(); });
      if (!WaitForNoConnections(kCutWait)) {
        for (auto& ioc : contexts_) ioc->stop();
      }
    }
    net::post(sweep_timer_.get_executor(), [this] {
      sweep_stopped_ = true;
      sweep_timer_.cancel();
    });
    work_.clear();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  std::shared_ptr<Shared> shared_;
  unsigned thread_count_;
  std::vector<std::unique_ptr<net::io_context>> contexts_;  // one, run by thread_count_ workers
  // The acceptor and the timers share one strand: their handlers never run concurrently.
  net::strand<net::io_context::executor_type> control_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  net::steady_timer sweep_timer_;  // like the acceptor, on control_
  bool sweep_stopped_ = false;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  std::string address_;
  uint16_t port_ = 0;
  std::mutex shutdown_mu_;
  bool done_ = false;

 private:
  void DoAccept() {
    acceptor_.async_accept(net::make_strand(*contexts_[0]),
                           [this](beast::error_code ec, tcp::socket socket) {
                             OnAccept(ec, std::move(socket));
                           });
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (shared_->stopping.load() || !acceptor_.is_open()) return;
    if (ec) {  // e.g. out of descriptors: back off instead of spinning
      LogError("accept: " + ec.message());
      retry_timer_.expires_after(milliseconds(50));
      retry_timer_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec) DoAccept();
      });
      return;
    }
    shared_->accepted.fetch_add(1);
    if (shared_->open.load() >= shared_->options.max_connections) {
      if (!shared_->tls) {
        Refuse(socket);
      } else if (shared_->open.load() < shared_->options.max_connections + kMaxTlsRefusals) {
        std::make_shared<Session>(std::move(socket), shared_, /*refuse=*/true)->Run();
      } else {  // a flood: no handshake for it
        beast::error_code ignored;
        socket.close(ignored);
      }
    } else {
      std::make_shared<Session>(std::move(socket), shared_)->Run();
    }
    DoAccept();
  }

  void ArmSweeper() {
    if (sweep_stopped_) return;
    sweep_timer_.expires_after(SweepInterval(shared_->options));
    sweep_timer_.async_wait([this](beast::error_code ec) {
      if (ec || sweep_stopped_) return;
      Sweep();
      ArmSweeper();
    });
  }

  // Posts Expire to every session past its deadline (it closes on its own thread).
  void Sweep() {
    int64_t now = NowTicks();
    std::vector<std::shared_ptr<Session>> expired;
    {
      std::lock_guard<std::mutex> lock(shared_->mu);
      for (auto& [ptr, weak] : shared_->sessions) {
        if (!ptr->Expired(now)) continue;
        if (auto s = weak.lock()) expired.push_back(std::move(s));
      }
    }
    for (auto& s : expired) net::post(s->executor(), [s] { s->Expire(); });
  }

  template <typename F>
  void ForEachSession(F f) {
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard<std::mutex> lock(shared_->mu);
      for (auto& [ptr, weak] : shared_->sessions) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) net::post(s->executor(), [s, f] { f(s); });
  }

  bool WaitForNoConnections(milliseconds limit) {
    std::unique_lock<std::mutex> lock(shared_->mu);
    return shared_->cv.wait_for(lock, limit, [&] { return shared_->open.load() == 0; });
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  if (impl_) Shutdown(milliseconds(0));
}

StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                        HttpHandler handler) {
  if (!handler) {
    return Status(StatusCode::kInvalidArgument, "http.listen",
                  "cannot listen on " + options.host + ":" + std::to_string(options.port) +
                      ": no handler");
  }
  auto shared = std::make_shared<Shared>();
  shared->options = options;
  shared->handler = std::move(handler);
  if (options.tls) {
    shared->tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    Status configured = ConfigureTlsServerContext(shared->tls->native_handle(), *options.tls);
    if (!configured.ok()) return configured;
  }
  auto impl = std::make_unique<Impl>(std::move(shared));
  Status listened = impl->Listen();
  if (!listened.ok()) return listened;
  impl->StartThreads();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

std::string HttpServer::address() const { return impl_->address_; }
uint16_t HttpServer::port() const { return impl_->port_; }
void HttpServer::Shutdown(milliseconds grace) { impl_->Shutdown(grace); }
size_t HttpServer::open_connections() const { return impl_->shared_->open.load(); }
uint64_t HttpServer::accepted_connections() const { return impl_->shared_->accepted.load(); }

}  // namespace paiam::http
