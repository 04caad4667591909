#include "app/targets.h"

#include <algorithm>
#include <stdexcept>

#include "services/auth/auth_service.h"
#include "services/budget/budget_service.h"
#include "services/notification/notification_service.h"
#include "services/payment/payment_service.h"
#include "services/portal/portal_service.h"

namespace bh::app {

const std::vector<std::string>& all_targets() {
    // Back ends first, the gateway last: the portal opens its port when what it routes to is up.
    static const std::vector<std::string> targets = {"auth", "budget", "payment", "notification", "portal"};
    return targets;
}

std::vector<std::string> parse_targets(std::string_view list) {
    if (list == "all") return all_targets();
    std::vector<std::string> wanted;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(',', start);
        if (end == std::string_view::npos) end = list.size();
        const auto name = std::string(list.substr(start, end - start));
        if (std::find(all_targets().begin(), all_targets().end(), name) == all_targets().end()) {
            throw std::invalid_argument("unknown target '" + name +
                                        "' (portal, auth, budget, payment, notification, all)");
        }
        if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) wanted.push_back(name);
        start = end + 1;
    }
    // Keep the canonical start order whatever order the list gave.
    std::vector<std::string> ordered;
    for (const auto& t : all_targets()) {
        if (std::find(wanted.begin(), wanted.end(), t) != wanted.end()) ordered.push_back(t);
    }
    return ordered;
}

std::unique_ptr<runtime::Service> make_target(std::string_view name, runtime::Runtime& runtime) {
    if (name == "portal") return portal::make_service(runtime);
    if (name == "auth") return auth::make_service(runtime);
    if (name == "budget") return budget::make_service(runtime);
    if (name == "payment") return payment::make_service(runtime);
    if (name == "notification") return notification::make_service(runtime);
    throw std::invalid_argument("unknown target " + std::string(name));
}

std::span<const db::Migration> target_migrations(std::string_view name) {
    if (name == "auth") return auth::migrations();
    if (name == "budget") return budget::migrations();
    if (name == "payment") return payment::migrations();
    if (name == "notification") return notification::migrations();
    return {};
}

}  // namespace bh::app
