// paiam/http — tls_certificate.h: PEM files read and checked with OpenSSL; the self-signed
// certificate built with the OpenSSL 3 X509 API (no configuration file involved).
#include "http/tls_certificate.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace paiam::http {
namespace {

constexpr long kValidDays = 825;
constexpr const char* kSubjectAltName = "DNS:localhost,IP:127.0.0.1,IP:::1";
constexpr unsigned char kCommonName[] = "paiam";

struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

Status TlsError(std::string message) {
  return Status(StatusCode::kInvalidArgument, "http.tls", std::move(message));
}

// The OpenSSL error queue as one line (and emptied, so it does not leak into a later call).
std::string OpenSslErrors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

// Never prompts on a terminal for the passphrase of an encrypted key: it is refused instead.
int NoPassphrase(char*, int, int, void*) { return -1; }

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return TlsError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return TlsError("cannot read " + path + ": " + std::strerror(errno));
  return text.str();
}

BioPtr MemoryBio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

struct ParsedPair {
  X509Ptr leaf;
  std::vector<X509Ptr> chain;  // after the leaf
  PkeyPtr key;
};

// Parses and checks `pem`; the names are for the messages.
StatusOr<ParsedPair> ParsePair(const TlsKeyPair& pem, const std::string& cert_name,
                               const std::string& key_name) {
  ERR_clear_error();
  ParsedPair out;
  BioPtr cert_bio = MemoryBio(pem.certificate_chain_pem);
  out.leaf.reset(PEM_read_bio_X509(cert_bio.get(), nullptr, NoPassphrase, nullptr));
  if (!out.leaf) return TlsError("no PEM certificate in " + cert_name + ": " + OpenSslErrors());
  for (;;) {  // the rest of the chain must parse too
    X509Ptr next(PEM_read_bio_X509(cert_bio.get(), nullptr, NoPassphrase, nullptr));
    if (next) {
      out.chain.push_back(std::move(next));
      continue;
    }
    unsigned long e = ERR_peek_last_error();
    if (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE) break;
    return TlsError("a certificate of the chain in " + cert_name + " does not parse: " +
                    OpenSslErrors());
  }
  ERR_clear_error();
  BioPtr key_bio = MemoryBio(pem.private_key_pem);
  out.key.reset(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, NoPassphrase, nullptr));
  if (!out.key) {
    return TlsError("no unencrypted PEM private key in " + key_name + ": " + OpenSslErrors());
  }
  if (X509_check_private_key(out.leaf.get(), out.key.get()) != 1) {
    ERR_clear_error();
    return TlsError("the private key in " + key_name + " does not belong to the certificate in " +
                    cert_name);
  }
  return out;
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// Writes `text` to `path` with exactly `mode` (umask ignored) via a temporary and a rename.
Status WriteFileAtomically(const std::string& path, const std::string& text, mode_t mode) {
  std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return TlsError("cannot write " + tmp + ": " + std::strerror(errno));
  bool ok = ::fchmod(fd, mode) == 0;
  for (size_t done = 0; ok && done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    if (ok) saved = errno;
    ::unlink(tmp.c_str());
    return TlsError("cannot write " + path + ": " + std::strerror(saved));
  }
  return Status::Ok();
}

bool AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool added = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return added;
}

// A fresh self-signed pair, PEM.
StatusOr<TlsKeyPair> GenerateSelfSigned() {
  ERR_clear_error();
  PkeyPtr key(EVP_EC_gen("P-256"));
  X509Ptr cert(X509_new());
  BIGNUM* serial = BN_new();
  bool ok = key && cert && serial && X509_set_version(cert.get(), 2) == 1 &&
            BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
            BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert.get())) != nullptr &&
            X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300) != nullptr &&  // clock skew
            X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidDays * 24 * 3600) != nullptr &&
            X509_set_pubkey(cert.get(), key.get()) == 1;
  BN_free(serial);
  X509_NAME* name = ok ? X509_get_subject_name(cert.get()) : nullptr;
  ok = ok && name != nullptr &&
       X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, kCommonName, -1, -1, 0) == 1 &&
       X509_set_issuer_name(cert.get(), name) == 1 &&
       AddExtension(cert.get(), NID_subject_alt_name, kSubjectAltName) &&
       AddExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") &&
       AddExtension(cert.get(), NID_key_usage, "critical,digitalSignature") &&
       AddExtension(cert.get(), NID_ext_key_usage, "serverAuth") &&
       AddExtension(cert.get(), NID_subject_key_identifier, "hash") &&
       AddExtension(cert.get(), NID_authority_key_identifier, "keyid:always") &&
       X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  BioPtr cert_out(BIO_new(BIO_s_mem()));
  BioPtr key_out(BIO_new(BIO_s_mem()));
  ok = ok && cert_out && key_out && PEM_write_bio_X509(cert_out.get(), cert.get()) == 1 &&
       PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                nullptr) == 1;
  if (!ok) return TlsError("cannot generate a self-signed certificate: " + OpenSslErrors());
  auto text = [](BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<size_t>(n));
  };
  return TlsKeyPair{text(cert_out.get()), text(key_out.get())};
}

// True when the first certificate of `pem` is past its notAfter.
bool Expired(const std::string& certificate_pem) {
  BioPtr bio = MemoryBio(certificate_pem);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr));
  ERR_clear_error();
  return cert && X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0;
}

}  // namespace

Status CheckTlsKeyPair(const TlsKeyPair& pem) {
  return ParsePair(pem, "the certificate", "the private key").status();
}

Status ConfigureTlsServerContext(ssl_ctx_st* ctx, const TlsKeyPair& pem) {
  auto parsed = ParsePair(pem, "the certificate", "the private key");
  if (!parsed.ok()) return parsed.status();
  ERR_clear_error();
  bool ok = SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1;
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_default_passwd_cb(ctx, NoPassphrase);
  ok = ok && SSL_CTX_use_certificate(ctx, parsed->leaf.get()) == 1;
  for (auto& cert : parsed->chain) ok = ok && SSL_CTX_add1_chain_cert(ctx, cert.get()) == 1;
  ok = ok && SSL_CTX_use_PrivateKey(ctx, parsed->key.get()) == 1 &&
       SSL_CTX_check_private_key(ctx) == 1;
  if (!ok) return TlsError("cannot configure TLS: " + OpenSslErrors());
  return Status::Ok();
}

StatusOr<TlsCertificate> LoadTlsCertificate(const std::string& certificate_file,
                                            const std::string& key_file) {
  TlsCertificate out;
  out.certificate_file = certificate_file;
  out.key_file = key_file;
  auto cert = ReadFile(certificate_file);
  if (!cert.ok()) return cert.status();
  auto key = ReadFile(key_file);
  if (!key.ok()) return key.status();
  out.pem = TlsKeyPair{std::move(cert).value(), std::move(key).value()};
  auto parsed = ParsePair(out.pem, certificate_file, key_file);
  if (!parsed.ok()) return parsed.status();
  return out;
}

StatusOr<TlsCertificate> LoadOrCreateSelfSignedCertificate(const std::string& data_dir) {
  std::string cert_file = data_dir + "/tls-cert.pem";
  std::string key_file = data_dir + "/tls-key.pem";
  bool have_cert = Exists(cert_file), have_key = Exists(key_file);
  if (have_cert != have_key) {
    return TlsError((have_cert ? key_file : cert_file) + " is missing but " +
                    (have_cert ? cert_file : key_file) +
                    " exists; remove it to generate a new pair, or restore the missing file");
  }
  if (have_cert) {
    auto loaded = LoadTlsCertificate(cert_file, key_file);
    if (!loaded.ok() || !Expired(loaded->pem.certificate_chain_pem)) return loaded;
  }
  auto pair = GenerateSelfSigned();
  if (!pair.ok()) return pair.status();
  Status written = WriteFileAtomically(key_file, pair->private_key_pem, 0600);
  if (written.ok()) written = WriteFileAtomically(cert_file, pair->certificate_chain_pem, 0644);
  if (!written.ok()) return written;
  TlsCertificate out;
  out.pem = std::move(pair).value();
  out.certificate_file = cert_file;
  out.key_file = key_file;
  out.generated = true;
  return out;
}

}  // namespace paiam::http
