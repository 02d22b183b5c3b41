// HttpServer over real sockets on 127.0.0.1, port 0: echo, keep-alive, limits (413/431), bad
// requests (400), timeouts, Connection: close, HTTP/1.0, pipelining, 100-continue, handler
// failures (500), the connection limit (503), concurrency, graceful shutdown and listen errors.
#include "http/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "http/http_client.h"
#include "raw_socket.h"

namespace paiam::http {
namespace {

using std::chrono::milliseconds;
using testing::RawSocket;
using Clock = std::chrono::steady_clock;

long ElapsedMs(Clock::time_point since) {
  return static_cast<long>(
      std::chrono::duration_cast<milliseconds>(Clock::now() - since).count());
}

HttpServerOptions TestOptions() {
  HttpServerOptions o;
  o.port = 0;
  o.threads = 2;
  o.read_timeout = milliseconds(2000);
  o.idle_timeout = milliseconds(3000);
  return o;
}

// Echoes the request as "method|target|raw_path|raw_query|x-test|remote_ip|body".
HttpResponse Echo(const HttpRequest& r) {
  HttpResponse out;
  out.content_type = "text/plain";
  out.body = r.method + "|" + r.target + "|" + std::string(r.raw_path()) + "|" +
             std::string(r.raw_query()) + "|" + std::string(r.header("x-test")) + "|" +
             r.remote_ip + "|" + r.body;
  return out;
}

std::unique_ptr<HttpServer> StartOrDie(HttpServerOptions o, HttpHandler h = Echo) {
  auto server = HttpServer::Start(o, std::move(h));
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return std::move(server).value();
}

HttpClient ConnectOrDie(const HttpServer& server, milliseconds timeout = milliseconds(5000)) {
  auto client = HttpClient::Connect("127.0.0.1", server.port(), timeout);
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  return std::move(client).value();
}

TEST(HttpServerTest, PortZeroGivesARealPort) {
  auto server = StartOrDie(TestOptions());
  EXPECT_NE(server->port(), 0);
  EXPECT_EQ(server->address(), "127.0.0.1:" + std::to_string(server->port()));
}

TEST(HttpServerTest, EchoesGetAndPost) {
  auto server = StartOrDie(TestOptions());
  HttpClient client = ConnectOrDie(*server);
  auto get = client.Send("GET", "/v1/check?x=1&y=%2F", {{"X-Test", "hello"}}, "");
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->content_type, "text/plain");
  EXPECT_EQ(get->body, "GET|/v1/check?x=1&y=%2F|/v1/check|x=1&y=%2F|hello|127.0.0.1|");
  EXPECT_EQ(get->header("server"), "paiam");
  EXPECT_EQ(get->header("x-acs-request-id").size(), 36u);
  EXPECT_FALSE(get->header("content-length").empty());

  auto post = client.Send("POST", "/a%20b", {{"content-type", "application/json"}}, "{\"k\":1}");
  ASSERT_TRUE(post.ok()) << post.status().ToString();
  EXPECT_EQ(post->body, "POST|/a%20b|/a%20b|||127.0.0.1|{\"k\":1}");
  EXPECT_EQ(post->header("content-length"), "38");
}

TEST(HttpServerTest, HandlerHeadersAndRequestIdWin) {
  auto server = StartOrDie(TestOptions(), [](const HttpRequest& r) {
    HttpResponse out;
    out.status = 201;
    out.headers = {{"x-acs-request-id", "MY-ID"}, {"Server", "custom"},
                   {"x-ok", "1"}, {"x-bad", "a\r\nInjected: yes"}, {"bad name", "v"},
                   {"Content-Length", "999"}};
    out.body = std::string(r.header("content-type"));
    return out;
  });
  HttpClient client = ConnectOrDie(*server);
  auto r = client.Send("PUT", "/x", {{"Content-Type", "text/csv"}}, "a,b");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->header("x-acs-request-id"), "MY-ID");
  EXPECT_EQ(r->header("server"), "custom");
  EXPECT_EQ(r->header("x-ok"), "1");
  EXPECT_EQ(r->header("x-bad"), "");
  EXPECT_EQ(r->header("injected"), "");
  EXPECT_EQ(r->header("content-length"), "8");
  EXPECT_EQ(r->body, "text/csv");
}

TEST(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  auto server = StartOrDie(TestOptions());
  HttpClient client = ConnectOrDie(*server);
  for (int i = 0; i < 50; ++i) {
    auto r = client.Send("GET", "/n/" + std::to_string(i), {}, "");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->body, "GET|/n/" + std::to_string(i) + "|/n/" + std::to_string(i) +
                           "|||127.0.0.1|");
  }
  EXPECT_EQ(client.connects(), 1u);
  EXPECT_EQ(server->accepted_connections(), 1u);
  EXPECT_EQ(server->open_connections(), 1u);
}

TEST(HttpServerTest, BodyOverLimitIs413Json) {
  auto o = TestOptions();
  o.max_body_bytes = 1024;
  std::atomic<int> calls{0};
  auto server = StartOrDie(o, [&](const HttpRequest& r) {
    ++calls;
    return Echo(r);
  });
  HttpClient client = ConnectOrDie(*server);
  auto ok = client.Send("POST", "/", {}, std::string(1024, 'a'));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->status, 200);
  auto r = client.Send("POST", "/", {}, std::string(64 * 1024, 'a'));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->content_type, "application/json");
  EXPECT_NE(r->body.find("\"Code\":\"RequestEntityTooLarge\""), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("\"RequestId\":\"" + std::string(r->header("x-acs-request-id"))),
            std::string::npos) << r->body;
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_EQ(calls.load(), 1);
}

TEST(HttpServerTest, HeaderOverLimitIs431Json) {
  auto o = TestOptions();
  o.max_header_bytes = 1024;
  auto server = StartOrDie(o);
  HttpClient client = ConnectOrDie(*server);
  auto r = client.Send("GET", "/", {{"x-big", std::string(4000, 'h')}}, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 431);
  EXPECT_NE(r->body.find("\"Code\":\"RequestHeaderFieldsTooLarge\""), std::string::npos);
  EXPECT_NE(r->body.find("\"Message\":"), std::string::npos);
}

TEST(HttpServerTest, MalformedRequestLineIs400JsonThenClose) {
  auto server = StartOrDie(TestOptions());
  for (std::string bad : {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
                          "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n"}) {
    RawSocket s(server->port());
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(s.Send(bad));
    std::string got = s.Read(milliseconds(3000));
    EXPECT_EQ(got.rfind("HTTP/1.1 400 ", 0), 0u) << got;
    EXPECT_NE(got.find("Content-Type: application/json"), std::string::npos) << got;
    EXPECT_NE(got.find("\"Code\":\"BadRequest\""), std::string::npos) << got;
    EXPECT_NE(got.find("\"RequestId\":\""), std::string::npos) << got;
    EXPECT_TRUE(s.closed());
  }
}

TEST(HttpServerTest, ReadTimeoutClosesSlowloris) {
  auto o = TestOptions();
  o.read_timeout = milliseconds(300);
  auto server = StartOrDie(o);
  RawSocket s(server->port());
  ASSERT_TRUE(s.ok());
  auto start = Clock::now();
  ASSERT_TRUE(s.Send("GET / HTTP/1.1\r\nHost: x\r\n"));
  // Trickle one header byte at a time: each arrives well within the timeout, the whole never.
  std::string got;
  for (int i = 0; i < 20 && !s.closed(); ++i) {
    s.Send("X");
    got += s.Read(milliseconds(50));
  }
  got += s.Read(milliseconds(2000));
  EXPECT_TRUE(s.closed());
  EXPECT_EQ(got.find("200"), std::string::npos);
  EXPECT_GE(ElapsedMs(start), 250);
  EXPECT_LT(ElapsedMs(start), 2000);
}

TEST(HttpServerTest, IdleTimeoutClosesQuietConnection) {
  auto o = TestOptions();
  o.idle_timeout = milliseconds(200);
  auto server = StartOrDie(o);
  RawSocket s(server->port());
  ASSERT_TRUE(s.ok());
  auto start = Clock::now();
  EXPECT_EQ(s.Read(milliseconds(3000)), "");
  EXPECT_TRUE(s.closed());
  EXPECT_LT(ElapsedMs(start), 2000);
}

TEST(HttpServerTest, ConnectionCloseIsHonoured) {
  auto server = StartOrDie(TestOptions());
  RawSocket s(server->port());
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s.Send("GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string got = s.Read(milliseconds(3000));
  EXPECT_EQ(got.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << got;
  EXPECT_NE(got.find("Connection: close\r\n"), std::string::npos) << got;
  EXPECT_TRUE(s.closed());
}

TEST(HttpServerTest, Http10IsAnsweredAndClosed) {
  auto server = StartOrDie(TestOptions());
  RawSocket s(server->port());
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s.Send("GET /old HTTP/1.0\r\n\r\n"));
  std::string got = s.Read(milliseconds(3000));
  EXPECT_EQ(got.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << got;
  EXPECT_NE(got.find("Content-Length: 26\r\n"), std::string::npos) << got;
  EXPECT_NE(got.find("GET|/old|/old|||127.0.0.1|"), std::string::npos) << got;
  EXPECT_TRUE(s.closed());
}

TEST(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  auto server = StartOrDie(TestOptions());
  RawSocket s(server->port());
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s.Send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
                     "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                     "GET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string got = s.Read(milliseconds(3000));
  size_t a = got.find("GET|/1|"), b = got.find("POST|/2|/2|||127.0.0.1|abc"),
         c = got.find("GET|/3|");
  ASSERT_NE(a, std::string::npos) << got;
  ASSERT_NE(b, std::string::npos) << got;
  ASSERT_NE(c, std::string::npos) << got;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_TRUE(s.closed());
}

TEST(HttpServerTest, ExpectContinueGetsInterimResponse) {
  auto server = StartOrDie(TestOptions());
  RawSocket s(server->port());
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s.Send("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                     "Expect: 100-continue\r\n\r\n"));
  std::string interim = s.Read(milliseconds(3000), "\r\n\r\n");
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(s.Send("hello"));
  std::string got = s.Read(milliseconds(3000), "hello");
  EXPECT_EQ(got.rfind("HTTP/1.1 200 OK", 0), 0u) << got;
  EXPECT_NE(got.find("POST|/e|/e|||127.0.0.1|hello"), std::string::npos) << got;
}

TEST(HttpServerTest, HeadGetsLengthButNoBody) {
  auto server = StartOrDie(TestOptions());
  HttpClient client = ConnectOrDie(*server);
  auto r = client.Send("HEAD", "/h", {}, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->header("content-length"), "23");
  EXPECT_EQ(r->body, "");
  auto after = client.Send("GET", "/h", {}, "");  // the connection is still in sync
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->body, "GET|/h|/h|||127.0.0.1|");
}

TEST(HttpServerTest, HandlerExceptionIs500Json) {
  auto server = StartOrDie(TestOptions(), [](const HttpRequest& r) -> HttpResponse {
    if (r.target == "/throw") throw std::runtime_error("boom");
    if (r.target == "/int") throw 7;
    if (r.target == "/status") {
      HttpResponse odd;
      odd.status = 42;
      return odd;
    }
    return Echo(r);
  });
  HttpClient client = ConnectOrDie(*server);
  for (const char* target : {"/throw", "/int", "/status"}) {
    auto r = client.Send("GET", target, {}, "");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, 500) << target;
    EXPECT_EQ(r->content_type, "application/json");
    EXPECT_NE(r->body.find("\"Code\":\"InternalError\""), std::string::npos) << r->body;
  }
  auto ok = client.Send("GET", "/fine", {}, "");  // the server and connection survive
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(client.connects(), 1u);
}

TEST(HttpServerTest, ConnectionsOverTheLimitGet503) {
  auto o = TestOptions();
  o.max_connections = 1;
  auto server = StartOrDie(o);
  HttpClient first = ConnectOrDie(*server);
  ASSERT_TRUE(first.Send("GET", "/", {}, "").ok());
  RawSocket second(server->port());
  ASSERT_TRUE(second.ok());
  std::string got = second.Read(milliseconds(3000));
  EXPECT_EQ(got.rfind("HTTP/1.1 503 ", 0), 0u) << got;
  EXPECT_NE(got.find("\"Code\":\"ServiceUnavailable\""), std::string::npos) << got;
  EXPECT_TRUE(second.closed());
  EXPECT_EQ(server->open_connections(), 1u);
  auto again = first.Send("GET", "/", {}, "");  // the admitted connection is unaffected
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->status, 200);
}

TEST(HttpServerTest, ManyConcurrentRequestsAreAllAnswered) {
  auto o = TestOptions();
  o.threads = 4;
  auto server = StartOrDie(o);
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto client = HttpClient::Connect("127.0.0.1", server->port());
      if (!client.ok()) return;
      for (int i = 0; i < 25; ++i) {
        std::string body = std::to_string(t) + "-" + std::to_string(i);
        auto r = client->Send("POST", "/c", {}, body);
        if (r.ok() && r->status == 200 && r->body == "POST|/c|/c|||127.0.0.1|" + body) ++good;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), 200);
  EXPECT_EQ(server->accepted_connections(), 8u);
}

// A handler that blocks holds one worker; every other connection is still served by the
// others. (Regression: with one io_context per worker, the connections dealt to the blocked
// worker waited for it, which also made the shutdown test below flaky.)
TEST(HttpServerTest, ABlockedHandlerDoesNotStallOtherConnections) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> entered;
  auto server = StartOrDie(TestOptions(), [&](const HttpRequest& r) {
    if (r.target == "/block") {
      entered.set_value();
      released.wait();
    }
    return Echo(r);
  });
  uint16_t port = server->port();
  auto blocked = std::async(std::launch::async, [port] {
    auto client = HttpClient::Connect("127.0.0.1", port);
    if (!client.ok()) return -1;
    auto r = client->Send("GET", "/block", {}, "");
    return r.ok() ? r->status : -1;
  });
  entered.get_future().wait();
  // Several fresh connections: whichever way they are spread, each must be answered now.
  for (int i = 0; i < 6; ++i) {
    auto start = Clock::now();
    HttpClient client = ConnectOrDie(*server);
    auto r = client.Send("GET", "/", {}, "");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, 200);
    EXPECT_LT(ElapsedMs(start), 1000) << "connection " << i << " waited for the blocked handler";
  }
  release.set_value();
  EXPECT_EQ(blocked.get(), 200);
}

TEST(HttpServerTest, ShutdownAnswersTheRequestInFlightAndRefusesNewConnections) {
  std::promise<void> entered;
  auto server = StartOrDie(TestOptions(), [&](const HttpRequest& r) {
    if (r.target == "/slow") {
      entered.set_value();
      std::this_thread::sleep_for(milliseconds(700));
    }
    return Echo(r);
  });
  uint16_t port = server->port();
  auto slow = std::async(std::launch::async, [port] {
    auto client = HttpClient::Connect("127.0.0.1", port);
    if (!client.ok()) return client.status().ToString();
    auto r = client->Send("GET", "/slow", {}, "");
    if (!r.ok()) return r.status().ToString();
    return std::to_string(r->status) + " " + std::string(r->header("connection"));
  });
  HttpClient idle = ConnectOrDie(*server);  // an idle keep-alive connection
  ASSERT_TRUE(idle.Send("GET", "/", {}, "").ok());
  entered.get_future().wait();

  auto start = Clock::now();
  auto shutdown = std::async(std::launch::async, [&] { server->Shutdown(milliseconds(3000)); });
  bool refused = false;
  while (!refused && ElapsedMs(start) < 600) {
    RawSocket probe(port);
    refused = !probe.ok();
    if (!refused) std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_TRUE(refused) << "new connections still accepted during shutdown";
  shutdown.get();
  EXPECT_LT(ElapsedMs(start), 3000 + 500);
  EXPECT_EQ(slow.get(), "200 close");
  EXPECT_EQ(server->open_connections(), 0u);
  EXPECT_FALSE(idle.Send("GET", "/", {}, "").ok());
}

TEST(HttpServerTest, ShutdownClosesIdleConnectionsWithoutWaitingForGrace) {
  auto server = StartOrDie(TestOptions());
  HttpClient client = ConnectOrDie(*server);
  ASSERT_TRUE(client.Send("GET", "/", {}, "").ok());
  auto start = Clock::now();
  server->Shutdown(milliseconds(5000));
  EXPECT_LT(ElapsedMs(start), 1000);
  EXPECT_EQ(server->open_connections(), 0u);
}

TEST(HttpServerTest, ShutdownCutsWhatIsLeftAfterGrace) {
  auto server = StartOrDie(TestOptions());
  RawSocket s(server->port());
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial"));
  std::this_thread::sleep_for(milliseconds(100));  // the server is now reading the body
  auto start = Clock::now();
  server->Shutdown(milliseconds(200));
  EXPECT_GE(ElapsedMs(start), 150);
  EXPECT_LT(ElapsedMs(start), 1500);
  EXPECT_EQ(s.Read(milliseconds(1000)), "");
  EXPECT_TRUE(s.closed());
  server->Shutdown(milliseconds(200));  // idempotent
}

TEST(HttpServerTest, ListenFailuresAreHttpListen) {
  auto first = StartOrDie(TestOptions());
  auto o = TestOptions();
  o.port = first->port();
  auto in_use = HttpServer::Start(o, Echo);
  ASSERT_FALSE(in_use.ok());
  EXPECT_EQ(in_use.status().rule(), "http.listen");
  EXPECT_EQ(in_use.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(in_use.status().message().find(first->address()), std::string::npos)
      << in_use.status().message();

  o = TestOptions();
  o.host = "192.0.2.1";  // TEST-NET-1: not an address of this machine
  auto foreign = HttpServer::Start(o, Echo);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().rule(), "http.listen");
  EXPECT_NE(foreign.status().message().find("192.0.2.1"), std::string::npos);

  auto no_handler = HttpServer::Start(TestOptions(), nullptr);
  ASSERT_FALSE(no_handler.ok());
  EXPECT_EQ(no_handler.status().rule(), "http.listen");
}

}  // namespace
}  // namespace paiam::http
