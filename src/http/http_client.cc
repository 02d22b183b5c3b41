// paiam/http — HttpClient (http_client.h).
//
// Synchronous calls are async Beast operations run to completion on a private io_context, so
// that tcp_stream's deadline gives every exchange a timeout (blocking socket calls have none).
// Over TLS the same tcp_stream sits under an Asio ssl::stream (transport.h), so the handshake
// and every read and write keep that deadline.
#include "http/http_client.h"

#include <optional>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "http/transport.h"
#include "http/wire.h"

namespace paiam::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using ClientStream = internal::BasicTransport<beast::tcp_stream>;

// Beast 1.74 speaks boost::string_view.
std::string_view Std(boost::beast::string_view s) { return {s.data(), s.size()}; }
boost::beast::string_view Bv(std::string_view s) { return {s.data(), s.size()}; }

constexpr uint64_t kMaxResponseBody = uint64_t{1} << 30;
constexpr uint32_t kMaxResponseHeader = 1 << 20;

Status Error(const char* rule, std::string message) {
  return Status(StatusCode::kInternal, rule, std::move(message));
}

}  // namespace

class HttpClient::Impl {
 public:
  Impl(std::string host, uint16_t port, std::chrono::milliseconds timeout)
      : host_(std::move(host)), port_(port), timeout_(timeout) {
    bool v6 = host_.find(':') != std::string::npos;
    authority_ = (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
  }

  Status Resolve() {
    beast::error_code ec;
    auto addr = net::ip::make_address(host_, ec);
    if (!ec) {
      endpoints_.emplace_back(addr, port_);
      return Status::Ok();
    }
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(host_, std::to_string(port_),
                                    tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) {
      return Error("http.connect", "cannot resolve " + host_ + (ec ? ": " + ec.message() : ""));
    }
    for (const auto& r : results) endpoints_.push_back(r.endpoint());
    return Status::Ok();
  }

  Status SetUpTls(const HttpClientTls& tls) {
    tls_ = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(tls_->native_handle(), TLS1_2_VERSION);
    tls_->set_verify_mode(net::ssl::verify_peer);
    beast::error_code ec;
    if (tls.ca_file.empty()) {
      tls_->set_default_verify_paths(ec);
    } else {
      tls_->load_verify_file(tls.ca_file, ec);
    }
    if (ec) {
      return Error("http.tls", "cannot load the CA certificates " +
                                   (tls.ca_file.empty() ? "of the system" : "in " + tls.ca_file) +
                                   ": " + ec.message());
    }
    return Status::Ok();
  }

  Status Open() {
    beast::tcp_stream tcp_stream(ioc_);
    buffer_.clear();
    reused_ = false;
    tcp_stream.expires_after(timeout_);
    beast::error_code result;
    tcp_stream.async_connect(endpoints_, [&](beast::error_code ec, const tcp::endpoint&) {
      result = ec;
    });
    Run();
    if (result) {
      return Error("http.connect", "cannot connect to " + authority_ + ": " +
                                       (result == beast::error::timeout ? std::string("timed out")
                                                                        : result.message()));
    }
    stream_.emplace(std::move(tcp_stream), tls_.get());
    if (tls_) {
      Status handshake = Handshake();
      if (!handshake.ok()) {
        Close();
        return handshake;
      }
    }
    ++connects_;
    return Status::Ok();
  }

  void Close() {
    if (!stream_) return;
    beast::error_code ignored;
    stream_->next_layer().socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_->next_layer().close();
    stream_.reset();
  }

  StatusOr<HttpResponse> Send(std::string_view method, std::string_view target,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view body) {
    bhttp::request<bhttp::string_body> request;
    Status built = Build(method, target, headers, body, request);
    if (!built.ok()) return built;
    for (int attempt = 0;; ++attempt) {
      if (!stream_) {
        Status opened = Open();
        if (!opened.ok()) return opened;
      }
      bool was_reused = reused_;
      bool retryable = false;
      StatusOr<HttpResponse> result = Exchange(request, &retryable);
      if (result.ok()) return result;
      Close();
      if (!(was_reused && retryable && attempt == 0)) return result;
    }
  }

  uint64_t connects() const { return connects_; }

 private:
  // The certificate must name host_: an IP address in its IP SANs, a name in its DNS SANs
  // (also sent as SNI).
  Status Handshake() {
    SSL* ssl = stream_->native_handle();
    beast::error_code ec;
    net::ip::make_address(host_, ec);
    if (!ec) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host_.c_str());
    } else {
      SSL_set_tlsext_host_name(ssl, host_.c_str());
      SSL_set1_host(ssl, host_.c_str());
    }
    stream_->next_layer().expires_after(timeout_);
    beast::error_code result;
    stream_->async_handshake(net::ssl::stream_base::client,
                             [&](beast::error_code e) { result = e; });
    Run();
    if (!result) return Status::Ok();
    if (result == beast::error::timeout) {
      return Error("http.timeout", "no TLS handshake with " + authority_ + " within " +
                                       std::to_string(timeout_.count()) + " ms");
    }
    long verify = SSL_get_verify_result(ssl);
    std::string why = verify == X509_V_OK ? result.message()
                                          : X509_verify_cert_error_string(verify);
    return Error("http.tls", "TLS handshake with " + authority_ + " failed: " + why);
  }

  Status Build(std::string_view method, std::string_view target,
               const std::vector<std::pair<std::string, std::string>>& headers,
               std::string_view body, bhttp::request<bhttp::string_body>& request) {
    if (!wire::IsValidHeaderName(method)) {
      return Status(StatusCode::kInvalidArgument, "http.request", "invalid method");
    }
    if (target.empty() || target.find_first_of(" \r\n\t", 0) != std::string_view::npos ||
        !wire::IsValidHeaderValue(target)) {
      return Status(StatusCode::kInvalidArgument, "http.request", "invalid request target");
    }
    request.version(11);
    bhttp::verb verb = bhttp::string_to_verb(Bv(method));
    if (verb == bhttp::verb::unknown) {
      request.method_string(Bv(method));
    } else {
      request.method(verb);
    }
    request.target(Bv(target));
    for (const auto& [name, value] : headers) {
      if (!wire::IsValidHeaderName(name) || !wire::IsValidHeaderValue(value)) {
        return Status(StatusCode::kInvalidArgument, "http.request",
                      "invalid header \"" + name + "\"");
      }
      request.insert(name, value);
    }
    if (request.find(bhttp::field::host) == request.end()) {
      request.set(bhttp::field::host, authority_);
    }
    if (request.find(bhttp::field::user_agent) == request.end()) {
      request.set(bhttp::field::user_agent, "paiam-http-client");
    }
    request.body() = std::string(body);
    if (request.find(bhttp::field::content_length) == request.end()) {
      if (body.empty() && (verb == bhttp::verb::get || verb == bhttp::verb::head)) {
        // no body, no Content-Length
      } else {
        request.content_length(body.size());
      }
    }
    return Status::Ok();
  }

  // One write + read on the open connection. *retryable: failed before any response byte.
  StatusOr<HttpResponse> Exchange(bhttp::request<bhttp::string_body>& request, bool* retryable) {
    stream_->next_layer().expires_after(timeout_);
    beast::error_code ec;
    bhttp::async_write(*stream_, request, [&](beast::error_code e, size_t) { ec = e; });
    Run();
    if (ec) {
      *retryable = ec != beast::error::timeout;
      return Failure(ec, "sending the request");
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(kMaxResponseBody);
    parser.header_limit(kMaxResponseHeader);
    if (request.method() == bhttp::verb::head) parser.skip(true);
    bhttp::async_read(*stream_, buffer_, parser, [&](beast::error_code e, size_t) { ec = e; });
    Run();
    if (ec) {
      *retryable = ec != beast::error::timeout && !parser.got_some();
      return Failure(ec, "reading the response");
    }
    auto message = parser.release();
    HttpResponse response;
    response.status = static_cast<int>(message.result_int());
    response.content_type = std::string(Std(message[bhttp::field::content_type]));
    for (const auto& field : message) {
      response.headers.emplace_back(wire::ToLower(Std(field.name_string())),
                                    std::string(Std(field.value())));
    }
    response.body = std::move(message.body());
    if (message.keep_alive()) {
      reused_ = true;
    } else {
      Close();
    }
    return response;
  }

  Status Failure(const beast::error_code& ec, const char* step) {
    if (ec == beast::error::timeout) {
      return Error("http.timeout", "no answer from " + authority_ + " within " +
                                       std::to_string(timeout_.count()) + " ms (" + step + ")");
    }
    return Error("http.io", std::string(step) + " to " + authority_ + ": " + ec.message());
  }

  void Run() {
    ioc_.restart();
    ioc_.run();
  }

  std::string host_;
  uint16_t port_;
  std::chrono::milliseconds timeout_;
  std::string authority_;
  net::io_context ioc_{1};
  std::vector<tcp::endpoint> endpoints_;
  std::unique_ptr<net::ssl::context> tls_;  // set: HTTPS
  std::optional<ClientStream> stream_;
  beast::flat_buffer buffer_;
  bool reused_ = false;
  uint64_t connects_ = 0;
};

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::HttpClient(HttpClient&& other) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&& other) noexcept = default;
HttpClient::~HttpClient() = default;

StatusOr<HttpClient> HttpClient::Connect(const std::string& host, uint16_t port,
                                         std::chrono::milliseconds timeout) {
  return ConnectWith(host, port, timeout, nullptr);
}

StatusOr<HttpClient> HttpClient::Connect(const std::string& host, uint16_t port,
                                         std::chrono::milliseconds timeout,
                                         const HttpClientTls& tls) {
  return ConnectWith(host, port, timeout, &tls);
}

StatusOr<HttpClient> HttpClient::ConnectWith(const std::string& host, uint16_t port,
                                             std::chrono::milliseconds timeout,
                                             const HttpClientTls* tls) {
  auto impl = std::make_unique<Impl>(host, port, timeout);
  if (tls != nullptr) {
    Status set_up = impl->SetUpTls(*tls);
    if (!set_up.ok()) return set_up;
  }
  Status resolved = impl->Resolve();
  if (!resolved.ok()) return resolved;
  Status opened = impl->Open();
  if (!opened.ok()) return opened;
  return HttpClient(std::move(impl));
}

StatusOr<HttpResponse> HttpClient::Send(
    std::string_view method, std::string_view target,
    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body) {
  if (!impl_) return Error("http.io", "Send on a moved-from HttpClient");
  return impl_->Send(method, target, headers, body);
}

void HttpClient::Close() {
  if (impl_) impl_->Close();
}

uint64_t HttpClient::connects() const { return impl_ ? impl_->connects() : 0; }

}  // namespace paiam::http
