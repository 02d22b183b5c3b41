// paiam/api — STS security tokens: what AssumeRole hands out and what Authenticate accepts.
//
// A token is stateless and opaque: a versioned record (account, role name and id, session
// name, issue and expiry time, the temporary AccessKeyId and its secret, the session policy
// text, SourceIdentity) sealed with the server's SecretBox (AES-256-GCM, the key that already
// seals the AccessKey secrets at rest) and written as "PAIAM1." + base64url. Nothing is stored
// server side, so tokens survive restarts and need no cleanup; the price is that a token cannot
// be revoked one by one — deleting (or recreating) its role revokes all of them, which
// Authenticate checks on every request (role present with the same RoleId).
//
// The record carries the secret, so the client can only use the token together with the
// AccessKeySecret it was given: the request must be signed with that secret. Tampering, a
// token sealed under another key, or any other SecretBox output (a sealed AccessKey secret is
// not a token) is refused as InvalidSecurityToken.Malformed.
//
// StsSessionCache keeps opened tokens with their compiled session policy, keyed by the token's
// SHA-256, so that a session's requests neither decrypt nor compile again. This is the
// management path: one mutex, a bounded map, an arbitrary entry evicted when full.
//
// Depends on: auth (SecretBox, crypto), policy (parser, compiled evaluator), base.
#ifndef PAIAM_API_STS_TOKEN_H_
#define PAIAM_API_STS_TOKEN_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/crypto.h"
#include "base/status.h"
#include "policy/evaluator.h"

namespace paiam::api {

// "STS." + 24 of [A-Za-z0-9].
inline constexpr std::string_view kStsAccessKeyPrefix = "STS.";
bool IsStsAccessKeyId(std::string_view access_key_id);
std::string NewStsAccessKeyId();
std::string NewStsAccessKeySecret();  // 40 of [A-Za-z0-9]

// The sealed record. Times are milliseconds since the epoch.
struct StsToken {
  std::string account_id;
  std::string role_name;
  std::string role_id;
  std::string session_name;
  int64_t issued_ms = 0;
  int64_t expires_ms = 0;
  std::string access_key_id;  // STS.…
  std::string access_key_secret;
  std::string policy;           // the session policy as submitted; empty: none
  std::string source_identity;  // empty: none
};

// The SecurityToken text for `token`.
std::string SealStsToken(const auth::SecretBox& box, const StsToken& token);

// The record sealed in `text`. Anything else is InvalidArgument, rule
// "InvalidSecurityToken.Malformed".
StatusOr<StsToken> OpenStsToken(const auth::SecretBox& box, std::string_view text);

// An opened token and its compiled session policy (null when the session has none).
struct StsSession {
  StsToken token;
  std::unique_ptr<const policy::CompiledPolicySet> policy;

  // acs:ram::<account>:assumed-role/<role>/<session>, as requests of the session act.
  std::string CallerArn() const;
  // "<RoleName>:<RoleSessionName>" (AccessDeniedDetail.AuthPrincipalDisplayName).
  std::string DisplayName() const;
};

// The policy name a session policy's statements are reported under.
inline constexpr std::string_view kSessionPolicyName = "SessionPolicy";

// A session policy compiled for Authorizer::Check's `session` argument. The text must already
// be a valid session policy (AssumeRole checked it); otherwise InvalidSecurityToken.Malformed.
StatusOr<std::unique_ptr<const policy::CompiledPolicySet>> CompileSessionPolicy(
    std::string_view text);

class StsSessionCache {
 public:
  explicit StsSessionCache(size_t capacity = 4096) : capacity_(capacity) {}

  // The session of `text`: from the cache, or opened and compiled (then cached). Errors as
  // OpenStsToken. The session is immutable; callers still check its expiry and role.
  StatusOr<std::shared_ptr<const StsSession>> Open(const auth::SecretBox& box,
                                                   std::string_view text);

  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const StsSession>> sessions_;  // by SHA-256
};

}  // namespace paiam::api

#endif  // PAIAM_API_STS_TOKEN_H_
