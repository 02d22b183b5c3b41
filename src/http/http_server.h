// paiam/http — HttpServer: the HTTP/1.1 transport every paiam API is served over.
//
// The http component owns the wire only: parsing requests, keep-alive, limits, timeouts and a
// graceful shutdown. It knows nothing of routing, JSON APIs or signatures (api/ does) and may
// depend only on base/. Built on Boost.Asio + Boost.Beast (header-only); OpenSSL for TLS.
//
// `threads` workers run one io_context; every connection lives on its own strand and its
// requests are handled one after the other (pipelined requests are answered in order). The
// handler runs inline on the worker that read the request, so it must be thread-safe and should
// block only briefly: a handler that blocks holds one worker, and the others keep serving.
//
// Errors the transport itself answers are JSON, like the handler's, because the Alibaba Cloud
// SDKs fail on non-JSON error bodies:
//   400 BadRequest                   malformed request (then close)
//   413 RequestEntityTooLarge        body over max_body_bytes (then close)
//   431 RequestHeaderFieldsTooLarge  header over max_header_bytes (then close)
//   500 InternalError                the handler threw or returned an invalid response
//   503 ServiceUnavailable           more than max_connections open (then close)
// Each looks like {"RequestId":"…","Code":"BadRequest","Message":"…"}.
//
// TLS: with HttpServerOptions::tls set, every connection of this server first completes a TLS
// handshake (TLS 1.2 or 1.3, OpenSSL via Asio's ssl::stream), bounded by tls_handshake_timeout;
// then it is served exactly like a plain one (same handler, keep-alive, limits, timeouts, 503,
// shutdown). A failed or timed-out handshake just closes the connection. Over capacity, a TLS
// connection is answered 503 after its handshake (a plain-text 503 would be unreadable; beyond
// 64 such at once, further ones are closed without an answer). To serve
// both, start two servers with the same handler (`paiam serve --tls-listen` does).
#ifndef PAIAM_HTTP_HTTP_SERVER_H_
#define PAIAM_HTTP_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace paiam::http {

struct HttpRequest {
  std::string method;  // "GET", as received (case-sensitive per RFC 9110)
  std::string target;  // raw request-target as received: "/v1/check?x=1"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;
  std::string remote_ip;     // "127.0.0.1"
  uint16_t remote_port = 0;  // the client's port, for logs

  std::string_view raw_path() const;   // target before '?', still percent-encoded
  std::string_view raw_query() const;  // after '?', "" if none
  std::string_view header(std::string_view lower_name) const;  // first match or ""
};

struct HttpResponse {
  int status = 200;  // 200..599; anything else is answered as 500 InternalError
  std::string content_type = "application/json";  // "" sends no Content-Type
  // Extra headers. Content-Length, Transfer-Encoding and Connection are the server's and are
  // ignored here; a header whose name is not a token or whose value holds CR, LF or NUL is
  // dropped (and logged), so a handler cannot split a response.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string_view header(std::string_view lower_name) const;  // first match, any case, or ""
};

// Called on a worker thread, possibly concurrently: must be thread-safe. It may block briefly.
// It must not call HttpServer::Shutdown (that joins the worker it runs on).
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// A certificate chain (leaf first) and its private key, PEM (tls_certificate.h loads them).
struct TlsKeyPair {
  std::string certificate_chain_pem;
  std::string private_key_pem;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // an IP address, "localhost", or a resolvable name
  uint16_t port = 8080;            // 0: pick a free port
  unsigned threads = 0;            // 0: std::thread::hardware_concurrency()
  size_t max_body_bytes = 1 << 20;     // larger: 413 {"Code":"RequestEntityTooLarge",...}
  size_t max_header_bytes = 16 << 10;  // larger: 431
  // A request must arrive whole within this, counted from its first byte; also bounds the
  // writing of one response to a client that does not read.
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds idle_timeout{60000};  // keep-alive connection with no request
  size_t max_connections = 4096;  // beyond: accept, answer 503, close
  std::optional<TlsKeyPair> tls;  // set: this server speaks HTTPS only
  std::chrono::milliseconds tls_handshake_timeout{10000};  // from accept to a finished handshake
};

class HttpServer {
 public:
  // Binds and starts serving. Status rule "http.listen" naming the address on failure:
  // kInvalidArgument for a host that does not resolve, kAlreadyExists for a port in use,
  // kFailedPrecondition for any other bind/listen failure. Rule "http.tls" (kInvalidArgument)
  // when `tls` does not parse or its key does not match the certificate.
  static StatusOr<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                     HttpHandler handler);
  ~HttpServer();  // Shutdown(0) if still running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::string address() const;  // "127.0.0.1:54321" (the real port when 0 was asked)
  uint16_t port() const;

  // Graceful: stop accepting; requests already read are answered (handler runs to completion);
  // idle keep-alive connections are closed; after `grace` remaining connections are cut. Joins
  // the worker threads. Idempotent; must not be called from a handler.
  void Shutdown(std::chrono::milliseconds grace);

  size_t open_connections() const;
  uint64_t accepted_connections() const;  // since Start, including ones refused with 503

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace paiam::http

#endif  // PAIAM_HTTP_HTTP_SERVER_H_
