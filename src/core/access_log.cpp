#include "core/access_log.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <list>
#include <mutex>
#include <string>
#include <thread>

#include "core/logging.h"

namespace bh {

namespace {

constexpr std::size_t kFlushBytes = std::size_t{32} * 1024;
constexpr auto kFlushInterval = std::chrono::milliseconds(250);

std::atomic<int> g_mode{0};  // 0 off, 1 json, 2 text
std::mutex g_write_mutex;    // whole-line writes from several buffers never interleave

void write_all(const std::string& data) {
    std::lock_guard lock(g_write_mutex);
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        const auto n = ::write(STDOUT_FILENO, p, left);
        if (n <= 0) return;  // stdout gone: access lines are not worth blocking or crashing for
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

struct Buffer {
    std::mutex mutex;  // uncontended except when the flusher passes by
    std::string data;
    void flush_locked() {
        if (data.empty()) return;
        write_all(data);
        data.clear();
    }
};

struct Registry {
    std::mutex mutex;
    std::list<Buffer> buffers;  // stable addresses; threads' buffers live for the process
    std::once_flag flusher_started;
};

Registry& registry() {
    static auto* r = new Registry();  // leaked on purpose: thread-locals may outlive statics
    return *r;
}

void flush_all() {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    for (auto& buffer : r.buffers) {
        std::lock_guard buffer_lock(buffer.mutex);
        buffer.flush_locked();
    }
}

void start_flusher() {
    std::thread([] {
        for (;;) {
            std::this_thread::sleep_for(kFlushInterval);
            flush_all();
        }
    }).detach();
}

Buffer& thread_buffer() {
    thread_local Buffer* buffer = [] {
        auto& r = registry();
        std::call_once(r.flusher_started, start_flusher);
        std::lock_guard lock(r.mutex);
        return &r.buffers.emplace_back();
    }();
    return *buffer;
}

// "2026-11-24T16:43:31.123Z", re-rendering the seconds part only when it changes.
void append_timestamp(std::string& out) {
    thread_local std::int64_t cached_second = -1;
    thread_local char cached[24];
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now - secs).count();
    if (secs.count() != cached_second) {
        const std::time_t t = secs.count();
        std::tm tm{};
        gmtime_r(&t, &tm);
        std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
        cached_second = secs.count();
    }
    out += cached;
    fmt::format_to(std::back_inserter(out), ".{:03}Z", millis);
}

}  // namespace

void AccessLog::enable(bool json) {
    g_mode = json ? 1 : 2;
}
void AccessLog::disable() {
    g_mode = 0;
}
bool AccessLog::enabled() {
    return g_mode != 0;
}
void AccessLog::flush() {
    flush_all();
}

void AccessLog::write(const AccessRecord& r) {
    const int mode = g_mode;
    if (mode == 0) return;
    auto& buffer = thread_buffer();
    std::lock_guard lock(buffer.mutex);
    auto& out = buffer.data;
    if (mode == 1) {
        out += R"({"ts":")";
        append_timestamp(out);
        out += R"(","level":"info","logger":"access","service":")";
        append_json_escaped(out, r.service);
        out += R"(","method":")";
        append_json_escaped(out, r.method);
        out += R"(","path":")";
        append_json_escaped(out, r.path);
        out += R"(","route":")";
        append_json_escaped(out, r.route);
        fmt::format_to(std::back_inserter(out), R"(","status":{},"ms":{:.3f},"bytes":{},"rid":")", r.status,
                       r.milliseconds, r.bytes);
        append_json_escaped(out, r.request_id);
        out += "\"}\n";
    } else {
        append_timestamp(out);
        fmt::format_to(std::back_inserter(out), " access {} {} {} -> {} {:.3f} ms {} B rid={}\n", r.service,
                       r.method, r.path, r.status, r.milliseconds, r.bytes, r.request_id);
    }
    if (out.size() >= kFlushBytes) buffer.flush_locked();
}

}  // namespace bh
