// Auth service: its database (created and migrated at start), outbox relay, health, readiness and
// metrics. Its domain routes arrive with its own issue.
#include "services/auth/auth_service.h"

#include "migrations/auth.h"
#include "runtime/data_service.h"

namespace bh::auth {

namespace {

class AuthService final : public runtime::DataService {
  public:
    explicit AuthService(runtime::Runtime& rt)
        : DataService(rt, "auth", static_cast<std::uint16_t>(rt.config().get_int("auth.port")), migrations(),
                      {.redis = true}) {}
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<AuthService>(runtime);
}

std::span<const db::Migration> migrations() {
    return bh::migrations::auth();
}

}  // namespace bh::auth
