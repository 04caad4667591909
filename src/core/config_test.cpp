#include "core/config.h"

#include <gtest/gtest.h>

#include <algorithm>

using bh::Config;
using bh::ConfigError;
using bh::ConfigKey;
using bh::ConfigType;

namespace {

const std::vector<ConfigKey>& schema() {
    static const std::vector<ConfigKey> keys = {
        {"http.port", ConfigType::Int, "8080", "port", false, 0, 65535},
        {"http.timeout", ConfigType::DurationMs, "30s", "timeout", false, 1, 600'000},
        {"log.level", ConfigType::String, "info", "level", false, 0, 0, {"debug", "info"}},
        {"db.password", ConfigType::String, "", "secret", true},
        {"db.url", ConfigType::String, "postgresql://u:pw@h/db", "url", true},
        {"feature.on", ConfigType::Bool, "false", "flag"},
    };
    return keys;
}

std::vector<std::string> problems_of(std::string_view yaml, const Config::Environment& env = {}) {
    try {
        Config::load_yaml_text(yaml, env, schema());
    } catch (const ConfigError& e) {
        return e.problems();
    }
    return {};
}

}  // namespace

TEST(Config, DefaultsThenFileThenEnvironment) {
    const auto config = Config::load_yaml_text("http:\n  port: 9000\n  timeout: 5s\n",
                                               {{"BUDGETHUB_HTTP_PORT", "9100"}, {"PATH", "/bin"}}, schema());
    EXPECT_EQ(config.get_int("http.port"), 9100);
    EXPECT_EQ(config.get_duration("http.timeout"), std::chrono::seconds(5));
    EXPECT_EQ(config.get_string("log.level"), "info");
    EXPECT_FALSE(config.get_bool("feature.on"));
}

TEST(Config, ReportsEveryProblemAtOnce) {
    const auto problems = problems_of("http:\n  port: 70000\n  bogus: 1\nlog:\n  level: loud\n",
                                      {{"BUDGETHUB_FEATURE_ON", "maybe"}, {"BUDGETHUB_TYPO", "1"}});
    EXPECT_EQ(problems.size(), 5u);
    const auto mentions = [&](std::string_view s) {
        return std::any_of(problems.begin(), problems.end(), [&](auto& p) { return p.find(s) != p.npos; });
    };
    EXPECT_TRUE(mentions("http.port"));
    EXPECT_TRUE(mentions("http.bogus: unknown key"));
    EXPECT_TRUE(mentions("log.level"));
    EXPECT_TRUE(mentions("feature.on"));
    EXPECT_TRUE(mentions("BUDGETHUB_TYPO"));
}

TEST(Config, RejectsMalformedYaml) {
    EXPECT_FALSE(problems_of("http: [1, 2").empty());
}

TEST(Config, DurationsAcceptUnits) {
    for (auto [text, ms] : {std::pair{"250", 250}, {"250ms", 250}, {"2s", 2000}, {"1m", 60000}}) {
        const auto config = Config::load_yaml_text("", {{"BUDGETHUB_HTTP_TIMEOUT", text}}, schema());
        EXPECT_EQ(config.get_duration("http.timeout").count(), ms) << text;
    }
    EXPECT_FALSE(problems_of("http:\n  timeout: 5h\n").empty());  // a valid unit, out of range
    EXPECT_FALSE(problems_of("http:\n  timeout: 5x\n").empty());
    const std::vector<ConfigKey> long_schema = {{"a.ttl", ConfigType::DurationMs, "1d", "ttl"}};
    EXPECT_EQ(Config::load_yaml_text("", {}, long_schema).get_duration("a.ttl"), std::chrono::hours(24));
    EXPECT_EQ(Config::load_yaml_text("a:\n  ttl: 2h\n", {}, long_schema).get_duration("a.ttl"),
              std::chrono::hours(2));
}

TEST(Config, MasksSecrets) {
    const auto config = Config::load_yaml_text("db:\n  password: hunter2\n", {}, schema());
    for (const auto& line : config.describe()) {
        EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
        EXPECT_EQ(line.find("pw@"), std::string::npos) << line;
    }
    EXPECT_EQ(config.get_string("db.password"), "hunter2");
}

TEST(Config, EnvNameIsDerivedFromKey) {
    EXPECT_EQ(Config::env_name("postgres.pool_size"), "BUDGETHUB_POSTGRES_POOL_SIZE");
}

TEST(Config, RealSchemaDefaultsAreValid) {
    EXPECT_NO_THROW(Config::load_yaml_text("", {}));
}
