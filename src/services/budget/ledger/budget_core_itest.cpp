// The budget core against the real PostgreSQL of the stack (PG_URL): the stores and the funds
// ledger as the HTTP handlers use them. Every accounting rule of seed §5 and every ⚠ of §11.2 that
// concerns budgets has a test here that fails if the rule is broken.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json/parse.hpp>

#include "db/itest_support.h"
#include "db/migrations.h"
#include "services/budget/budget_service.h"
#include "services/budget/errors.h"
#include "services/budget/ledger/movement_queries.h"
#include "services/budget/ledger/movement_store.h"
#include "services/budget/ledger/subtype_store.h"
#include "services/budget/ledger/type_store.h"
#include "services/budget/suppliers/supplier_store.h"
#include "services/budget/usage/usage_query.h"

namespace bh::budget {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using db::testing::run;

Money m(const char* text) {
    return *Money::parse(text);
}

std::string unique(const std::string& prefix) {
    return bh::testing::unique_name(prefix);
}

class BudgetCoreItest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        database_ = std::make_unique<db::testing::ScratchDatabase>();
        asio::io_context io;
        db::Pool pool(io.get_executor(), database_->pool_options(1));
        run(io, db::migrate(pool, "budget", migrations()));
    }
    static void TearDownTestSuite() { database_.reset(); }

    template <class T>
    T sync(awaitable<T> task) {
        return run(io, std::move(task));
    }

    // The error code a task fails with ("" when it succeeds).
    template <class T>
    std::string error_of(awaitable<T> task) {
        try {
            run(io, std::move(task));
        } catch (const AppError& e) {
            return e.code();
        }
        return "";
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
                                      "NIF" + std::to_string(100000 + ++n + getpid() % 1000 * 100),
                                      std::nullopt, std::nullopt}));
    }
    MovementInput movement(const SupplierRecord& supplier, const char* value, MovementStatus status,
                           std::optional<Uuid> type_id, std::optional<Uuid> subtype_id,
                           MovementKind kind = MovementKind::Debit, std::int64_t rate = 0) {
        return {kind,        status,  unique("DOC"), std::chrono::year{2024} / 5 / 1, "x", m(value), rate,
                supplier.id, type_id, subtype_id};
    }
    BudgetTypeRecord type_now(const Uuid& id) { return sync(types.get(id)).type; }
    BudgetSubtypeRecord subtype_now(const Uuid& id) { return sync(subtypes.get(id)).subtype; }

    std::int64_t outbox_count(const std::string& event_type) {
        return sync([&]() -> awaitable<std::int64_t> {
            auto lease = co_await pool.acquire();
            co_return (co_await lease->query("SELECT count(*) FROM outbox WHERE event_type = $1",
                                             db::Params{event_type}))
                .one()
                .get<std::int64_t>(0);
        }());
    }

    static inline std::unique_ptr<db::testing::ScratchDatabase> database_;
    asio::io_context io;
    db::Pool pool{io.get_executor(), database_->pool_options(8)};
    TypeStore types{pool};
    SubtypeStore subtypes{pool};
    SupplierStore suppliers{pool};
    MovementStore movements{pool, MovementEvents("bh.test.")};
    Actor actor{"user-1", "ana@example.com", ""};
};

TEST_F(BudgetCoreItest, TypeNamesAreUniqueIgnoringCase) {
    const auto name = unique("Marketing");
    sync(types.create({name, "d", m("10")}));
    std::string upper = name;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(error_of(types.create({upper, "d", m("10")})), code::kBudgetTypeExists);
}

TEST_F(BudgetCoreItest, StaleVersionIsAConflict) {
    const auto type = make_type("100");
    const auto updated = sync(types.update({type.id, type.version}, {type.name, "new", m("200")}));
    EXPECT_EQ(updated.version, type.version + 1);
    EXPECT_EQ(updated.allocated, m("200"));
    EXPECT_EQ(error_of(types.update({type.id, type.version}, {type.name, "again", m("5")})),
              errc::kOptimisticLock);
    EXPECT_EQ(error_of(types.update({Uuid::v7(), 0}, {unique("x"), "d", m("5")})), code::kBudgetTypeNotFound);
}

TEST_F(BudgetCoreItest, SubtypeAllocationNeverExceedsWhatTheTypeHasLeft) {
    const auto type = make_type("100");
    make_subtype(type, "60");
    EXPECT_EQ(error_of(subtypes.create({unique("S"), "d", m("40.01"), type.id})), code::kBudgetExceeded);
    const auto second = make_subtype(type, "40");
    EXPECT_EQ(type_now(type.id).sub_allocated, m("100"));
    // Raising one above the rest fails; lowering frees room.
    EXPECT_EQ(
        error_of(subtypes.update({second.id, second.version}, {second.name, "d", m("41"), std::nullopt})),
        code::kBudgetExceeded);
    sync(subtypes.update({second.id, second.version}, {second.name, "d", m("10"), std::nullopt}));
    EXPECT_EQ(type_now(type.id).sub_allocated, m("70"));
    // The type cannot shrink below what its subtypes hold.
    const auto now = type_now(type.id);
    EXPECT_EQ(error_of(types.update({now.id, now.version}, {now.name, "d", m("69.99")})),
              code::kBudgetExceeded);
    EXPECT_EQ(error_of(subtypes.create({unique("S"), "d", m("1"), Uuid::v7()})), code::kBudgetTypeNotFound);
}

TEST_F(BudgetCoreItest, DeletingASubtypeGivesItsAllocationBackAndKeepsWhatItSpent) {
    // Seed ⚠ #11: deleting a subtype reduced the type's funds by the subtype's.
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "50");
    const auto supplier = make_supplier();
    sync(movements.create(movement(supplier, "20", MovementStatus::Succeeded, std::nullopt, sub.id), actor));
    sync(subtypes.remove(sub.id));
    const auto after = type_now(type.id);
    EXPECT_EQ(after.allocated, m("100"));
    EXPECT_EQ(after.sub_allocated, m("0"));
    EXPECT_EQ(after.spent, m("20"));
    EXPECT_EQ(after.direct_spent, m("20"));  // its movement now counts on the type itself
}

TEST_F(BudgetCoreItest, MovingASubtypeIsCheckedAgainstTheNewTypeAndCarriesItsSpending) {
    const auto from = make_type("100");
    const auto to = make_type("30");
    const auto sub = make_subtype(from, "50");
    const auto supplier = make_supplier();
    const auto mv = sync(
        movements.create(movement(supplier, "20", MovementStatus::Succeeded, std::nullopt, sub.id), actor));
    // Spending moved the subtype's version: an edit made from the version read before it is stale.
    EXPECT_EQ(error_of(subtypes.update({sub.id, sub.version}, {sub.name, "d", m("10"), to.id})),
              errc::kOptimisticLock);
    const auto current = sync(subtypes.get(sub.id)).subtype;
    // availableFunds 30 → allocation 50 (20 spent + 30) does not fit in a type of 30.
    EXPECT_EQ(error_of(subtypes.update({current.id, current.version}, {sub.name, "d", m("30"), to.id})),
              code::kBudgetExceeded);
    sync(subtypes.update({current.id, current.version}, {sub.name, "d", m("10"), to.id}));
    EXPECT_EQ(type_now(from.id).spent, m("0"));
    EXPECT_EQ(type_now(from.id).sub_allocated, m("0"));
    EXPECT_EQ(type_now(to.id).spent, m("20"));
    EXPECT_EQ(type_now(to.id).sub_allocated, m("30"));
    EXPECT_EQ(sync(movements.get(mv.id)).link.type_id, to.id);
}

TEST_F(BudgetCoreItest, SuppliersClashOnNifEmailAndPhoneListingEveryConflict) {
    const auto nif = "PT" + std::to_string(getpid()) + "77";
    const auto email = unique("s") + "@example.com";
    const auto phone = "+351" + std::to_string(900000000 + getpid() % 99999);
    sync(suppliers.create({unique("A"), "Ana", nif, phone, email}));
    try {
        sync(suppliers.create({unique("B"), "Bea", nif, phone, email}));
        FAIL() << "expected a conflict";
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), code::kSupplierValidation);
        EXPECT_NE(e.public_message().find("NIF already exists"), std::string::npos);
        EXPECT_NE(e.public_message().find("Email already exists"), std::string::npos);
        EXPECT_NE(e.public_message().find("phone number already exists"), std::string::npos);
    }
    // Two suppliers without e-mail or phone do not clash (seed ⚠: nulls collided).
    sync(suppliers.create({unique("C"), "C", nif + "1", std::nullopt, std::nullopt}));
    sync(suppliers.create({unique("D"), "D", nif + "2", std::nullopt, std::nullopt}));
}

TEST_F(BudgetCoreItest, SucceededDebitSpendsOnSubtypeAndTypeWithIvaRoundedHalfUp) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    // 0.05 + 10 % IVA = 0.055 → 0.01 IVA, total 0.06.
    auto created = sync(movements.create(movement(supplier, "0.05", MovementStatus::Succeeded, std::nullopt,
                                                  sub.id, MovementKind::Debit, 1000),
                                         actor));
    EXPECT_EQ(created.amounts.iva_value, m("0.01"));
    EXPECT_EQ(created.amounts.total_value, m("0.06"));
    EXPECT_EQ(created.link.type_id, type.id);  // a subtype movement carries its type
    EXPECT_EQ(subtype_now(sub.id).spent, m("0.06"));
    EXPECT_EQ(type_now(type.id).spent, m("0.06"));
    ASSERT_TRUE(created.budget_subtype);
    ASSERT_TRUE(created.supplier);
    // An ACCEPTED movement holds nothing.
    sync(movements.create(movement(supplier, "50", MovementStatus::Accepted, std::nullopt, sub.id), actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("0.06"));
}

TEST_F(BudgetCoreItest, OverspendingIsRefusedAndWritesNothing) {
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "50");
    const auto supplier = make_supplier();
    auto input = movement(supplier, "50.01", MovementStatus::Succeeded, std::nullopt, sub.id);
    const auto before = outbox_count("movement.created");
    EXPECT_EQ(error_of(movements.create(input, actor)), code::kBudgetExceeded);
    EXPECT_EQ(subtype_now(sub.id).spent, m("0"));
    EXPECT_EQ(outbox_count("movement.created"), before);
    // Same document number works afterwards: the failed insert was rolled back.
    input.value_without_iva = m("50");
    sync(movements.create(input, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("50"));
}

TEST_F(BudgetCoreItest, TypeMovementsRespectSubtypeAllocations) {
    // Seed ⚠ #10: a type-level movement ignored what was carved out for subtypes.
    const auto type = make_type("100");
    make_subtype(type, "70");
    const auto supplier = make_supplier();
    EXPECT_EQ(error_of(movements.create(
                  movement(supplier, "30.01", MovementStatus::Succeeded, type.id, std::nullopt), actor)),
              code::kBudgetExceeded);
    sync(movements.create(movement(supplier, "30", MovementStatus::Succeeded, type.id, std::nullopt), actor));
    EXPECT_EQ(type_now(type.id).direct_spent, m("30"));
}

TEST_F(BudgetCoreItest, UpdateAppliesTheDifferenceWithTheRightSign) {
    // Seed ⚠ #7: raising a succeeded movement gave money back.
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    auto input = movement(supplier, "10", MovementStatus::Succeeded, std::nullopt, sub.id);
    auto mv = sync(movements.create(input, actor));
    input.value_without_iva = m("25");
    mv = sync(movements.update({mv.id, mv.version}, input, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("25"));
    EXPECT_EQ(type_now(type.id).spent, m("25"));
    input.value_without_iva = m("5");
    mv = sync(movements.update({mv.id, mv.version}, input, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("5"));
    // An increase past the allocation is refused and changes nothing.
    input.value_without_iva = m("100.01");
    EXPECT_EQ(error_of(movements.update({mv.id, mv.version}, input, actor)), code::kBudgetExceeded);
    EXPECT_EQ(subtype_now(sub.id).spent, m("5"));
    EXPECT_EQ(error_of(movements.update({mv.id, mv.version - 1}, input, actor)), errc::kOptimisticLock);
}

TEST_F(BudgetCoreItest, UpdateMovesTheBookingBetweenBudgets) {
    const auto type = make_type("100");
    const auto a = make_subtype(type, "50");
    const auto b = make_subtype(type, "50");
    const auto supplier = make_supplier();
    auto input = movement(supplier, "30", MovementStatus::Succeeded, std::nullopt, a.id);
    auto mv = sync(movements.create(input, actor));
    input.subtype_id = b.id;
    sync(movements.update({mv.id, mv.version}, input, actor));
    EXPECT_EQ(subtype_now(a.id).spent, m("0"));
    EXPECT_EQ(subtype_now(b.id).spent, m("30"));
    EXPECT_EQ(type_now(type.id).spent, m("30"));
}

TEST_F(BudgetCoreItest, CancelRefundAndDeleteReturnExactlyWhatWasSpent) {
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    // Seed ⚠ #8: CANCELED released funds a movement never spent.
    auto accepted = sync(
        movements.create(movement(supplier, "40", MovementStatus::Accepted, std::nullopt, sub.id), actor));
    sync(movements.change_status(accepted.id, std::nullopt, MovementStatus::Canceled, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("0"));

    auto paid = sync(
        movements.create(movement(supplier, "40", MovementStatus::Processing, std::nullopt, sub.id), actor));
    sync(movements.change_status(paid.id, std::nullopt, MovementStatus::Succeeded, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("40"));
    // Seed ⚠ #9: a repeated SUCCEEDED spent again.
    sync(movements.change_status(paid.id, std::nullopt, MovementStatus::Succeeded, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("40"));
    sync(movements.change_status(paid.id, std::nullopt, MovementStatus::Refunded, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("0"));
    EXPECT_EQ(type_now(type.id).spent, m("0"));
    // Final statuses stay final.
    EXPECT_EQ(error_of(movements.change_status(paid.id, std::nullopt, MovementStatus::Succeeded, actor)),
              code::kMovementValidation);

    auto kept = sync(movements.create(
        movement(supplier, "12.34", MovementStatus::Succeeded, std::nullopt, sub.id), actor));
    sync(movements.change_status(kept.id, std::nullopt, MovementStatus::Canceled, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("0"));

    auto deleted = sync(
        movements.create(movement(supplier, "7.50", MovementStatus::Succeeded, std::nullopt, sub.id), actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("7.50"));
    sync(movements.remove(deleted.id, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("0"));
    EXPECT_EQ(type_now(type.id).spent, m("0"));
    EXPECT_EQ(error_of(movements.get(deleted.id)), code::kMovementNotFound);
}

TEST_F(BudgetCoreItest, CreditGivesBack) {
    // Seed ⚠ #12: credits were subtracted like debits.
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    sync(movements.create(movement(supplier, "60", MovementStatus::Succeeded, std::nullopt, sub.id), actor));
    auto credit = sync(movements.create(
        movement(supplier, "25", MovementStatus::Succeeded, std::nullopt, sub.id, MovementKind::Credit),
        actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("35"));
    sync(movements.remove(credit.id, actor));
    EXPECT_EQ(subtype_now(sub.id).spent, m("60"));
}

TEST_F(BudgetCoreItest, DocumentNumbersAreUnique) {
    const auto supplier = make_supplier();
    auto input = movement(supplier, "1", MovementStatus::Accepted, std::nullopt, std::nullopt);
    sync(movements.create(input, actor));
    EXPECT_EQ(error_of(movements.create(input, actor)), code::kMovementExists);
    EXPECT_EQ(error_of(movements.create(
                  movement(supplier, "1", MovementStatus::Refunded, std::nullopt, std::nullopt), actor)),
              errc::kValidation);
    auto bad = movement(supplier, "1", MovementStatus::Accepted, std::nullopt, std::nullopt);
    bad.supplier_id = Uuid::v7();
    EXPECT_EQ(error_of(movements.create(bad, actor)), code::kSupplierNotFound);
}

TEST_F(BudgetCoreItest, EventsAndOneAlertPerThresholdCrossing) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    const auto alerts_before = outbox_count("notification.requested");
    const auto created_before = outbox_count("movement.created");
    sync(movements.create(movement(supplier, "79.99", MovementStatus::Succeeded, std::nullopt, sub.id),
                          actor));
    EXPECT_EQ(outbox_count("notification.requested"), alerts_before);
    sync(movements.create(movement(supplier, "0.01", MovementStatus::Succeeded, std::nullopt, sub.id),
                          actor));  // 80 %
    EXPECT_EQ(outbox_count("notification.requested"), alerts_before + 1);
    sync(movements.create(movement(supplier, "5", MovementStatus::Succeeded, std::nullopt, sub.id),
                          actor));  // 85 %
    EXPECT_EQ(outbox_count("notification.requested"), alerts_before + 1);
    sync(movements.create(movement(supplier, "15", MovementStatus::Succeeded, std::nullopt, sub.id),
                          actor));  // 100 %
    EXPECT_EQ(outbox_count("notification.requested"), alerts_before + 2);
    EXPECT_EQ(outbox_count("movement.created"), created_before + 4);

    const auto payload = sync([&]() -> awaitable<std::string> {
        auto lease = co_await pool.acquire();
        co_return (co_await lease->query(
                       "SELECT payload, topic FROM outbox WHERE event_type = 'notification.requested' "
                       "ORDER BY id DESC LIMIT 1"))
            .one()
            .get<std::string>(0);
    }());
    const auto json = boost::json::parse(payload).as_object();
    EXPECT_EQ(json.at("kind").as_string(), "BUDGET_ALERT");
    EXPECT_EQ(json.at("to").as_string(), "ana@example.com");
    EXPECT_EQ(json.at("data").at("thresholdPercent").as_int64(), 100);
    EXPECT_EQ(json.at("data").at("budgetSubtypeId").as_string(), sub.id.to_string());
    // Money as a JSON number with two decimals, in the text itself (core/json_text.h).
    EXPECT_NE(payload.find(R"("available":0.00)"), std::string::npos) << payload;
    EXPECT_NE(payload.find(R"("allocated":100.00)"), std::string::npos) << payload;
    EXPECT_EQ(json.at("data").at("spent").as_double(), 100.0);
}

TEST_F(BudgetCoreItest, ListingFiltersAndPages) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "1000");
    const auto supplier = make_supplier();
    for (int i = 0; i < 5; ++i) {
        auto input = movement(supplier, "1", i % 2 ? MovementStatus::Succeeded : MovementStatus::Accepted,
                              std::nullopt, sub.id);
        input.date_of_emission = std::chrono::year{2023} / 1 / (i + 1);
        sync(movements.create(input, actor));
    }
    MovementQueries queries(pool);
    PageRequest page{.page = 0, .size = 2, .sort = {{.field = "id"}}};
    auto all = sync(queries.list({.subtype_id = sub.id}, page));
    EXPECT_EQ(all.total, 5);
    EXPECT_EQ(all.items.size(), 2u);
    EXPECT_FALSE(all.total_capped);
    auto succeeded = sync(queries.list({.status = MovementStatus::Succeeded, .subtype_id = sub.id}, page));
    EXPECT_EQ(succeeded.total, 2);
    auto dated = sync(queries.list({.start_date = std::chrono::year{2023} / 1 / 2,
                                    .end_date = std::chrono::year{2023} / 1 / 3,
                                    .subtype_id = sub.id},
                                   page));
    EXPECT_EQ(dated.total, 2);
    // Type and subtype together: the subtype's movements when it is under that type, none otherwise.
    EXPECT_EQ(sync(queries.list({.type_id = type.id, .subtype_id = sub.id}, page)).total, 5);
    const auto other_type = make_type("10");
    EXPECT_EQ(sync(queries.list({.type_id = other_type.id, .subtype_id = sub.id}, page)).total, 0);
    // An empty result is an empty page (seed ⚠ #23: a 404).
    auto none = sync(queries.list({.type_id = Uuid::v7()}, page));
    EXPECT_EQ(none.total, 0);
    EXPECT_TRUE(none.items.empty());
    page.page = kMovementCountCap;  // far beyond the bound
    EXPECT_EQ(error_of(queries.list({}, page)), errc::kValidation);
}

TEST_F(BudgetCoreItest, UsageSummary) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "600");
    const auto supplier = make_supplier();
    sync(movements.create(movement(supplier, "200", MovementStatus::Succeeded, std::nullopt, sub.id), actor));
    sync(movements.create(movement(supplier, "50", MovementStatus::Succeeded, type.id, std::nullopt), actor));
    const auto t = type_now(type.id);
    const auto usage = type_usage(t.allocated, t.sub_allocated, t.direct_spent, t.spent);
    EXPECT_EQ(usage.spent, m("250"));
    EXPECT_EQ(usage.reserved, m("400"));
    EXPECT_EQ(usage.available, m("350"));
    UsageQuery query(pool);
    PageRequest page{.page = 0, .size = 100, .sort = {{.field = "id"}}};
    auto summary = sync(query.summary(page));
    bool found = false;
    for (const auto& item : summary.items) {
        if (item.type.id != type.id) continue;
        found = true;
        ASSERT_EQ(item.subtypes.size(), 1u);
        EXPECT_EQ(item.subtypes[0].spent, m("200"));
    }
    EXPECT_TRUE(found);
}

// The alert list holds every budget whose usedPercent (rounded down) reached 80, most used first;
// 79.99 % is not there yet and an empty allocation never is.
TEST_F(BudgetCoreItest, UsageAlertsListBudgetsFromEightyPercentMostUsedFirst) {
    const auto type = make_type("1000");
    const auto nearly = make_subtype(type, "100");
    const auto full = make_subtype(type, "100");
    const auto empty_type = make_type("0");
    const auto supplier = make_supplier();
    sync(movements.create(movement(supplier, "79.99", MovementStatus::Succeeded, std::nullopt, nearly.id),
                          actor));
    sync(
        movements.create(movement(supplier, "100", MovementStatus::Succeeded, std::nullopt, full.id), actor));
    UsageQuery query(pool);
    const auto position = [](const auto& list, const Uuid& id) {
        for (std::size_t i = 0; i < list.size(); ++i)
            if (list[i].subtype.id == id) return static_cast<int>(i);
        return -1;
    };
    auto before = sync(query.alerts(80, 1000));
    EXPECT_EQ(position(before.subtypes, nearly.id), -1);
    const int full_at = position(before.subtypes, full.id);
    ASSERT_GE(full_at, 0);
    EXPECT_EQ(before.subtypes[full_at].type.id, type.id);
    for (const auto& t : before.types) {
        EXPECT_NE(t.id, type.id);  // 179.99 of 1000
        EXPECT_NE(t.id, empty_type.id);
    }
    EXPECT_GE(before.total_subtypes, static_cast<std::int64_t>(before.subtypes.size()));

    sync(movements.create(movement(supplier, "0.01", MovementStatus::Succeeded, std::nullopt, nearly.id),
                          actor));
    auto after = sync(query.alerts(80, 1000));
    const int nearly_at = position(after.subtypes, nearly.id);
    ASSERT_GE(nearly_at, 0);
    EXPECT_LT(position(after.subtypes, full.id), nearly_at);
    EXPECT_EQ(after.total_subtypes, before.total_subtypes + 1);
    // The cap bounds the list, never the total.
    auto capped = sync(query.alerts(80, 1));
    EXPECT_EQ(capped.subtypes.size(), 1u);
    EXPECT_EQ(capped.total_subtypes, after.total_subtypes);
}

// 64 concurrent bookings from two pools (two service instances' worth of connections) on one
// subtype: the accepted total never exceeds the allocation and equals the stored spent amount.
TEST_F(BudgetCoreItest, ConcurrentSpendingNeverOverspends) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    db::Pool second_pool(io.get_executor(), database_->pool_options(8));
    MovementStore other{second_pool, MovementEvents("bh.test.")};
    std::atomic<std::int64_t> accepted_cents{0};
    std::atomic<int> refused{0};
    std::atomic<int> other_errors{0};
    for (int i = 0; i < 64; ++i) {
        auto& store = i % 2 ? movements : other;
        // 7.00 each: 14 fit in 100 (98.00), the rest must be refused.
        asio::co_spawn(
            io,
            [&, input = movement(supplier, "7", MovementStatus::Succeeded, std::nullopt,
                                 sub.id)]() -> awaitable<void> {
                try {
                    auto created = co_await store.create(input, actor);
                    accepted_cents += created.amounts.total_value.cents();
                } catch (const AppError& e) {
                    if (e.code() == code::kBudgetExceeded) {
                        ++refused;
                    } else {
                        ++other_errors;
                    }
                }
            },
            asio::detached);
    }
    std::vector<std::thread> threads;
    threads.reserve(3);
    for (int i = 0; i < 3; ++i) threads.emplace_back([this] { io.run(); });
    io.run();
    for (auto& t : threads) t.join();
    io.restart();
    EXPECT_EQ(other_errors.load(), 0);
    EXPECT_EQ(accepted_cents.load(), 9800);
    EXPECT_EQ(refused.load(), 64 - 14);
    EXPECT_EQ(subtype_now(sub.id).spent.cents(), accepted_cents.load());
    EXPECT_EQ(type_now(type.id).spent.cents(), accepted_cents.load());
}

}  // namespace
}  // namespace bh::budget
