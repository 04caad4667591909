#include "db/connect_options.h"

#include <stdexcept>

#include "core/config.h"

namespace bh::db {

namespace {

std::string millis(std::chrono::milliseconds value) {
    return std::to_string(value.count());
}

}  // namespace

std::vector<std::pair<std::string, std::string>> conninfo_params(const ConnectOptions& options) {
    std::vector<std::pair<std::string, std::string>> params;
    params.emplace_back("dbname", options.url);  // expanded by libpq: later keywords override it
    if (!options.database.empty()) params.emplace_back("dbname", options.database);
    // libpq's own connect_timeout is in whole seconds (minimum 2); our deadline is the precise one.
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(options.connect_timeout).count();
    params.emplace_back("connect_timeout", std::to_string(seconds < 2 ? 2 : seconds));
    params.emplace_back("application_name", options.application_name);
    params.emplace_back("client_encoding", "UTF8");
    // Session settings sent in the startup packet: no extra round trip. UTC and ISO dates are what
    // time_text.h reads; client_connection_check_interval lets the server abort a statement whose
    // client gave up and closed the connection (our client-side deadline).
    std::string settings =
        "-c statement_timeout=" + millis(options.statement_timeout) +
        " -c idle_in_transaction_session_timeout=" + millis(options.idle_in_transaction_timeout) +
        " -c TimeZone=UTC -c DateStyle=ISO,YMD"
        " -c client_connection_check_interval=1000";
    params.emplace_back("options", std::move(settings));
    return params;
}

std::chrono::milliseconds default_query_timeout(const ConnectOptions& options) {
    return options.statement_timeout + options.client_timeout_margin;
}

std::string service_database_name(std::string_view prefix, std::string_view service) {
    std::string name = std::string(prefix) + std::string(service);
    const bool valid_start = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    bool valid = valid_start && name.size() <= 63;
    for (char c : name) {
        valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }
    if (!valid) throw std::invalid_argument("not a valid database name: '" + name + "'");
    return name;
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string redact_url(std::string_view url) {
    return mask_secret(url);
}

}  // namespace bh::db
