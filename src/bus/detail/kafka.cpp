#include "bus/detail/kafka.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "core/error.h"

namespace bh::bus::detail {

namespace {

// librdkafka log levels are syslog levels.
void log_to_spdlog(const rd_kafka_t* rk, int level, const char* facility, const char* text) {
    const char* name = rk != nullptr ? rd_kafka_name(rk) : "rdkafka";
    if (level <= 3) {
        spdlog::error("kafka {} {}: {}", name, facility, text);
    } else if (level == 4) {
        spdlog::warn("kafka {} {}: {}", name, facility, text);
    } else if (level <= 6) {
        spdlog::info("kafka {} {}: {}", name, facility, text);
    } else {
        spdlog::debug("kafka {} {}: {}", name, facility, text);
    }
}

// Most errors here are transient (broker down, reconnecting) and librdkafka retries by itself;
// a fatal one (idempotence broken) leaves the handle unusable and must be seen.
void error_to_spdlog(rd_kafka_t* rk, int error, const char* reason, void* /*opaque*/) {
    const auto code = static_cast<rd_kafka_resp_err_t>(error);
    if (code == RD_KAFKA_RESP_ERR__FATAL) {
        char fatal[512] = {};
        const auto original = rd_kafka_fatal_error(rk, fatal, sizeof fatal);
        spdlog::error("kafka {} fatal error {}: {}", rd_kafka_name(rk), rd_kafka_err2name(original), fatal);
        return;
    }
    // Connection trouble is already in librdkafka's own log line; repeating it adds nothing.
    if (code == RD_KAFKA_RESP_ERR__TRANSPORT || code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ||
        code == RD_KAFKA_RESP_ERR__RESOLVE) {
        spdlog::debug("kafka {} {}: {}", rd_kafka_name(rk), rd_kafka_err2name(code), reason);
        return;
    }
    spdlog::warn("kafka {} {}: {}", rd_kafka_name(rk), rd_kafka_err2name(code), reason);
}

}  // namespace

void set_property(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
    char problem[512] = {};
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), problem, sizeof problem) != RD_KAFKA_CONF_OK) {
        throw internal("kafka configuration " + name + ": " + problem);
    }
}

ConfOwner make_conf(const ClientSettings& client, const Properties& defaults) {
    ConfOwner conf(rd_kafka_conf_new());
    if (!client.brokers.empty()) {
        set_property(conf.get(), "bootstrap.servers", client.brokers);
    }
    set_property(conf.get(), "client.id", client.client_id);
    // Idle connections closed by the broker are normal, not worth an error line each.
    set_property(conf.get(), "log.connection.close", "false");
    for (const auto& [name, value] : defaults) {
        set_property(conf.get(), name, value);
    }
    for (const auto& [name, value] : client.properties) {
        set_property(conf.get(), name, value);
    }
    rd_kafka_conf_set_log_cb(conf.get(), log_to_spdlog);
    rd_kafka_conf_set_error_cb(conf.get(), error_to_spdlog);
    return conf;
}

HandleOwner make_handle(rd_kafka_type_t type, ConfOwner conf) {
    char problem[512] = {};
    rd_kafka_t* rk = rd_kafka_new(type, conf.get(), problem, sizeof problem);
    if (rk == nullptr) {
        throw internal(std::string("kafka client: ") + problem);
    }
    static_cast<void>(conf.release());  // rd_kafka_new owns it now
    return HandleOwner(rk);
}

namespace {

constexpr auto kRetryPause = std::chrono::milliseconds(100);

int millis_until(std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::int64_t>(left.count(), 1));
}

// Empty when usable; otherwise what is missing.
std::string topic_problem(rd_kafka_t* rk, rd_kafka_topic_t* topic,
                          std::chrono::steady_clock::time_point deadline, int& partitions) {
    const rd_kafka_metadata_t* metadata = nullptr;
    const auto error = rd_kafka_metadata(rk, 0, topic, &metadata, millis_until(deadline));
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return error_text(error);
    }
    std::string problem;
    if (metadata->topic_cnt != 1) {
        problem = "no metadata";
    } else if (metadata->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        problem = error_text(metadata->topics[0].err);
    } else if (metadata->topics[0].partition_cnt == 0) {
        problem = "no partitions";
    } else {
        partitions = metadata->topics[0].partition_cnt;
        for (int i = 0; i < partitions && problem.empty(); ++i) {
            const auto& partition = metadata->topics[0].partitions[i];
            if (partition.err != RD_KAFKA_RESP_ERR_NO_ERROR || partition.leader < 0) {
                problem = "partition " + std::to_string(partition.id) + " has no leader";
            }
        }
    }
    rd_kafka_metadata_destroy(metadata);
    return problem;
}

AppError not_usable(const std::string& what, const std::string& problem) {
    return unavailable("The message broker is unavailable", "kafka " + what + ": " + problem);
}

}  // namespace

int usable_partition_count(rd_kafka_t* rk, const std::string& topic,
                           std::chrono::steady_clock::time_point deadline) {
    TopicOwner topic_handle(rd_kafka_topic_new(rk, topic.c_str(), nullptr));
    for (;;) {
        int partitions = 0;
        const std::string problem = topic_problem(rk, topic_handle.get(), deadline, partitions);
        if (problem.empty()) {
            return partitions;
        }
        if (std::chrono::steady_clock::now() + kRetryPause >= deadline) {
            throw not_usable("topic " + topic, problem);
        }
        std::this_thread::sleep_for(kRetryPause);
    }
}

std::int64_t high_watermark(rd_kafka_t* rk, const std::string& topic, std::int32_t partition,
                            std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        std::int64_t low = 0;
        std::int64_t high = 0;
        const auto error = rd_kafka_query_watermark_offsets(rk, topic.c_str(), partition, &low, &high,
                                                            millis_until(deadline));
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
            return high;
        }
        // Right after creation a partition may still be moving to its leader.
        if (std::chrono::steady_clock::now() + kRetryPause >= deadline) {
            throw not_usable("end offset of " + topic + "[" + std::to_string(partition) + "]",
                             error_text(error));
        }
        std::this_thread::sleep_for(kRetryPause);
    }
}

Message to_message(const rd_kafka_message_t& record) {
    Message message;
    if (record.rkt != nullptr) {
        message.topic = rd_kafka_topic_name(record.rkt);
    }
    if (record.key != nullptr) {
        message.key.assign(static_cast<const char*>(record.key), record.key_len);
    }
    if (record.payload != nullptr) {
        message.payload.assign(static_cast<const char*>(record.payload), record.len);
    }
    message.partition = record.partition;
    message.offset = record.offset;
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    const std::int64_t timestamp = rd_kafka_message_timestamp(&record, &type);
    if (type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE) {
        message.timestamp_ms = timestamp;
    }

    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(&record, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers != nullptr) {
        const char* name = nullptr;
        const void* value = nullptr;
        std::size_t size = 0;
        for (std::size_t i = 0;
             rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
            message.headers.emplace_back(
                name, value != nullptr ? std::string(static_cast<const char*>(value), size) : std::string());
        }
    }
    return message;
}

std::string error_text(rd_kafka_resp_err_t error) {
    return std::string(rd_kafka_err2name(error)) + ": " + rd_kafka_err2str(error);
}

}  // namespace bh::bus::detail
