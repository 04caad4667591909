#pragma once
// Movements: create, update, status change, delete, get. Each write is one database transaction
// that (1) locks the movement (and resolves its budget, locking the subtype), (2) checks the status
// transition, (3) recomputes IVA, (4) books the difference between what the movement held and what
// it holds now (funds.h plan_funds + funds_ledger.h conditional UPDATEs), and (5) writes its events
// to the outbox. A failed funds check rolls everything back: 400 BUDGET_EXCEEDED. A payment's
// movement (payment_id set) is never updated, status-changed or deleted here: 409 PAYMENT_MOVEMENT
// (payment_reservations.h moves it with its payment).
#include <boost/asio/awaitable.hpp>

#include "db/pool.h"
#include "services/budget/codec.h"
#include "services/budget/ledger/movement_events.h"
#include "services/budget/records.h"

namespace bh::budget {

class MovementStore {
  public:
    MovementStore(db::Pool& pool, MovementEvents events) : pool_(pool), events_(std::move(events)) {}

    // 404 supplier/type/subtype, 400 inconsistent type and subtype or illegal initial status,
    // 409 MOVEMENT_ALREADY_EXISTS (document number), 400 BUDGET_EXCEEDED.
    boost::asio::awaitable<MovementRecord> create(const MovementInput& input, const Actor& actor);
    // + 404 movement, 409 stale version, 409 MOVEMENT_VALIDATION_ERROR (illegal status transition).
    boost::asio::awaitable<MovementRecord> update(const Versioned& target, const MovementInput& input,
                                                  const Actor& actor);
    // Only the status (payment webhooks, cancel, refund); version optional (nullopt: no check).
    boost::asio::awaitable<MovementRecord> change_status(const Uuid& id, std::optional<std::int32_t> version,
                                                         MovementStatus status, const Actor& actor);
    // Returns exactly what it held to its budget.
    boost::asio::awaitable<void> remove(const Uuid& id, const Actor& actor);
    boost::asio::awaitable<MovementRecord> get(const Uuid& id);

  private:
    boost::asio::awaitable<MovementRecord> change(const Uuid& id, std::optional<std::int32_t> version,
                                                  std::optional<MovementInput> input,
                                                  std::optional<MovementStatus> status, const Actor& actor);
    db::Pool& pool_;
    MovementEvents events_;
};

}  // namespace bh::budget
