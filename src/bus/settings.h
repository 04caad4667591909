#pragma once
// The kafka.* settings (declared in settings.cpp): the brokers, topic naming and shape, and the
// outbox relay's pace.
#include <chrono>
#include <cstddef>
#include <string>

#include "bus/client_settings.h"
#include "core/settings.h"

namespace bh::bus {

struct KafkaSettings {
    ClientSettings client;  // kafka.brokers, kafka.client_id
    std::string topic_prefix;
    int topic_partitions = 0;   // of the topics a service creates when missing
    int topic_replication = 0;  // their replication factor, reply topics' too
    std::size_t outbox_batch = 0;
    std::chrono::milliseconds outbox_poll_interval{};
};

const settings::Declaration<KafkaSettings>& kafka_settings();

}  // namespace bh::bus
