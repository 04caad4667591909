#include "db/connect_options.h"

#include <gtest/gtest.h>

#include <map>

#include "core/config.h"
#include "db/settings.h"

namespace bh::db {
namespace {

std::multimap<std::string, std::string> as_map(
    const std::vector<std::pair<std::string, std::string>>& params) {
    return {params.begin(), params.end()};
}

TEST(ConnectOptions, UrlFirstThenOverridesAndSessionSettings) {
    ConnectOptions options;
    options.url = "postgresql://app:secret@127.0.0.1:5433/postgres";
    options.database = "budgethub_auth";
    options.statement_timeout = std::chrono::milliseconds{2500};
    options.idle_in_transaction_timeout = std::chrono::milliseconds{0};
    options.connect_timeout = std::chrono::milliseconds{300};
    const auto params = conninfo_params(options);
    ASSERT_GE(params.size(), 2u);
    // libpq expands the first dbname (the URL); the second one replaces the URL's database.
    EXPECT_EQ(params[0], (std::pair<std::string, std::string>{"dbname", options.url}));
    EXPECT_EQ(params[1], (std::pair<std::string, std::string>{"dbname", "budgethub_auth"}));
    const auto map = as_map(params);
    EXPECT_EQ(map.find("connect_timeout")->second, "2");  // libpq's minimum; our deadline is exact
    EXPECT_EQ(map.find("client_encoding")->second, "UTF8");
    const std::string settings = map.find("options")->second;
    EXPECT_NE(settings.find("-c statement_timeout=2500"), std::string::npos);
    EXPECT_NE(settings.find("-c idle_in_transaction_session_timeout=0"), std::string::npos);
    EXPECT_NE(settings.find("-c TimeZone=UTC"), std::string::npos);
    EXPECT_NE(settings.find("-c DateStyle=ISO"), std::string::npos);
    EXPECT_NE(settings.find("client_connection_check_interval"), std::string::npos);
}

TEST(ConnectOptions, NoDatabaseOverrideKeepsTheUrls) {
    ConnectOptions options;
    options.url = "postgresql://127.0.0.1/x";
    const auto params = conninfo_params(options);
    EXPECT_EQ(as_map(params).count("dbname"), 1u);
    EXPECT_EQ(default_query_timeout(options), options.statement_timeout + options.client_timeout_margin);
}

TEST(ConnectOptions, ServiceDatabaseNames) {
    EXPECT_EQ(service_database_name("budgethub_", "auth"), "budgethub_auth");
    EXPECT_EQ(service_database_name("", "budget"), "budget");
    EXPECT_THROW(service_database_name("budgethub-", "auth"), std::invalid_argument);
    EXPECT_THROW(service_database_name("Budgethub_", "auth"), std::invalid_argument);
    EXPECT_THROW(service_database_name("bh_", "x\"; DROP"), std::invalid_argument);
    EXPECT_THROW(service_database_name("", ""), std::invalid_argument);
    EXPECT_THROW(service_database_name(std::string(60, 'a'), "auth"), std::invalid_argument);
}

TEST(ConnectOptions, QuotesIdentifiers) {
    EXPECT_EQ(quote_identifier("budgethub_auth"), "\"budgethub_auth\"");
    EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
}

TEST(ConnectOptions, RedactsUserInfo) {
    EXPECT_EQ(redact_url("postgresql://app:secret@db:5432/x"), "postgresql://****@db:5432/x");
}

TEST(ConnectOptions, PoolOptionsFromSettings) {
    const Config config = Config::load_yaml_text(
        "postgres:\n  url: postgresql://u@127.0.0.1:6000/postgres\n  pool_size: 3\n  acquire_timeout: "
        "250ms\n",
        {{"BUDGETHUB_POSTGRES_STATEMENT_TIMEOUT", "1500ms"}}, postgres_settings().keys());
    const auto settings = postgres_settings().read(config);
    const PoolOptions options = pool_options(settings, "budget");
    EXPECT_EQ(options.connect.url, "postgresql://u@127.0.0.1:6000/postgres");
    EXPECT_EQ(options.connect.database, "budgethub_budget");
    EXPECT_EQ(options.connect.statement_timeout, std::chrono::milliseconds{1500});
    EXPECT_EQ(options.size, 3u);
    EXPECT_EQ(options.max_waiting, 1000u);
    EXPECT_EQ(options.acquire_timeout, std::chrono::milliseconds{250});
    EXPECT_EQ(server_options(settings).database, "");
    EXPECT_TRUE(settings.migrate_on_start);
}

}  // namespace
}  // namespace bh::db
