#pragma once
// The vocabulary of the notification service: what kind of e-mail, and where it stands.
#include <optional>
#include <string_view>

namespace bh::notification {

enum class Kind { PasswordReset, ExportReady, BudgetAlert, PaymentReceipt, PaymentOutcome };

// PENDING: stored, not yet sent (or being sent under a lease); SENT: accepted by the SMTP server;
// FAILED: the last attempt failed, another is scheduled (next_attempt_at); EXCEEDED_RETRIES: no
// attempt left.
enum class Status { Pending, Sent, Failed, ExceededRetries };

std::string_view to_string(Kind kind);  // "PASSWORD_RESET", ...
std::string_view to_string(Status status);
std::optional<Kind> parse_kind(std::string_view text);
std::optional<Status> parse_status(std::string_view text);

}  // namespace bh::notification
