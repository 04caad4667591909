#include "core/logging.h"

#include <spdlog/async.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cstdio>
#include <cstring>

#include "core/access_log.h"

namespace bh {

namespace {

// {"ts":"2026-11-24T15:00:00.123Z","level":"info","logger":"http","msg":"..."}
class JsonFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const auto since_epoch = msg.time.time_since_epoch();
        const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
        const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - secs).count();
        // The formatter runs on the one logging thread: re-render the seconds only when they change.
        if (secs.count() != cached_second_) {
            const std::time_t t = secs.count();
            std::tm tm{};
            gmtime_r(&t, &tm);
            cached_length_ = std::strftime(cached_, sizeof cached_, "%Y-%m-%dT%H:%M:%S", &tm);
            cached_second_ = secs.count();
        }
        char ts[40];
        std::memcpy(ts, cached_, cached_length_);
        ts[cached_length_] = '.';
        ts[cached_length_ + 1] = static_cast<char>('0' + millis / 100);
        ts[cached_length_ + 2] = static_cast<char>('0' + millis / 10 % 10);
        ts[cached_length_ + 3] = static_cast<char>('0' + millis % 10);
        ts[cached_length_ + 4] = 'Z';
        ts[cached_length_ + 5] = '\0';

        std::string line = R"({"ts":")";
        line += ts;
        line += R"(","level":")";
        const auto level = spdlog::level::to_string_view(msg.level);
        line.append(level.data(), level.size());
        line += R"(","logger":")";
        append_json_escaped(line, std::string_view(msg.logger_name.data(), msg.logger_name.size()));
        line += R"(","msg":")";
        append_json_escaped(line, std::string_view(msg.payload.data(), msg.payload.size()));
        line += "\"}\n";
        dest.append(line.data(), line.data() + line.size());
    }
    std::unique_ptr<formatter> clone() const override { return std::make_unique<JsonFormatter>(); }

  private:
    std::int64_t cached_second_ = -1;
    char cached_[32] = {};
    std::size_t cached_length_ = 0;
};

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 0xf]);
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
    }
}

void init_logging(const LogSettings& settings) {
    static bool thread_pool_started = false;
    if (!thread_pool_started) {
        spdlog::init_thread_pool(8192, 1);
        thread_pool_started = true;
    }
    auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    auto logger = std::make_shared<spdlog::async_logger>("budgethub", sink, spdlog::thread_pool(),
                                                         spdlog::async_overflow_policy::overrun_oldest);
    if (settings.format == "json") {
        logger->set_formatter(std::make_unique<JsonFormatter>());
    } else {
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
    }
    logger->set_level(spdlog::level::from_str(settings.level));
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    AccessLog::enable(settings.format == "json");
    spdlog::flush_every(std::chrono::seconds(1));
}

const settings::Declaration<LogSettings>& log_settings() {
    static const auto declaration =
        settings::Declaration<LogSettings>()
            .text(&LogSettings::level, "log.level", "info", "Minimum log level",
                  {.choices = {"trace", "debug", "info", "warn", "error", "off"}})
            .text(&LogSettings::format, "log.format", "json",
                  "json: one JSON object a line; text: for humans", {.choices = {"json", "text"}});
    return declaration;
}

}  // namespace bh
