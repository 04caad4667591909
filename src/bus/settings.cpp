// The kafka.* settings, declared next to the clients that use them.
#include "bus/settings.h"

namespace bh::bus {

using namespace std::chrono_literals;

namespace {

const settings::Declaration<ClientSettings>& client_settings() {
    static const auto declaration =
        settings::Declaration<ClientSettings>()
            .text(&ClientSettings::brokers, "kafka.brokers", "127.0.0.1:9092",
                  "Bootstrap brokers, comma-separated")
            .text(&ClientSettings::client_id, "kafka.client_id", "budgethub", "Client id prefix");
    return declaration;
}

}  // namespace

const settings::Declaration<KafkaSettings>& kafka_settings() {
    using S = KafkaSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .nested(&S::client, client_settings())
            .text(&S::topic_prefix, "kafka.topic_prefix", "budgethub.", "Prefix of every topic name")
            .integer(&S::topic_partitions, "kafka.topic_partitions", 4,
                     "Partitions of the topics a service creates when missing (budget.reserve, "
                     "payment.updated): how many instances of the consuming service can share the work",
                     {.min = 1, .max = 256})
            .integer(&S::topic_replication, "kafka.topic_replication", 1,
                     "Replication factor of the topics services create, reply topics included (3 on a "
                     "production cluster)",
                     {.min = 1, .max = 7})
            .duration(&S::outbox_poll_interval, "kafka.outbox_poll_interval", "200ms",
                      "Outbox relay poll when idle", {.min = 1ms, .max = 1min})
            .integer(&S::outbox_batch, "kafka.outbox_batch", 256, "Outbox rows published per batch",
                     {.min = 1, .max = 100'000});
    return declaration;
}

}  // namespace bh::bus
