// Notification domain without servers: request validation, template rendering and escaping,
// composition of each kind, retry schedule.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.h"
#include "services/notification/domain/notification_request.h"
#include "services/notification/domain/retry_policy.h"
#include "services/notification/sending/composer.h"
#include "services/notification/sending/template_renderer.h"

namespace bh::notification {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace json = boost::json;

json::object reset_payload() {
    return json::object{{"version", 1},
                        {"notificationId", "0190c3b2-7d4e-7a3b-9c1d-2e3f4a5b6c7d"},
                        {"kind", "PASSWORD_RESET"},
                        {"to", "ana@example.com"},
                        {"recipientName", "Ana"},
                        {"data",
                         {{"resetUrl", "https://app.example.com/reset?token=abc&x=1"},
                          {"expiresAt", "2026-11-24T16:00:00Z"}}}};
}

std::vector<std::string> fields_of(const json::object& payload) {
    try {
        parse_notification_request(json::serialize(payload));
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
        std::vector<std::string> fields;
        for (const auto& f : e.field_errors()) fields.push_back(f.field);
        return fields;
    }
    return {};
}

TEST(NotificationRequest, ParsesAValidPasswordReset) {
    const auto request = parse_notification_request(json::serialize(reset_payload()));
    EXPECT_EQ(request.id.to_string(), "0190c3b2-7d4e-7a3b-9c1d-2e3f4a5b6c7d");
    EXPECT_EQ(request.kind, Kind::PasswordReset);
    EXPECT_EQ(request.to, "ana@example.com");
    EXPECT_EQ(request.value("resetUrl"), "https://app.example.com/reset?token=abc&x=1");
    EXPECT_TRUE(request.attachments.empty());
}

TEST(NotificationRequest, NamesEveryInvalidField) {
    auto payload = reset_payload();
    payload["version"] = 2;
    payload["notificationId"] = "nope";
    payload["to"] = "ana@example.com\r\nBcc: x@evil.com";
    payload["recipientName"] = "Ana\nBcc: y";
    payload["data"] = json::object{{"resetUrl", "javascript:alert(1)"}};
    EXPECT_THAT(fields_of(payload),
                ::testing::UnorderedElementsAre("version", "notificationId", "to", "recipientName",
                                                "data.resetUrl", "data.expiresAt"));
    auto kind = reset_payload();
    kind["kind"] = "SMS";
    EXPECT_THAT(fields_of(kind), ::testing::ElementsAre("kind"));
    EXPECT_THROW(parse_notification_request("{not json"), AppError);
    EXPECT_THROW(parse_notification_request("[1]"), AppError);
}

TEST(NotificationRequest, ExportNeedsAnAttachmentOrALink) {
    json::object payload{
        {"version", 1},
        {"notificationId", "0190c3b2-7d4e-7a3b-9c1d-2e3f4a5b6c7e"},
        {"kind", "EXPORT_READY"},
        {"to", "ana@example.com"},
        {"data",
         {{"jobId", "job-1"}, {"startDate", "2026-01-01"}, {"endDate", "2026-01-31"}, {"rowCount", 42}}}};
    EXPECT_THAT(fields_of(payload), ::testing::ElementsAre("data.downloadUrl"));
    payload["attachments"] = json::array{json::object{{"filename", "movements.xlsx"},
                                                      {"contentType", "application/vnd.ms-excel"},
                                                      {"storageKey", "exports/job-1.xlsx"},
                                                      {"sizeBytes", 123}}};
    const auto request = parse_notification_request(json::serialize(payload));
    ASSERT_EQ(request.attachments.size(), 1u);
    EXPECT_EQ(request.attachments[0].storage_key, "exports/job-1.xlsx");
    EXPECT_EQ(request.value("rowCount"), "42");
    EXPECT_EQ(compose(request).subject, "Movements Report: 2026-01-01 to 2026-01-31");
    // An open date range (the budget service sends "" for a missing bound).
    payload["data"].as_object()["startDate"] = "";
    payload["data"].as_object().erase("endDate");
    EXPECT_EQ(compose(parse_notification_request(json::serialize(payload))).subject,
              "Movements Report: all dates");
    payload["data"].as_object()["startDate"] = "2026-13-01";
    EXPECT_THAT(fields_of(payload), ::testing::ElementsAre("data.startDate"));
    payload["data"].as_object()["startDate"] = "2026-01-01";
    payload["attachments"].as_array()[0].as_object()["contentType"] = "text/plain\r\nX: y";
    EXPECT_THAT(fields_of(payload), ::testing::ElementsAre("attachments[0].contentType"));
}

TEST(NotificationRequest, BudgetAlertAmountsAreDecimalStrings) {
    json::object payload{{"version", 1},
                         {"notificationId", "0190c3b2-7d4e-7a3b-9c1d-2e3f4a5b6c7f"},
                         {"kind", "BUDGET_ALERT"},
                         {"to", "ana@example.com"},
                         {"data",
                          {{"budgetTypeId", "t1"},
                           {"budgetTypeName", "Travel"},
                           {"thresholdPercent", 80},
                           {"allocated", "1000.00"},
                           {"spent", "800.5"},
                           {"available", "1.234"}}}};
    EXPECT_THAT(fields_of(payload), ::testing::ElementsAre("data.available"));
}

TEST(NotificationRequest, BudgetAlertAmountsAreReadAsTheBudgetServiceWritesThem) {
    // The budget service writes amounts as JSON numbers with two decimals (core/json_text.h); the
    // mail shows them with two decimals again.
    const std::string text =
        R"({"version":1,"notificationId":"0190c3b2-7d4e-7a3b-9c1d-2e3f4a5b6c82","kind":"BUDGET_ALERT",)"
        R"("to":"ana@example.com","data":{"budgetTypeId":"t1","budgetTypeName":"Travel",)"
        R"("thresholdPercent":80,"allocated":1000.50,"spent":800.00,"available":200.50}})";
    const auto mail = compose(parse_notification_request(text));
    EXPECT_THAT(mail.text, HasSubstr("Available: 200.50"));
    auto payload = json::parse(text).as_object();
    payload["data"].as_object()["available"] = 1.234;
    EXPECT_THAT(fields_of(payload), ::testing::ElementsAre("data.available"));
}

TEST(TemplateRenderer, EscapesHtmlOnlyInHtml) {
    const TemplateValues values{{"name", "<b>\"Tom\" & 'Jerry'</b>"}};
    EXPECT_EQ(render_template("Hi {{name}}!", values, Escape::Html),
              "Hi &lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;!");
    EXPECT_EQ(render_template("Hi {{name}}!", values, Escape::None), "Hi <b>\"Tom\" & 'Jerry'</b>!");
    EXPECT_EQ(render_template("no placeholders", values, Escape::Html), "no placeholders");
    EXPECT_THROW(render_template("{{missing}}", values, Escape::Html), AppError);
    EXPECT_THROW(render_template("{{name", values, Escape::Html), AppError);
}

TEST(Composer, PasswordResetCarriesTheLinkInBothBodies) {
    auto payload = reset_payload();
    payload["recipientName"] = "<script>alert(1)</script>";
    const auto mail = compose(parse_notification_request(json::serialize(payload)));
    EXPECT_EQ(mail.subject, "Password Reset Request");
    EXPECT_THAT(mail.text, HasSubstr("https://app.example.com/reset?token=abc&x=1"));
    EXPECT_THAT(mail.html, HasSubstr("href=\"https://app.example.com/reset?token=abc&amp;x=1\""));
    EXPECT_THAT(mail.html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_THAT(mail.html, Not(HasSubstr("<script>")));
    EXPECT_THAT(mail.html, HasSubstr("<!DOCTYPE html>"));
}

TEST(Composer, EachKindHasItsSubject) {
    json::object alert{{"version", 1},
                       {"notificationId", "0190c3b2-7d4e-7a3b-9c1d-2e3f4a5b6c80"},
                       {"kind", "BUDGET_ALERT"},
                       {"to", "ana@example.com"},
                       {"data",
                        {{"budgetTypeId", "t1"},
                         {"budgetTypeName", "Travel & <Co>"},
                         {"budgetSubtypeName", "Flights"},
                         {"thresholdPercent", 100},
                         {"allocated", "1000.00"},
                         {"spent", "1000.00"},
                         {"available", "0.00"}}}};
    const auto alert_mail = compose(parse_notification_request(json::serialize(alert)));
    EXPECT_EQ(alert_mail.subject, "Budget alert: Travel & <Co> / Flights has no funds left");
    EXPECT_THAT(alert_mail.html, HasSubstr("<title>Budget alert: Travel &amp; &lt;Co&gt; / Flights"));
    EXPECT_THAT(alert_mail.text, HasSubstr("Available: 0.00"));

    json::object receipt{
        {"version", 1},
        {"notificationId", "0190c3b2-7d4e-7a3b-9c1d-2e3f4a5b6c81"},
        {"kind", "PAYMENT_RECEIPT"},
        {"to", "ana@example.com"},
        {"data",
         {{"receiptUrl", "https://pay.stripe.com/receipts/r1"}, {"amount", "12.30"}, {"currency", "EUR"}}}};
    const auto receipt_mail = compose(parse_notification_request(json::serialize(receipt)));
    EXPECT_EQ(receipt_mail.subject, "Your Receipt from Stripe");
    EXPECT_THAT(receipt_mail.html, HasSubstr("https://pay.stripe.com/receipts/r1"));
    EXPECT_THAT(receipt_mail.text, HasSubstr("12.30 EUR"));
    EXPECT_THAT(receipt_mail.text, HasSubstr("Dear customer"));

    json::object outcome{{"version", 1},
                         {"notificationId", "0190c3b2-7d4e-7a3b-9c1d-2e3f4a5b6c82"},
                         {"kind", "PAYMENT_OUTCOME"},
                         {"to", "ana@example.com"},
                         {"data",
                          {{"paymentId", "0190c3b2-7d4e-7a3b-9c1d-2e3f4a5b6c00"},
                           {"outcome", "FAILED"},
                           {"amount", "12.30"},
                           {"currency", "eur"},
                           {"reason", "The payment provider is unavailable <again>"}}}};
    const auto failed_mail = compose(parse_notification_request(json::serialize(outcome)));
    EXPECT_EQ(failed_mail.subject, "Your payment could not be completed");
    EXPECT_THAT(failed_mail.text, HasSubstr("12.30 eur could not be confirmed"));
    EXPECT_THAT(failed_mail.html, HasSubstr("unavailable &lt;again&gt;"));
    outcome["data"].as_object()["outcome"] = "SUCCEEDED";
    const auto confirmed_mail = compose(parse_notification_request(json::serialize(outcome)));
    EXPECT_EQ(confirmed_mail.subject, "Your payment went through");
}

TEST(RetryPolicy, DoublesUpToTheCapWithBoundedJitter) {
    RetryPolicy policy{.max_attempts = 4,
                       .base_delay = std::chrono::milliseconds(1000),
                       .max_delay = std::chrono::milliseconds(5000),
                       .jitter = 0.0};
    EXPECT_EQ(policy.delay_after(1, 0.7).count(), 1000);
    EXPECT_EQ(policy.delay_after(2, 0.7).count(), 2000);
    EXPECT_EQ(policy.delay_after(3, 0.7).count(), 4000);
    EXPECT_EQ(policy.delay_after(4, 0.7).count(), 5000);
    EXPECT_EQ(policy.delay_after(200, 0.7).count(), 5000);
    EXPECT_FALSE(policy.exhausted(3));
    EXPECT_TRUE(policy.exhausted(4));
    policy.jitter = 0.2;
    EXPECT_EQ(policy.delay_after(2, 0.0).count(), 1600);
    EXPECT_EQ(policy.delay_after(2, 0.5).count(), 2000);
    EXPECT_EQ(policy.delay_after(2, 0.999999).count(), 2400);
}

}  // namespace
}  // namespace bh::notification
