// paiam/auth — SecretBox (crypto.h): AES-256-GCM over secrets at rest, and the key file.
//
// The key file holds exactly 32 raw bytes and must be private to its owner (no group/other
// permission bits), the same rule ssh applies to private keys: a key anyone can read protects
// nothing, so a misconfigured file stops the server instead of being used silently.
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "auth/crypto.h"

namespace paiam::auth {
namespace {

constexpr std::string_view kSealPrefix = "v1:";
constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;
// Binds a sealed value to this format; a later format uses another prefix and another AAD.
constexpr std::string_view kAad = "paiam.secretbox.v1";

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

Status KeyFileError(const std::string& path, const std::string& what) {
  return Status(StatusCode::kFailedPrecondition, "auth.key-file", "key file " + path + ": " + what);
}

Status SealedError(const std::string& what) {
  return Status(StatusCode::kInvalidArgument, "auth.sealed-secret", "sealed secret: " + what);
}

unsigned char* U(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Reads the key from an open file descriptor after checking type, mode and size. Closes fd.
StatusOr<std::string> ReadKeyFile(int fd, const std::string& path) {
  struct stat st {};
  std::string key(SecretBox::kKeySize, '\0');
  Status status;
  if (fstat(fd, &st) != 0) {
    status = KeyFileError(path, std::string("cannot stat: ") + std::strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    status = KeyFileError(path, "not a regular file");
  } else if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    status = KeyFileError(path, std::string("mode ") + mode +
                                    " lets group or others access it; chmod 600 it");
  } else if (st.st_size != static_cast<off_t>(SecretBox::kKeySize)) {
    status = KeyFileError(path, "holds " + std::to_string(st.st_size) + " bytes, expected 32");
  } else {
    size_t got = 0;
    while (got < key.size()) {
      ssize_t n = read(fd, key.data() + got, key.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    if (got != key.size()) status = KeyFileError(path, "short read");
  }
  close(fd);
  if (!status.ok()) return status;
  return key;
}

// Creates the key file; EEXIST is reported through `exists` so the caller can load it instead
// (another process won the race).
StatusOr<std::string> CreateKeyFile(const std::string& path, bool* exists) {
  *exists = false;
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      *exists = true;
      return KeyFileError(path, "appeared while being created");
    }
    return KeyFileError(path, std::string("cannot create: ") + std::strerror(errno));
  }
  std::string key = RandomBytes(SecretBox::kKeySize);
  bool ok = fchmod(fd, 0600) == 0;  // the umask may only have removed bits; make it exact
  size_t put = 0;
  while (ok && put < key.size()) {
    ssize_t n = write(fd, key.data() + put, key.size() - put);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    else put += static_cast<size_t>(n);
  }
  ok = ok && fsync(fd) == 0;
  int saved_errno = errno;
  close(fd);
  if (!ok) {
    unlink(path.c_str());  // never leave a half-written key behind to be refused later
    return KeyFileError(path, std::string("cannot write: ") + std::strerror(saved_errno));
  }
  return key;
}

}  // namespace

StatusOr<SecretBox> SecretBox::LoadOrCreate(const std::string& path) {
  // Two rounds cover a concurrent creator: our O_EXCL fails, and the second open finds its file.
  for (int round = 0; round < 2; ++round) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    StatusOr<std::string> key = Status();  // replaced on every path below
    if (fd >= 0) {
      key = ReadKeyFile(fd, path);
    } else if (errno != ENOENT) {
      return KeyFileError(path, std::string("cannot open: ") + std::strerror(errno));
    } else {
      bool exists = false;
      key = CreateKeyFile(path, &exists);
      if (!key.ok() && exists) continue;
    }
    if (!key.ok()) return key.status();
    SecretBox box = FromKey(*key);
    OPENSSL_cleanse(key->data(), key->size());
    return box;
  }
  return KeyFileError(path, "could neither open nor create it");
}

SecretBox SecretBox::FromKey(std::string_view key32) {
  SecretBox box;
  if (key32.size() == kKeySize) {
    std::memcpy(box.key_.data(), key32.data(), kKeySize);
  } else {
    unsigned int len = 0;
    EVP_Digest(key32.data(), key32.size(), box.key_.data(), &len, EVP_sha256(), nullptr);
  }
  return box;
}

SecretBox::~SecretBox() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::string SecretBox::Seal(std::string_view plaintext) const {
  std::string raw = RandomBytes(kNonceSize);
  raw.resize(kNonceSize + plaintext.size() + kTagSize);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  bool ok = ctx != nullptr &&
            EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), U(raw)) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, U(kAad), static_cast<int>(kAad.size())) ==
                1 &&
            EVP_EncryptUpdate(ctx.get(), U(raw) + kNonceSize, &len, U(plaintext),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), U(raw) + kNonceSize + len, &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize,
                                U(raw) + kNonceSize + plaintext.size()) == 1;
  if (!ok) {
    std::fputs("paiam: AES-256-GCM encryption failed\n", stderr);
    std::abort();  // only on allocation failure inside OpenSSL
  }
  return std::string(kSealPrefix) + Base64Encode(raw);
}

StatusOr<std::string> SecretBox::Open(std::string_view sealed) const {
  if (sealed.substr(0, kSealPrefix.size()) != kSealPrefix) {
    return SealedError("does not start with \"v1:\"");
  }
  std::optional<std::string> raw = Base64Decode(sealed.substr(kSealPrefix.size()));
  if (!raw) return SealedError("not valid base64");
  if (raw->size() < kNonceSize + kTagSize) return SealedError("too short");
  size_t ct_size = raw->size() - kNonceSize - kTagSize;
  std::string plain(ct_size, '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  bool ok = ctx != nullptr &&
            EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), U(*raw)) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, U(kAad), static_cast<int>(kAad.size())) ==
                1 &&
            EVP_DecryptUpdate(ctx.get(), U(plain), &len, U(*raw) + kNonceSize,
                              static_cast<int>(ct_size)) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize,
                                U(*raw) + kNonceSize + ct_size) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), U(plain) + len, &len) == 1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return SealedError("authentication failed (tampered, or sealed under another key)");
  }
  return plain;
}

}  // namespace paiam::auth
