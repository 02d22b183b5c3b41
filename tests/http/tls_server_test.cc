// HttpServer with TLS, HttpClient over TLS, and tls_certificate.h: a verifying Asio ssl client
// (trusting the generated certificate, checking 127.0.0.1 against its SAN) gets answers and keeps
// its connection alive; plain HTTP, garbage, silence and old protocol versions on the TLS port are
// closed cleanly while the server keeps serving; 503 over capacity and graceful shutdown over
// TLS; HttpClient verifies, keeps alive, reconnects and names each failure; the generated
// certificate (SANs, validity, modes, reuse) and refused pairs (mismatched, unreadable, half).
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "http/http_client.h"
#include "http/http_server.h"
#include "http/tls_certificate.h"
#include "raw_socket.h"

namespace paiam::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using std::chrono::milliseconds;
using testing::RawSocket;
using Clock = std::chrono::steady_clock;

long ElapsedMs(Clock::time_point since) {
  return static_cast<long>(
      std::chrono::duration_cast<milliseconds>(Clock::now() - since).count());
}

// A fresh directory under TMPDIR, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "paiam-tls-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

HttpResponse Echo(const HttpRequest& r) {
  HttpResponse out;
  out.content_type = "text/plain";
  out.body = r.method + "|" + r.target + "|" + r.body;
  return out;
}

// A TLS client on its own io_context; every operation is bounded by beast::tcp_stream's timer.
class TlsClient {
 public:
  // Trusts exactly `ca_pem` and requires the certificate to name `verify_ip`.
  TlsClient(uint16_t port, const std::string& ca_pem, const std::string& verify_ip = "127.0.0.1",
            int max_version = 0)
      : ctx_(ssl::context::tls_client), stream_(ioc_, ctx_) {
    // The SSL object already exists: settings go to it, not to the context.
    ctx_.add_certificate_authority(net::buffer(ca_pem));
    stream_.set_verify_mode(ssl::verify_peer);
    if (max_version != 0) {
      SSL_set_security_level(stream_.native_handle(), 0);  // let the client offer old versions
      SSL_set_min_proto_version(stream_.native_handle(), TLS1_VERSION);
      SSL_set_max_proto_version(stream_.native_handle(), max_version);
    }
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream_.native_handle()), verify_ip.c_str());
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    beast::get_lowest_layer(stream_).async_connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
        [this](beast::error_code ec) { connect_error_ = ec; });
    Run();
  }

  beast::error_code Handshake() {
    if (connect_error_) return connect_error_;
    beast::error_code result;
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_handshake(ssl::stream_base::client, [&](beast::error_code ec) { result = ec; });
    Run();
    return result;
  }

  // One request and its response; ok() false with the error on failure.
  struct Result {
    beast::error_code error;
    bhttp::response<bhttp::string_body> response;
    bool ok() const { return !error; }
  };
  Result Send(const std::string& target, bool close = false) {
    Result out;
    bhttp::request<bhttp::string_body> req(bhttp::verb::post, target, 11);
    req.set(bhttp::field::host, "127.0.0.1");
    if (close) req.set(bhttp::field::connection, "close");
    req.body() = "tls";
    req.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    bhttp::async_write(stream_, req, [&](beast::error_code ec, size_t) { out.error = ec; });
    Run();
    if (out.error) return out;
    bhttp::async_read(stream_, buffer_, out.response,
                      [&](beast::error_code ec, size_t) { out.error = ec; });
    Run();
    return out;
  }

  // Reads once more: the error the connection ends with (eof, stream_truncated, timeout...).
  beast::error_code ReadEnd() {
    beast::error_code result;
    char byte;
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(3));
    stream_.async_read_some(net::buffer(&byte, 1),
                            [&](beast::error_code ec, size_t) { result = ec; });
    Run();
    return result;
  }

  long VerifyResult() { return SSL_get_verify_result(stream_.native_handle()); }

 private:
  void Run() {
    ioc_.restart();
    ioc_.run();
  }

  net::io_context ioc_;
  ssl::context ctx_;
  ssl::stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  beast::error_code connect_error_;
};

class TlsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cert = LoadOrCreateSelfSignedCertificate(dir_.path());
    ASSERT_TRUE(cert.ok()) << cert.status().ToString();
    cert_ = std::move(cert).value();
  }

  HttpServerOptions Options() const {
    HttpServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.read_timeout = milliseconds(2000);
    o.idle_timeout = milliseconds(3000);
    o.tls = cert_.pem;
    return o;
  }

  std::unique_ptr<HttpServer> Start(const HttpServerOptions& o) {
    auto server = HttpServer::Start(o, Echo);
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    return server.ok() ? std::move(server).value() : nullptr;
  }

  // A verifying client that completed its handshake and one request.
  void ExpectServes(const HttpServer& server) {
    TlsClient client(server.port(), cert_.pem.certificate_chain_pem);
    ASSERT_FALSE(client.Handshake()) << "handshake failed";
    auto r = client.Send("/after");
    ASSERT_TRUE(r.ok()) << r.error.message();
    EXPECT_EQ(r.response.body(), "POST|/after|tls");
  }

  void WaitForNoConnections(const HttpServer& server) {
    auto start = Clock::now();
    while (server.open_connections() != 0 && ElapsedMs(start) < 3000) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    EXPECT_EQ(server.open_connections(), 0u);
  }

  TempDir dir_;
  TlsCertificate cert_;
};

TEST_F(TlsServerTest, VerifiedClientGetsAnswersOverOneKeptAliveConnection) {
  auto server = Start(Options());
  TlsClient client(server->port(), cert_.pem.certificate_chain_pem);
  ASSERT_FALSE(client.Handshake());
  EXPECT_EQ(client.VerifyResult(), X509_V_OK);
  for (int i = 0; i < 3; ++i) {
    auto r = client.Send("/v1/whoami?i=" + std::to_string(i));
    ASSERT_TRUE(r.ok()) << r.error.message();
    EXPECT_EQ(r.response.result_int(), 200u);
    EXPECT_EQ(r.response.body(), "POST|/v1/whoami?i=" + std::to_string(i) + "|tls");
    EXPECT_EQ(r.response[bhttp::field::server], "paiam");
    EXPECT_TRUE(r.response.keep_alive());
  }
  EXPECT_EQ(server->accepted_connections(), 1u);
}

TEST_F(TlsServerTest, ConnectionCloseEndsTheTlsSessionCleanly) {
  auto server = Start(Options());
  TlsClient client(server->port(), cert_.pem.certificate_chain_pem);
  ASSERT_FALSE(client.Handshake());
  auto r = client.Send("/bye", /*close=*/true);
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_EQ(r.response[bhttp::field::connection], "close");
  auto end = client.ReadEnd();  // the server's close_notify: a clean eof, not a truncation
  EXPECT_EQ(end, net::error::eof) << end.message();
  WaitForNoConnections(*server);
}

TEST_F(TlsServerTest, ClientRefusesACertificateThatDoesNotNameTheAddress) {
  auto server = Start(Options());
  TlsClient client(server->port(), cert_.pem.certificate_chain_pem, "192.0.2.1");
  auto ec = client.Handshake();  // the certificate names 127.0.0.1 and ::1 only
  EXPECT_NE(ec.message().find("certificate verify failed"), std::string::npos) << ec.message();
  ExpectServes(*server);
}

TEST_F(TlsServerTest, PlainHttpOnTheTlsPortIsClosedAndServingGoesOn) {
  auto server = Start(Options());
  RawSocket plain(server->port());
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE(plain.Send("GET /v1/whoami HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string got = plain.Read(milliseconds(3000));
  EXPECT_TRUE(plain.closed());
  EXPECT_EQ(got.find("HTTP/1.1 200"), std::string::npos) << got;
  ExpectServes(*server);
  WaitForNoConnections(*server);
}

TEST_F(TlsServerTest, GarbageHandshakeIsClosedAndServingGoesOn) {
  auto server = Start(Options());
  RawSocket garbage(server->port());
  ASSERT_TRUE(garbage.ok());
  // A TLS record header claiming a handshake, then noise.
  ASSERT_TRUE(garbage.Send(std::string("\x16\x03\x01\x00\x20", 5) + std::string(32, '\xAB')));
  garbage.Read(milliseconds(3000));
  EXPECT_TRUE(garbage.closed());
  ExpectServes(*server);
  WaitForNoConnections(*server);
}

TEST_F(TlsServerTest, SilentClientIsClosedAfterTheHandshakeTimeout) {
  auto o = Options();
  o.tls_handshake_timeout = milliseconds(200);
  auto server = Start(o);
  RawSocket silent(server->port());
  ASSERT_TRUE(silent.ok());
  auto start = Clock::now();
  silent.Read(milliseconds(3000));
  EXPECT_TRUE(silent.closed());
  EXPECT_GE(ElapsedMs(start), 150);
  EXPECT_LT(ElapsedMs(start), 1500);
  WaitForNoConnections(*server);
  ExpectServes(*server);
}

TEST_F(TlsServerTest, Tls11IsRefused) {
  auto server = Start(Options());
  TlsClient old(server->port(), cert_.pem.certificate_chain_pem, "127.0.0.1", TLS1_1_VERSION);
  auto ec = old.Handshake();
  EXPECT_NE(ec.message().find("protocol"), std::string::npos) << ec.message();
  ExpectServes(*server);
}

TEST_F(TlsServerTest, ConnectionsOverTheLimitGet503OverTls) {
  auto o = Options();
  o.max_connections = 1;
  auto server = Start(o);
  TlsClient first(server->port(), cert_.pem.certificate_chain_pem);
  ASSERT_FALSE(first.Handshake());
  ASSERT_TRUE(first.Send("/").ok());
  TlsClient second(server->port(), cert_.pem.certificate_chain_pem);
  ASSERT_FALSE(second.Handshake());
  auto refused = second.Send("/");
  ASSERT_TRUE(refused.ok()) << refused.error.message();
  EXPECT_EQ(refused.response.result_int(), 503u);
  EXPECT_NE(refused.response.body().find("\"Code\":\"ServiceUnavailable\""), std::string::npos);
  EXPECT_FALSE(refused.response.keep_alive());
  auto again = first.Send("/");  // the admitted connection is unaffected
  ASSERT_TRUE(again.ok()) << again.error.message();
  EXPECT_EQ(again.response.result_int(), 200u);
}

TEST_F(TlsServerTest, ShutdownClosesIdleTlsConnectionsWithoutWaitingForGrace) {
  auto server = Start(Options());
  TlsClient idle(server->port(), cert_.pem.certificate_chain_pem);
  ASSERT_FALSE(idle.Handshake());
  ASSERT_TRUE(idle.Send("/").ok());
  RawSocket handshaking(server->port());  // connected, handshake not even started
  ASSERT_TRUE(handshaking.ok());
  auto start = Clock::now();
  server->Shutdown(milliseconds(5000));
  EXPECT_LT(ElapsedMs(start), 1000);
  EXPECT_EQ(server->open_connections(), 0u);
}

TEST_F(TlsServerTest, MismatchedKeyIsRefusedAtStart) {
  TempDir other;
  auto second = LoadOrCreateSelfSignedCertificate(other.path());
  ASSERT_TRUE(second.ok());
  auto o = Options();
  o.tls->private_key_pem = second->pem.private_key_pem;
  auto server = HttpServer::Start(o, Echo);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().rule(), "http.tls");
  EXPECT_NE(server.status().message().find("does not belong"), std::string::npos);

  o.tls->certificate_chain_pem = "not a certificate";
  server = HttpServer::Start(o, Echo);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().rule(), "http.tls");
}

// --- HttpClient over TLS ------------------------------------------------------------------------

TEST_F(TlsServerTest, HttpClientVerifiesKeepsAliveAndReconnects) {
  auto server = Start(Options());
  for (const char* host : {"127.0.0.1", "localhost"}) {
    auto client = HttpClient::Connect(host, server->port(), milliseconds(5000),
                                      HttpClientTls{cert_.certificate_file});
    ASSERT_TRUE(client.ok()) << host << ": " << client.status().ToString();
    for (int i = 0; i < 3; ++i) {
      auto r = client->Send("POST", "/k", {}, std::to_string(i));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(r->body, "POST|/k|" + std::to_string(i));
    }
    EXPECT_EQ(client->connects(), 1u);
    auto closing = client->Send("GET", "/c", {{"Connection", "close"}}, "");
    ASSERT_TRUE(closing.ok()) << closing.status().ToString();
    auto after = client->Send("GET", "/again", {}, "");  // a new TLS connection
    ASSERT_TRUE(after.ok()) << after.status().ToString();
    EXPECT_EQ(after->body, "GET|/again|");
    EXPECT_EQ(client->connects(), 2u);
  }
}

TEST_F(TlsServerTest, HttpClientRefusesAnUntrustedCertificate) {
  auto server = Start(Options());
  TempDir other;
  ASSERT_TRUE(LoadOrCreateSelfSignedCertificate(other.path()).ok());
  auto client = HttpClient::Connect("127.0.0.1", server->port(), milliseconds(5000),
                                    HttpClientTls{other.path() + "/tls-cert.pem"});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().rule(), "http.tls");
  EXPECT_NE(client.status().message().find("self-signed certificate"), std::string::npos)
      << client.status().message();
}

TEST_F(TlsServerTest, HttpClientRefusesACertificateForAnotherAddress) {
  auto o = Options();
  o.host = "127.0.0.2";  // on Linux the whole 127/8 is loopback; the certificate names .1 only
  auto started = HttpServer::Start(o, Echo);
  if (!started.ok()) GTEST_SKIP() << "cannot listen on 127.0.0.2: " << started.status().ToString();
  auto client = HttpClient::Connect("127.0.0.2", (*started)->port(), milliseconds(5000),
                                    HttpClientTls{cert_.certificate_file});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().rule(), "http.tls");
  EXPECT_NE(client.status().message().find("IP address mismatch"), std::string::npos)
      << client.status().message();
}

TEST_F(TlsServerTest, HttpClientTlsErrors) {
  auto missing = HttpClient::Connect("127.0.0.1", 1, milliseconds(1000),
                                     HttpClientTls{dir_.path() + "/no-ca.pem"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().rule(), "http.tls");
  EXPECT_NE(missing.status().message().find("no-ca.pem"), std::string::npos);

  HttpServerOptions plain = Options();
  plain.tls.reset();
  auto server = Start(plain);
  auto to_plain = HttpClient::Connect("127.0.0.1", server->port(), milliseconds(5000),
                                      HttpClientTls{cert_.certificate_file});
  ASSERT_FALSE(to_plain.ok());
  EXPECT_EQ(to_plain.status().rule(), "http.tls") << to_plain.status().ToString();

  testing::SilentListener silent;  // accepts (in the kernel) but never answers the handshake
  auto quiet = HttpClient::Connect("127.0.0.1", silent.port(), milliseconds(300),
                                   HttpClientTls{cert_.certificate_file});
  ASSERT_FALSE(quiet.ok());
  EXPECT_EQ(quiet.status().rule(), "http.timeout") << quiet.status().ToString();
}

// --- tls_certificate.h -------------------------------------------------------------------------

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

TEST_F(TlsServerTest, GeneratedCertificateIsSelfSignedP256WithTheSans) {
  EXPECT_TRUE(cert_.generated);
  EXPECT_EQ(cert_.certificate_file, dir_.path() + "/tls-cert.pem");
  EXPECT_EQ(ModeOf(cert_.certificate_file), 0644u);
  EXPECT_EQ(ModeOf(cert_.key_file), 0600u);
  EXPECT_EQ(ReadAll(cert_.certificate_file), cert_.pem.certificate_chain_pem);

  BIO* bio = BIO_new_mem_buf(cert_.pem.certificate_chain_pem.data(),
                             static_cast<int>(cert_.pem.certificate_chain_pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(cert, nullptr);
  char cn[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  EXPECT_STREQ(cn, "paiam");
  EXPECT_EQ(X509_check_host(cert, "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert, "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(cert, "::1", 0), 1);
  EXPECT_EQ(X509_check_host(cert, "example.com", 0, 0, nullptr), 0);
  EXPECT_EQ(X509_get_signature_nid(cert), NID_ecdsa_with_SHA256);
  EVP_PKEY* key = X509_get0_pubkey(cert);
  char group[32] = {};
  EVP_PKEY_get_group_name(key, group, sizeof group, nullptr);
  EXPECT_STREQ(group, "prime256v1");
  int days = 0, seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert)),
            1);
  EXPECT_EQ(days, 825);  // plus the 5 minutes of clock-skew slack in seconds
  X509_free(cert);
}

TEST_F(TlsServerTest, SecondStartReusesTheGeneratedPair) {
  auto again = LoadOrCreateSelfSignedCertificate(dir_.path());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->generated);
  EXPECT_EQ(again->pem.certificate_chain_pem, cert_.pem.certificate_chain_pem);
  EXPECT_EQ(again->pem.private_key_pem, cert_.pem.private_key_pem);
}

TEST_F(TlsServerTest, HalfAPairIsRefusedAndNotOverwritten) {
  ASSERT_EQ(::unlink(cert_.key_file.c_str()), 0);
  auto again = LoadOrCreateSelfSignedCertificate(dir_.path());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().rule(), "http.tls");
  EXPECT_NE(again.status().message().find("tls-key.pem is missing"), std::string::npos)
      << again.status().message();
  EXPECT_EQ(ReadAll(cert_.certificate_file), cert_.pem.certificate_chain_pem);
  EXPECT_FALSE(std::filesystem::exists(cert_.key_file));
}

TEST_F(TlsServerTest, LoadRefusesMismatchedUnreadableAndGarbageFiles) {
  TempDir other;
  auto second = LoadOrCreateSelfSignedCertificate(other.path());
  ASSERT_TRUE(second.ok());
  auto mismatched = LoadTlsCertificate(cert_.certificate_file, second->key_file);
  ASSERT_FALSE(mismatched.ok());
  EXPECT_EQ(mismatched.status().rule(), "http.tls");
  EXPECT_NE(mismatched.status().message().find("does not belong"), std::string::npos);

  auto missing = LoadTlsCertificate(dir_.path() + "/nope.pem", cert_.key_file);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().rule(), "http.tls");
  EXPECT_NE(missing.status().message().find("nope.pem"), std::string::npos);

  std::string garbage = dir_.path() + "/garbage.pem";
  std::ofstream(garbage) << "hello\n";
  auto bad_cert = LoadTlsCertificate(garbage, cert_.key_file);
  ASSERT_FALSE(bad_cert.ok());
  EXPECT_NE(bad_cert.status().message().find("no PEM certificate"), std::string::npos);
  auto bad_key = LoadTlsCertificate(cert_.certificate_file, garbage);
  ASSERT_FALSE(bad_key.ok());
  EXPECT_NE(bad_key.status().message().find("no unencrypted PEM private key"), std::string::npos);

  auto good = LoadTlsCertificate(cert_.certificate_file, cert_.key_file);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_FALSE(good->generated);
}

}  // namespace
}  // namespace paiam::http
