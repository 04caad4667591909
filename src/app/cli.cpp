#include "app/cli.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <iostream>

#include "app/config_schema.h"
#include "app/targets.h"
#include "core/config.h"
#include "core/error.h"
#include "core/logging.h"
#include "runtime/database.h"
#include "runtime/runtime.h"
#include "services/auth/admin_command.h"

namespace bh::app {

namespace {

Config load_config(const std::string& file) {
    auto env = Config::process_environment();
    std::string path = file;
    if (path.empty()) {
        if (auto it = env.find("BUDGETHUB_CONFIG"); it != env.end()) path = it->second;
    }
    return Config::load(path.empty() ? std::nullopt : std::optional<std::filesystem::path>(path), env,
                        config_schema());
}

void start_logging(const Config& config) {
    init_logging(log_settings().read(config));
}

int serve(const std::string& config_file, const std::string& target_list) {
    const auto targets = parse_targets(target_list);
    const auto config = load_config(config_file);
    start_logging(config);
    for (const auto& line : config.describe()) spdlog::debug("config {}", line);
    runtime::Runtime runtime(config);
    for (const auto& name : targets) runtime.add(make_target(name, runtime));
    return runtime.run();
}

// Creates each target's database when missing and applies its pending migrations, then exits.
int migrate(const std::string& config_file, const std::string& target_list) {
    const auto targets = parse_targets(target_list);
    const auto config = load_config(config_file);
    start_logging(config);
    const auto postgres = runtime::runtime_settings().read(config).postgres;
    boost::asio::io_context io;
    std::exception_ptr failure;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            for (const auto& name : targets) {
                const auto migrations = target_migrations(name);
                if (!migrations.empty())
                    co_await runtime::prepare_database(io.get_executor(), postgres, name, migrations);
            }
        },
        [&](std::exception_ptr e) { failure = std::move(e); });
    io.run();
    spdlog::default_logger()->flush();
    if (failure) std::rethrow_exception(failure);
    return 0;
}

// `admin grant-role`: gives a user a role straight in the auth database (no token needed), for
// a system whose admins are gone. Prints what it did.
int grant_role(const std::string& config_file, const std::string& email, const std::string& role) {
    const auto config = load_config(config_file);
    start_logging(config);
    boost::asio::io_context io;
    std::exception_ptr failure;
    std::string message;
    const auto postgres = runtime::runtime_settings().read(config).postgres;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            message = co_await auth::run_grant_role(io.get_executor(), postgres, email, role);
        },
        [&](std::exception_ptr e) { failure = std::move(e); });
    io.run();
    spdlog::default_logger()->flush();
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const AppError& e) {
            std::cerr << e.public_message() << "\n";
            return e.kind() == ErrorKind::NotFound ? 3 : 2;
        }
    }
    std::cout << message << "\n";
    return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App app{"BudgetHub: budgets, movements, payments and notifications for businesses"};
    app.require_subcommand(1);
    std::string config_file;
    app.add_option("-c,--config", config_file, "YAML config file (default: $BUDGETHUB_CONFIG)");

    std::string targets = "all";
    auto* serve_cmd = app.add_subcommand("serve", "Run one or more services in this process");
    serve_cmd
        ->add_option("-t,--target", targets, "portal|auth|budget|payment|notification|all, or a comma list")
        ->capture_default_str();

    std::string migrate_targets = "all";
    auto* migrate_cmd =
        app.add_subcommand("migrate", "Create and migrate the services' databases, then exit");
    migrate_cmd->add_option("-t,--target", migrate_targets, "Targets whose databases to migrate")
        ->capture_default_str();

    auto* config_cmd = app.add_subcommand("config", "Check and print the configuration");
    bool schema = false;
    config_cmd->add_flag("--schema", schema,
                         "Print the configuration reference (docs/configuration.md) and exit");

    auto* version_cmd = app.add_subcommand("version", "Print the version");

    auto* admin_cmd = app.add_subcommand("admin", "Operator commands");
    admin_cmd->require_subcommand(1);
    std::string grant_email;
    std::string grant_role_name;
    auto* grant_cmd =
        admin_cmd->add_subcommand("grant-role", "Grant a role to a user (by e-mail) in the auth database");
    grant_cmd->add_option("--email", grant_email, "The user's e-mail")->required();
    grant_cmd->add_option("--role", grant_role_name, "ADMIN|MANAGER|EMPLOYEE|HR")->required();

    CLI11_PARSE(app, argc, argv);

    try {
        if (version_cmd->parsed()) {
            std::cout << "budgethub " << BH_VERSION << "\n";
            return 0;
        }
        if (config_cmd->parsed()) {
            if (schema) {
                std::cout << configuration_reference();
                return 0;
            }
            for (const auto& line : load_config(config_file).describe()) std::cout << line << "\n";
            return 0;
        }
        if (serve_cmd->parsed()) return serve(config_file, targets);
        if (migrate_cmd->parsed()) return migrate(config_file, migrate_targets);
        if (grant_cmd->parsed()) return grant_role(config_file, grant_email, grant_role_name);
    } catch (const ConfigError& e) {
        std::cerr << e.what() << "\n";
        return 2;
    } catch (const std::invalid_argument& e) {
        std::cerr << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "fatal: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace bh::app
