#pragma once
// The notification.requested event (contracts.md, kind EXPORT_READY) that mails a finished report:
// attached when small enough, else a presigned link with its expiry.
#include <chrono>
#include <optional>
#include <string>

#include "core/uuid.h"
#include "services/budget/export/export_filter.h"

namespace bh::budget {

inline constexpr const char* kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct ExportReady {
    Uuid notification_id;  // the idempotency key
    Uuid job_id;
    std::string recipient;
    ExportFilter filter;
    std::int64_t row_count = 0;
    std::string storage_key;
    std::int64_t size_bytes = 0;
    // Set when the file is too big to attach: where to download it, and until when.
    std::optional<std::string> download_url;
    std::optional<std::chrono::system_clock::time_point> download_expires_at;
};

// The event payload (JSON text, "version": 1).
std::string export_ready_payload(const ExportReady& ready);

}  // namespace bh::budget
