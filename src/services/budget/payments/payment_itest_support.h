#pragma once
// Shared by the payment integration tests (payment_reservations_itest.cpp, payment_consumers_itest.cpp):
// a migrated scratch database per suite, the budget stores, and helpers to build budgets, commands
// and payment states and to read back what was stored.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "db/itest_support.h"
#include "db/migrations.h"
#include "services/budget/budget_service.h"
#include "services/budget/ledger/movement_store.h"
#include "services/budget/ledger/subtype_store.h"
#include "services/budget/ledger/type_store.h"
#include "services/budget/payments/payment_reservations.h"
#include "services/budget/suppliers/supplier_store.h"

namespace bh::budget::testing {

namespace asio = boost::asio;

inline Money m(const char* text) {
    return *Money::parse(text);
}

inline std::string unique(const std::string& prefix) {
    return bh::testing::unique_name(prefix);
}

// An invoice as stored, for assertions.
struct InvoiceRow {
    Uuid movement_id;
    std::string description;
    std::optional<std::string> receipt_url;
    std::int32_t version = 0;
    std::optional<std::string> file_key;
};

class PaymentDb {
  public:
    PaymentDb() {
        asio::io_context io;
        db::Pool pool(io.get_executor(), database.pool_options(1));
        db::testing::run(io, db::migrate(pool, "budget", migrations()));
    }
    db::testing::ScratchDatabase database;
};

// Holds the suite's database; the fixture's members use the test's own io_context.
class PaymentFixture : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { db_ = std::make_unique<PaymentDb>(); }
    static void TearDownTestSuite() { db_.reset(); }
    static const db::testing::ScratchDatabase& database() { return db_->database; }

    template <class T>
    T sync(asio::awaitable<T> task) {
        return db::testing::run(io, std::move(task));
    }

    BudgetTypeRecord make_type(const char* allocation) {
        return sync(types.create({unique("Type"), "d", m(allocation)}));
    }
    BudgetSubtypeRecord make_subtype(const BudgetTypeRecord& type, const char* allocation) {
        return sync(subtypes.create({unique("Sub"), "d", m(allocation), type.id})).subtype;
    }
    SupplierRecord make_supplier() {
        static std::atomic<int> n{0};
        return sync(suppliers.create({unique("Co"), "Ana",
                                      "PAY" + std::to_string(100000 + ++n + getpid() % 1000 * 100),
                                      std::nullopt, std::nullopt}));
    }
    BudgetTypeRecord type_now(const Uuid& id) { return sync(types.get(id)).type; }
    BudgetSubtypeRecord subtype_now(const Uuid& id) { return sync(subtypes.get(id)).subtype; }

    static ReserveLine line(const SupplierRecord& supplier, const char* value, std::int64_t rate_bp,
                            std::optional<Uuid> type_id, std::optional<Uuid> subtype_id) {
        return {type_id, subtype_id, supplier.id, m(value), rate_bp};
    }
    static ReserveCommand command(std::vector<ReserveLine> lines) {
        ReserveCommand c;
        c.payment_id = Uuid::v7();
        c.description = "Office chairs";
        c.user_id = Uuid::v7().to_string();
        c.date_of_emission = std::chrono::year{2026} / 12 / 5;
        c.lines = std::move(lines);
        return c;
    }
    static PaymentUpdate state(const Uuid& payment_id, std::int64_t sequence, PaymentStatus status,
                               const char* amount, const char* refunded = "0",
                               std::optional<std::string> receipt_url = std::nullopt) {
        PaymentUpdate u;
        u.event_id = Uuid::v7();
        u.payment_id = payment_id;
        u.sequence = sequence;
        u.status = status;
        u.amount = m(amount);
        u.refunded_amount = m(refunded);
        u.receipt_url = std::move(receipt_url);
        u.occurred_at = std::chrono::sys_days{std::chrono::year{2026} / 12 / 6} + std::chrono::hours{10};
        return u;
    }

    std::vector<MovementRecord> movements_of(const Uuid& payment_id) {
        return sync([&]() -> asio::awaitable<std::vector<MovementRecord>> {
            auto lease = co_await pool.acquire();
            const auto rows =
                co_await lease->query("SELECT id FROM movements WHERE payment_id = $1 ORDER BY payment_line",
                                      db::Params{payment_id});
            std::vector<MovementRecord> out;
            for (const auto& row : rows) {
                auto movement = co_await movements.get(row.get<Uuid>(0));
                out.push_back(std::move(movement));
            }
            co_return out;
        }());
    }

    std::vector<InvoiceRow> invoices_of(const Uuid& payment_id) {
        return sync([&]() -> asio::awaitable<std::vector<InvoiceRow>> {
            auto lease = co_await pool.acquire();
            const auto rows = co_await lease->query(
                "SELECT i.movement_id, i.description, i.stripe_receipt_url, i.version, i.file_key FROM "
                "invoices i "
                "JOIN movements m ON m.id = i.movement_id WHERE m.payment_id = $1 ORDER BY m.payment_line",
                db::Params{payment_id});
            std::vector<InvoiceRow> out;
            for (const auto& row : rows) {
                out.push_back({row.get<Uuid>(0), row.get<std::string>(1),
                               row.get<std::optional<std::string>>(2), row.get<std::int32_t>(3),
                               row.get<std::optional<std::string>>(4)});
            }
            co_return out;
        }());
    }

    std::int64_t count(const std::string& sql, const db::Params& params = {}) {
        return sync([&]() -> asio::awaitable<std::int64_t> {
            auto lease = co_await pool.acquire();
            const auto result = co_await lease->query(sql, params);
            co_return result.one().get<std::int64_t>(0);
        }());
    }
    std::int64_t outbox_count(const std::string& event_type) {
        return count("SELECT count(*) FROM outbox WHERE event_type = $1", db::Params{event_type});
    }

    static inline std::unique_ptr<PaymentDb> db_;
    asio::io_context io;
    db::Pool pool{io.get_executor(), database().pool_options(8)};
    TypeStore types{pool};
    SubtypeStore subtypes{pool};
    SupplierStore suppliers{pool};
    MovementStore movements{pool, MovementEvents("bh.test.")};
    PaymentReservations payments{pool, MovementEvents("bh.test.")};
};

}  // namespace bh::budget::testing
