#pragma once
// Stripe's request bodies: application/x-www-form-urlencoded pairs whose keys use Stripe's bracket
// notation for nested values (metadata[payment_id], line_items[0][price_data][currency]).
#include <string>
#include <utility>
#include <vector>

namespace bh::stripe {

using Form = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes every byte except A-Z a-z 0-9 - . _ ~ (a space becomes %20), keys and values.
std::string encode_form(const Form& form);
std::string percent_encode(std::string_view text);

}  // namespace bh::stripe
