// Fuzz target: Stripe API objects (stripe::parse_payment_intent, parse_charge, parse_refund,
// parse_checkout_session, parse_card_token, parse_payment_method, parse_customer): how the payment
// service reads every Stripe answer (stripe/api.cpp) — bytes from Stripe's servers, or from whatever
// answers in their place. Input: a JSON document; an object is read as each kind in turn (and each
// object member too, as an expanded sub-object would be).
// Asserts: no crash and no undefined behaviour whatever the member types (numbers of any size
// included); card expiry month and year not negative; an id read is the member's own text.
#include <boost/json.hpp>
#include <climits>

#include "fuzz_check.h"
#include "stripe/objects.h"

namespace {

void read_as_every_kind(const boost::json::object& object) {
    using namespace bh::stripe;
    const auto intent = parse_payment_intent(object);
    const auto* id = object.if_contains("id");
    if (id != nullptr && id->is_string()) FUZZ_CHECK(intent.id == id->get_string());
    parse_charge(object);
    parse_refund(object);
    parse_checkout_session(object);
    const auto card = parse_card_token(object);
    FUZZ_CHECK(card.exp_month >= 0 && card.exp_year >= 0);
    parse_payment_method(object);
    parse_customer(object);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.max_depth = 32;
    const auto value = boost::json::parse(bh::fuzz::as_text(data, size), ec, {}, options);
    if (ec || !value.is_object()) return 0;
    read_as_every_kind(value.get_object());
    for (const auto& member : value.get_object()) {
        if (member.value().is_object()) read_as_every_kind(member.value().get_object());
    }
    return 0;
}
