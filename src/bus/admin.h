#pragma once
// Topic administration and group offsets: blocking calls for start-up, operations and tests,
// never for I/O threads.
#include <chrono>
#include <string>
#include <vector>

#include "bus/client_settings.h"
#include "bus/consumer.h"

namespace bh::bus {

// Creates the topics that do not exist yet (CreateTopics); existing ones are left as they are,
// whatever their partition count. Throws bh::AppError Unavailable naming the topics that could
// not be created (broker unreachable, replication factor above the broker count, ...).
void ensure_topics(const ClientSettings& client, const std::vector<std::string>& topics, int partitions,
                   int replication_factor, std::chrono::milliseconds timeout = std::chrono::seconds(15));
void ensure_topics(const std::string& brokers, const std::vector<std::string>& topics, int partitions,
                   int replication_factor, std::chrono::milliseconds timeout = std::chrono::seconds(15));

// Deletes the topics (DeleteTopics) and waits until the controller has; one already gone counts as
// deleted. Throws bh::AppError Unavailable naming the topics that could not be deleted.
void delete_topics(const ClientSettings& client, const std::vector<std::string>& topics,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The names of every topic in the cluster, from one metadata request (which creates nothing, unlike a
// request for one topic by name on a broker that auto-creates topics).
std::vector<std::string> topic_names(const ClientSettings& client,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(10));

// What a consumer group has committed on each partition of `topic`, against the partition's
// high watermark (lag = high watermark - committed; -1 while nothing is committed). Reads only:
// it does not join the group.
std::vector<PartitionLag> group_lag(const ClientSettings& client, const std::string& group_id,
                                    const std::string& topic,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace bh::bus
