// tests/auth — SecretBox: AES-256-GCM round trip, tamper and wrong-key detection (rule
// "auth.sealed-secret"), and the key file (created 0600, reloaded, refused when 0644, of the
// wrong size or not a file: rule "auth.key-file").
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "auth/crypto.h"

namespace paiam::auth {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = ::testing::TempDir() + "paiam_auth_XXXXXX";
    path_ = mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    if (!path_.empty()) std::system(("rm -rf '" + path_ + "'").c_str());
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  bool ok() const { return !path_.empty(); }

 private:
  std::string path_;
};

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

void WriteFile(const std::string& path, const std::string& content, mode_t mode) {
  std::ofstream(path, std::ios::binary) << content;
  chmod(path.c_str(), mode);
}

const std::string kKey(32, 'k');

TEST(SecretBox, SealOpenRoundTrip) {
  SecretBox box = SecretBox::FromKey(kKey);
  for (std::string plain : {std::string(), std::string("s3cr3t"), std::string(1000, 'x'),
                            std::string("nul\0inside", 10)}) {
    std::string sealed = box.Seal(plain);
    EXPECT_EQ(sealed.substr(0, 3), "v1:");
    EXPECT_EQ(sealed.find(plain.empty() ? "\x01" : plain), std::string::npos);
    StatusOr<std::string> opened = box.Open(sealed);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, plain);
  }
}

TEST(SecretBox, FreshNoncePerSeal) {
  SecretBox box = SecretBox::FromKey(kKey);
  EXPECT_NE(box.Seal("same"), box.Seal("same"));
}

TEST(SecretBox, TamperedValueIsRefused) {
  SecretBox box = SecretBox::FromKey(kKey);
  std::string sealed = box.Seal("AccessKeySecret");
  std::string raw = *Base64Decode(sealed.substr(3));
  for (size_t i = 0; i < raw.size(); ++i) {  // flip one bit in nonce, ciphertext and tag alike
    std::string bad = raw;
    bad[i] ^= 0x01;
    StatusOr<std::string> opened = box.Open("v1:" + Base64Encode(bad));
    ASSERT_FALSE(opened.ok()) << "byte " << i;
    EXPECT_EQ(opened.status().rule(), "auth.sealed-secret");
  }
  for (std::string bad : {std::string(""), std::string("v2:") + sealed.substr(3),
                          sealed.substr(3), std::string("v1:!!!!"), std::string("v1:AAAA"),
                          sealed.substr(0, sealed.size() - 4)}) {
    StatusOr<std::string> opened = box.Open(bad);
    ASSERT_FALSE(opened.ok()) << bad;
    EXPECT_EQ(opened.status().rule(), "auth.sealed-secret");
  }
}

TEST(SecretBox, WrongKeyIsRefused) {
  std::string sealed = SecretBox::FromKey(kKey).Seal("secret");
  StatusOr<std::string> opened = SecretBox::FromKey(std::string(32, 'K')).Open(sealed);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().rule(), "auth.sealed-secret");
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
}

TEST(SecretBox, CopiesShareTheKey) {
  SecretBox box = SecretBox::FromKey(kKey);
  SecretBox copy = box;
  EXPECT_EQ(*copy.Open(box.Seal("x")), "x");
}

TEST(SecretBox, KeyFileIsCreatedPrivateAndReloaded) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.File("secret.key");
  mode_t old_umask = umask(0);  // a permissive umask must not leak into the key's mode
  StatusOr<SecretBox> created = SecretBox::LoadOrCreate(path);
  umask(old_umask);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(ModeOf(path), 0600u);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 32);
  std::string sealed = created->Seal("kept across restarts");
  StatusOr<SecretBox> loaded = SecretBox::LoadOrCreate(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(*loaded->Open(sealed), "kept across restarts");
}

TEST(SecretBox, KeyFileReadableByOthersIsRefused) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.File("secret.key");
  WriteFile(path, kKey, 0644);
  StatusOr<SecretBox> box = SecretBox::LoadOrCreate(path);
  ASSERT_FALSE(box.ok());
  EXPECT_EQ(box.status().rule(), "auth.key-file");
  EXPECT_NE(box.status().message().find("0644"), std::string::npos) << box.status().message();
  chmod(path.c_str(), 0640);  // group-readable is refused as well
  EXPECT_EQ(SecretBox::LoadOrCreate(path).status().rule(), "auth.key-file");
  chmod(path.c_str(), 0600);
  StatusOr<SecretBox> fixed = SecretBox::LoadOrCreate(path);
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(*fixed->Open(SecretBox::FromKey(kKey).Seal("same key")), "same key");
}

TEST(SecretBox, KeyFileOfWrongSizeOrKindIsRefused) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  for (size_t size : {0, 16, 31, 33, 64}) {
    std::string path = dir.File("key" + std::to_string(size));
    WriteFile(path, std::string(size, 'k'), 0600);
    StatusOr<SecretBox> box = SecretBox::LoadOrCreate(path);
    ASSERT_FALSE(box.ok()) << size;
    EXPECT_EQ(box.status().rule(), "auth.key-file");
    EXPECT_EQ(box.status().code(), StatusCode::kFailedPrecondition);
  }
  std::string subdir = dir.File("adir");
  ASSERT_EQ(mkdir(subdir.c_str(), 0700), 0);
  EXPECT_EQ(SecretBox::LoadOrCreate(subdir).status().rule(), "auth.key-file");
  EXPECT_EQ(SecretBox::LoadOrCreate(dir.File("missing/dir/key")).status().rule(), "auth.key-file");
}

}  // namespace
}  // namespace paiam::auth
