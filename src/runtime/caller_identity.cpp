#include "runtime/caller_identity.h"

#include "core/error.h"
#include "redis/client.h"

namespace bh::runtime {

CallerIdentity::CallerIdentity(Runtime& runtime)
    : client_(std::make_unique<http::Client>(runtime.io().get_executor(),
                                             http::ClientOptions{.timeout = std::chrono::seconds(5)})),
      verifier_(std::make_shared<security::JwtVerifier>(
          security::VerificationKeys{}, identity::verifier_options(runtime.settings().tokens))),
      jwks_(std::make_unique<identity::JwksClient>(runtime.io().get_executor(), *client_,
                                                   jwks_options(runtime.settings()), verifier_)) {
    auto* jwks = jwks_.get();
    authenticator_ = std::make_unique<identity::Authenticator>(
        verifier_, redis::DenyList(runtime.redis(), std::string(identity::kAccessDenyList)),
        [jwks]() { return jwks->refresh_for_unknown_kid(); });
}

CallerIdentity::~CallerIdentity() {
    stop();
}

void CallerIdentity::start() {
    jwks_->start();
}

void CallerIdentity::stop() {
    jwks_->stop();
}

ReadinessCheck CallerIdentity::readiness_check() {
    return {"auth-keys", [this]() -> boost::asio::awaitable<void> {
                if (!jwks_->has_keys()) co_await jwks_->refresh();
            }};
}

}  // namespace bh::runtime
