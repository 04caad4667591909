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
using DeleteTopicOwner =
    std::unique_ptr<rd_kafka_DeleteTopic_t,
                    detail::Destroyer<rd_kafka_DeleteTopic_t, rd_kafka_DeleteTopic_destroy>>;
using MetadataOwner =
    std::unique_ptr<const rd_kafka_metadata_t,
                    detail::Destroyer<const rd_kafka_metadata_t, rd_kafka_metadata_destroy>>;

AppError kafka_unavailable(std::string detail) {
    return unavailable("The message broker is unavailable", std::move(detail));
}

int millis(std::chrono::milliseconds duration) {
    return static_cast<int>(duration.count());
}

// What one topic admin request (CreateTopics, DeleteTopics) needs beside its topics.
struct TopicRequest {
    const char* name;                // "CreateTopics", for errors
    rd_kafka_admin_op_t op;          // RD_KAFKA_ADMIN_OP_CREATETOPICS
    const char* done;                // "created", for the log
    rd_kafka_resp_err_t already_so;  // the per-topic error that means there is nothing to do
};

// Sends the request `send` issues, waits for the controller's answer (the operation timeout: the topics
// exist, or are gone, when it comes) and throws Unavailable naming every topic that failed otherwise.
template <class Send, class Results>
void run_topic_request(rd_kafka_t* handle, const TopicRequest& request, std::chrono::milliseconds timeout,
                       Send send, Results results_of) {
    AdminOptionsOwner options(rd_kafka_AdminOptions_new(handle, request.op));
    char problem[512] = {};
    rd_kafka_AdminOptions_set_request_timeout(options.get(), millis(timeout), problem, sizeof problem);
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), millis(timeout), problem, sizeof problem);
    detail::QueueOwner queue(rd_kafka_queue_new(handle));
    send(options.get(), queue.get());
    // The request timeout bounds the answer; the extra second covers connecting.
    detail::EventOwner event(rd_kafka_queue_poll(queue.get(), millis(timeout) + 1000));
    const std::string what = std::string("kafka ") + request.name;
    if (!event) {
        throw kafka_unavailable(what + ": no answer");
    }
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw kafka_unavailable(what + ": " + rd_kafka_event_error_string(event.get()));
    }
    std::size_t count = 0;
    const rd_kafka_topic_result_t** results = results_of(event.get(), &count);
    std::string failures;
    for (std::size_t i = 0; i < count; ++i) {
        const auto error = rd_kafka_topic_result_error(results[i]);
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
            spdlog::info("kafka topic {} {}", rd_kafka_topic_result_name(results[i]), request.done);
        } else if (error != request.already_so) {
            const char* reason = rd_kafka_topic_result_error_string(results[i]);
            failures += std::string(failures.empty() ? "" : "; ") + rd_kafka_topic_result_name(results[i]) +
                        ": " + (reason != nullptr ? reason : rd_kafka_err2str(error));
        }
    }
    if (!failures.empty()) {
        throw kafka_unavailable(what + ": " + failures);
    }
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

    const TopicRequest request{"CreateTopics", RD_KAFKA_ADMIN_OP_CREATETOPICS, "created",
                               RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS};
    run_topic_request(
        handle.get(), request, timeout,
        [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
            rd_kafka_CreateTopics(handle.get(), new_topics.data(), new_topics.size(), options, queue);
        },
        [](rd_kafka_event_t* event, std::size_t* count) {
            return rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), count);
        });
    // Created is not yet usable: wait for the partition leaders, so callers can go ahead.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (const auto& topic : topics) {
        detail::usable_partition_count(handle.get(), topic, deadline);
    }
}

void delete_topics(const ClientSettings& client, const std::vector<std::string>& topics,
                   std::chrono::milliseconds timeout) {
    if (topics.empty()) {
        return;
    }
    auto handle = detail::make_handle(RD_KAFKA_PRODUCER, detail::make_conf(client, {}));
    std::vector<DeleteTopicOwner> owners;
    std::vector<rd_kafka_DeleteTopic_t*> doomed;
    for (const auto& topic : topics) {
        owners.emplace_back(rd_kafka_DeleteTopic_new(topic.c_str()));
        doomed.push_back(owners.back().get());
    }
    const TopicRequest request{"DeleteTopics", RD_KAFKA_ADMIN_OP_DELETETOPICS, "deleted",
                               RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART};
    run_topic_request(
        handle.get(), request, timeout,
        [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
            rd_kafka_DeleteTopics(handle.get(), doomed.data(), doomed.size(), options, queue);
        },
        [](rd_kafka_event_t* event, std::size_t* count) {
            return rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), count);
        });
}

std::vector<std::string> topic_names(const ClientSettings& client, std::chrono::milliseconds timeout) {
    auto handle = detail::make_handle(RD_KAFKA_PRODUCER, detail::make_conf(client, {}));
    const rd_kafka_metadata_t* raw = nullptr;
    const auto error = rd_kafka_metadata(handle.get(), 1, nullptr, &raw, millis(timeout));
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw kafka_unavailable("kafka metadata: " + detail::error_text(error));
    }
    const MetadataOwner metadata(raw);
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(metadata->topic_cnt));
    for (int i = 0; i < metadata->topic_cnt; ++i) names.emplace_back(metadata->topics[i].topic);
    return names;
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
