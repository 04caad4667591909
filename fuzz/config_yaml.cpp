// Fuzz target: configuration files (Config::load_yaml_text): the YAML file and the BUDGETHUB_*
// environment a service starts from. Input fields: the YAML text, then environment lines NAME=VALUE.
// The settings are declared here (core/settings.h) and cover every kind (text with and without
// choices, a secret, a URL secret, integers, a flag, durations with bounds), so the fuzzer does not
// depend on the services' keys.
// Asserts:
//  - a bad configuration is a ConfigError listing at least one problem, never another exception
//    (a YAML error included) nor a crash, a stack overflow or a runaway expansion (aliases that
//    refer to themselves or to each other: fuzz/regressions/config_yaml/);
//  - a loaded configuration reads every key through its declaration, each value within the key's
//    bounds or choices;
//  - describe() never shows a secret's value: a secret without "://" reads "****", one with it
//    keeps at most its scheme and what follows the user-info.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>

#include "core/config.h"
#include "core/settings.h"
#include "fuzz_check.h"

namespace {

namespace settings = bh::settings;
using namespace std::chrono_literals;

struct Sample {
    std::string host;
    int port = 0;
    std::chrono::milliseconds timeout{};
    bool compress = false;
    std::string password;
    std::string url;
    std::int64_t pool_size = 0;
    std::chrono::milliseconds ttl{};
    std::string level;
};

const settings::Declaration<Sample>& sample_settings() {
    static const auto declaration =
        settings::Declaration<Sample>()
            .text(&Sample::host, "http.host", "127.0.0.1", "listen address")
            .integer(&Sample::port, "http.port", 8080, "port", {.min = 1, .max = 65535})
            .duration(&Sample::timeout, "http.timeout", "5s", "timeout", {.min = 1ms, .max = 1h})
            .flag(&Sample::compress, "http.compress", false, "gzip")
            .text(&Sample::password, "db.password", "", "password", {.secret = true})
            .text(&Sample::url, "db.url", "postgres://u:p@localhost/db", "url", {.secret = true})
            .integer(&Sample::pool_size, "db.pool.size", 4, "pool", {.min = INT64_MIN, .max = INT64_MAX})
            .duration(&Sample::ttl, "cache.ttl", "0", "ttl", {.min = 0ms, .max = 24h})
            .text(&Sample::level, "log.level", "info", "level", {.choices = {"debug", "info", "warn"}});
    return declaration;
}

bh::Config::Environment environment(std::string_view text) {
    bh::Config::Environment env;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const auto line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        const auto eq = line.find('=');
        if (eq != std::string_view::npos)
            env[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    }
    return env;
}

// The secret's value never appears after "name = " unless it is only a scheme.
void check_masked(const std::string& line, std::string_view name, const std::string& value) {
    const std::string start = std::string(name) + " = ";
    if (!line.starts_with(start) || value.empty()) return;
    const auto shown = line.substr(start.size(), line.rfind("  (") - start.size());
    if (value.find("://") == std::string::npos) {
        FUZZ_CHECK(shown == "****");
    } else {
        FUZZ_CHECK(shown.find("****") != std::string::npos);
        FUZZ_CHECK(shown != value || value.ends_with("://"));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = bh::fuzz::fields(bh::fuzz::as_text(data, size), 2);
    const auto env = environment(input[1]);
    std::optional<bh::Config> config;
    try {
        config = bh::Config::load_yaml_text(input[0], env, sample_settings().keys());
    } catch (const bh::ConfigError& e) {
        FUZZ_CHECK(!e.problems().empty());
        return 0;
    }
    const auto s = sample_settings().read(*config);
    FUZZ_CHECK(s.port >= 1 && s.port <= 65535);
    FUZZ_CHECK(s.timeout >= 1ms && s.timeout <= 1h);
    FUZZ_CHECK(s.ttl >= 0ms && s.ttl <= 24h);
    FUZZ_CHECK(s.level == "debug" || s.level == "info" || s.level == "warn");
    for (const auto& line : config->describe()) {
        check_masked(line, "db.password", s.password);
        check_masked(line, "db.url", s.url);
    }
    return 0;
}
