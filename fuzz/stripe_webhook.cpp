// Fuzz target: Stripe webhooks (stripe::verify_webhook, stripe::parse_event): the Stripe-Signature
// header and the event body POSTed to /api/v1/payment/webhook by anyone on the internet.
// Input fields: a Stripe-Signature header, a timestamp text, the payload.
// Asserts:
//  - every refusal is AppError BadRequest INVALID_STRIPE_SIGNATURE or INVALID_STRIPE_EVENT;
//  - the header as given (not signed by us) never passes;
//  - a header we sign ("t=<the input's timestamp>,v1=<HMAC of the payload>", then the input's header
//    items) passes exactly when the timestamp is a decimal within the tolerance of now and
//    parse_event accepts the payload, and then gives the same event (so never a t outside the
//    tolerance, however large: t = now + 2^64 ns once wrapped to "now"); signed with a secret we do not
//    hold it never passes;
//  - an accepted event has an id and a type.
#include <boost/json.hpp>
#include <charconv>
#include <chrono>

#include "core/error.h"
#include "fuzz_check.h"
#include "security/digest.h"
#include "stripe/errors.h"
#include "stripe/webhook.h"

namespace {

using namespace std::chrono_literals;
namespace stripe = bh::stripe;

const std::vector<std::string> kSecrets{"whsec_current", "whsec_previous"};
constexpr auto kTolerance = std::chrono::seconds(300);
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000));

std::optional<stripe::Event> verify(std::string_view payload, std::string_view header) {
    try {
        return stripe::verify_webhook(payload, header, kSecrets, kNow, kTolerance);
    } catch (const bh::AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest);
        FUZZ_CHECK(e.code() == stripe::errc::kInvalidSignature || e.code() == stripe::errc::kInvalidEvent);
        return std::nullopt;
    }
}

std::optional<stripe::Event> parsed(std::string_view payload) {
    try {
        return stripe::parse_event(payload);
    } catch (const bh::AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest && e.code() == stripe::errc::kInvalidEvent);
        return std::nullopt;
    }
}

// The timestamp text as a number of seconds within the tolerance of now, the way Stripe writes it.
bool timely(std::string_view timestamp) {
    std::int64_t t = 0;
    const auto [ptr, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), t);
    if (timestamp.empty() || ec != std::errc() || ptr != timestamp.data() + timestamp.size() || t < 0)
        return false;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(kNow.time_since_epoch()).count();
    return (t > now ? t - now : now - t) <= kTolerance.count();
}

bool same(const stripe::Event& a, const stripe::Event& b) {
    return a.id == b.id && a.type == b.type && a.created == b.created && a.livemode == b.livemode &&
           a.api_version == b.api_version && a.data_object == b.data_object &&
           a.previous_attributes == b.previous_attributes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = bh::fuzz::fields(bh::fuzz::as_text(data, size), 3);
    const std::string_view header = input[0];
    const std::string_view timestamp = input[1];
    const std::string_view payload = input[2];

    FUZZ_CHECK(!verify(payload, header));

    const auto event = parsed(payload);
    if (event) FUZZ_CHECK(!event->id.empty() && !event->type.empty());

    const std::string signed_payload = std::string(timestamp) + "." + std::string(payload);
    for (const std::string secret : {"whsec_previous", "whsec_unknown"}) {
        std::string ours =
            "t=" + std::string(timestamp) + ",v1=" + bh::security::hmac_sha256(secret, signed_payload);
        if (!header.empty()) ours += "," + std::string(header);
        const auto verified = verify(payload, ours);
        if (secret == "whsec_unknown") {
            // Only the input's own items could make it pass, and they are not signed by us.
            FUZZ_CHECK(!verified);
            continue;
        }
        // The input's items may add a second t= or a malformed v1, which refuse the header.
        const bool clean_header = header.find("t=") == std::string_view::npos &&
                                  header.find("v1=") == std::string_view::npos &&
                                  timestamp.find(',') == std::string_view::npos;
        if (verified) {
            FUZZ_CHECK(timely(timestamp));  // our t is the only one a passing header can hold
            FUZZ_CHECK(event && same(*verified, *event));
            FUZZ_CHECK(!verified->id.empty() && !verified->type.empty());
        }
        if (clean_header && timely(timestamp) && timestamp.find_first_of(" \t") == std::string_view::npos) {
            FUZZ_CHECK(verified.has_value() == event.has_value());
        }
    }
    return 0;
}
