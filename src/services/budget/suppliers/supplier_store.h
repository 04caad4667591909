#pragma once
// Suppliers: CRUD; NIF, e-mail (case-insensitive) and phone number unique by index. A clash is one
// 409 SUPPLIER_VALIDATION_ERROR listing every conflicting field. Absent e-mail/phone never clash
// (seed ⚠ fixed). Deleting a supplier keeps its movements (supplier_id becomes NULL).
#include <boost/asio/awaitable.hpp>

#include "core/paging.h"
#include "db/listing.h"
#include "db/pool.h"
#include "services/budget/codec.h"
#include "services/budget/records.h"

namespace bh::budget {

class SupplierStore {
  public:
    explicit SupplierStore(db::Pool& pool) : pool_(pool) {}

    boost::asio::awaitable<SupplierRecord> create(const SupplierInput& input);
    boost::asio::awaitable<SupplierRecord> update(const Versioned& target, const SupplierInput& input);
    boost::asio::awaitable<void> remove(const Uuid& id);
    boost::asio::awaitable<SupplierRecord> get(const Uuid& id);
    // `name`: only the suppliers whose company name, responsible name or NIF contains it (any case).
    boost::asio::awaitable<Page<SupplierRecord>> list(const std::optional<std::string>& name,
                                                      const PageRequest& page);

  private:
    boost::asio::awaitable<SupplierRecord> write(const std::optional<Versioned>& target,
                                                 const SupplierInput& input);
    db::Pool& pool_;
};

const db::Listing& supplier_listing();

}  // namespace bh::budget
