// paiam/http — Transport: one connection, plain TCP or TLS, behind one stream type (internal to
// src/http/: the server's accepted sockets, the client's beast::tcp_stream).
//
// Why not a template Session<Stream>: a session's logic (phases, deadlines, limits) is the same
// for both, and the per-operation branch here costs nothing next to a system call. Transport
// models Asio's AsyncReadStream/AsyncWriteStream, so Beast's http::async_read and
// asio::async_write run on it unchanged. Handlers must be plain completion handlers (no
// use_future): both branches then return void.
#ifndef PAIAM_HTTP_TRANSPORT_H_
#define PAIAM_HTTP_TRANSPORT_H_

#include <optional>
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

namespace paiam::http::internal {

template <typename Next>
class BasicTransport {
 public:
  using executor_type = typename Next::executor_type;

  // `tls` null: plain TCP. Else the connection speaks TLS; `tls` must outlive it.
  BasicTransport(Next&& next, boost::asio::ssl::context* tls) {
    if (tls != nullptr) {
      tls_.emplace(std::move(next), *tls);
    } else {
      plain_.emplace(std::move(next));
    }
  }

  bool is_tls() const { return tls_.has_value(); }
  Next& next_layer() { return tls_ ? tls_->next_layer() : *plain_; }
  executor_type get_executor() { return next_layer().get_executor(); }
  SSL* native_handle() { return tls_->native_handle(); }  // TLS only

  template <typename Buffers, typename Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    if (tls_) {
      tls_->async_read_some(buffers, std::forward<Handler>(handler));
    } else {
      plain_->async_read_some(buffers, std::forward<Handler>(handler));
    }
  }

  template <typename Buffers, typename Handler>
  void async_write_some(const Buffers& buffers, Handler&& handler) {
    if (tls_) {
      tls_->async_write_some(buffers, std::forward<Handler>(handler));
    } else {
      plain_->async_write_some(buffers, std::forward<Handler>(handler));
    }
  }

  // TLS only.
  template <typename Handler>
  void async_handshake(boost::asio::ssl::stream_base::handshake_type type, Handler&& handler) {
    tls_->async_handshake(type, std::forward<Handler>(handler));
  }
  // TLS only: sends close_notify, completes when the peer's arrives or the peer closes.
  template <typename Handler>
  void async_shutdown(Handler&& handler) {
    tls_->async_shutdown(std::forward<Handler>(handler));
  }

 private:
  std::optional<Next> plain_;
  std::optional<boost::asio::ssl::stream<Next>> tls_;
};

using Transport = BasicTransport<boost::asio::ip::tcp::socket>;

}  // namespace paiam::http::internal

#endif  // PAIAM_HTTP_TRANSPORT_H_
