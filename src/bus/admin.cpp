#include "bus/admin.h"

#include <spdlog/spdlog.h>

#include "bus/detail/kafka.h"
#include "core/error.h"

namespace bh::bus {

namespace {

using AdminOptionsOwner =
    std::unique_ptr<rd_kafka_AdminOptions_t,
                    detail::Destroyer<rd_kafka_AdminOptions_t, rd_kafka_AdminOptions_destroy>>;
using NewTopicOwner =
    std::unique_ptr<rd_kafka_NewTopic_t, detail::Destroyer<rd_kafka_NewTopic_t, rd_kafka_NewTopic_destroy>>;

AppError kafka_unavailable(std::string detail) {
    return unavailable("The message broker is unavailable", std::move(detail));
}

int millis(std::chrono::milliseconds duration) {
    return static_cast<int>(duration.count());
}

}  // namespace

void ensure_topics(const ClientSettings& client, const std::vector<std::string>& topics, int partitions,
                   int replication_factor, std::chrono::milliseconds timeout) {
    if (topics.empty()) {
        return;
    }
    auto handle = detail::make_handle(RD_KAFKA_PRODUCER, detail::make_conf(client, {}));

    std::vector<NewTopicOwner> owners;
    std::vector<rd_kafka_NewTopic_t*> new_topics;
    for (const auto& topic : topics) {
        char problem[512] = {};
        rd_kafka_NewTopic_t* new_topic =
            rd_kafka_NewTopic_new(topic.c_str(), partitions, replication_factor, problem, sizeof problem);
        if (new_topic == nullptr) {
            throw internal("kafka topic " + topic + ": " + problem);
        }
        owners.emplace_back(new_topic);
        new_topics.push_back(new_topic);
    }

    AdminOptionsOwner options(rd_kafka_AdminOptions_new(handle.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
    char problem[512] = {};
    rd_kafka_AdminOptions_set_request_timeout(options.get(), millis(timeout), problem, sizeof problem);
    // The broker answers once the topics exist, not merely when it accepted the request.
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), millis(timeout), problem, sizeof problem);

    detail::QueueOwner queue(rd_kafka_queue_new(handle.get()));
    rd_kafka_CreateTopics(handle.get(), new_topics.data(), new_topics.size(), options.get(), queue.get());
    // The request timeout bounds the answer; the extra second covers connecting.
    detail::EventOwner event(rd_kafka_queue_poll(queue.get(), millis(timeout) + 1000));
    if (!event) {
        throw kafka_unavailable("kafka CreateTopics: no answer");
    }
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw kafka_unavailable(std::string("kafka CreateTopics: ") +
                                rd_kafka_event_error_string(event.get()));
    }
    const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event.get());
    std::size_t count = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &count);
    std::string failures;
    for (std::size_t i = 0; i < count; ++i) {
        const auto error = rd_kafka_topic_result_error(results[i]);
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
            spdlog::info("kafka topic {} created", rd_kafka_topic_result_name(results[i]));
        } else if (error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            const char* reason = rd_kafka_topic_result_error_string(results[i]);
            failures += std::string(failures.empty() ? "" : "; ") + rd_kafka_topic_result_name(results[i]) +
                        ": " + (reason != nullptr ? reason : rd_kafka_err2str(error));
        }
    }
    if (!failures.empty()) {
        throw kafka_unavailable("kafka CreateTopics: " + failures);
    }
    // Created is not yet usable: wait for the partition leaders, so callers can go ahead.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (const auto& topic : topics) {
        detail::usable_partition_count(handle.get(), topic, deadline);
    }
}

void ensure_topics(const std::string& brokers, const std::vector<std::string>& topics, int partitions,
                   int replication_factor, std::chrono::milliseconds timeout) {
    ClientSettings client;
    client.brokers = brokers;
    ensure_topics(client, topics, partitions, replication_factor, timeout);
}

std::vector<PartitionLag> group_lag(const ClientSettings& client, const std::string& group_id,
                                    const std::string& topic, std::chrono::milliseconds timeout) {
    const detail::Properties defaults = {{"group.id", group_id}, {"enable.auto.commit", "false"}};
    auto handle = detail::make_handle(RD_KAFKA_CONSUMER, detail::make_conf(client, defaults));
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const int partition_count = detail::usable_partition_count(handle.get(), topic, deadline);

    detail::PartitionListOwner offsets(rd_kafka_topic_partition_list_new(partition_count));
    for (int partition = 0; partition < partition_count; ++partition) {
        rd_kafka_topic_partition_list_add(offsets.get(), topic.c_str(), partition);
    }
    const auto error = rd_kafka_committed(handle.get(), offsets.get(), millis(timeout));
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw kafka_unavailable("kafka committed offsets of " + group_id + ": " + detail::error_text(error));
    }

    std::vector<PartitionLag> result;
    result.reserve(static_cast<std::size_t>(offsets->cnt));
    for (int i = 0; i < offsets->cnt; ++i) {
        const auto& entry = offsets->elems[i];
        PartitionLag lag;
        lag.topic = topic;
        lag.partition = entry.partition;
        lag.committed_offset = entry.offset >= 0 ? entry.offset : -1;
        lag.high_watermark = detail::high_watermark(handle.get(), topic, entry.partition, deadline);
        lag.lag = lag.committed_offset >= 0 ? lag.high_watermark - lag.committed_offset : -1;
        result.push_back(std::move(lag));
    }
    return result;
}

}  // namespace bh::bus
