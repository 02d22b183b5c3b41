// paiam/auth — hashing, HMAC, Base64, randomness and the constant-time compare (crypto.h).
// SecretBox is in secret_box.cc.
//
// Why not OpenSSL's one-shot EVP_Digest / HMAC: in OpenSSL 3 each call fetches the algorithm
// from the provider (a locked name lookup, thousands of instructions) and allocates a context;
// on the request path that was most of the cost of authentication. Here the digests are fetched
// once, each thread keeps one EVP_MD_CTX, and HMAC is RFC 2104 spelled out over that digest.
#include "auth/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace paiam::auth {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr size_t kHmacBlockSize = 64;  // SHA-1 and SHA-256 alike (RFC 2104's B)

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "paiam: %s failed\n", what);
  std::abort();  // only on allocation failure inside OpenSSL, or a provider without the digest
}

// Fetched once per process (thread-safe static initialization) and never freed: the one-shot
// APIs (EVP_Digest, HMAC) fetch the algorithm from the provider on every call, which cost more
// than hashing a whole request.
const EVP_MD* FetchMd(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) Die(name);
  return md;
}
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = FetchMd("SHA256");
  return md;
}
const EVP_MD* Sha1Md() {
  static const EVP_MD* md = FetchMd("SHA1");
  return md;
}

// One digest context per thread, re-initialized for every digest (EVP_DigestInit_ex2 resets it).
// None of the functions below calls another while a digest is in progress.
class ThreadDigest {
 public:
  ThreadDigest() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr) Die("EVP_MD_CTX_new");
  }
  ~ThreadDigest() { EVP_MD_CTX_free(ctx_); }
  ThreadDigest(const ThreadDigest&) = delete;
  ThreadDigest& operator=(const ThreadDigest&) = delete;

  void Init(const EVP_MD* md) {
    if (EVP_DigestInit_ex2(ctx_, md, nullptr) != 1) Die("EVP_DigestInit_ex2");
  }
  void Update(const void* data, size_t n) {
    if (n > 0 && EVP_DigestUpdate(ctx_, data, n) != 1) Die("EVP_DigestUpdate");
  }
  void Update(std::string_view data) { Update(data.data(), data.size()); }
  void Final(unsigned char* out) {
    if (EVP_DigestFinal_ex(ctx_, out, nullptr) != 1) Die("EVP_DigestFinal_ex");
  }

 private:
  EVP_MD_CTX* ctx_;
};

ThreadDigest& Digester() {
  thread_local ThreadDigest digest;
  return digest;
}

// HMAC (RFC 2104) over a prefetched digest of block size 64 and output size `n` (<= 64):
// H((K0 ^ opad) | H((K0 ^ ipad) | message)), where K0 is the key, or its hash when longer than
// a block, zero-padded to the block. Byte-identical to OpenSSL's HMAC (tests/auth/crypto_test).
void Hmac(const EVP_MD* md, size_t n, std::string_view key, std::string_view message,
          unsigned char* out) {
  ThreadDigest& digest = Digester();
  unsigned char k0[kHmacBlockSize] = {};
  if (key.size() > kHmacBlockSize) {
    digest.Init(md);
    digest.Update(key);
    digest.Final(k0);
  } else if (!key.empty()) {
    std::memcpy(k0, key.data(), key.size());
  }
  unsigned char pad[kHmacBlockSize];
  for (size_t i = 0; i < kHmacBlockSize; ++i) pad[i] = k0[i] ^ 0x36;
  unsigned char inner[EVP_MAX_MD_SIZE];
  digest.Init(md);
  digest.Update(pad, sizeof pad);
  digest.Update(message);
  digest.Final(inner);
  for (size_t i = 0; i < kHmacBlockSize; ++i) pad[i] = k0[i] ^ 0x5c;
  digest.Init(md);
  digest.Update(pad, sizeof pad);
  digest.Update(inner, n);
  digest.Final(out);
  OPENSSL_cleanse(k0, sizeof k0);
  OPENSSL_cleanse(pad, sizeof pad);
}

// Value of a Base64 character, or -1.
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

void HexEncode(const unsigned char* bytes, size_t n, char* out) {
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHexDigits[bytes[i] >> 4];
    out[2 * i + 1] = kHexDigits[bytes[i] & 0xF];
  }
}

Sha256Digest Sha256(std::string_view data) {
  ThreadDigest& digest = Digester();
  Sha256Digest out;
  digest.Init(Sha256Md());
  digest.Update(data);
  digest.Final(out.data());
  return out;
}

Sha256Digest HmacSha256(std::string_view key, std::string_view message) {
  Sha256Digest out;
  Hmac(Sha256Md(), out.size(), key, message, out.data());
  return out;
}

Sha1Digest HmacSha1(std::string_view key, std::string_view message) {
  Sha1Digest out;
  Hmac(Sha1Md(), out.size(), key, message, out.data());
  return out;
}

std::string Sha256Hex(std::string_view data) {
  Sha256Digest digest = Sha256(data);
  std::string out(2 * digest.size(), '0');
  HexEncode(digest.data(), digest.size(), out.data());
  return out;
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  Sha256Digest mac = HmacSha256(key, message);
  std::string out(2 * mac.size(), '0');
  HexEncode(mac.data(), mac.size(), out.data());
  return out;
}

std::string HmacSha1Base64(std::string_view key, std::string_view message) {
  Sha1Digest mac = HmacSha1(key, message);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

size_t Base64EncodeTo(std::string_view bytes, char* out) {
  char* start = out;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    *out++ = kBase64Alphabet[(v >> 18) & 63];
    *out++ = kBase64Alphabet[(v >> 12) & 63];
    *out++ = kBase64Alphabet[(v >> 6) & 63];
    *out++ = kBase64Alphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return static_cast<size_t>(out - start);
  uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
  if (rest == 2) v |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
  *out++ = kBase64Alphabet[(v >> 18) & 63];
  *out++ = kBase64Alphabet[(v >> 12) & 63];
  *out++ = rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=';
  *out++ = '=';
  return static_cast<size_t>(out - start);
}

std::string Base64Encode(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4, '=');
  out.resize(Base64EncodeTo(bytes, out.data()));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    size_t data_chars = last ? 4 - padding : 4;
    uint32_t v = 0;
    for (size_t j = 0; j < 4; ++j) {
      int d = j < data_chars ? Base64Value(text[i + j]) : 0;
      if (d < 0) return std::nullopt;
      v = (v << 6) | static_cast<uint32_t>(d);
    }
    out += static_cast<char>((v >> 16) & 0xFF);
    if (data_chars >= 3) out += static_cast<char>((v >> 8) & 0xFF);
    if (data_chars == 4) out += static_cast<char>(v & 0xFF);
    // Canonical form: the bits a padded group does not use must be zero.
    if ((data_chars == 3 && (v & 0xFF) != 0) || (data_chars == 2 && (v & 0xFFFF) != 0)) {
      return std::nullopt;
    }
  }
  return out;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                          static_cast<int>(n)) != 1) {
    std::fputs("paiam: the system random number generator failed\n", stderr);
    std::abort();
  }
  return out;
}

std::string RandomAlnum(size_t n) {
  static constexpr char kAlnum[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  constexpr unsigned kLimit = 62 * 4;  // 248: the largest multiple of 62 not above 256
  std::string out;
  out.reserve(n);
  while (out.size() < n) {
    std::string pool = RandomBytes(n - out.size() + 8);
    for (char c : pool) {
      unsigned b = static_cast<uint8_t>(c);
      if (b >= kLimit) continue;  // rejected: keeps every character equally likely
      out += kAlnum[b % 62];
      if (out.size() == n) break;
    }
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace paiam::auth
