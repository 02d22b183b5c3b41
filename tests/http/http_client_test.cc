// HttpClient: its Status rules (http.connect, http.request, http.timeout, http.io), the single
// reconnect after the server closed an idle keep-alive connection, Connection: close, moves.
#include "http/http_client.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "http/http_server.h"
#include "raw_socket.h"

namespace paiam::http {
namespace {

using std::chrono::milliseconds;

HttpResponse Hello(const HttpRequest& r) {
  HttpResponse out;
  out.body = "{\"host\":\"" + std::string(r.header("host")) + "\",\"ua\":\"" +
             std::string(r.header("user-agent")) + "\",\"len\":\"" +
             std::string(r.header("content-length")) + "\"}";
  return out;
}

std::unique_ptr<HttpServer> StartServer(milliseconds idle = milliseconds(5000)) {
  HttpServerOptions o;
  o.port = 0;
  o.threads = 1;
  o.idle_timeout = idle;
  auto server = HttpServer::Start(o, Hello);
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return std::move(server).value();
}

TEST(HttpClientTest, AddsHostUserAgentAndContentLength) {
  auto server = StartServer();
  auto client = HttpClient::Connect("127.0.0.1", server->port());
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto get = client->Send("GET", "/", {}, "");
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->content_type, "application/json");
  EXPECT_EQ(get->body, "{\"host\":\"127.0.0.1:" + std::to_string(server->port()) +
                           "\",\"ua\":\"paiam-http-client\",\"len\":\"\"}");
  auto post = client->Send("POST", "/", {{"Host", "example.com"}, {"User-Agent", "me"}}, "");
  ASSERT_TRUE(post.ok()) << post.status().ToString();
  EXPECT_EQ(post->body, "{\"host\":\"example.com\",\"ua\":\"me\",\"len\":\"0\"}");
}

TEST(HttpClientTest, ConnectFailureIsHttpConnect) {
  uint16_t port;
  {
    auto server = StartServer();
    port = server->port();
  }  // closed: nothing listens there now
  auto client = HttpClient::Connect("127.0.0.1", port, milliseconds(1000));
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().rule(), "http.connect");
  EXPECT_NE(client.status().message().find(std::to_string(port)), std::string::npos);
}

TEST(HttpClientTest, InvalidRequestIsHttpRequest) {
  auto server = StartServer();
  auto client = HttpClient::Connect("127.0.0.1", server->port());
  ASSERT_TRUE(client.ok());
  auto injected = client->Send("GET", "/", {{"x-a", "1\r\nx-b: 2"}}, "");
  ASSERT_FALSE(injected.ok());
  EXPECT_EQ(injected.status().rule(), "http.request");
  EXPECT_EQ(injected.status().code(), StatusCode::kInvalidArgument);
  auto bad_name = client->Send("GET", "/", {{"bad name", "1"}}, "");
  EXPECT_EQ(bad_name.status().rule(), "http.request");
  auto bad_method = client->Send("G T", "/", {}, "");
  EXPECT_EQ(bad_method.status().rule(), "http.request");
  auto bad_target = client->Send("GET", "/a b", {}, "");
  EXPECT_EQ(bad_target.status().rule(), "http.request");
  auto fine = client->Send("GET", "/", {}, "");  // nothing was sent; the connection is intact
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  EXPECT_EQ(client->connects(), 1u);
}

TEST(HttpClientTest, NoAnswerIsHttpTimeout) {
  testing::SilentListener listener;  // completes the handshake, never answers
  auto client = HttpClient::Connect("127.0.0.1", listener.port(), milliseconds(200));
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto start = std::chrono::steady_clock::now();
  auto r = client->Send("GET", "/", {}, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().rule(), "http.timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000));
}

TEST(HttpClientTest, MalformedResponseIsHttpIo) {
  testing::SilentListener listener;
  std::thread fake([&] {
    int fd = ::accept(listener.fd(), nullptr, nullptr);
    if (fd < 0) return;
    char buf[1024];
    (void)::recv(fd, buf, sizeof buf, 0);
    static constexpr char kGarbage[] = "NOT HTTP AT ALL\r\n\r\n";
    (void)::send(fd, kGarbage, sizeof kGarbage - 1, MSG_NOSIGNAL);
    ::close(fd);
  });
  auto client = HttpClient::Connect("127.0.0.1", listener.port(), milliseconds(2000));
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto r = client->Send("GET", "/", {}, "");
  fake.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().rule(), "http.io");
}

TEST(HttpClientTest, ReconnectsOnceAfterServerClosedIdleConnection) {
  auto server = StartServer(milliseconds(100));
  auto client = HttpClient::Connect("127.0.0.1", server->port());
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->Send("GET", "/", {}, "").ok());
  std::this_thread::sleep_for(milliseconds(400));  // the server's idle timeout closes it
  EXPECT_EQ(server->open_connections(), 0u);
  auto r = client->Send("POST", "/", {}, "x");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(client->connects(), 2u);
}

TEST(HttpClientTest, ConnectionCloseResponseReconnectsNextTime) {
  HttpServerOptions o;
  o.port = 0;
  o.threads = 1;
  auto server = HttpServer::Start(o, Hello);
  ASSERT_TRUE(server.ok());
  auto client = HttpClient::Connect("127.0.0.1", (*server)->port());
  ASSERT_TRUE(client.ok());
  auto first = client->Send("GET", "/", {{"Connection", "close"}}, "");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->header("connection"), "close");
  auto second = client->Send("GET", "/", {}, "");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(client->connects(), 2u);
}

TEST(HttpClientTest, IsMovable) {
  auto server = StartServer();
  auto connected = HttpClient::Connect("localhost", server->port());
  ASSERT_TRUE(connected.ok()) << connected.status().ToString();
  HttpClient a = std::move(connected).value();
  HttpClient b = std::move(a);
  auto r = b.Send("GET", "/", {}, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  auto moved_from = a.Send("GET", "/", {}, "");  // NOLINT(bugprone-use-after-move): on purpose
  EXPECT_FALSE(moved_from.ok());
  EXPECT_EQ(moved_from.status().rule(), "http.io");
}

}  // namespace
}  // namespace paiam::http
