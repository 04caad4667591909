#pragma once
// What a service (other than auth) needs to know who calls it: a JwtVerifier fed from auth's JWKS
// (fetched at start, refreshed, refetched on an unknown kid) and the shared revocation deny-list.
// Construct it in the service, call start()/stop() from its start/stop hooks, add readiness_check()
// to its Health, and authenticate every request with authenticator().
#include <memory>

#include "http/client.h"
#include "identity/authenticator.h"
#include "identity/jwks_client.h"
#include "runtime/health.h"
#include "runtime/runtime.h"

namespace bh::runtime {

class CallerIdentity {
  public:
    explicit CallerIdentity(Runtime& runtime);
    ~CallerIdentity();

    void start();  // first fetch and the periodic refresh
    void stop();
    const identity::Authenticator& authenticator() const { return *authenticator_; }
    // Ready once auth's keys were fetched at least once.
    ReadinessCheck readiness_check();

  private:
    std::unique_ptr<http::Client> client_;
    std::shared_ptr<security::JwtVerifier> verifier_;
    std::unique_ptr<identity::JwksClient> jwks_;
    std::unique_ptr<identity::Authenticator> authenticator_;
};

}  // namespace bh::runtime
