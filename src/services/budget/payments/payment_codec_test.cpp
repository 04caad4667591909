// The JSON of the payment contract (payment_codec.h): the budget.reserve command and its reply, and
// the payment.updated payload, against the shapes of docs/dev/payment-contract.md.
#include "services/budget/payments/payment_codec.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/json_text.h"

namespace bh::budget {
namespace {

namespace json = boost::json;

constexpr const char* kPayment = "0190b1a2-0000-7000-8000-000000000001";
constexpr const char* kUser = "0190b1a2-0000-7000-8000-0000000000aa";
constexpr const char* kSupplier = "0190b1a2-0000-7000-8000-0000000000bb";
constexpr const char* kSubtype = "0190b1a2-0000-7000-8000-0000000000cc";

Money m(const char* text) {
    return *Money::parse(text);
}

json::object command_json() {
    return json::parse(
               std::string(R"({"version":1,"paymentId":")") + kPayment +
               R"(","description":"Office chairs","userId":")" + kUser +
               R"(","dateOfEmission":"2026-12-05","lines":[{"budgetTypeId":null,"budgetSubtypeId":")" +
               kSubtype + R"(","supplierId":")" + kSupplier +
               R"(","valueWithoutIva":120.00,"ivaRate":23.00}]})")
        .as_object();
}

// The field names of the 400 a reader throws.
std::vector<std::string> bad_fields(const json::object& body) {
    try {
        read_reserve_command(body);
    } catch (const AppError& e) {
        std::vector<std::string> fields;
        for (const auto& f : e.field_errors()) fields.push_back(f.field);
        return fields;
    }
    return {};
}

TEST(ReserveCommand, ReadsTheContractShape) {
    const auto command = read_reserve_command(command_json());
    EXPECT_EQ(command.payment_id.to_string(), kPayment);
    EXPECT_EQ(command.user_id, kUser);
    EXPECT_EQ(command.description, "Office chairs");
    EXPECT_EQ(command.date_of_emission, std::chrono::year{2026} / 12 / 5);
    ASSERT_EQ(command.lines.size(), 1u);
    EXPECT_FALSE(command.lines[0].type_id);
    EXPECT_EQ(command.lines[0].subtype_id->to_string(), kSubtype);
    EXPECT_EQ(command.lines[0].supplier_id.to_string(), kSupplier);
    EXPECT_EQ(command.lines[0].value_without_iva, m("120"));
    EXPECT_EQ(command.lines[0].iva_rate_basis_points, 2300);
}

TEST(ReserveCommand, NamesEveryBadField) {
    auto body = command_json();
    body["version"] = 2;
    body["userId"] = "ana";
    auto& line = body["lines"].as_array()[0].as_object();
    line["valueWithoutIva"] = 0;
    line["ivaRate"] = 100.01;
    line["supplierId"] = nullptr;
    EXPECT_EQ(bad_fields(body), (std::vector<std::string>{"version", "userId", "lines[0].supplierId",
                                                          "lines[0].valueWithoutIva", "lines[0].ivaRate"}));

    auto decimals = command_json();
    decimals["lines"].as_array()[0].as_object()["valueWithoutIva"] = 1.005;
    EXPECT_EQ(bad_fields(decimals), (std::vector<std::string>{"lines[0].valueWithoutIva"}));

    auto no_lines = command_json();
    no_lines["lines"] = json::array{};
    EXPECT_EQ(bad_fields(no_lines), (std::vector<std::string>{"lines"}));
    auto too_many = command_json();
    auto& lines = too_many["lines"].as_array();
    while (lines.size() < 51) lines.push_back(lines[0]);
    EXPECT_EQ(bad_fields(too_many), (std::vector<std::string>{"lines"}));
    lines.resize(50);
    EXPECT_TRUE(bad_fields(too_many).empty());

    auto bad_line = command_json();
    bad_line["lines"].as_array()[0] = "x";
    bad_line["dateOfEmission"] = "2026-13-01";
    bad_line["paymentId"] = 7;
    EXPECT_EQ(bad_fields(bad_line), (std::vector<std::string>{"paymentId", "dateOfEmission", "lines[0]"}));
}

TEST(ReserveReply, Shapes) {
    ReservationResult reserved;
    reserved.outcome = ReserveOutcome::Reserved;
    reserved.total = m("147.60");
    reserved.movements.push_back(
        {*Uuid::parse(kSubtype), "PAY-x-1", {m("120"), 2300, m("27.60"), m("147.60")}});
    EXPECT_EQ(
        json_text(reserve_reply_json(reserved, kPayment)),
        std::string(R"({"version":1,"paymentId":")") + kPayment +
            R"(","outcome":"RESERVED","total":147.60,"movements":[{"movementId":")" + kSubtype +
            R"(","documentNumber":"PAY-x-1","valueWithoutIva":120.00,"ivaValue":27.60,"totalValue":147.60}]})");

    ReservationResult exceeded;
    exceeded.outcome = ReserveOutcome::BudgetExceeded;
    exceeded.message = "Total value exceeds the available budget";
    EXPECT_EQ(
        json_text(reserve_reply_json(exceeded, "p")),
        R"({"version":1,"paymentId":"p","outcome":"BUDGET_EXCEEDED","message":"Total value exceeds the available budget"})");

    ReservationResult not_found;
    not_found.outcome = ReserveOutcome::NotFound;
    not_found.message = "Budget subtype not found";
    EXPECT_EQ(json_text(reserve_reply_json(not_found, "p")),
              R"({"version":1,"paymentId":"p","outcome":"NOT_FOUND","message":"Budget subtype not found"})");

    ReservationResult invalid;
    invalid.outcome = ReserveOutcome::Invalid;
    invalid.message = "Validation failed";
    invalid.errors = {{"lines[0].ivaRate", "must be between 0.00 and 100.00"}};
    EXPECT_EQ(
        json_text(reserve_reply_json(invalid, "p")),
        R"({"version":1,"paymentId":"p","outcome":"INVALID","message":"Validation failed","errors":[{"field":"lines[0].ivaRate","message":"must be between 0.00 and 100.00"}]})");
}

TEST(PaymentUpdated, ReadsTheContractShape) {
    const auto payload =
        json::parse(std::string(R"({"version":1,"paymentId":")") + kPayment +
                    R"(","sequence":4,"status":"PARTIALLY_REFUNDED","amount":147.60,)"
                    R"("refundedAmount":47.60,"currency":"eur","stripePaymentIntentId":"pi_1",)"
                    R"("receiptUrl":"https://pay.stripe.com/r/1","occurredAt":"2026-12-05T10:00:00Z"})")
            .as_object();
    const auto update = read_payment_update(payload);
    EXPECT_EQ(update.payment_id.to_string(), kPayment);
    EXPECT_EQ(update.sequence, 4);
    EXPECT_EQ(update.status, PaymentStatus::PartiallyRefunded);
    EXPECT_EQ(update.amount, m("147.60"));
    EXPECT_EQ(update.refunded_amount, m("47.60"));
    EXPECT_EQ(update.receipt_url, "https://pay.stripe.com/r/1");
    ASSERT_TRUE(update.occurred_at);
    EXPECT_EQ(std::chrono::floor<std::chrono::days>(*update.occurred_at),
              std::chrono::sys_days{std::chrono::year{2026} / 12 / 5});

    auto nulls = payload;
    nulls["receiptUrl"] = nullptr;
    nulls["stripePaymentIntentId"] = nullptr;
    nulls["occurredAt"] = "yesterday";  // costs only the invoice date
    const auto lenient = read_payment_update(nulls);
    EXPECT_FALSE(lenient.receipt_url);
    EXPECT_FALSE(lenient.occurred_at);

    auto bad = payload;
    bad["sequence"] = 0;
    bad["status"] = "PAID";
    bad["refundedAmount"] = -1;
    try {
        read_payment_update(bad);
        FAIL() << "accepted";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
        ASSERT_EQ(e.field_errors().size(), 3u);
        EXPECT_EQ(e.field_errors()[0].field, "sequence");
        EXPECT_EQ(e.field_errors()[1].field, "status");
        EXPECT_EQ(e.field_errors()[2].field, "refundedAmount");
    }
}

TEST(PaymentUpdated, AFinalStateWithoutAnAmountIsAPaymentRefusedBeforeItsReservation) {
    const auto payload =
        json::parse(std::string(R"({"version":1,"paymentId":")") + kPayment +
                    R"(","sequence":2,"status":"FAILED","amount":null,"refundedAmount":0.00})")
            .as_object();
    const auto update = read_payment_update(payload);
    EXPECT_EQ(update.status, PaymentStatus::Failed);
    EXPECT_EQ(update.amount, Money{});
    auto canceled = payload;
    canceled["status"] = "CANCELED";
    canceled.erase("amount");
    EXPECT_EQ(read_payment_update(canceled).amount, Money{});
    auto open = payload;
    open["status"] = "CREATED";  // a payment that holds money must say how much
    EXPECT_THROW(read_payment_update(open), AppError);
}

}  // namespace
}  // namespace bh::budget
