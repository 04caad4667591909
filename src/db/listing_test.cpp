// The listing's ORDER BY from the allow-list and tie-breaker, Where's numbering, and contains patterns
// (the page and count queries themselves: db/listing_itest.cpp).
#include "db/listing.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace bh::db {
namespace {

const Listing& listing() {
    static const Listing l(
        {.select = "SELECT * FROM t",
         .count_from = "t",
         .sort_columns = {{"id", "id"}, {"name", "lower(name)"}, {"budgetType", "lower(t.name)"}},
         .default_sort_field = "id",
         .tie_breaker = "id"});
    return l;
}

std::string order(std::vector<SortKey> sort) {
    return listing().order_by(PageRequest{.sort = std::move(sort)});
}

TEST(Listing, RulesComeFromTheAllowList) {
    EXPECT_EQ(listing().rules().sort_fields, (std::vector<std::string>{"id", "name", "budgetType"}));
    EXPECT_EQ(listing().rules().default_sort_field, "id");
    EXPECT_EQ(listing().rules().max_size, 100);
}

TEST(Listing, OrderByMapsFieldsAndEndsWithTheTieBreakerInTheFirstDirection) {
    EXPECT_EQ(order({}), "id ASC");
    EXPECT_EQ(order({{"name", false}}), "lower(name) ASC, id ASC");
    EXPECT_EQ(order({{"name", true}}), "lower(name) DESC, id DESC");
    EXPECT_EQ(order({{"budgetType", true}, {"name", false}}), "lower(t.name) DESC, lower(name) ASC, id DESC");
    EXPECT_EQ(order({{"budgetType", true}, {"name", true}}), "lower(t.name) DESC, lower(name) DESC, id DESC");
    // The tie-breaker itself as an order: not repeated.
    EXPECT_EQ(order({{"id", true}, {"name", false}}), "id DESC, lower(name) ASC");
}

TEST(Listing, AFieldOutsideTheAllowListIsAProgrammingError) {
    EXPECT_THROW(order({{"password", false}}), std::logic_error);
    EXPECT_THROW(Listing({.count_from = "t", .sort_columns = {}}), std::logic_error);
    EXPECT_THROW(Listing({.sort_columns = {{"id", "id"}}}), std::logic_error);
}

TEST(Where, NumbersEachParameterInTurn) {
    Where where;
    EXPECT_EQ(where.sql(), "");
    where.add("m.status = $", std::string("ACCEPTED"))
        .add("m.date_of_emission >= $::date", std::string("2024-01-01"));
    EXPECT_EQ(where.sql(), " WHERE m.status = $1 AND m.date_of_emission >= $2::date");
    ASSERT_EQ(where.params().size(), 2u);
    EXPECT_EQ(where.params().values()[1], "2024-01-01");
}

TEST(ContainsPattern, EscapesTheWildcards) {
    EXPECT_EQ(contains_pattern("ab"), "%ab%");
    EXPECT_EQ(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
}

}  // namespace
}  // namespace bh::db
