#pragma once
// The budget service's events (docs/events.md), written to the outbox in the transaction of the
// change they describe:
//   <prefix>movement.created / movement.updated / movement.deleted   key: movement id
//   <prefix>budget.threshold-crossed                                  key: budget (sub)type id
//   <prefix>notification.requested (BUDGET_ALERT, contracts.md)       key: notificationId
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/transaction.h"
#include "services/budget/ledger/funds_ledger.h"
#include "services/budget/records.h"

namespace bh::budget {

class MovementEvents {
  public:
    explicit MovementEvents(std::string topic_prefix) : prefix_(std::move(topic_prefix)) {}

    boost::asio::awaitable<void> created(db::Transaction& tx, const MovementRecord& movement,
                                         const Actor& actor) const;
    boost::asio::awaitable<void> updated(db::Transaction& tx, const MovementRecord& before,
                                         const MovementRecord& after, const Actor& actor) const;
    boost::asio::awaitable<void> deleted(db::Transaction& tx, const MovementRecord& movement,
                                         const Actor& actor) const;
    // One threshold event and one BUDGET_ALERT notification per crossing, to the actor.
    boost::asio::awaitable<void> crossings(db::Transaction& tx,
                                           const std::vector<ThresholdCrossing>& crossings,
                                           const Uuid& movement_id, const Actor& actor) const;

    const std::string& prefix() const { return prefix_; }

  private:
    std::string prefix_;
};

}  // namespace bh::budget
