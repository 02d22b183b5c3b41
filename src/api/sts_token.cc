// paiam/api — STS security tokens (sts_token.h).
#include "api/sts_token.h"

#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/parser.h"

namespace paiam::api {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kTokenPrefix = "PAIAM1.";
constexpr std::string_view kSealPrefix = "v1:";  // auth::SecretBox's output format
constexpr int kRecordVersion = 1;
constexpr std::string_view kRecordKind = "sts-session";
// Far above any real token (a 2,048-character policy seals to ~3.5 KB): refused unread.
constexpr size_t kMaxTokenChars = 16 * 1024;

Status Malformed(std::string_view why) {
  return Status(StatusCode::kInvalidArgument, "InvalidSecurityToken.Malformed",
                "The security token you provided is invalid: " + std::string(why));
}

// SecretBox's standard base64 <-> the token's base64url without padding.
std::string ToBase64Url(std::string_view standard) {
  std::string out;
  out.reserve(standard.size());
  for (char c : standard) {
    if (c == '=') break;
    out.push_back(c == '+' ? '-' : c == '/' ? '_' : c);
  }
  return out;
}

std::optional<std::string> FromBase64Url(std::string_view url) {
  std::string out;
  out.reserve(url.size() + 3);
  for (char c : url) {
    if (c == '+' || c == '/' || c == '=') return std::nullopt;
    out.push_back(c == '-' ? '+' : c == '_' ? '/' : c);
  }
  if (out.size() % 4 == 1) return std::nullopt;
  while (out.size() % 4 != 0) out.push_back('=');
  return out;
}

const std::string* StringField(const Json& record, const char* name) {
  auto it = record.find(name);
  return it != record.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

}  // namespace

bool IsStsAccessKeyId(std::string_view access_key_id) {
  return access_key_id.starts_with(kStsAccessKeyPrefix);
}

std::string NewStsAccessKeyId() { return std::string(kStsAccessKeyPrefix) + auth::RandomAlnum(24); }

std::string NewStsAccessKeySecret() { return auth::RandomAlnum(40); }

std::string SealStsToken(const auth::SecretBox& box, const StsToken& token) {
  Json record = {{"kind", kRecordKind},
                 {"v", kRecordVersion},
                 {"acct", token.account_id},
                 {"role", token.role_name},
                 {"rid", token.role_id},
                 {"sess", token.session_name},
                 {"iat", token.issued_ms},
                 {"exp", token.expires_ms},
                 {"ak", token.access_key_id},
                 {"sk", token.access_key_secret},
                 {"pol", token.policy},
                 {"src", token.source_identity}};
  std::string sealed = box.Seal(record.dump());
  return std::string(kTokenPrefix) + ToBase64Url(std::string_view(sealed).substr(kSealPrefix.size()));
}

StatusOr<StsToken> OpenStsToken(const auth::SecretBox& box, std::string_view text) {
  if (text.size() > kMaxTokenChars) return Malformed("too long");
  if (!text.starts_with(kTokenPrefix)) return Malformed("not issued by this paiam");
  std::optional<std::string> standard = FromBase64Url(text.substr(kTokenPrefix.size()));
  if (!standard) return Malformed("not base64url");
  auto plain = box.Open(std::string(kSealPrefix) + *standard);
  if (!plain.ok()) return Malformed("it does not open with this server's key");
  Json record = Json::parse(*plain, nullptr, /*allow_exceptions=*/false);
  if (!record.is_object()) return Malformed("not a session record");
  const std::string* kind = StringField(record, "kind");
  auto version = record.find("v");
  if (kind == nullptr || *kind != kRecordKind || version == record.end() ||
      !version->is_number_integer() || version->get<int64_t>() != kRecordVersion) {
    return Malformed("not a session record of a known version");
  }
  StsToken token;
  const std::pair<const char*, std::string*> strings[] = {
      {"acct", &token.account_id},   {"role", &token.role_name}, {"rid", &token.role_id},
      {"sess", &token.session_name}, {"ak", &token.access_key_id},
      {"sk", &token.access_key_secret}, {"pol", &token.policy},
      {"src", &token.source_identity}};
  for (const auto& [name, out] : strings) {
    const std::string* value = StringField(record, name);
    if (value == nullptr) return Malformed(std::string("no ") + name);
    *out = *value;
  }
  for (const auto& [name, out] :
       {std::pair{"iat", &token.issued_ms}, std::pair{"exp", &token.expires_ms}}) {
    auto it = record.find(name);
    if (it == record.end() || !it->is_number_integer()) {
      return Malformed(std::string("no ") + name);
    }
    *out = it->get<int64_t>();
  }
  if (!IsStsAccessKeyId(token.access_key_id) || token.account_id.empty() ||
      token.role_name.empty() || token.session_name.empty()) {
    return Malformed("incomplete session record");
  }
  return token;
}

std::string StsSession::CallerArn() const {
  return "acs:ram::" + token.account_id + ":assumed-role/" + token.role_name + "/" +
         token.session_name;
}

std::string StsSession::DisplayName() const { return token.role_name + ":" + token.session_name; }

StatusOr<std::unique_ptr<const policy::CompiledPolicySet>> CompileSessionPolicy(
    std::string_view text) {
  policy::ParseOptions options;
  options.kind = policy::PolicyKind::kSession;
  policy::ParseResult parsed = policy::ParsePolicy(text, options);
  if (!parsed.ok()) return Malformed("its session policy does not parse");
  std::vector<policy::Policy> policies;
  policies.push_back({std::string(kSessionPolicyName), "v1", std::move(*parsed.document)});
  return std::unique_ptr<const policy::CompiledPolicySet>(
      new policy::CompiledPolicySet(std::move(policies)));
}

StatusOr<std::shared_ptr<const StsSession>> StsSessionCache::Open(const auth::SecretBox& box,
                                                                  std::string_view text) {
  if (text.size() > kMaxTokenChars) return Malformed("too long");
  auth::Sha256Digest digest = auth::Sha256(text);
  std::string key(reinterpret_cast<const char*>(digest.data()), digest.size());
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(key);
    if (it != sessions_.end()) return it->second;
  }
  auto token = OpenStsToken(box, text);
  if (!token.ok()) return token.status();
  auto session = std::make_shared<StsSession>();
  session->token = std::move(*token);
  if (!session->token.policy.empty()) {
    auto compiled = CompileSessionPolicy(session->token.policy);
    if (!compiled.ok()) return compiled.status();
    session->policy = std::move(*compiled);
  }
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= capacity_ && !sessions_.empty()) sessions_.erase(sessions_.begin());
  sessions_.emplace(std::move(key), session);
  return std::shared_ptr<const StsSession>(std::move(session));
}

size_t StsSessionCache::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace paiam::api
