#include "redis/options.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

#include "core/config.h"

namespace bh::redis {

namespace {

[[noreturn]] void fail(std::string problem) {
    throw bh::ConfigError({"redis.url: " + std::move(problem)});
}

int parse_database(std::string_view path) {
    if (path.empty() || path == "/") {
        return 0;
    }
    const std::string_view digits = path.substr(1);
    int db = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), db);
    if (ec != std::errc{} || end != digits.data() + digits.size() || db < 0) {
        fail("the path must be a database number, e.g. redis://host:6379/0");
    }
    return db;
}

}  // namespace

std::string ClientOptions::describe() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(database);
}

ClientOptions parse_redis_url(std::string_view url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) {
        fail("not a URL (expected redis://host:port/db)");
    }
    const boost::urls::url_view& u = *parsed;
    if (u.scheme() == "rediss") {
        fail("rediss:// (TLS) is not supported by hiredis 0.14");
    }
    if (u.scheme() != "redis") {
        fail("the scheme must be redis://");
    }
    if (u.has_query() || u.has_fragment()) {
        fail("query parameters are not supported");
    }

    ClientOptions options;
    options.host = u.host_address();  // IPv6 without its brackets, names percent-decoded
    if (options.host.empty()) {
        fail("the host is missing");
    }
    if (u.has_port()) {
        if (u.port().empty() || u.port_number() == 0) {
            fail("the port must be 1-65535");
        }
        options.port = u.port_number();
    }
    if (u.has_userinfo()) {
        options.username = u.user();
        options.password = u.password();
        // Tools disagree whether redis://word@host names a user or a password: refuse to guess.
        if (!u.has_password()) {
            fail("credentials must be user:password@ or :password@");
        }
    }
    options.database = parse_database(u.encoded_path());
    return options;
}

const settings::Declaration<RedisSettings>& redis_settings() {
    using namespace std::chrono_literals;
    static const auto declaration =
        settings::Declaration<RedisSettings>()
            .text(&RedisSettings::url, "redis.url", "redis://127.0.0.1:6379/0", "Redis server",
                  {.secret = true})
            .duration(&RedisSettings::timeout, "redis.timeout", "2s", "Deadline of one Redis command",
                      {.min = 1ms, .max = 10min});
    return declaration;
}

ClientOptions client_options(const RedisSettings& settings) {
    ClientOptions options = parse_redis_url(settings.url);
    options.timeout = settings.timeout;
    return options;
}

}  // namespace bh::redis
