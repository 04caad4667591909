// Fuzz target: the services' Kafka payload decoders, the first byte of the input choosing one:
//   n  notification.requested  notification::parse_notification_request
//   r  budget.reserve command  budget::read_reserve_command (as payment_consumers.cpp reads it)
//   u  payment.updated         budget::read_payment_update
//   p  budget.reserve reply    payment::read_reservation_reply
//   a  auth.recovery.requested auth::recovery_email
// Asserts for each: a bad payload is an AppError of the kind the consumer expects (BadRequest, which
// is dead-lettered; for the reply also NotFound or Unavailable), nothing else; an accepted one is
// within the contract's bounds (a valid single-line recipient, at most kMaxAttachments attachments;
// 1..50 lines of positive amounts and IVA 0..100 %; a positive sequence and amounts within Money's
// range; a positive total with movements; a non-empty e-mail).
#include <boost/json.hpp>

#include "core/error.h"
#include "fuzz_check.h"
#include "mail/header_safety.h"
#include "services/auth/users/reset_notification.h"
#include "services/budget/payments/payment_codec.h"
#include "services/notification/domain/notification_request.h"
#include "services/payment/budget_reservations.h"

namespace {

namespace json = boost::json;
using bh::AppError;
using bh::ErrorKind;

std::optional<json::object> object_of(std::string_view payload) {
    boost::system::error_code ec;
    auto value = json::parse(payload, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.as_object());
}

void notification(std::string_view payload) {
    const auto request = bh::notification::parse_notification_request(payload);
    FUZZ_CHECK(bh::mail::is_valid_address(request.to));
    FUZZ_CHECK(bh::mail::is_single_line(request.recipient_name));
    FUZZ_CHECK(request.attachments.size() <= bh::notification::kMaxAttachments);
    for (const auto& attachment : request.attachments) FUZZ_CHECK(attachment.size_bytes >= 0);
}

void reserve_command(std::string_view payload) {
    const auto body = object_of(payload);
    if (!body) return;
    const auto command = bh::budget::read_reserve_command(*body);
    FUZZ_CHECK(!command.lines.empty() && command.lines.size() <= 50);
    FUZZ_CHECK(command.date_of_emission.ok());
    for (const auto& line : command.lines) {
        FUZZ_CHECK(!line.value_without_iva.is_negative() && !line.value_without_iva.is_zero());
        FUZZ_CHECK(line.iva_rate_basis_points >= 0 && line.iva_rate_basis_points <= 10000);
    }
}

void payment_updated(std::string_view payload) {
    const auto body = object_of(payload);
    if (!body) return;
    const auto update = bh::budget::read_payment_update(*body);
    FUZZ_CHECK(update.sequence >= 1);
    FUZZ_CHECK(update.amount.cents() <= bh::Money::kMaxCents &&
               update.refunded_amount.cents() <= bh::Money::kMaxCents);
}

void reservation_reply(std::string_view payload) {
    const auto reservation = bh::payment::read_reservation_reply(payload);
    FUZZ_CHECK(!reservation.total.is_negative() && !reservation.total.is_zero());
}

void recovery(std::string_view payload) {
    bh::bus::Message message;
    message.payload = std::string(payload);
    FUZZ_CHECK(!bh::auth::recovery_email(message).empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const char which = static_cast<char>(data[0]);
    const auto payload = bh::fuzz::as_text(data + 1, size - 1);
    try {
        switch (which) {
            case 'n':
                notification(payload);
                break;
            case 'r':
                reserve_command(payload);
                break;
            case 'u':
                payment_updated(payload);
                break;
            case 'p':
                reservation_reply(payload);
                break;
            case 'a':
                recovery(payload);
                break;
            default:
                break;
        }
    } catch (const AppError& e) {
        const bool reply = which == 'p';
        FUZZ_CHECK(e.kind() == ErrorKind::BadRequest ||
                   (reply && (e.kind() == ErrorKind::NotFound || e.kind() == ErrorKind::Unavailable)));
    }
    return 0;
}
