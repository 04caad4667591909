#pragma once
// What every Kafka client of the process shares: where the brokers are and how it names itself.
#include <string>
#include <utility>
#include <vector>

namespace bh::bus {

struct ClientSettings {
    std::string brokers;  // bootstrap.servers, comma-separated host:port
    std::string client_id = "budgethub";
    // Extra librdkafka properties applied last, so they win over the module's defaults (tests use
    // them for short timeouts; see librdkafka's CONFIGURATION.md for names).
    std::vector<std::pair<std::string, std::string>> properties = {};
};

}  // namespace bh::bus
