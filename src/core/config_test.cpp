// Config loading (defaults, file, environment, every problem reported at once) and the typed
// settings declarations that are the only readers of its values (core/settings.h).
#include "core/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/settings.h"

using bh::Config;
using bh::ConfigError;
using bh::ConfigKey;
namespace settings = bh::settings;
using namespace std::chrono_literals;

namespace {

struct Sample {
    std::uint16_t port = 0;
    std::chrono::milliseconds timeout{};
    std::chrono::seconds ttl{};
    std::string level;
    std::string password;
    std::string url;
    bool on = false;
    std::vector<std::string> peers;
};

const settings::Declaration<Sample>& sample_settings() {
    static const auto declaration =
        settings::Declaration<Sample>()
            .integer(&Sample::port, "http.port", 8080, "port", {.min = 0, .max = 65535})
            .duration(&Sample::timeout, "http.timeout", "30s", "timeout", {.min = 1ms, .max = 10min})
            .duration(&Sample::ttl, "a.ttl", "1d", "ttl", {.min = 1s, .max = 48h})
            .text(&Sample::level, "log.level", "info", "level", {.choices = {"debug", "info"}})
            .text(&Sample::password, "db.password", "", "secret", {.secret = true})
            .text(&Sample::url, "db.url", "postgresql://u:pw@h/db", "url", {.secret = true})
            .flag(&Sample::on, "feature.on", false, "flag")
            .list(&Sample::peers, "net.peers", "a, b,,c ", "peers");
    return declaration;
}

const std::vector<ConfigKey>& schema() {
    return sample_settings().keys();
}

Sample load(std::string_view yaml, const Config::Environment& env = {}) {
    return sample_settings().read(Config::load_yaml_text(yaml, env, schema()));
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
    const auto s =
        load("http:\n  port: 9000\n  timeout: 5s\n", {{"BUDGETHUB_HTTP_PORT", "9100"}, {"PATH", "/bin"}});
    EXPECT_EQ(s.port, 9100);
    EXPECT_EQ(s.timeout, 5s);
    EXPECT_EQ(s.level, "info");
    EXPECT_FALSE(s.on);
    EXPECT_EQ(s.peers, (std::vector<std::string>{"a", "b", "c"}));
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
        EXPECT_EQ(load("", {{"BUDGETHUB_HTTP_TIMEOUT", text}}).timeout.count(), ms) << text;
    }
    EXPECT_FALSE(problems_of("http:\n  timeout: 5h\n").empty());  // a valid unit, out of range
    EXPECT_FALSE(problems_of("http:\n  timeout: 5x\n").empty());
    EXPECT_EQ(load("").ttl, 24h);
    EXPECT_EQ(load("a:\n  ttl: 2h\n").ttl, 2h);
    EXPECT_EQ(load("a:\n  ttl: 1500ms\n").ttl, 1s);  // a coarser member truncates
}

TEST(Config, MasksSecrets) {
    const auto config = Config::load_yaml_text("db:\n  password: hunter2\n", {}, schema());
    for (const auto& line : config.describe()) {
        EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
        EXPECT_EQ(line.find("pw@"), std::string::npos) << line;
    }
    EXPECT_EQ(sample_settings().read(config).password, "hunter2");
}

TEST(Config, EnvNameIsDerivedFromKey) {
    EXPECT_EQ(Config::env_name("postgres.pool_size"), "BUDGETHUB_POSTGRES_POOL_SIZE");
}

TEST(Settings, DeclarationGivesTheSchema) {
    const auto& keys = sample_settings().keys();
    ASSERT_EQ(keys.size(), 8u);
    EXPECT_EQ(keys[0].name, "http.port");
    EXPECT_EQ(keys[0].type, bh::ConfigType::Int);
    EXPECT_EQ(keys[0].default_value, "8080");
    EXPECT_EQ(keys[0].max, 65535);
    EXPECT_EQ(keys[1].type, bh::ConfigType::DurationMs);
    EXPECT_EQ(keys[1].max, 600'000);
    EXPECT_EQ(keys[3].choices, (std::vector<std::string>{"debug", "info"}));
    EXPECT_TRUE(keys[4].secret);
    EXPECT_EQ(keys[6].type, bh::ConfigType::Bool);
    EXPECT_EQ(keys[6].default_value, "false");
}

TEST(Settings, NestedDeclarationsJoinTheirKeys) {
    struct Outer {
        Sample inner;
        int extra = 0;
    };
    const auto outer = settings::Declaration<Outer>()
                           .nested(&Outer::inner, sample_settings())
                           .integer(&Outer::extra, "x.extra", 3, "extra", {.min = 0, .max = 9});
    ASSERT_EQ(outer.keys().size(), 9u);
    const auto value =
        outer.read(Config::load_yaml_text("x:\n  extra: 7\nhttp:\n  port: 1\n", {}, outer.keys()));
    EXPECT_EQ(value.extra, 7);
    EXPECT_EQ(value.inner.port, 1);
    EXPECT_EQ(value.inner.level, "info");
}

TEST(Settings, ImpossibleDeclarationsThrow) {
    struct Small {
        std::uint8_t n = 0;
        int m = 0;
    };
    // Bounds the member cannot hold, reversed bounds, a key declared twice, two areas sharing a key.
    EXPECT_THROW(settings::Declaration<Small>().integer(&Small::n, "a.n", 1, "n", {.min = 0, .max = 300}),
                 std::logic_error);
    EXPECT_THROW(settings::Declaration<Small>().integer(&Small::m, "a.m", 1, "m", {.min = 5, .max = 1}),
                 std::logic_error);
    EXPECT_THROW(settings::Declaration<Small>()
                     .integer(&Small::m, "a.m", 1, "m", {.min = 0, .max = 9})
                     .integer(&Small::n, "a.m", 1, "n", {.min = 0, .max = 9}),
                 std::logic_error);
    EXPECT_THROW(settings::join({schema(), schema()}), std::logic_error);
}

TEST(Settings, SplitListTrimsAndDropsEmptyItems) {
    EXPECT_TRUE(settings::split_list("").empty());
    EXPECT_TRUE(settings::split_list(" , ,").empty());
    EXPECT_EQ(settings::split_list("whsec_a"), (std::vector<std::string>{"whsec_a"}));
    EXPECT_EQ(settings::split_list(" x ,y\t, z"), (std::vector<std::string>{"x", "y", "z"}));
}

TEST(Config, ASecretInAFileOthersCanReadStopsTheStart) {
    namespace fs = std::filesystem;
    const auto file = fs::temp_directory_path() / ("bh-config-test-" + std::to_string(::getpid()) + ".yaml");
    {
        std::ofstream out(file);
        out << "db:\n  password: hunter2\nhttp:\n  port: 9000\n";
    }
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    try {
        Config::load(file, {}, schema());
        ADD_FAILURE() << "loaded a secret from a group-readable file";
    } catch (const ConfigError& e) {
        ASSERT_EQ(e.problems().size(), 1u);
        EXPECT_NE(e.problems()[0].find("db.password"), std::string::npos) << e.problems()[0];
        EXPECT_EQ(e.problems()[0].find("hunter2"), std::string::npos);
    }
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(sample_settings().read(Config::load(file, {}, schema())).password, "hunter2");
    // No secret in the file: its mode does not matter.
    {
        std::ofstream out(file);
        out << "http:\n  port: 9000\n";
    }
    fs::permissions(file, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
    EXPECT_EQ(sample_settings().read(Config::load(file, {}, schema())).port, 9000);
    fs::remove(file);
}
