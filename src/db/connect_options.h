#pragma once
// How to reach one database, and the session settings every BudgetHub connection runs with.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bh::db {

struct ConnectOptions {
    // libpq URL ("postgresql://user@127.0.0.1:5432/postgres") or key=value connection string.
    std::string url;
    // Database to use instead of the one in the URL; empty keeps the URL's.
    std::string database;
    std::chrono::milliseconds connect_timeout{5000};
    // Server-side statement_timeout: the server cancels a statement running longer (57014 ->
    // Timeout) and the connection stays usable. Zero disables it.
    std::chrono::milliseconds statement_timeout{10000};
    // Client-side deadline of one query when the caller gives none: statement_timeout plus this
    // margin (or this alone when statement_timeout is zero). Past it the connection is closed.
    std::chrono::milliseconds client_timeout_margin{2000};
    // The server ends a session idle inside a transaction this long: a last guard against a
    // transaction left open by a bug. Zero disables it.
    std::chrono::milliseconds idle_in_transaction_timeout{60000};
    std::string application_name = "budgethub";
};

// The keyword/value pairs given to PQconnectStartParams (with expand_dbname): the URL first, then
// the settings that must win over it.
std::vector<std::pair<std::string, std::string>> conninfo_params(const ConnectOptions& options);

// The client deadline of a query (see ConnectOptions::client_timeout_margin).
std::chrono::milliseconds default_query_timeout(const ConnectOptions& options);

// "budgethub_auth": the database of one service. Throws std::invalid_argument unless the result is
// a plain identifier ([a-z_][a-z0-9_]*, at most 63 bytes), so it can be used unquoted anywhere.
std::string service_database_name(std::string_view prefix, std::string_view service);

// SQL identifier quoting: "my ""db""" (for CREATE DATABASE and similar, which take no parameters).
std::string quote_identifier(std::string_view name);

// The URL with its user-info hidden, for logs.
std::string redact_url(std::string_view url);

}  // namespace bh::db
