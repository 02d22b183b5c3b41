// paiam/auth — hashing, HMAC, Base64, randomness and the constant-time compare (crypto.h).
// SecretBox is in secret_box.cc.
#include "auth/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace paiam::auth {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHexDigits[bytes[i] >> 4];
    out[2 * i + 1] = kHexDigits[bytes[i] & 0xF];
  }
  return out;
}

// HMAC into `out` (at least EVP_MAX_MD_SIZE bytes); returns the MAC length. HMAC() accepts a
// null key pointer only with length 0, so an empty key is passed as a pointer to "".
unsigned int Mac(const EVP_MD* md, std::string_view key, std::string_view message,
                 unsigned char* out) {
  static const unsigned char kEmpty[1] = {0};
  unsigned int len = 0;
  const unsigned char* key_ptr =
      key.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  const unsigned char* msg_ptr =
      message.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(message.data());
  if (HMAC(md, key_ptr, static_cast<int>(key.size()), msg_ptr, message.size(), out, &len) ==
      nullptr) {
    std::fputs("paiam: HMAC failed\n", stderr);
    std::abort();  // only on allocation failure inside OpenSSL
  }
  return len;
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

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1) {
    std::fputs("paiam: SHA-256 failed\n", stderr);
    std::abort();
  }
  return Hex(digest, len);
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = Mac(EVP_sha256(), key, message, mac);
  return Hex(mac, len);
}

std::string HmacSha1Base64(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = Mac(EVP_sha1(), key, message, mac);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += kBase64Alphabet[(v >> 6) & 63];
    out += kBase64Alphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
  if (rest == 2) v |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
  out += kBase64Alphabet[(v >> 18) & 63];
  out += kBase64Alphabet[(v >> 12) & 63];
  out += rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=';
  out += '=';
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
