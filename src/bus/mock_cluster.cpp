#include "bus/mock_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "bus/detail/kafka.h"
#include "core/error.h"

namespace bh::bus {

struct MockCluster::Impl {
    detail::HandleOwner handle;  // the mock cluster lives as long as this handle
    rd_kafka_mock_cluster_t* cluster = nullptr;
    std::string bootstrap_servers;
};

MockCluster::MockCluster(int brokers) : impl_(std::make_unique<Impl>()) {
    ClientSettings client;
    client.client_id = "mock-cluster";
    client.properties = {{"test.mock.num.brokers", std::to_string(brokers)}};
    impl_->handle = detail::make_handle(RD_KAFKA_PRODUCER, detail::make_conf(client, {}));
    impl_->cluster = rd_kafka_handle_mock_cluster(impl_->handle.get());
    if (impl_->cluster == nullptr) {
        throw internal("librdkafka did not start a mock cluster");
    }
    impl_->bootstrap_servers = rd_kafka_mock_cluster_bootstraps(impl_->cluster);
}

MockCluster::~MockCluster() = default;

const std::string& MockCluster::bootstrap_servers() const {
    return impl_->bootstrap_servers;
}

void MockCluster::create_topic(const std::string& topic, int partitions) {
    const auto error = rd_kafka_mock_topic_create(impl_->cluster, topic.c_str(), partitions, 1);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw internal("mock topic " + topic + ": " + detail::error_text(error));
    }
}

void MockCluster::set_broker_up(int broker_id, bool up) {
    const auto error = up ? rd_kafka_mock_broker_set_up(impl_->cluster, broker_id)
                          : rd_kafka_mock_broker_set_down(impl_->cluster, broker_id);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw internal("mock broker state: " + detail::error_text(error));
    }
}

}  // namespace bh::bus
