#pragma once
// Dates and timestamps as PostgreSQL text. Sessions run with TimeZone=UTC and DateStyle=ISO (see
// connect_options.cpp), so timestamptz comes back as "2024-05-01 12:30:00.123456+00"; parameters go
// out as ISO 8601 with a Z, which PostgreSQL reads for both timestamp and timestamptz.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bh::db {

// "2024-05-01T12:30:00.123456Z": microseconds, PostgreSQL's precision (truncated towards the past).
std::string format_timestamp(std::chrono::system_clock::time_point at);
// "YYYY-MM-DD[ T]HH:MM:SS[.f{1,6}][Z|±HH[:MM[:SS]]]"; no offset means UTC. nullopt for anything
// else, including "infinity" and BC dates, which no BudgetHub column may hold.
std::optional<std::chrono::system_clock::time_point> parse_timestamp(std::string_view text);

std::string format_date(std::chrono::year_month_day date);  // "2024-05-01"
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);

}  // namespace bh::db
