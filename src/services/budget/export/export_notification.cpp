#include "services/budget/export/export_notification.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/json_text.h"
#include "db/time_text.h"

namespace bh::budget {

namespace json = boost::json;

namespace {

// "Ana" from "ana@example.com": the token carries no name, and a greeting needs one.
std::string name_from_email(const std::string& email) {
    std::string name = email.substr(0, email.find('@'));
    if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
}

}  // namespace

std::string export_ready_payload(const ExportReady& ready) {
    json::object data;
    data["jobId"] = ready.job_id.to_string();
    // The contract has dates as strings; an open bound is an empty string ("from the beginning").
    data["startDate"] = ready.filter.start_date ? db::format_date(*ready.filter.start_date) : "";
    data["endDate"] = ready.filter.end_date ? db::format_date(*ready.filter.end_date) : "";
    if (ready.filter.status) data["status"] = *ready.filter.status;
    data["rowCount"] = ready.row_count;
    json::object event;
    event["version"] = 1;
    event["notificationId"] = ready.notification_id.to_string();
    event["kind"] = "EXPORT_READY";
    event["to"] = ready.recipient;
    event["recipientName"] = name_from_email(ready.recipient);
    if (ready.download_url) {
        data["downloadUrl"] = *ready.download_url;
        if (ready.download_expires_at)
            data["downloadExpiresAt"] = db::format_timestamp(*ready.download_expires_at);
    } else {
        json::object attachment;
        attachment["filename"] = "Movements_Report.xlsx";
        attachment["contentType"] = kXlsxContentType;
        attachment["storageKey"] = ready.storage_key;
        attachment["sizeBytes"] = ready.size_bytes;
        event["attachments"] = json::array{std::move(attachment)};
    }
    event["data"] = std::move(data);
    return json_text(event);
}

}  // namespace bh::budget
