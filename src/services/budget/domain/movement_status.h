#pragma once
// The movement lifecycle (seed-spec §3.2 enums), with the transitions a movement may take. Only a
// SUCCEEDED movement holds money; every other status holds none (seed ⚠ #8/#9 fixed: CANCELED never
// releases what was never spent, a repeated SUCCEEDED never spends twice).
#include <optional>
#include <string_view>

namespace bh::budget {

enum class MovementStatus { Accepted, Processing, Succeeded, Canceled, Refused, Failed, Refunded };
enum class MovementKind { Debit, Credit };

std::string_view to_string(MovementStatus status);
std::optional<MovementStatus> parse_movement_status(std::string_view text);
std::string_view to_string(MovementKind kind);
std::optional<MovementKind> parse_movement_kind(std::string_view text);

// Staying in the same status is always allowed (an idempotent repeat). Otherwise:
//   ACCEPTED   -> PROCESSING, SUCCEEDED, CANCELED, REFUSED, FAILED
//   PROCESSING -> SUCCEEDED, CANCELED, REFUSED, FAILED
//   SUCCEEDED  -> REFUNDED, CANCELED
//   CANCELED, REFUSED, FAILED, REFUNDED: final
bool is_legal_transition(MovementStatus from, MovementStatus to);
// A new movement starts as ACCEPTED, PROCESSING or SUCCEEDED (an already paid expense).
bool is_legal_initial_status(MovementStatus status);
bool holds_money(MovementStatus status);

}  // namespace bh::budget
