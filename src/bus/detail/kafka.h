#pragma once
// librdkafka plumbing shared by the bus module: RAII owners for its C handles, configuration
// building, and conversion of records to bus::Message. Internal: only bus/*.cpp include it.
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bus/client_settings.h"
#include "bus/message.h"

namespace bh::bus::detail {

template <class T, void (*Destroy)(T*)>
struct Destroyer {
    void operator()(T* handle) const { Destroy(handle); }
};

using HandleOwner = std::unique_ptr<rd_kafka_t, Destroyer<rd_kafka_t, rd_kafka_destroy>>;
using ConfOwner = std::unique_ptr<rd_kafka_conf_t, Destroyer<rd_kafka_conf_t, rd_kafka_conf_destroy>>;
using PartitionListOwner =
    std::unique_ptr<rd_kafka_topic_partition_list_t,
                    Destroyer<rd_kafka_topic_partition_list_t, rd_kafka_topic_partition_list_destroy>>;
using MessageOwner =
    std::unique_ptr<rd_kafka_message_t, Destroyer<rd_kafka_message_t, rd_kafka_message_destroy>>;
using ErrorOwner = std::unique_ptr<rd_kafka_error_t, Destroyer<rd_kafka_error_t, rd_kafka_error_destroy>>;
using QueueOwner = std::unique_ptr<rd_kafka_queue_t, Destroyer<rd_kafka_queue_t, rd_kafka_queue_destroy>>;
using EventOwner = std::unique_ptr<rd_kafka_event_t, Destroyer<rd_kafka_event_t, rd_kafka_event_destroy>>;
using TopicOwner = std::unique_ptr<rd_kafka_topic_t, Destroyer<rd_kafka_topic_t, rd_kafka_topic_destroy>>;

using Properties = std::vector<std::pair<std::string, std::string>>;

// bootstrap.servers and client.id from the settings, then `defaults`, then the settings' own
// properties; librdkafka's log and error callbacks go to spdlog. A property librdkafka rejects
// throws bh::AppError (Internal) naming it.
ConfOwner make_conf(const ClientSettings& client, const Properties& defaults);
void set_property(rd_kafka_conf_t* conf, const std::string& name, const std::string& value);
// rd_kafka_new; takes the configuration (also when it throws).
HandleOwner make_handle(rd_kafka_type_t type, ConfOwner conf);

// Waits (blocking) until the broker knows the topic and every partition has a leader, and returns
// its partition count: a topic that was just created takes a moment to become usable. Throws
// bh::AppError Unavailable with the last problem at the deadline.
int usable_partition_count(rd_kafka_t* rk, const std::string& topic,
                           std::chrono::steady_clock::time_point deadline);
// The partition's high watermark (next offset to be written), retried until the deadline.
std::int64_t high_watermark(rd_kafka_t* rk, const std::string& topic, std::int32_t partition,
                            std::chrono::steady_clock::time_point deadline);

Message to_message(const rd_kafka_message_t& record);
std::string error_text(rd_kafka_resp_err_t error);

}  // namespace bh::bus::detail
