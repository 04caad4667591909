#include "services/notification/domain/notification_request.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/money.h"
#include "db/time_text.h"
#include "mail/header_safety.h"

namespace bh::notification {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxText = 2000;
constexpr std::size_t kMaxName = 200;
constexpr std::int64_t kMaxAttachmentBytes = std::int64_t{25} * 1024 * 1024;

class Checker {
  public:
    void problem(std::string field, std::string message) {
        errors_.push_back({std::move(field), std::move(message)});
    }
    bool ok() const { return errors_.empty(); }
    [[noreturn]] void fail() const {
        std::string summary = "Invalid notification request:";
        for (const auto& e : errors_) summary += " " + e.field + " " + e.message + ";";
        throw bad_request(summary).with_fields(errors_);
    }

  private:
    std::vector<FieldError> errors_;
};

bool has_control(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') return true;
    }
    return false;
}

// A JSON value as text: strings as they are, numbers in their JSON form; nullopt otherwise.
std::optional<std::string> scalar_text(const json::value& value) {
    if (value.is_string()) return std::string(value.get_string());
    if (value.is_int64()) return std::to_string(value.get_int64());
    if (value.is_uint64()) return std::to_string(value.get_uint64());
    // A number with a fraction: an amount as the services write it (1000.50); more than two
    // decimals is no amount and fails every rule.
    if (value.is_double()) {
        if (const auto amount = Money::from_double(value.get_double())) return amount->to_string();
    }
    return std::nullopt;
}

bool is_http_url(std::string_view url) {
    return (url.starts_with("https://") || url.starts_with("http://")) && url.size() > 8 &&
           !has_control(url) && url.find_first_of(" \"'<>`") == std::string_view::npos;
}

bool is_date(std::string_view text) {
    return text.size() == 10 && db::parse_date(text).has_value();
}

bool is_instant(std::string_view text) {
    return !text.empty() && text.size() <= 40 && db::parse_timestamp(text).has_value();
}

bool is_non_negative_integer(std::string_view text) {
    return !text.empty() && text.size() <= 18 &&
           text.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_content_type(std::string_view value) {
    const auto slash = value.find('/');
    return slash != std::string_view::npos && slash > 0 && slash + 1 < value.size() && value.size() <= 127 &&
           value.find_first_not_of(
               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&-^_.+/") ==
               std::string_view::npos;
}

enum class Rule { Text, Name, Url, Date, Instant, Count, Percent, Amount, Currency, Multiline };

struct FieldRule {
    std::string_view name;
    Rule rule;
    bool required;
};

bool valid(Rule rule, std::string_view value) {
    switch (rule) {
        case Rule::Text:
            return value.size() <= kMaxText && !has_control(value);
        case Rule::Name:
            return !value.empty() && value.size() <= kMaxName && !has_control(value);
        case Rule::Url:
            return value.size() <= kMaxText && is_http_url(value);
        case Rule::Date:
            return is_date(value);
        case Rule::Instant:
            return is_instant(value);
        case Rule::Count:
            return is_non_negative_integer(value);
        case Rule::Percent:
            return is_non_negative_integer(value) && value.size() <= 4;
        case Rule::Amount:
            return value.size() <= 24 && Money::parse(value).has_value();
        case Rule::Currency:
            return value.size() == 3 &&
                   value.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") ==
                       std::string_view::npos;
        case Rule::Multiline:
            return value.size() <= kMaxText;
    }
    return false;
}

const char* describe(Rule rule) {
    switch (rule) {
        case Rule::Text:
            return "must be at most 2000 characters without control characters";
        case Rule::Name:
            return "must be 1-200 characters without control characters";
        case Rule::Url:
            return "must be an http(s) URL";
        case Rule::Date:
            return "must be a date YYYY-MM-DD";
        case Rule::Instant:
            return "must be an RFC 3339 instant";
        case Rule::Count:
            return "must be a non-negative integer";
        case Rule::Percent:
            return "must be a percentage (integer)";
        case Rule::Amount:
            return "must be a decimal amount with at most two decimals";
        case Rule::Currency:
            return "must be a three-letter currency code";
        case Rule::Multiline:
            return "must be at most 2000 characters";
    }
    return "is invalid";
}

std::vector<FieldRule> rules_for(Kind kind) {
    switch (kind) {
        case Kind::PasswordReset:
            return {{"resetUrl", Rule::Url, true}, {"expiresAt", Rule::Instant, true}};
        case Kind::ExportReady:
            return {{"jobId", Rule::Name, true},       {"startDate", Rule::Date, false},
                    {"endDate", Rule::Date, false},    {"rowCount", Rule::Count, true},
                    {"downloadUrl", Rule::Url, false}, {"downloadExpiresAt", Rule::Instant, false}};
        case Kind::BudgetAlert:
            return {{"budgetTypeId", Rule::Name, true},
                    {"budgetTypeName", Rule::Name, true},
                    {"budgetSubtypeId", Rule::Name, false},
                    {"budgetSubtypeName", Rule::Name, false},
                    {"thresholdPercent", Rule::Percent, true},
                    {"allocated", Rule::Amount, true},
                    {"spent", Rule::Amount, true},
                    {"available", Rule::Amount, true}};
        case Kind::PaymentReceipt:
            return {{"receiptUrl", Rule::Url, true},
                    {"amount", Rule::Amount, true},
                    {"currency", Rule::Currency, true},
                    {"description", Rule::Multiline, false}};
        case Kind::PaymentOutcome:
            return {{"paymentId", Rule::Name, true},         {"outcome", Rule::Name, true},
                    {"amount", Rule::Amount, true},          {"currency", Rule::Currency, true},
                    {"description", Rule::Multiline, false}, {"reason", Rule::Multiline, false}};
    }
    return {};
}

std::string string_field(const json::object& object, std::string_view key, std::string_view path,
                         bool required, Checker& check) {
    const auto* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) {
        if (required) check.problem(std::string(path), "is required");
        return {};
    }
    if (!value->is_string()) {
        check.problem(std::string(path), "must be a string");
        return {};
    }
    return std::string(value->get_string());
}

void parse_data(const json::object& root, NotificationRequest& request, Checker& check) {
    const auto* data_value = root.if_contains("data");
    if (data_value == nullptr || !data_value->is_object()) {
        check.problem("data", "must be an object");
        return;
    }
    const auto& data = data_value->get_object();
    for (const auto& rule : rules_for(request.kind)) {
        const std::string path = "data." + std::string(rule.name);
        const auto* value = data.if_contains(rule.name);
        if (value == nullptr || value->is_null()) {
            if (rule.required) check.problem(path, "is required");
            continue;
        }
        auto text = scalar_text(*value);
        if (text && text->empty() && !rule.required) continue;  // "" = absent (an open date range)
        if (!text || !valid(rule.rule, *text)) {
            check.problem(path, describe(rule.rule));
            continue;
        }
        request.data.emplace(std::string(rule.name), std::move(*text));
    }
}

void parse_attachments(const json::object& root, NotificationRequest& request, Checker& check) {
    const auto* value = root.if_contains("attachments");
    if (value == nullptr || value->is_null()) return;
    if (!value->is_array()) {
        check.problem("attachments", "must be an array");
        return;
    }
    const auto& items = value->get_array();
    if (items.size() > kMaxAttachments) {
        check.problem("attachments", "must hold at most 10 files");
        return;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string path = "attachments[" + std::to_string(i) + "]";
        if (!items[i].is_object()) {
            check.problem(path, "must be an object");
            continue;
        }
        const auto& item = items[i].get_object();
        AttachmentRef ref;
        ref.filename = string_field(item, "filename", path + ".filename", true, check);
        ref.content_type = string_field(item, "contentType", path + ".contentType", true, check);
        ref.storage_key = string_field(item, "storageKey", path + ".storageKey", true, check);
        if (!ref.filename.empty() && (ref.filename.size() > 255 || has_control(ref.filename))) {
            check.problem(path + ".filename", "must be 1-255 characters without control characters");
        }
        if (!ref.content_type.empty() && !is_content_type(ref.content_type)) {
            check.problem(path + ".contentType", "must be a type/subtype");
        }
        if (!ref.storage_key.empty() && (ref.storage_key.size() > 1024 || has_control(ref.storage_key))) {
            check.problem(path + ".storageKey", "must be 1-1024 characters without control characters");
        }
        const auto* size = item.if_contains("sizeBytes");
        if (size != nullptr && !size->is_null()) {
            if (!size->is_int64() || size->get_int64() < 0 || size->get_int64() > kMaxAttachmentBytes) {
                check.problem(path + ".sizeBytes", "must be an integer between 0 and 26214400");
            } else {
                ref.size_bytes = size->get_int64();
            }
        }
        request.attachments.push_back(std::move(ref));
    }
}

}  // namespace

const std::string& NotificationRequest::value(std::string_view key) const {
    static const std::string empty;
    const auto found = data.find(key);
    return found == data.end() ? empty : found->second;
}

NotificationRequest parse_notification_request(std::string_view payload) {
    json::value parsed;
    try {
        parsed = json::parse(payload);
    } catch (const std::exception&) {
        throw bad_request("Invalid JSON format", errc::kJsonParse);
    }
    if (!parsed.is_object()) throw bad_request("Invalid JSON format", errc::kJsonParse);
    const auto& root = parsed.get_object();
    Checker check;
    NotificationRequest request;

    const auto* version = root.if_contains("version");
    if (version == nullptr || !version->is_int64() || version->get_int64() != 1) {
        check.problem("version", "must be 1");
    }
    const auto id_text = string_field(root, "notificationId", "notificationId", true, check);
    if (!id_text.empty()) {
        if (auto id = Uuid::parse(id_text); id && !id->is_nil()) {
            request.id = *id;
        } else {
            check.problem("notificationId", "must be a UUID");
        }
    }
    const auto kind_text = string_field(root, "kind", "kind", true, check);
    const auto kind = parse_kind(kind_text);
    if (!kind_text.empty() && !kind) {
        check.problem(
            "kind",
            "must be one of PASSWORD_RESET, EXPORT_READY, BUDGET_ALERT, PAYMENT_RECEIPT, PAYMENT_OUTCOME");
    }
    request.to = string_field(root, "to", "to", true, check);
    if (!request.to.empty() && !mail::is_valid_address(request.to))
        check.problem("to", "must be an e-mail address");
    request.recipient_name = string_field(root, "recipientName", "recipientName", false, check);
    if (request.recipient_name.size() > kMaxName || has_control(request.recipient_name)) {
        check.problem("recipientName", "must be at most 200 characters without control characters");
    }
    if (kind) {
        request.kind = *kind;
        parse_data(root, request, check);
    }
    parse_attachments(root, request, check);
    if (kind == Kind::ExportReady && check.ok()) {
        const bool has_link = !request.value("downloadUrl").empty();
        if (!has_link && request.attachments.empty()) {
            check.problem("data.downloadUrl", "is required when the report is not attached");
        }
        if (has_link && request.value("downloadExpiresAt").empty()) {
            check.problem("data.downloadExpiresAt", "is required with downloadUrl");
        }
    }
    if (!check.ok()) check.fail();
    return request;
}

}  // namespace bh::notification
