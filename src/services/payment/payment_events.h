#pragma once
// What a change of a payment tells the other services, written in the transaction of the change:
// `payment.updated` (the payment's whole state, for the budget service: docs/dev/payment-contract.md)
// and the receipt e-mail (`notification.requested`, kind PAYMENT_RECEIPT), asked once per charge and
// once per refund.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/money.h"
#include "db/transaction.h"
#include "services/payment/payment_repository.h"

namespace bh::payment {

// The payload of payment.updated (pure, unit-tested).
std::string payment_updated_payload(const PaymentRecord& payment, TimePoint occurred_at);

// save_change() + the payment.updated event: the one way a payment changes state.
boost::asio::awaitable<void> record_change(db::Transaction& tx, PaymentRecord& payment,
                                           PaymentStatus previous, std::string_view cause,
                                           std::optional<std::string> detail, const std::string& topic_prefix,
                                           TimePoint now);

// Asks for the receipt mail of a charge (ch_...) or a refund (re_... or our refund id) unless one was
// asked for it before; true when it asked now.
boost::asio::awaitable<bool> request_receipt(db::Transaction& tx, const PaymentRecord& payment,
                                             const std::string& stripe_object_id,
                                             const std::string& receipt_url, Money amount,
                                             std::string description, const std::string& topic_prefix);

// Tells the user how a confirmation retried in the background ended (kind PAYMENT_OUTCOME):
// `outcome` SUCCEEDED or FAILED, `reason` for a failure.
boost::asio::awaitable<void> request_outcome_mail(db::Transaction& tx, const PaymentRecord& payment,
                                                  std::string_view outcome, std::string reason,
                                                  const std::string& topic_prefix);

}  // namespace bh::payment
