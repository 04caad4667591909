#pragma once
// librdkafka's built-in mock Kafka cluster, for unit tests of code that produces or consumes
// (this module's and the services'): give bootstrap_servers() to every client of the test.
// It runs inside the process, on loopback ports of its own; no broker needed. It speaks enough of
// the protocol for produce, fetch, consumer groups and offset commits, but not topic creation
// through the admin API: create topics with create_topic().
#include <memory>
#include <string>

namespace bh::bus {

class MockCluster {
  public:
    explicit MockCluster(int brokers = 1);
    ~MockCluster();
    MockCluster(const MockCluster&) = delete;
    MockCluster& operator=(const MockCluster&) = delete;

    const std::string& bootstrap_servers() const;
    void create_topic(const std::string& topic, int partitions = 1);
    // Takes a broker (ids start at 1) off the network or brings it back: an outage.
    void set_broker_up(int broker_id, bool up);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace bh::bus
