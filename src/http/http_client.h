// paiam/http — HttpClient: a small synchronous HTTP/1.1 client with keep-alive.
//
// For tests, the paiam CLI and tools: one connection, one request at a time, each exchange
// (write + read) bounded by the timeout given to Connect. Not thread-safe; movable. Part of the
// http component (depends only on base/); Boost.Beast underneath, on a private io_context.
//
// Status rules:
//   http.connect  the host does not resolve or the connection is refused / times out
//   http.request  the method, a header name or a header value cannot be sent (CR/LF, not a token)
//   http.timeout  the server did not answer within the timeout (the connection is dropped)
//   http.io       any other failure: reset, closed mid-response, a malformed response
//   http.tls      (TLS) the CA file cannot be loaded, or the handshake failed: the certificate
//                 does not verify or does not name the host, no common protocol version
#ifndef PAIAM_HTTP_HTTP_CLIENT_H_
#define PAIAM_HTTP_HTTP_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/http_server.h"

namespace paiam::http {

// HTTPS: TLS 1.2+, the server's chain verified against `ca_file` (PEM; "" = the system's trust
// store) and its certificate required to name the host given to Connect (a DNS name or an IP).
struct HttpClientTls {
  std::string ca_file;
};

class HttpClient {
 public:
  static StatusOr<HttpClient> Connect(const std::string& host, uint16_t port,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  static StatusOr<HttpClient> Connect(const std::string& host, uint16_t port,
                                      std::chrono::milliseconds timeout,
                                      const HttpClientTls& tls);
  HttpClient(HttpClient&& other) noexcept;
  HttpClient& operator=(HttpClient&& other) noexcept;
  ~HttpClient();

  // Sends one request and reads its response. Adds Host (host:port) and Content-Length when the
  // caller did not set them. When a reused keep-alive connection turns out to be closed by the
  // server before any byte of the response, reconnects once and resends. A response carrying
  // "Connection: close" closes the connection; the next Send reconnects.
  StatusOr<HttpResponse> Send(std::string_view method, std::string_view target,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view body);

  void Close();  // drops the connection now (the next Send reconnects)
  uint64_t connects() const;  // connections opened so far (1 after Connect)

  class Impl;

 private:
  static StatusOr<HttpClient> ConnectWith(const std::string& host, uint16_t port,
                                          std::chrono::milliseconds timeout,
                                          const HttpClientTls* tls);  // null: plain
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace paiam::http

#endif  // PAIAM_HTTP_HTTP_CLIENT_H_
