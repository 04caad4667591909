#pragma once
// The payment routes' bodies: requests read into commands (every bad field named in one 400) and
// payments written as JSON. HTTP-side only: the flows never see JSON. Card numbers and CVCs are
// read here and handed to Stripe; they are never logged, stored or written back.
#include <boost/json/object.hpp>
#include <string>

#include "http/message.h"
#include "http/paging.h"
#include "services/payment/payment_flows.h"

namespace bh::payment {

PaymentOrder read_intent_order(const boost::json::object& body);
PaymentOrder read_session_order(const boost::json::object& body);
ConfirmCommand read_confirm(const boost::json::object& body);
std::string read_intent_id(const boost::json::object& body);  // cancel
RefundCommand read_refund(const boost::json::object& body);
CardDetails read_card(const boost::json::object& body);
SepaDetails read_sepa(const boost::json::object& body);
// The optional Idempotency-Key header: 1..255 visible ASCII characters.
std::optional<std::string> read_request_key(const http::Request& request);

// status (a payment status), from / to (YYYY-MM-DD, on the creation day, both inclusive).
PaymentListQuery read_list_query(const http::Request& request, const PageRequest& page);

boost::json::object payment_json(const PaymentRecord& payment);
boost::json::object details_json(const PaymentDetails& details);

}  // namespace bh::payment
