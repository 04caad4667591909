// The binary's configuration schema: complete (every declaration reads from it), free of
// duplicates, valid as declared, and equal to docs/configuration.md.
#include "app/config_schema.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/logging.h"
#include "mail/smtp_options.h"
#include "runtime/settings.h"
#include "services/auth/auth_settings.h"
#include "services/budget/budget_settings.h"
#include "services/notification/notification_settings.h"
#include "services/payment/payment_settings.h"
#include "services/portal/portal_settings.h"
#include "storage/store_factory.h"

namespace bh::app {
namespace {

TEST(ConfigSchema, DefaultsAreValidAndEveryDeclarationReadsFromIt) {
    const auto config = Config::load_yaml_text("", {}, config_schema());
    // A declaration whose keys were left out of the schema throws std::logic_error on read.
    EXPECT_EQ(log_settings().read(config).level, "info");
    const auto shared = runtime::runtime_settings().read(config);
    EXPECT_EQ(shared.ports.portal, 8080);
    EXPECT_EQ(shared.kafka.topic_prefix, "budgethub.");
    EXPECT_EQ(shared.http.max_upload_file_bytes, 2u << 20);
    EXPECT_EQ(shared.tokens.leeway, std::chrono::seconds(30));
    EXPECT_EQ(auth::auth_settings().read(config).sign_in.per_email, 10);
    EXPECT_EQ(auth::auth_settings().read(config).recover.window, std::chrono::minutes(15));
    EXPECT_EQ(portal::portal_settings().read(config).upstream_timeout, std::chrono::seconds(30));
    EXPECT_EQ(budget::budget_settings().read(config).exports.link_ttl, std::chrono::hours(72));
    EXPECT_EQ(storage::storage_settings().read(config).backend, "local");
    EXPECT_EQ(notification::notification_settings().read(config).retry_max_attempts, 5);
    EXPECT_EQ(mail::mail_settings().read(config).starttls, "try");
    EXPECT_TRUE(payment::payment_settings().read(config).webhook_secrets.empty());
}

TEST(ConfigSchema, EveryKeyOnceWithADescription) {
    std::set<std::string> names;
    std::size_t in_parts = 0;
    for (const auto& part : schema_parts()) {
        EXPECT_FALSE(part.keys.empty()) << part.title;
        in_parts += part.keys.size();
    }
    for (const auto& key : config_schema()) {
        EXPECT_TRUE(names.insert(key.name).second) << key.name;
        EXPECT_FALSE(key.description.empty()) << key.name;
        EXPECT_NE(key.name.find('.'), std::string::npos) << key.name;
    }
    EXPECT_EQ(config_schema().size(), in_parts);
}

TEST(ConfigSchema, UnknownAndBadlyTypedKeysFailAtStart) {
    try {
        Config::load_yaml_text("postgres:\n  pool_size: many\npayment:\n  topic_partitions: 4\n",
                               {{"BUDGETHUB_HTTP_ACCESS_LOG", "sometimes"}}, config_schema());
        FAIL() << "loaded";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.problems().size(), 3u);
    }
}

TEST(ConfigSchema, DocumentationIsGeneratedFromTheDeclarations) {
    std::ifstream in(std::string(BH_SOURCE_DIR) + "/docs/configuration.md");
    ASSERT_TRUE(in) << "docs/configuration.md missing";
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), configuration_reference())
        << "regenerate: build/<dir>/src/budgethub config --schema > docs/configuration.md";
}

}  // namespace
}  // namespace bh::app
