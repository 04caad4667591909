#include "services/budget/errors.h"

namespace bh::budget {

AppError budget_type_not_found(const Uuid& id) {
    return not_found("Budget type not found with ID: " + id.to_string(), code::kBudgetTypeNotFound);
}

AppError budget_subtype_not_found(const Uuid& id) {
    return not_found("Budget subtype not found with ID: " + id.to_string(), code::kBudgetSubtypeNotFound);
}

AppError supplier_not_found(const Uuid& id) {
    return not_found("Supplier not found with ID: " + id.to_string(), code::kSupplierNotFound);
}

AppError movement_not_found(const Uuid& id) {
    return not_found("Movement not found with ID: " + id.to_string(), code::kMovementNotFound);
}

AppError stale_version() {
    return conflict("This entity has been modified by another transaction", errc::kOptimisticLock);
}

AppError budget_exceeded(Money requested, Money available) {
    return bad_request("Total value exceeds the available budget. Total value: " + requested.to_string() +
                           ", Available: " + available.to_string(),
                       code::kBudgetExceeded);
}

AppError movement_validation(const std::string& reasons) {
    return conflict("Movement operation failed due to the following error/s: " + reasons,
                    code::kMovementValidation);
}

AppError payment_movement(const Uuid& movement_id, const Uuid& payment_id) {
    return conflict("Movement " + movement_id.to_string() + " belongs to payment " + payment_id.to_string() +
                        ": it changes only with its payment (cancel or refund the payment instead)",
                    code::kPaymentMovement);
}

}  // namespace bh::budget
