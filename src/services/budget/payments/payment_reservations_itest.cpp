// Payments on budgets against the real PostgreSQL of the stack (PG_URL): reservations and the
// payment's state changes as the consumers run them (payment_reservations.h), with every figure read
// back from the budget rows. docs/dev/payment-contract.md is the specification.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <thread>

#include "services/budget/errors.h"
#include "services/budget/payments/payment_itest_support.h"
#include "services/budget/usage/usage_query.h"

namespace bh::budget {
namespace {

using namespace testing;
using asio::awaitable;
using P = PaymentStatus;
using S = MovementStatus;

class PaymentReservationsItest : public PaymentFixture {
  protected:
    ReservationResult reserve(const ReserveCommand& c) { return sync(payments.reserve(c)); }
    UpdateOutcome apply(const PaymentUpdate& u) { return sync(payments.apply_update(u)); }

    // The error code a task fails with ("" when it succeeds).
    template <class T>
    std::string error_of(awaitable<T> task) {
        try {
            sync(std::move(task));
        } catch (const AppError& e) {
            return e.code();
        }
        return "";
    }

    Actor actor{"user-1", "ana@example.com", ""};
};

TEST_F(PaymentReservationsItest, ReserveBooksEachLineAsReservedWithIvaHalfUp) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "500");
    const auto supplier = make_supplier();
    const auto created_before = outbox_count("movement.created");
    // 120.00 + 23 % = 147.60 on the subtype; 0.05 + 10 % = 0.055 → 0.06 on the type itself.
    const auto c = command({line(supplier, "120.00", 2300, std::nullopt, sub.id),
                            line(supplier, "0.05", 1000, type.id, std::nullopt)});
    const auto result = reserve(c);
    ASSERT_EQ(result.outcome, ReserveOutcome::Reserved) << result.message;
    EXPECT_FALSE(result.repeated);
    EXPECT_EQ(result.total, m("147.66"));
    ASSERT_EQ(result.movements.size(), 2u);
    EXPECT_EQ(result.movements[0].document_number, "PAY-" + c.payment_id.to_string() + "-1");
    EXPECT_EQ(result.movements[0].amounts.iva_value, m("27.60"));
    EXPECT_EQ(result.movements[0].amounts.total_value, m("147.60"));
    EXPECT_EQ(result.movements[1].document_number, "PAY-" + c.payment_id.to_string() + "-2");
    EXPECT_EQ(result.movements[1].amounts.iva_value, m("0.01"));
    EXPECT_EQ(result.movements[1].amounts.total_value, m("0.06"));

    // Reserved counts as spent, and is shown apart.
    const auto s = subtype_now(sub.id);
    EXPECT_EQ(s.spent, m("147.60"));
    EXPECT_EQ(s.reserved_for_payments, m("147.60"));
    const auto t = type_now(type.id);
    EXPECT_EQ(t.spent, m("147.66"));
    EXPECT_EQ(t.direct_spent, m("0.06"));
    EXPECT_EQ(t.reserved_for_payments, m("147.66"));

    const auto stored = movements_of(c.payment_id);
    ASSERT_EQ(stored.size(), 2u);
    EXPECT_EQ(stored[0].id, result.movements[0].movement_id);
    EXPECT_EQ(stored[0].kind, MovementKind::Debit);
    EXPECT_EQ(stored[0].status, S::Accepted);
    EXPECT_EQ(stored[0].payment_id, c.payment_id);
    EXPECT_EQ(stored[0].payment_line, 1);
    EXPECT_EQ(stored[0].booked_amount, m("147.60"));
    EXPECT_EQ(stored[0].reserved_amount, m("147.60"));
    EXPECT_EQ(stored[0].description, "Office chairs");
    EXPECT_EQ(stored[0].date_of_emission, c.date_of_emission);
    EXPECT_EQ(stored[0].link.type_id, type.id);  // a subtype line carries its type
    EXPECT_FALSE(stored[1].link.subtype_id);
    EXPECT_EQ(count("SELECT count(*) FROM movements WHERE payment_id = $1 AND created_by = $2",
                    db::Params{c.payment_id, c.user_id}),
              2);
    EXPECT_EQ(outbox_count("movement.created"), created_before + 2);
    EXPECT_EQ(
        count("SELECT count(*) FROM outbox WHERE event_type = 'movement.created' AND message_key = $1 AND "
              "payload::jsonb @> jsonb_build_object('paymentId', $2::text, 'status', 'ACCEPTED', "
              "'bookedAmount', 147.60, 'reservedAmount', 147.60, 'userId', $3::text)",
              db::Params{stored[0].id.to_string(), c.payment_id.to_string(), c.user_id}),
        1);

    // The usage summary shows the reservation per type and subtype.
    UsageQuery query(pool);
    PageRequest page{.page = 0, .size = 100, .sort = {{.field = "id"}}};
    const auto summary = sync(query.summary(page));
    bool found = false;
    for (const auto& item : summary.items) {
        if (item.type.id != type.id) continue;
        found = true;
        const auto usage = type_usage(item.type.allocated, item.type.sub_allocated, item.type.direct_spent,
                                      item.type.spent, item.type.reserved_for_payments);
        EXPECT_EQ(usage.reserved_for_payments, m("147.66"));
        ASSERT_EQ(item.subtypes.size(), 1u);
        EXPECT_EQ(item.subtypes[0].reserved_for_payments, m("147.60"));
    }
    EXPECT_TRUE(found);
}

TEST_F(PaymentReservationsItest, ARepeatAnswersTheStoredReservation) {
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    auto c = command({line(supplier, "40", 0, std::nullopt, sub.id)});
    const auto first = reserve(c);
    ASSERT_EQ(first.outcome, ReserveOutcome::Reserved);
    // The same payment again, even with other lines: the stored answer, nothing booked again.
    c.lines.push_back(line(supplier, "50", 0, std::nullopt, sub.id));
    const auto again = reserve(c);
    ASSERT_EQ(again.outcome, ReserveOutcome::Reserved);
    EXPECT_TRUE(again.repeated);
    EXPECT_EQ(again.total, m("40"));
    ASSERT_EQ(again.movements.size(), 1u);
    EXPECT_EQ(again.movements[0].movement_id, first.movements[0].movement_id);
    EXPECT_EQ(again.movements[0].document_number, first.movements[0].document_number);
    EXPECT_EQ(subtype_now(sub.id).spent, m("40"));
    EXPECT_EQ(movements_of(c.payment_id).size(), 1u);
}

TEST_F(PaymentReservationsItest, BudgetExceededLeavesNothing) {
    const auto type = make_type("100");
    const auto a = make_subtype(type, "50");
    const auto b = make_subtype(type, "50");
    const auto supplier = make_supplier();
    const auto created_before = outbox_count("movement.created");
    // The first line fits, the second does not: neither stays.
    auto c = command(
        {line(supplier, "10", 0, std::nullopt, a.id), line(supplier, "50.01", 0, std::nullopt, b.id)});
    const auto refused = reserve(c);
    EXPECT_EQ(refused.outcome, ReserveOutcome::BudgetExceeded);
    EXPECT_NE(refused.message.find("Total value exceeds the available budget"), std::string::npos)
        << refused.message;
    EXPECT_EQ(subtype_now(a.id).spent, m("0"));
    EXPECT_EQ(subtype_now(b.id).spent, m("0"));
    EXPECT_EQ(type_now(type.id).spent, m("0"));
    EXPECT_EQ(type_now(type.id).reserved_for_payments, m("0"));
    EXPECT_TRUE(movements_of(c.payment_id).empty());
    EXPECT_EQ(outbox_count("movement.created"), created_before);
    EXPECT_EQ(
        count("SELECT count(*) FROM payment_reservations WHERE payment_id = $1", db::Params{c.payment_id}),
        0);
    // A refusal is not remembered: the same payment may be reserved once it fits.
    c.lines[1].value_without_iva = m("50");
    EXPECT_EQ(reserve(c).outcome, ReserveOutcome::Reserved);
    EXPECT_EQ(type_now(type.id).spent, m("60"));
}

TEST_F(PaymentReservationsItest, UnknownBudgetsAndInconsistentLinesAreRefused) {
    const auto type = make_type("100");
    const auto other = make_type("100");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();

    const auto missing_subtype = reserve(command({line(supplier, "1", 0, std::nullopt, Uuid::v7())}));
    EXPECT_EQ(missing_subtype.outcome, ReserveOutcome::NotFound);
    EXPECT_NE(missing_subtype.message.find("Budget subtype not found"), std::string::npos);
    EXPECT_EQ(reserve(command({line(supplier, "1", 0, Uuid::v7(), std::nullopt)})).outcome,
              ReserveOutcome::NotFound);
    auto unknown_supplier = command({line(supplier, "1", 0, type.id, std::nullopt)});
    unknown_supplier.lines[0].supplier_id = Uuid::v7();
    const auto no_supplier = reserve(unknown_supplier);
    EXPECT_EQ(no_supplier.outcome, ReserveOutcome::NotFound);
    EXPECT_NE(no_supplier.message.find("Supplier not found"), std::string::npos);

    const auto mismatch =
        reserve(command({line(supplier, "1", 0, type.id, sub.id), line(supplier, "1", 0, other.id, sub.id)}));
    EXPECT_EQ(mismatch.outcome, ReserveOutcome::Invalid);
    ASSERT_EQ(mismatch.errors.size(), 1u);
    EXPECT_EQ(mismatch.errors[0].field, "lines[1].budgetTypeId");
    EXPECT_EQ(reserve(command({})).outcome, ReserveOutcome::Invalid);
    EXPECT_EQ(type_now(type.id).spent, m("0"));
}

// 48 reservations at once from two pools (two instances' worth of connections) on a subtype that fits
// exactly 10 of them: exactly 10 are reserved, not a cent over, and the stored figures are the sums.
TEST_F(PaymentReservationsItest, ConcurrentReservationsNeverJointlyExceedABudget) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    db::Pool second_pool(io.get_executor(), database().pool_options(8));
    PaymentReservations other{second_pool, MovementEvents("bh.test.")};
    std::atomic<std::int64_t> reserved_cents{0};
    std::atomic<int> reserved_count{0};
    std::atomic<int> exceeded{0};
    std::atomic<int> unexpected{0};
    std::vector<ReserveCommand> commands;
    commands.reserve(48);
    // 8.13 + 23 % IVA = 8.13 + 1.8699 → 1.87 = 10.00 each.
    for (int i = 0; i < 48; ++i)
        commands.push_back(command({line(supplier, "8.13", 2300, std::nullopt, sub.id)}));
    for (int i = 0; i < 48; ++i) {
        auto& instance = i % 2 ? payments : other;
        asio::co_spawn(
            io,
            [&, c = commands[static_cast<std::size_t>(i)]]() -> awaitable<void> {
                try {
                    const auto result = co_await instance.reserve(c);
                    if (result.outcome == ReserveOutcome::Reserved) {
                        reserved_cents += result.total.cents();
                        ++reserved_count;
                    } else if (result.outcome == ReserveOutcome::BudgetExceeded) {
                        ++exceeded;
                    } else {
                        ++unexpected;
                    }
                } catch (const std::exception&) {
                    ++unexpected;
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
    EXPECT_EQ(unexpected.load(), 0);
    EXPECT_EQ(reserved_count.load(), 10);
    EXPECT_EQ(exceeded.load(), 38);
    EXPECT_EQ(reserved_cents.load(), 10000);
    const auto s = subtype_now(sub.id);
    EXPECT_EQ(s.spent.cents(), reserved_cents.load());
    EXPECT_EQ(s.reserved_for_payments.cents(), reserved_cents.load());
    EXPECT_LE(s.spent, s.allocated);
    const auto t = type_now(type.id);
    EXPECT_EQ(t.spent.cents(), reserved_cents.load());
    EXPECT_EQ(t.reserved_for_payments.cents(), reserved_cents.load());
    EXPECT_EQ(count("SELECT count(*) FROM movements WHERE budget_subtype_id = $1 AND payment_id IS NOT NULL",
                    db::Params{sub.id}),
              10);
    EXPECT_EQ(count("SELECT coalesce(sum(reserved_amount * 100), 0)::bigint FROM movements WHERE "
                    "budget_subtype_id = $1",
                    db::Params{sub.id}),
              reserved_cents.load());
}

TEST_F(PaymentReservationsItest, SucceededTurnsTheReservationIntoSpendingWithInvoices) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "500");
    const auto supplier = make_supplier();
    const auto c =
        command({line(supplier, "100", 2300, std::nullopt, sub.id), line(supplier, "20", 0, type.id, {})});
    ASSERT_EQ(reserve(c).outcome, ReserveOutcome::Reserved);
    const auto updated_before = outbox_count("movement.updated");

    EXPECT_EQ(apply(state(c.payment_id, 1, P::Processing, "143.00")), UpdateOutcome::Applied);
    for (const auto& mv : movements_of(c.payment_id)) EXPECT_EQ(mv.status, S::Processing);
    EXPECT_EQ(type_now(type.id).reserved_for_payments, m("143"));
    EXPECT_TRUE(invoices_of(c.payment_id).empty());

    const std::string receipt = "https://pay.stripe.com/receipts/payment/1";
    EXPECT_EQ(apply(state(c.payment_id, 2, P::Succeeded, "143.00", "0", receipt)), UpdateOutcome::Applied);
    const auto paid = movements_of(c.payment_id);
    ASSERT_EQ(paid.size(), 2u);
    for (const auto& mv : paid) {
        EXPECT_EQ(mv.status, S::Succeeded);
        EXPECT_EQ(mv.booked_amount, mv.amounts.total_value);
        EXPECT_TRUE(mv.reserved_amount.is_zero());
    }
    EXPECT_EQ(subtype_now(sub.id).spent, m("123"));
    EXPECT_EQ(subtype_now(sub.id).reserved_for_payments, m("0"));
    EXPECT_EQ(type_now(type.id).spent, m("143"));
    EXPECT_EQ(type_now(type.id).reserved_for_payments, m("0"));
    EXPECT_EQ(outbox_count("movement.updated"), updated_before + 4);  // two lines, two changes

    const auto invoices = invoices_of(c.payment_id);
    ASSERT_EQ(invoices.size(), 2u);
    for (std::size_t i = 0; i < invoices.size(); ++i) {
        EXPECT_EQ(invoices[i].movement_id, paid[i].id);
        EXPECT_EQ(invoices[i].description, "Charge from Stripe succeeded");
        EXPECT_EQ(invoices[i].receipt_url, receipt);
    }

    // The movement API cannot touch a payment's movement.
    const auto& mv = paid[0];
    EXPECT_EQ(error_of(movements.change_status(mv.id, std::nullopt, S::Canceled, actor)),
              code::kPaymentMovement);
    EXPECT_EQ(error_of(movements.remove(mv.id, actor)), code::kPaymentMovement);
    MovementInput input{MovementKind::Debit, S::Succeeded, unique("DOC"), c.date_of_emission, "x", m("1"), 0,
                        supplier.id,         type.id,      sub.id};
    EXPECT_EQ(error_of(movements.update({mv.id, mv.version}, input, actor)), code::kPaymentMovement);
    EXPECT_EQ(subtype_now(sub.id).spent, m("123"));
}

TEST_F(PaymentReservationsItest, PartialThenFullRefundReleaseExactlyTheRefundedAmounts) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "500");
    const auto supplier = make_supplier();
    const auto c =
        command({line(supplier, "10", 0, std::nullopt, sub.id), line(supplier, "20", 0, std::nullopt, sub.id),
                 line(supplier, "30", 0, std::nullopt, sub.id)});
    ASSERT_EQ(reserve(c).outcome, ReserveOutcome::Reserved);
    const std::string charge_url = "https://pay.stripe.com/receipts/charge";
    ASSERT_EQ(apply(state(c.payment_id, 1, P::Succeeded, "60", "0", charge_url)), UpdateOutcome::Applied);
    EXPECT_EQ(subtype_now(sub.id).spent, m("60"));

    // 35 refunded: the last line (30) entirely, then 5 of the second.
    const std::string refund_url = "https://pay.stripe.com/receipts/refund-1";
    ASSERT_EQ(apply(state(c.payment_id, 2, P::PartiallyRefunded, "60", "35", refund_url)),
              UpdateOutcome::Applied);
    auto lines = movements_of(c.payment_id);
    EXPECT_EQ(lines[0].booked_amount, m("10"));
    EXPECT_EQ(lines[1].booked_amount, m("15"));
    EXPECT_EQ(lines[2].booked_amount, m("0"));
    for (const auto& mv : lines) EXPECT_EQ(mv.status, S::Succeeded);
    EXPECT_EQ(subtype_now(sub.id).spent, m("25"));
    EXPECT_EQ(type_now(type.id).spent, m("25"));
    auto invoices = invoices_of(c.payment_id);
    ASSERT_EQ(invoices.size(), 3u);
    for (const auto& invoice : invoices) {
        EXPECT_EQ(invoice.description, "Charge refund from Stripe succeeded");
        EXPECT_EQ(invoice.receipt_url, refund_url);
        EXPECT_EQ(invoice.version, 1);  // created at 0, rewritten once
    }

    // Everything refunded: nothing held, the movements REFUNDED.
    const std::string final_url = "https://pay.stripe.com/receipts/refund-2";
    ASSERT_EQ(apply(state(c.payment_id, 3, P::Refunded, "60", "60", final_url)), UpdateOutcome::Applied);
    lines = movements_of(c.payment_id);
    for (const auto& mv : lines) {
        EXPECT_EQ(mv.status, S::Refunded);
        EXPECT_TRUE(mv.booked_amount.is_zero());
    }
    EXPECT_EQ(subtype_now(sub.id).spent, m("0"));
    EXPECT_EQ(type_now(type.id).spent, m("0"));
    invoices = invoices_of(c.payment_id);
    for (const auto& invoice : invoices) {
        EXPECT_EQ(invoice.receipt_url, final_url);
        EXPECT_EQ(invoice.version, 2);
    }
}

TEST_F(PaymentReservationsItest, CanceledAndFailedReleaseTheReservation) {
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    const auto canceled = command({line(supplier, "60", 0, std::nullopt, sub.id)});
    const auto failed = command({line(supplier, "40", 0, std::nullopt, sub.id)});
    ASSERT_EQ(reserve(canceled).outcome, ReserveOutcome::Reserved);
    ASSERT_EQ(reserve(failed).outcome, ReserveOutcome::Reserved);
    // Full: a third payment does not fit while the two are reserved.
    EXPECT_EQ(reserve(command({line(supplier, "0.01", 0, std::nullopt, sub.id)})).outcome,
              ReserveOutcome::BudgetExceeded);

    ASSERT_EQ(apply(state(canceled.payment_id, 1, P::Canceled, "60")), UpdateOutcome::Applied);
    EXPECT_EQ(movements_of(canceled.payment_id)[0].status, S::Canceled);
    EXPECT_EQ(subtype_now(sub.id).spent, m("40"));
    ASSERT_EQ(apply(state(failed.payment_id, 2, P::Failed, "40")), UpdateOutcome::Applied);
    EXPECT_EQ(movements_of(failed.payment_id)[0].status, S::Failed);
    EXPECT_EQ(subtype_now(sub.id).spent, m("0"));
    EXPECT_EQ(subtype_now(sub.id).reserved_for_payments, m("0"));
    EXPECT_EQ(type_now(type.id).reserved_for_payments, m("0"));
    EXPECT_TRUE(invoices_of(canceled.payment_id).empty());
    // The room is back.
    EXPECT_EQ(reserve(command({line(supplier, "100", 0, std::nullopt, sub.id)})).outcome,
              ReserveOutcome::Reserved);
}

TEST_F(PaymentReservationsItest, OutOfOrderAndDuplicatedEventsApplyOnce) {
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    const auto c = command({line(supplier, "50", 0, std::nullopt, sub.id)});
    ASSERT_EQ(reserve(c).outcome, ReserveOutcome::Reserved);

    const auto succeeded = state(c.payment_id, 3, P::Succeeded, "50", "0", "https://r/1");
    EXPECT_EQ(apply(succeeded), UpdateOutcome::Applied);
    const auto version = movements_of(c.payment_id)[0].version;
    // The same event again (a redelivery), an older state arriving late, the same sequence again.
    EXPECT_EQ(apply(succeeded), UpdateOutcome::Duplicate);
    EXPECT_EQ(apply(state(c.payment_id, 2, P::Processing, "50")), UpdateOutcome::Stale);
    EXPECT_EQ(apply(state(c.payment_id, 1, P::Canceled, "50")), UpdateOutcome::Stale);
    EXPECT_EQ(apply(state(c.payment_id, 3, P::Canceled, "50")), UpdateOutcome::Stale);
    const auto mv = movements_of(c.payment_id)[0];
    EXPECT_EQ(mv.status, S::Succeeded);
    EXPECT_EQ(mv.version, version);
    EXPECT_EQ(subtype_now(sub.id).spent, m("50"));
    EXPECT_EQ(invoices_of(c.payment_id).size(), 1u);
    // A partial refund redelivered twice releases its amount once.
    const auto refund = state(c.payment_id, 4, P::PartiallyRefunded, "50", "20", "https://r/2");
    EXPECT_EQ(apply(refund), UpdateOutcome::Applied);
    EXPECT_EQ(apply(refund), UpdateOutcome::Duplicate);
    EXPECT_EQ(subtype_now(sub.id).spent, m("30"));
}

TEST_F(PaymentReservationsItest, AnUpdateBeforeTheReservationIsRememberedAndAppliedByIt) {
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    // The payment failed before its reservation was processed (e.g. the reservation was slow and the
    // payment service gave up): the reservation then books nothing.
    const auto c = command({line(supplier, "70", 0, std::nullopt, sub.id)});
    EXPECT_EQ(apply(state(c.payment_id, 2, P::Failed, "70")), UpdateOutcome::Remembered);
    EXPECT_EQ(apply(state(c.payment_id, 1, P::Created, "70")), UpdateOutcome::Stale);
    const auto result = reserve(c);
    ASSERT_EQ(result.outcome, ReserveOutcome::Reserved);
    EXPECT_EQ(result.total, m("70"));
    EXPECT_EQ(movements_of(c.payment_id)[0].status, S::Failed);
    EXPECT_EQ(subtype_now(sub.id).spent, m("0"));
    EXPECT_EQ(subtype_now(sub.id).reserved_for_payments, m("0"));

    // An unknown payment's event is recorded once, not retried: its redelivery is a duplicate.
    const auto orphan = state(Uuid::v7(), 1, P::Succeeded, "5", "0", "https://r/x");
    EXPECT_EQ(apply(orphan), UpdateOutcome::Remembered);
    EXPECT_EQ(apply(orphan), UpdateOutcome::Duplicate);
    EXPECT_EQ(count("SELECT count(*) FROM movements WHERE payment_id = $1", db::Params{orphan.payment_id}),
              0);
}

TEST_F(PaymentReservationsItest, ARefundKeepsTheInvoiceFile) {
    const auto type = make_type("100");
    const auto sub = make_subtype(type, "100");
    const auto supplier = make_supplier();
    const auto c = command({line(supplier, "10", 0, std::nullopt, sub.id)});
    ASSERT_EQ(reserve(c).outcome, ReserveOutcome::Reserved);
    ASSERT_EQ(apply(state(c.payment_id, 1, P::Succeeded, "10", "0", "https://r/charge")),
              UpdateOutcome::Applied);
    // A file attached to the invoice meanwhile (the attach route's columns).
    count(
        "WITH u AS (UPDATE invoices SET file_key = 'k/1', file_content_type = 'application/pdf', file_size = "
        "3 "
        "WHERE movement_id = (SELECT id FROM movements WHERE payment_id = $1) RETURNING 1) SELECT count(*) "
        "FROM u",
        db::Params{c.payment_id});
    ASSERT_EQ(apply(state(c.payment_id, 2, P::Refunded, "10", "10", "https://r/refund")),
              UpdateOutcome::Applied);
    const auto invoices = invoices_of(c.payment_id);
    ASSERT_EQ(invoices.size(), 1u);
    EXPECT_EQ(invoices[0].description, "Charge refund from Stripe succeeded");
    EXPECT_EQ(invoices[0].receipt_url, "https://r/refund");
    EXPECT_EQ(invoices[0].file_key, "k/1");
    EXPECT_EQ(invoices[0].version, 1);
}

TEST_F(PaymentReservationsItest, ReservationsFollowASubtypeThatMovesOrIsDeleted) {
    const auto from = make_type("100");
    const auto to = make_type("100");
    const auto moving = make_subtype(from, "50");
    const auto deleted = make_subtype(from, "50");
    const auto supplier = make_supplier();
    const auto first = command({line(supplier, "30", 0, std::nullopt, moving.id)});
    const auto second = command({line(supplier, "20", 0, std::nullopt, deleted.id)});
    ASSERT_EQ(reserve(first).outcome, ReserveOutcome::Reserved);
    ASSERT_EQ(reserve(second).outcome, ReserveOutcome::Reserved);
    EXPECT_EQ(type_now(from.id).reserved_for_payments, m("50"));

    // Moved: its reservation goes with its spending to the new type.
    const auto current = subtype_now(moving.id);
    sync(subtypes.update({current.id, current.version}, {current.name, "d", m("20"), to.id}));
    EXPECT_EQ(type_now(from.id).reserved_for_payments, m("20"));
    EXPECT_EQ(type_now(to.id).reserved_for_payments, m("30"));
    EXPECT_EQ(type_now(to.id).spent, m("30"));
    // Deleted: the reservation stays on the type, where its movement is now booked.
    sync(subtypes.remove(deleted.id));
    EXPECT_EQ(type_now(from.id).reserved_for_payments, m("20"));
    EXPECT_EQ(type_now(from.id).direct_spent, m("20"));

    // Both released: every figure back to zero, on the budgets the movements are booked on now.
    ASSERT_EQ(apply(state(first.payment_id, 1, P::Canceled, "30")), UpdateOutcome::Applied);
    ASSERT_EQ(apply(state(second.payment_id, 1, P::Canceled, "20")), UpdateOutcome::Applied);
    for (const auto& id : {from.id, to.id}) {
        const auto t = type_now(id);
        EXPECT_EQ(t.spent, m("0"));
        EXPECT_EQ(t.direct_spent, m("0"));
        EXPECT_EQ(t.reserved_for_payments, m("0"));
    }
    EXPECT_EQ(subtype_now(moving.id).spent, m("0"));
    EXPECT_EQ(subtype_now(moving.id).reserved_for_payments, m("0"));
}

}  // namespace
}  // namespace bh::budget
