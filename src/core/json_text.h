#pragma once
// JSON text as every service writes it (HTTP bodies, Kafka payloads, stored JSON). The same text
// as boost::json::serialize (strings escaped as the logs escape them), except for doubles: those
// are written in plain decimal notation with at least two decimals ("1000.50", "0.00", "-12.30",
// "0.125"), never in exponent form ("1.0005E3"). Money enters a JSON tree only through money_json(),
// as a double that is exact for every Money (|cents| < 10^15: at most 15 significant digits, so its
// shortest round-trip form is its decimal form), and therefore always leaves as a JSON number with
// exactly two decimals.
#include <boost/json/value.hpp>
#include <string>

#include "core/money.h"

namespace bh {

// An amount for a JSON tree that json_text() writes: a number with exactly two decimals.
boost::json::value money_json(Money amount);

// The JSON text of a value. Non-finite doubles (which no JSON text can hold) are written as null.
std::string json_text(const boost::json::value& value);

// The same, appended to `out`.
void append_json_text(std::string& out, const boost::json::value& value);

}  // namespace bh
