// Auth service skeleton: health, readiness, metrics. Its domain arrives with its own issue.
#include "services/auth/auth_service.h"

#include "runtime/http_service.h"

namespace bh::auth {

namespace {

class AuthService final : public runtime::HttpService {
  public:
    explicit AuthService(runtime::Runtime& rt)
        : HttpService(rt, "auth", static_cast<std::uint16_t>(rt.config().get_int("auth.port"))) {}
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<AuthService>(runtime);
}

}  // namespace bh::auth
