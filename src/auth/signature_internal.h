// paiam/auth — small text helpers shared by the verifier (signature.cc) and the signer
// (signer.cc). Internal to src/auth; not part of the component's interface.
#ifndef PAIAM_AUTH_SIGNATURE_INTERNAL_H_
#define PAIAM_AUTH_SIGNATURE_INTERNAL_H_

#include <string>
#include <string_view>

namespace paiam::auth::internal {

inline constexpr std::string_view kAcs3Algorithm = "ACS3-HMAC-SHA256";
inline constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded";

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

inline std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Strips HTTP optional whitespace (space, tab) from both ends.
inline std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True for "application/x-www-form-urlencoded", in any case, with or without parameters
// ("; charset=utf-8").
inline bool IsFormContentType(std::string_view content_type) {
  std::string_view media = TrimOws(content_type.substr(0, content_type.find(';')));
  if (media.size() != kFormContentType.size()) return false;
  for (size_t i = 0; i < media.size(); ++i) {
    char c = media[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kFormContentType[i]) return false;
  }
  return true;
}

}  // namespace paiam::auth::internal

#endif  // PAIAM_AUTH_SIGNATURE_INTERNAL_H_
