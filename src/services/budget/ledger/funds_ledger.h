#pragma once
// Applies a FundsPlan inside the caller's transaction with conditional UPDATEs: a row whose spending
// grows is only updated when the result still fits (subtype: spent <= allocated; type: spent <=
// allocated and direct_spent + sub_allocated <= allocated). Rows are touched in the plan's fixed
// order, so concurrent bookings on any number of instances serialise on the row locks and can never
// jointly overspend. Throws 400 BUDGET_EXCEEDED (the transaction must then roll back). Reservation
// deltas (funds.h) are applied by the same UPDATEs: a reservation is checked exactly as spending.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/transaction.h"
#include "services/budget/domain/funds.h"

namespace bh::budget {

// A budget whose usage crossed a threshold upwards (80 % or 100 %) in this transaction.
struct ThresholdCrossing {
    int percent = 0;
    Uuid type_id;
    std::string type_name;
    std::optional<Uuid> subtype_id;  // set when the crossing budget is a subtype
    std::optional<std::string> subtype_name;
    Money allocated;
    Money spent;
    Money available;
};

enum class Ceiling {
    Enforce,  // growth must fit the allocation, else 400 BUDGET_EXCEEDED
    // Growth is booked even past the allocation: for facts the budget cannot refuse, such as a
    // payment that the payment service reports charged after it had been released.
    Record,
};

boost::asio::awaitable<std::vector<ThresholdCrossing>> apply_funds_plan(db::Transaction& tx,
                                                                        const FundsPlan& plan,
                                                                        Ceiling ceiling = Ceiling::Enforce);

}  // namespace bh::budget
