#pragma once
// The per-request access log, kept off the hot path: each I/O thread formats its lines into its own
// buffer, which is written to stdout in one write() when it holds 32 KiB, and at least every 250 ms
// by a flusher thread. Going through the general async logger instead cost a thread wake-up and a
// flush per request (see docs/performance.md).
#include <string_view>

namespace bh {

struct AccessRecord {
    std::string_view service;
    std::string_view method;
    std::string_view path;
    std::string_view route;
    int status = 0;
    double milliseconds = 0;
    std::size_t bytes = 0;
    std::string_view request_id;
};

class AccessLog {
  public:
    // json: {"ts","level":"info","logger":"access","service","method",...}; text: one human line.
    static void enable(bool json);
    static void disable();
    static bool enabled();
    static void write(const AccessRecord& record);
    // Writes every thread's buffered lines now (shutdown, tests).
    static void flush();
};

}  // namespace bh
