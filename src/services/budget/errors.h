#pragma once
// The budget service's errors with the seed's codes and messages (seed-spec §0.1).
#include <string>

#include "core/error.h"
#include "core/money.h"
#include "core/uuid.h"

namespace bh::budget {

namespace code {
inline constexpr const char* kBudgetTypeNotFound = "BUDGET_TYPE_NOT_FOUND";
inline constexpr const char* kBudgetSubtypeNotFound = "BUDGET_SUBTYPE_NOT_FOUND";
inline constexpr const char* kSupplierNotFound = "SUPPLIER_NOT_FOUND";
inline constexpr const char* kMovementNotFound = "MOVEMENT_NOT_FOUND";
inline constexpr const char* kBudgetTypeExists = "BUDGET_TYPE_ALREADY_EXISTS";
inline constexpr const char* kBudgetSubtypeExists = "BUDGET_SUBTYPE_ALREADY_EXISTS";
inline constexpr const char* kSupplierValidation = "SUPPLIER_VALIDATION_ERROR";
inline constexpr const char* kMovementValidation = "MOVEMENT_VALIDATION_ERROR";
inline constexpr const char* kMovementExists = "MOVEMENT_ALREADY_EXISTS";
inline constexpr const char* kBudgetExceeded = "BUDGET_EXCEEDED";
inline constexpr const char* kPaymentMovement = "PAYMENT_MOVEMENT";
}  // namespace code

AppError budget_type_not_found(const Uuid& id);
AppError budget_subtype_not_found(const Uuid& id);
AppError supplier_not_found(const Uuid& id);
AppError movement_not_found(const Uuid& id);
AppError stale_version();
// "Total value exceeds the available budget. Total value: 150.00, Available: 100.00" — Available is
// the real headroom (seed ⚠ #24 printed the siblings' total).
AppError budget_exceeded(Money requested, Money available);
AppError movement_validation(const std::string& reasons);
// 409 PAYMENT_MOVEMENT: a payment's movement changes only with its payment (payment-contract.md).
AppError payment_movement(const Uuid& movement_id, const Uuid& payment_id);

}  // namespace bh::budget
