#pragma once
// Typed identifiers: a UserId cannot be passed where a BudgetTypeId is expected.
#include <optional>
#include <string>
#include <string_view>

#include "core/uuid.h"

namespace bh {

template <class Tag>
class TypedId {
  public:
    TypedId() = default;
    explicit TypedId(Uuid value) : value_(value) {}
    static TypedId generate() { return TypedId(Uuid::v7()); }
    static std::optional<TypedId> parse(std::string_view text) {
        auto uuid = Uuid::parse(text);
        if (!uuid) return std::nullopt;
        return TypedId(*uuid);
    }
    const Uuid& uuid() const { return value_; }
    std::string to_string() const { return value_.to_string(); }
    auto operator<=>(const TypedId&) const = default;

  private:
    Uuid value_;
};

using UserId = TypedId<struct UserIdTag>;
using BudgetTypeId = TypedId<struct BudgetTypeIdTag>;
using BudgetSubtypeId = TypedId<struct BudgetSubtypeIdTag>;
using SupplierId = TypedId<struct SupplierIdTag>;
using MovementId = TypedId<struct MovementIdTag>;
using InvoiceId = TypedId<struct InvoiceIdTag>;
using PaymentId = TypedId<struct PaymentIdTag>;
using NotificationId = TypedId<struct NotificationIdTag>;
using EventId = TypedId<struct EventIdTag>;

}  // namespace bh
