// paiam/http — the server's TLS certificate: load a given PEM pair, or create and keep a
// self-signed one in the data directory.
//
// Why a generated certificate: the Alibaba Cloud credential providers always call STS over HTTPS,
// so `paiam serve --tls-listen` must work with nothing configured. The generated certificate is
// self-signed (EC P-256, SHA-256, 825 days — the longest validity Apple platforms accept — CN
// "paiam", SAN DNS:localhost, IP:127.0.0.1, IP:::1); a client trusts it by using the certificate
// file itself as its CA file. Part of the http component; depends on base/ and OpenSSL only.
//
// Every failure is Status rule "http.tls" naming the file: unreadable, not PEM, a key that does
// not belong to the certificate, a file that cannot be written.
#ifndef PAIAM_HTTP_TLS_CERTIFICATE_H_
#define PAIAM_HTTP_TLS_CERTIFICATE_H_

#include <string>

#include "base/status.h"
#include "http/http_server.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace paiam::http {

struct TlsCertificate {
  TlsKeyPair pem;                // what HttpServerOptions::tls takes
  std::string certificate_file;  // where it was read from (or written to)
  std::string key_file;
  bool generated = false;  // created by this call (first start, or the old one had expired)
};

// Reads a certificate chain (leaf first) and its private key, both PEM, and checks that they
// parse and that the key belongs to the leaf.
StatusOr<TlsCertificate> LoadTlsCertificate(const std::string& certificate_file,
                                            const std::string& key_file);

// DATA_DIR/tls-cert.pem (mode 0644) and DATA_DIR/tls-key.pem (0600): loaded when both exist and
// the certificate has not expired, else generated and written (the key first, each file via a
// temporary and a rename). Exactly one of the two existing is an error: it is not overwritten.
StatusOr<TlsCertificate> LoadOrCreateSelfSignedCertificate(const std::string& data_dir);

// Checks that the PEM texts parse and that the key belongs to the first certificate.
Status CheckTlsKeyPair(const TlsKeyPair& pem);

// Sets up a server SSL_CTX: TLS 1.2 minimum, no renegotiation, the chain and the key of `pem`.
Status ConfigureTlsServerContext(ssl_ctx_st* ctx, const TlsKeyPair& pem);

}  // namespace paiam::http

#endif  // PAIAM_HTTP_TLS_CERTIFICATE_H_
