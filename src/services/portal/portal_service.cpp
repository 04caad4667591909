// Portal: the only public port. Routing, JWT checks and the role matrix arrive with the auth issue.
#include "services/portal/portal_service.h"

#include "runtime/http_service.h"

namespace bh::portal {

namespace {

class PortalService final : public runtime::HttpService {
  public:
    explicit PortalService(runtime::Runtime& rt)
        : HttpService(rt, "portal", static_cast<std::uint16_t>(rt.config().get_int("portal.port"))) {}
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<PortalService>(runtime);
}

}  // namespace bh::portal
