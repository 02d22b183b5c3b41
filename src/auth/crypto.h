// paiam/auth — the cryptographic primitives of request signing and of secrets at rest: SHA-256,
// HMAC-SHA256/SHA1, Base64, a CSPRNG, a constant-time compare, and SecretBox (AES-256-GCM).
// Depends on OpenSSL's libcrypto and base/ only; nothing else of paiam may be included here.
//
// Every function is a thin, total wrapper: none throws, none fails on any input. Hashing and HMAC
// are cheap enough for every request: digests are fetched from OpenSSL once and each thread
// reuses one digest context (crypto.cc says why). The only abort
// is a failing system RNG (RandomBytes), because a server that cannot draw a nonce or a key must
// not continue with a predictable one.
//
// SecretBox keeps the AccessKeySecrets in the store encrypted under one 32-byte key file, so a
// copied database does not leak them. A sealed value is "v1:" + base64(nonce12 | ct | tag16);
// the "v1:" prefix leaves room for a later key rotation scheme.
#ifndef PAIAM_AUTH_CRYPTO_H_
#define PAIAM_AUTH_CRYPTO_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace paiam::auth {

// Lower-case hex of SHA-256(data). Sha256Hex("") is "e3b0c442…b855".
std::string Sha256Hex(std::string_view data);

// Lower-case hex of HMAC-SHA256(key, message) (ACS3 signatures).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// Base64 of HMAC-SHA1(key, message) (RPC v1 signatures).
std::string HmacSha1Base64(std::string_view key, std::string_view message);

// Standard alphabet, padded with '='.
std::string Base64Encode(std::string_view bytes);

// --- Allocation-free forms for the request path; same results as the functions above. ---

using Sha256Digest = std::array<unsigned char, 32>;
using Sha1Digest = std::array<unsigned char, 20>;

Sha256Digest Sha256(std::string_view data);
Sha256Digest HmacSha256(std::string_view key, std::string_view message);
Sha1Digest HmacSha1(std::string_view key, std::string_view message);

// Writes the 2 * n lower-case hex digits of bytes[0, n) to out (no terminator).
void HexEncode(const unsigned char* bytes, size_t n, char* out);

// Writes Base64Encode(bytes) to out, which must hold (bytes.size() + 2) / 3 * 4 characters (no
// terminator); returns that length.
size_t Base64EncodeTo(std::string_view bytes, char* out);

// Strict inverse of Base64Encode: standard alphabet, length a multiple of 4, '=' only as the
// final one or two characters, no whitespace, zero unused bits. nullopt otherwise.
std::optional<std::string> Base64Decode(std::string_view text);

// n bytes from OpenSSL's RAND_bytes. Aborts only if the RNG fails.
std::string RandomBytes(size_t n);

// n characters of [A-Za-z0-9], each uniformly distributed (rejection sampling, no modulo bias).
std::string RandomAlnum(size_t n);

// True when a and b are equal. Inputs of different lengths compare unequal without reading past
// either (only the length can leak, and signatures have a fixed length); equal-length inputs are
// compared with CRYPTO_memcmp, whose time does not depend on where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Authenticated encryption of secrets at rest with AES-256-GCM and a random 96-bit nonce per
// seal. Copyable; the key is wiped from memory when an instance is destroyed.
class SecretBox {
 public:
  static constexpr size_t kKeySize = 32;

  // Loads the 32-byte key from `path`, or creates it (O_CREAT|O_EXCL, mode 0600) with fresh random
  // bytes when absent. Refuses (FailedPrecondition, rule "auth.key-file") a key file that is not
  // a regular file, is of the wrong size, or is readable or writable by group or others.
  static StatusOr<SecretBox> LoadOrCreate(const std::string& path);

  // For tests: a box over `key32`. A key of any other length than 32 bytes is first hashed with
  // SHA-256 (never used by the server, which only loads key files).
  static SecretBox FromKey(std::string_view key32);

  SecretBox(const SecretBox& other) = default;
  SecretBox& operator=(const SecretBox& other) = default;
  ~SecretBox();

  // "v1:" + base64(nonce12 | ciphertext | tag16).
  std::string Seal(std::string_view plaintext) const;

  // The plaintext of a value Seal produced with the same key. Anything else — another prefix,
  // bad base64, too short, a flipped bit, another key — is InvalidArgument with rule
  // "auth.sealed-secret".
  StatusOr<std::string> Open(std::string_view sealed) const;

 private:
  SecretBox() = default;
  std::array<unsigned char, kKeySize> key_{};
};

}  // namespace paiam::auth

#endif  // PAIAM_AUTH_CRYPTO_H_
